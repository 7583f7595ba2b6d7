"""The JSON Schema an extraction result must fit: the shared contract, extended for what it lacks.

Why an extension: ``spec/report.schema.json`` (shared, read-only; a verbatim copy ships in
``extract/spec``) knows only the two national templates. nianbao also stores reports from
before them (``template`` = ``pre-2019``: the three tables null, the prose figures in
``old_figures``) and documents without the tables (``template`` null, e.g. a stub page).
The extension adds exactly those two shapes and leaves every 2019/2021 rule as it is.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path

from extract.oldformat import FIGURES, PRE_TEMPLATE

SHARED_PATH = Path("/work/shared/spec/report.schema.json")
PACKAGE_PATH = Path(__file__).with_name("spec") / "report.schema.json"

_NUMBER = {"type": ["number", "null"]}
_NO_TABLES = {"active_disclosure": {"type": "null"}, "applications": {"type": "null"},
              "review_litigation": {"type": "null"}, "checks_failing": {"maxItems": 0}}


@cache
def shared_schema() -> dict:
    """The shared contract as shipped (the package copy; a test keeps it equal to the shared file)."""
    return json.loads(PACKAGE_PATH.read_text(encoding="utf-8"))


@cache
def report_schema() -> dict:
    """The shared schema plus the ``pre-2019`` and the no-tables shapes."""
    schema = copy.deepcopy(shared_schema())
    enum = schema["properties"]["template"]["enum"]
    if PRE_TEMPLATE not in enum:
        enum.insert(2, PRE_TEMPLATE)
    old_figures = {
        "type": "object",
        "properties": {**{k: _NUMBER for k in FIGURES},
                       "evidence": {"type": "object", "additionalProperties": {"type": "string"}}},
        "required": list(FIGURES),
    }
    schema["oneOf"].append({"properties": {"template": {"const": PRE_TEMPLATE}, **_NO_TABLES,
                                           "old_figures": old_figures},
                            "required": ["old_figures"]})
    schema["oneOf"].append({"properties": {"template": {"const": None}, **_NO_TABLES}})
    schema["description"] += (" Extended by nianbao: template 'pre-2019' (reports before the national templates:"
                              " tables null, figures stated in prose in old_figures) and template null"
                              " (a document without the tables).")
    return schema


def validate(result: dict) -> None:
    """Raise ``jsonschema.ValidationError`` when ``result`` does not fit ``report_schema()``."""
    import jsonschema

    jsonschema.Draft202012Validator(report_schema()).validate(result)
