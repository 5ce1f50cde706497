"""JSON Schema of the data files, for editors: completion, hover help and errors as you type.

Generated from the pydantic model (`DataFile.model_json_schema()`), so the model
stays the one definition of the format; this module only adds what an editor
needs and pydantic cannot say: a description for each record, the written forms
of a date, and that paragraph numbers are the keys of `uncited`. The result is
committed as schema/investigation.schema.json (`build_report.py schema` writes
it; a test fails when it is out of date) and every YAML data file names it on
its first line:

    # yaml-language-server: $schema=../schema/investigation.schema.json

The checks (`build_report.py check`) remain the authority: references between
records, quotes against the archives and date arithmetic are beyond a schema.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Optional

from reportgen.data import model as m
from reportgen.paths import SCHEMA_PATH

MODELINE_PREFIX = "# yaml-language-server: $schema="
DRAFT = "https://json-schema.org/draft/2020-12/schema"

# The form a date is written in, which carries its precision (see reportgen/dates.py).
ISO_DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2})?)?)?)?$"

# Hover text for records whose class has no docstring of its own.
RECORD_DESCRIPTIONS: dict[str, str] = {
    "Report": "The report itself: title, authors, version, date, licence, the bottom line up front "
              "and the key judgments. Exactly one data file holds `report:`.",
    "KeyJudgment": "One key judgment of the report, with ICD 203 probability and confidence and the "
                   "records and citations it rests on.",
    "Side": "A side in the conflict; actors name one with `side:`.",
    "Source": "An archived document. `file` is its archived text under the data folder and `sha256` "
              "that file's hash; every metadata field the text does not itself show is listed in "
              "`inferred` with how it was inferred.",
    "Quote": "Verbatim words from one source. The build finds them in the archived text and records "
             "the paragraph and offsets; a quote that is not found stops the build.",
    "Actor": "A state, force, group, official, analyst or outlet, with aliases and relations.",
    "Relation": "How an actor relates to another (backs, opposes, commands, ...), with citations.",
    "Place": "A place, with aliases and coordinates to a stated precision.",
    "Coordinates": "Latitude and longitude (WGS 84 decimal degrees) and how precise they are.",
    "EventActor": "An actor taking part in an event, with its role.",
    "Event": "A dated event: when (with precision), where, who (initiator, target, other), ACLED type, "
             "CAMEO code (the Goldstein score is derived from it), summary and citations.",
    "Quantity": "A number with its unit (km, miles, vehicles, killed); units are normalised to compare claims.",
    "Claim": "One assertion of fact or figure by a party (or the outlet's own reporting). Its status "
             "(confirmed, single-source, disputed) is derived from the evidence.",
    "Discrepancy": "Claims about the same thing that disagree, shown side by side, and what the report concludes.",
    "Hypothesis": "One competing hypothesis in an Analysis of Competing Hypotheses.",
    "EvidenceItem": "One row of an ACH matrix: a piece of evidence rated against each hypothesis.",
    "Assessment": "An analytic judgment with ICD 203 words of estimative probability and confidence, "
                  "optionally with competing hypotheses and the evidence for and against.",
}

ISO_DATE_DESCRIPTION = str(m.DateSpec.model_fields["date"].description)


def json_schema() -> dict[str, Any]:
    """The schema of one YAML data file, as a dict (deterministic)."""
    schema = m.DataFile.model_json_schema()
    for name, definition in schema.get("$defs", {}).items():
        if "description" not in definition and name in RECORD_DESCRIPTIONS:
            definition["description"] = RECORD_DESCRIPTIONS[name]
    _refine(schema)
    # uncited: {paragraph number: reason}; YAML keys are numbers, JSON keys strings.
    schema["$defs"]["Source"]["properties"]["uncited"]["propertyNames"] = {"pattern": "^[1-9][0-9]*$"}
    ordered = {
        "$schema": DRAFT,
        "title": "Investigation data file",
        "description": (
            "One YAML file of a reportgen investigation. A data folder holds any number of these; "
            "they are merged, and each may hold any of the collections below. Generated from "
            "reportgen/model.py by `build_report.py schema`: do not edit by hand."
        ),
    }
    ordered.update({k: v for k, v in schema.items() if k not in ordered and k != "title"})
    return ordered


def _refine(node: Any) -> None:
    """Dates: a string in one of the ISO forms, or a bare year (YAML reads 2017 as a number)."""
    if isinstance(node, dict):
        if node.get("type") == "string" and node.get("description") == ISO_DATE_DESCRIPTION:
            node.pop("type")
            node["anyOf"] = [
                {"type": "string", "pattern": ISO_DATE_PATTERN},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ]
        for value in node.values():
            _refine(value)
    elif isinstance(node, list):
        for value in node:
            _refine(value)


def schema_text() -> str:
    """The committed file's exact text: stable key order, two-space indent, final newline."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def write_schema(path: Optional[Path] = None) -> bool:
    """Write the schema file; return True if its content changed."""
    path = path or SCHEMA_PATH
    text = schema_text()
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return True


def modeline(yaml_file_dir: Path, schema_path: Path = SCHEMA_PATH) -> str:
    """The first line of a data file in `yaml_file_dir`: a relative link to the schema."""
    rel = os.path.relpath(schema_path.resolve(), Path(yaml_file_dir).resolve())
    return MODELINE_PREFIX + Path(rel).as_posix()
