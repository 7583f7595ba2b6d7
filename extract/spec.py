"""The canonical template (a copy of spec/template.json shipped inside the package).

Why a copy: an installed nianbao has no /work/shared; a test asserts the copy equals the
shared file whenever the shared file exists.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SPEC_PATH = Path(__file__).with_name("spec") / "template.json"
TEMPLATES = ("2019", "2021")


@cache
def spec() -> dict:
    """The parsed template.json."""
    return json.loads(SPEC_PATH.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class RowDef:
    """One data row of a statistical table: where it goes and how many numbers it carries."""

    item: str | None  # active_disclosure item (art20_1 …), else None
    key: str
    label: str
    columns: tuple[str, ...]
    column_labels: tuple[str, ...] = ()


def applicant_columns() -> tuple[str, ...]:
    return tuple(c["key"] for c in spec()["applicant_columns"])


def active_rows(template: str) -> list[RowDef]:
    """Rows of table 二 in print order, each with its item's columns."""
    out = []
    for item in spec()["tables"]["active_disclosure"]["templates"][template]:
        cols = tuple(c["key"] for c in item["columns"])
        labels = tuple(c["label"] for c in item["columns"])
        for row in item["rows"]:
            out.append(RowDef(item["item"], row["key"], row["label"], cols, labels))
    return out


def application_rows(template: str) -> list[RowDef]:
    """Rows of table 三 for one template, in print order."""
    cols = applicant_columns()
    return [RowDef(None, r["key"], r["label"], cols) for r in spec()["tables"]["applications"]["rows"]
            if template in r.get("templates", TEMPLATES)]


def review_groups() -> tuple[str, ...]:
    return tuple(g["key"] for g in spec()["tables"]["review_litigation"]["groups"])


def review_columns() -> tuple[str, ...]:
    return tuple(c["key"] for c in spec()["tables"]["review_litigation"]["columns"])


def result_rows(template: str) -> list[str]:
    return list(spec()["result_rows"][template])


def empty_tables(template: str | None) -> dict:
    """The three tables with every key of `template` present and every value null."""
    if template is None:
        return {"active_disclosure": {}, "applications": {}, "review_litigation": {}}
    active: dict = {}
    for r in active_rows(template):
        active.setdefault(r.item, {})[r.key] = dict.fromkeys(r.columns)
    apps = {r.key: dict.fromkeys(r.columns) for r in application_rows(template)}
    review = {g: dict.fromkeys(review_columns()) for g in review_groups()}
    return {"active_disclosure": active, "applications": apps, "review_litigation": review}
