"""Every expected extraction fits the schema and flags exactly the checks its numbers fail."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from replica.documents import expected
from replica.reports import build_reports

SHARED_SPEC = Path("/work/shared/spec")
LOCAL_SPEC = Path(__file__).resolve().parents[1] / "extract" / "spec"  # committed copy of template.json
SPECS = build_reports()


@pytest.fixture(scope="module")
def schema() -> jsonschema.Draft202012Validator:
    path = SHARED_SPEC / "report.schema.json"
    if not path.exists():
        pytest.skip("report.schema.json is only in the shared spec directory")
    return jsonschema.Draft202012Validator(json.loads(path.read_text()))


@pytest.fixture(scope="module")
def template() -> dict:
    path = SHARED_SPEC / "template.json"
    return json.loads((path if path.exists() else LOCAL_SPEC / "template.json").read_text())


def independent_checks(doc: dict, template: dict) -> set[str]:
    """template.json's rules, re-read from the spec file (blank = 0), written separately."""
    cols = [c["key"] for c in template["applicant_columns"]]
    apps, rl = doc["applications"], doc["review_litigation"]
    z = lambda v: v or 0  # noqa: E731
    failing = set()
    results = template["result_rows"][doc["template"]]
    for c in cols:
        if z(apps["new_received"][c]) + z(apps["carried_over"][c]) - z(apps["total"][c]) - z(apps["carried_forward"][c]):
            failing.add("applications_balance")
        if z(apps["total"][c]) - sum(z(apps[r][c]) for r in results):
            failing.add("applications_results_sum")
    for row in apps.values():
        if z(row["total"]) != sum(z(row[c]) for c in cols if c != "total"):
            failing.add("applications_row_sum")
    for g in rl.values():
        if z(g["total"]) != z(g["upheld"]) + z(g["corrected"]) + z(g["other"]) + z(g["pending"]):
            failing.add("review_litigation_sum")
    values = []
    for item in doc["active_disclosure"].values():
        for row in item.values():
            values += [(k, v) for k, v in row.items()]
    for table in (apps, rl):
        for row in table.values():
            values += list(row.items())
    for k, v in values:
        if v is None or k == "change_this_year":
            continue
        if v < 0 or (k not in ("amount", "amount_10k_yuan") and not float(v).is_integer()):
            failing.add("non_negative")
    return failing


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.key)
def test_expected_fits_schema(spec, schema: jsonschema.Draft202012Validator) -> None:
    schema.validate(expected(spec, spec.publication))


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.key)
def test_expected_checks_and_keys(spec, template: dict) -> None:
    doc = expected(spec, spec.publication)
    assert set(doc["checks_failing"]) == independent_checks(doc, template)
    assert doc["agency"] == spec.agency and doc["year"] == spec.year
    assert set(doc["sections"]) == {s["key"] for s in template["sections"]}
    # every canonical key of the template is present (schema requires rows; check items too)
    items = {i["item"] for i in template["tables"]["active_disclosure"]["templates"][spec.template]}
    assert set(doc["active_disclosure"]) == items
    for item in template["tables"]["active_disclosure"]["templates"][spec.template]:
        for row in item["rows"]:
            assert set(doc["active_disclosure"][item["item"]][row["key"]]) == {c["key"] for c in item["columns"]}


def test_some_reports_fail_checks() -> None:
    failing = [s.key for s in SPECS if expected(s, s.publication)["checks_failing"]]
    passing = [s.key for s in SPECS if not expected(s, s.publication)["checks_failing"]]
    assert 3 <= len(failing) <= len(SPECS) // 5
    assert len(passing) > 40


def test_money_in_yuan() -> None:
    """'3522.436287万' style cells come out in yuan; the 2021 fee column stays in 万元."""
    wan = [s for s in SPECS if "money_units_in_cell" in s.quirks]
    assert wan
    for s in wan:
        text = s.printed["active_disclosure/art20_9/centralized_procurement/amount"]
        assert text.endswith("万")
        value = expected(s, "html")["active_disclosure"]["art20_9"]["centralized_procurement"]["amount"]
        assert value == pytest.approx(float(text[:-1]) * 10000, abs=0.005)
