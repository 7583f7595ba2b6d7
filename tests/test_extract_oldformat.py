"""Reports before the national templates (2008–2018): template "pre-2019", sections, prose figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract import extract_file
from extract.oldformat import PRE_TEMPLATE, cn_number, is_pre_template, old_figures, split_old_sections
from extract.schema import report_schema, shared_schema, validate

ROOT = Path(__file__).resolve().parents[1]
REPLICA = ROOT / "replica" / "data"
SHARED_SCHEMA = Path("/work/shared/spec/report.schema.json")

OLD_REPORT = """广州市某某区民政局2012年政府信息公开工作年度报告
本报告根据《中华人民共和国政府信息公开条例》要求编制。
一、概述
2012年，我局认真贯彻落实《条例》，政府信息公开工作有序推进。
二、主动公开政府信息的情况
全年主动公开政府信息1,234条，其中通过政府网站公开1,100条。
三、依申请公开政府信息和不予公开政府信息的情况
2012年，我局共受理政府信息公开申请十二件，其中同意公开8件，部分公开2件，不予公开1件，信息不存在1件，均已按时答复。
四、政府信息公开的收费及减免情况
收取检索费、复制费共计120元。
五、因政府信息公开申请提起行政复议、行政诉讼的情况
本年度因政府信息公开申请引起行政复议2件，未发生行政诉讼。
六、政府信息公开工作存在的主要问题及改进情况
公开内容的深度和广度有待拓展。
七、其他需要报告的事项
无。
"""


def html_page(text: str) -> str:
    body = "".join(f"<p>{line}</p>" for line in text.splitlines())
    return f"<html><head><title>{text.splitlines()[0]}</title></head><body><h1>{text.splitlines()[0]}</h1>{body}</body></html>"


def test_old_outline_sections_in_order() -> None:
    sections = split_old_sections(OLD_REPORT)
    assert list(sections) == ["overview", "active_disclosure", "applications", "fees", "review_litigation",
                              "problems", "other"]
    assert sections["fees"].startswith("四、政府信息公开的收费及减免情况") and "120元" in sections["fees"]


@pytest.mark.parametrize(("text", "expected"), [
    (OLD_REPORT, {"active_disclosed": 1234, "applications_received": 12, "applications_handled": 12, "granted": 8,
                  "partially_granted": 2, "refused": 1, "reconsiderations": 2, "lawsuits": 0, "fees_yuan": 120}),
    ("2010年度没有收到政府信息公开申请。未发生行政复议，发生行政诉讼1起。本年度未收取任何费用。",
     {"applications_received": 0, "reconsiderations": 0, "lawsuits": 1, "fees_yuan": 0, "granted": None}),
    ("全年共收到依申请公开申请37宗，已全部办结。其中，予以公开的25宗，不予公开的3宗。",
     {"applications_received": 37, "applications_handled": 37, "granted": 25, "refused": 3, "lawsuits": None}),
    ("2009年，我办接收政府信息公开申请5件，已办结5件。主动公开政府信息二百三十五条。"
     "因政府信息公开申请提起的行政复议、行政诉讼均为0件。",
     {"applications_received": 5, "applications_handled": 5, "active_disclosed": 235, "reconsiderations": 0,
      "lawsuits": 0}),
    ("2018年，未发生因政府信息公开申请提起的行政复议、行政诉讼。",
     {"reconsiderations": 0, "lawsuits": 0, "applications_received": None}),
])
def test_figures_stated_in_prose(text: str, expected: dict) -> None:
    got = old_figures(text, split_old_sections(text))
    assert {k: got[k] for k in expected} == expected
    for key, value in expected.items():  # every figure read names the sentence it came from
        assert (key in got["evidence"]) == (value is not None)


def test_chinese_numerals() -> None:
    assert [cn_number(s) for s in ("十二", "二百三十五", "一百零五", "两万三千", "1,234", "三点")] == \
        [12, 235, 105, 23000, 1234, None]


def test_year_decides_and_never_forces_the_2019_template() -> None:
    assert is_pre_template(2008, "") and is_pre_template(2018, "本年新收政府信息公开申请数量")
    assert not is_pre_template(2019, OLD_REPORT)
    assert is_pre_template(None, OLD_REPORT) and not is_pre_template(None, OLD_REPORT, template_signs="2019")


def test_gbk_page_without_charset_extracts_as_pre_2019(tmp_path: Path) -> None:
    page = tmp_path / "art_1.html"
    page.write_bytes(html_page(OLD_REPORT).encode("gbk"))  # Hanweb: GBK, no charset anywhere
    result = extract_file(page)
    assert result["template"] == PRE_TEMPLATE and result["year"] == 2012
    assert result["agency"] == "广州市某某区民政局"
    assert result["applications"] is None and result["checks_failing"] == [] and result["check_details"] == []
    assert result["old_figures"]["applications_received"] == 12
    assert "fees" in result["sections"] and "七、其他需要报告的事项" in result["sections"]["other"]
    validate(result)


def test_schema_extension_keeps_the_shared_rules() -> None:
    schema = report_schema()
    assert schema["properties"]["template"]["enum"] == ["2019", "2021", PRE_TEMPLATE, None]
    assert schema["oneOf"][:2] == shared_schema()["oneOf"]
    if SHARED_SCHEMA.exists():
        assert json.loads(SHARED_SCHEMA.read_text(encoding="utf-8")) == shared_schema()


def replica_old_reports() -> list[tuple[str, list[tuple[str, Path]]]]:
    """The replica's pre-2019 reports (key, [(url, file)]): reports marked pre-2019 (when the
    replica has them) and the 2018 report pages it serves as decoys."""
    manifest = json.loads((REPLICA / "manifest.json").read_text(encoding="utf-8"))
    state = manifest["states"]["night1"]
    found: dict[str, list[tuple[str, Path]]] = {}
    for report in state.get("reports", []) + state.get("county_reports", []):
        if report.get("template") == PRE_TEMPLATE:
            found[report["key"]] = [(doc["url"], REPLICA / doc["file"]) for doc in report.get("documents", [])]
    for decoy in state.get("decoys", []):
        if decoy.get("why", "").startswith("2018 report"):
            found[decoy["url"]] = [(decoy["url"], REPLICA / state["routes"][decoy["url"]]["file"])]
    return sorted(found.items())


@pytest.mark.parametrize(("key", "docs"), replica_old_reports(), ids=lambda v: str(v).rsplit("/", 1)[-1]
                         if isinstance(v, str) else "")
def test_replica_old_reports(key: str, docs: list[tuple[str, Path]]) -> None:
    """Every document of an old report (a stub page linking a DOCX included) is pre-2019 and
    passes no check; the one that holds the report has its sections and stated figures."""
    results = [extract_file(path, url=url) for url, path in docs]
    for result in results:
        assert result["template"] == PRE_TEMPLATE and result["year"] < 2019
        assert result["checks_failing"] == [] and result["applications"] is None
        validate(result)
    full = max(results, key=lambda r: len(r["sections"]))
    assert {"active_disclosure", "applications", "review_litigation"} <= set(full["sections"])
    figures = full["old_figures"]
    assert figures["applications_received"] is not None and figures["reconsiderations"] is not None


def test_stored_pre_2019_report_is_searchable_and_never_failing(tmp_path: Path) -> None:
    import sqlite_utils

    from extract.store import cross_report_checks, save_extraction

    db = sqlite_utils.Database(memory=True)
    page = tmp_path / "old.html"
    page.write_text(html_page(OLD_REPORT), encoding="utf-8")
    full = extract_file(page)
    stub = extract_file(_stub(tmp_path))
    assert stub["template"] == PRE_TEMPLATE
    eid = save_extraction(db, full, sha256="a" * 64, document_id="att", report_id="r2012")
    save_extraction(db, stub, sha256="b" * 64, document_id="page", report_id="r2012")
    row = db["extractions"].get(eid)
    assert row["template"] == PRE_TEMPLATE and json.loads(row["json"])["old_figures"]["fees_yuan"] == 120
    assert db["report_best"].get("r2012")["extraction_id"] == eid  # the full text, not the stub page
    assert db["cells"].count == 0 and db["checks_failing"].count == 0
    hits = list(db.query("select section from sections_fts where sections_fts match ?", ["检索费"]))
    assert hits == [{"section": "fees"}]
    # the cross-year chains skip a report without tables (no failure, no crash)
    assert cross_report_checks(db) == 0


def _stub(tmp_path: Path) -> Path:
    stub = tmp_path / "stub.html"
    stub.write_text("<html><h1>广州市某某区民政局2012年政府信息公开工作年度报告</h1><p>详见附件。</p>"
                    "<p>一、概述</p></html>", encoding="utf-8")
    return stub
