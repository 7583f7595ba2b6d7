"""The identities of template.json, with the column and amount of each failure."""

import copy
from pathlib import Path

from extract import checks, extract_file

FILES = Path(__file__).parent / "files" / "extract"


def _report() -> dict:
    return extract_file(FILES / "report2021.gbk.html")


def test_clean_report_passes() -> None:
    assert checks.evaluate(_report()) == []


def test_failures_name_the_column_and_amount() -> None:
    r = copy.deepcopy(_report())
    r["applications"]["total"]["natural_person"] += 1
    r["review_litigation"]["reconsideration"]["total"] = 5
    r["active_disclosure"]["art20_6"]["administrative_penalty"]["decisions_this_year"] = -3
    found = {(f["check"], f["column"]): f["amount"] for f in checks.evaluate(r)}
    assert found[("applications_balance", "natural_person")] == -1
    assert found[("applications_results_sum", "natural_person")] == 1
    assert found[("applications_row_sum", "total")] == -1
    assert found[("review_litigation_sum", "reconsideration")] == 3
    assert ("non_negative", "active_disclosure.art20_6.administrative_penalty.decisions_this_year") in found


def test_negative_change_is_allowed_in_2019() -> None:
    r = extract_file(FILES / "report2019.docx")
    assert r["active_disclosure"]["art20_5"]["administrative_licensing"]["change_this_year"] == -2
    assert "non_negative" not in r["checks_failing"]


def test_document_error_gets_a_verdict(tmp_path: Path) -> None:
    html = (FILES / "report2021.gbk.html").read_bytes().decode("gbk")
    # the report's own typo: 总计 of 自然人 printed 35 instead of 34
    html = html.replace("（七）总计</td><td>34</td>", "（七）总计</td><td>35</td>")
    assert "<td>35</td>" in html
    f = tmp_path / "typo.html"
    f.write_bytes(html.encode("gbk"))
    r = extract_file(f)
    assert "applications_balance" in r["checks_failing"]
    verdicts = {d["verdict"] for d in r["check_details"]}
    assert verdicts == {"document"}  # the text-flow reader reads the same typo


def test_cross_report_chain() -> None:
    prev = copy.deepcopy(_report())
    cur = copy.deepcopy(prev)
    cur["year"] = prev["year"] + 1
    cur["applications"]["carried_over"] = dict(prev["applications"]["carried_forward"])
    cur["active_disclosure"]["art20_1"]["normative_documents"] = {
        "issued_this_year": 2, "repealed_this_year": 1, "in_force": 15}
    assert checks.cross_report(prev, cur) == []
    cur["applications"]["carried_over"]["natural_person"] = 4
    cur["active_disclosure"]["art20_1"]["normative_documents"]["in_force"] = 20
    found = {(f["check"], f["column"]): f["amount"] for f in checks.cross_report(prev, cur)}
    assert found == {("carry_over_chain", "natural_person"): 4, ("in_force_chain", "normative_documents"): 5}
