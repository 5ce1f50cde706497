"""The publish workflow: valid for GitHub Actions (checked offline) and doing what the README says."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
CHECK = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows"]


def validate(path: Path) -> subprocess.CompletedProcess:
    """check-jsonschema with its vendored GitHub workflow schema: no network."""
    return subprocess.run([*CHECK, str(path)], capture_output=True, text=True, timeout=120)


def load() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true


def test_workflow_is_valid_for_github_actions():
    result = validate(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout


BREAKAGES = {
    "a job without runs-on": lambda text: text.replace("    runs-on: ubuntu-latest\n    container:", "    container:"),
    "an unknown permission level": lambda text: text.replace("pages: write", "pages: admin"),
    "a step with neither uses nor run": lambda text: text.replace("        run: make test\n", ""),
    "a misspelt key": lambda text: text.replace("timeout-minutes: 90", "timeout-minute: 90"),
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_a_broken_workflow_fails_the_same_check(tmp_path, breakage):
    text = WORKFLOW.read_text(encoding="utf-8")
    broken = BREAKAGES[breakage](text)
    assert broken != text, f"the breakage '{breakage}' no longer applies to publish.yml"
    path = tmp_path / "publish.yml"
    path.write_text(broken, encoding="utf-8")
    result = validate(path)
    assert result.returncode == 1, f"{breakage}: {result.stdout}{result.stderr}"
    assert "Schema validation errors were encountered" in result.stdout + result.stderr


def test_runs_on_push_to_main_tags_and_by_hand():
    on = triggers(load())
    assert on["push"]["branches"] == ["main"]
    assert on["push"]["tags"] == ["v*"]
    assert "workflow_dispatch" in on


def test_build_job_uses_the_readme_commands_on_debian():
    job = load()["jobs"]["build"]
    assert job["container"]["image"] == "python:3.11-bookworm"  # what `make` is written for
    assert "--shm-size" in job["container"]["options"]  # Chromium crashes in Docker's default 64 MB
    runs = [step.get("run", "") for step in job["steps"]]
    assert "make test" in runs and "make" in runs
    assert runs.index("make test") < runs.index("make"), "tests run before publishing"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(r"^make\s+#", readme, re.M) and re.search(r"^make test\s+#", readme, re.M)
    uses = {step.get("uses", "").split("@")[0]: step for step in job["steps"]}
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == "site/"
    pdf = uses["actions/upload-artifact"]["with"]
    assert pdf["path"].endswith(".pdf") and pdf["if-no-files-found"] == "error"


def test_deploy_job_has_pages_permissions_and_only_deploys_main():
    workflow = load()
    assert workflow["permissions"] == {"contents": "read"}  # least privilege by default
    job = workflow["jobs"]["deploy"]
    assert job["needs"] == "build"
    assert job["permissions"] == {"pages": "write", "id-token": "write"}
    assert job["environment"]["name"] == "github-pages"
    assert job["if"] == "github.ref == 'refs/heads/main'"
    assert [s["uses"].split("@")[0] for s in job["steps"]] == ["actions/deploy-pages"]


def test_tags_attach_the_pdf_to_a_release():
    job = load()["jobs"]["release"]
    assert job["if"] == "startsWith(github.ref, 'refs/tags/')"
    assert job["permissions"] == {"contents": "write"}
    script = " ".join(step.get("run", "") for step in job["steps"])
    assert "gh release upload" in script and ".pdf" in script


def test_every_action_is_pinned_to_a_version():
    for name, job in load()["jobs"].items():
        for step in job["steps"]:
            if "uses" in step:
                assert re.fullmatch(r"actions/[a-z-]+@v\d+", step["uses"]), f"{name}: {step['uses']}"
