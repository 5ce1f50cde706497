"""Site: generated pages -> mkdocs-material -> site/, built in a staging folder.

The build never touches the published outputs until everything succeeded:
pages are rendered in memory, written to a staging folder with the hand-written
assets, rendered by mkdocs there (strict: any warning fails), and only then
swapped into docs/generated and site/. A failed build leaves the last good
build as it was.
"""

from __future__ import annotations

import html
import logging
import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from reportgen.errors import StageError, UsageError
from reportgen.logs import captured
from reportgen.paths import MKDOCS_CONFIG, NODE_MODULES, PROJECT_ROOT
from reportgen.site.nav import not_in_nav

NO_HOOK_ENV = "REPORTGEN_PAGES_PREBUILT"  # tells the mkdocs hook the pages are already there
IFRAME_WORKER = NODE_MODULES / "iframe-worker" / "shim" / "index.js"
IFRAME_WORKER_TARGET = "assets/javascripts/iframe-worker-shim.js"


class SiteBuildError(StageError):
    """mkdocs refused the pages (a strict warning or an error); `messages` say why."""


def vendored_assets() -> dict[str, bytes]:
    """Third-party browser files the offline site needs, from node_modules."""
    if not IFRAME_WORKER.is_file():
        raise UsageError(
            f"{IFRAME_WORKER.relative_to(PROJECT_ROOT)} is missing: run `make setup` (npm ci) first"
        )
    return {IFRAME_WORKER_TARGET: IFRAME_WORKER.read_bytes()}


@contextmanager
def env_var(name: str, value: str) -> Iterator[None]:
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


def site_url(config_file: Path = MKDOCS_CONFIG) -> str:
    """The published site's address, mkdocs.yml's `site_url` (ending in "/"), or "" when it sets
    none or not an http(s) address. The PDF brief links its footnotes to the passages there."""
    from mkdocs.utils.yaml import yaml_load  # mkdocs' own reader: it knows !ENV and !relative

    from reportgen.views.safetext import safe_url

    try:
        with open(config_file, "rb") as f:
            config = yaml_load(f)
    except OSError:
        return ""
    url = safe_url(config.get("site_url") if isinstance(config, dict) else None)
    return url if not url or url.endswith("/") else url + "/"


def apply_report(config, report, nav: list | None) -> None:
    """Fit mkdocs.yml's settings to this investigation: its title, and the navigation that
    site/nav.py derives from the page registry (with the pages it leaves out).

    mkdocs' theme templates do not escape, so the title is HTML-escaped here.
    """
    from mkdocs.config.config_options import PathSpec

    if report is not None:
        config["site_name"] = html.escape(" ".join(report.title.split()), quote=True)
        if report.subtitle:
            config["site_description"] = html.escape(" ".join(report.subtitle.split()), quote=True)
        config["site_author"] = html.escape(", ".join(report.authors), quote=True)
    if nav:
        config["nav"] = nav
        config["not_in_nav"] = PathSpec().validate(not_in_nav())


def mkdocs_build(docs_dir: Path, site_dir: Path, nav: list | None = None,
                 report=None, config_file: Path = MKDOCS_CONFIG) -> None:
    """Render docs_dir into site_dir with mkdocs, strict; raise SiteBuildError on any warning."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    with captured("mkdocs", logging.INFO) as log, env_var(NO_HOOK_ENV, "1"):
        config = load_config(str(config_file), docs_dir=str(docs_dir), site_dir=str(site_dir), strict=True)
        apply_report(config, report, nav)
        try:
            build(config)
        except MkDocsException as exc:
            raise SiteBuildError(log.lines() + [f"mkdocs: {exc}"]) from None
    if log.records:
        raise SiteBuildError(log.lines())


def swap_in(staged: Path, published: Path) -> None:
    """Replace `published` by `staged` in two renames, so readers never see a half tree."""
    published.parent.mkdir(parents=True, exist_ok=True)
    staged = _beside(staged, published)
    old = published.with_name(published.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if published.exists():
        published.rename(old)
    staged.rename(published)
    if old.exists():
        shutil.rmtree(old)


def _beside(staged: Path, published: Path) -> Path:
    """The staged tree on the file system of `published` (copied next to it when the
    staging folder is on another, as build/ and a site on another disk are), so the swap
    is two renames there."""
    if staged.stat().st_dev == published.parent.stat().st_dev:
        return staged
    near = published.with_name(published.name + ".new")
    if near.exists():
        shutil.rmtree(near)
    shutil.copytree(staged, near)
    shutil.rmtree(staged)
    return near
