"""The report page as a researcher cites it (issue 13, items 2, 3 and 5): failing checks worded with the
template's labels and only the offending cell marked, the previous and next year, the cite block, the
version permalink, the amended/removed/missing banners, and the publication date against the deadline.
"""

from __future__ import annotations

import asyncio
import html
import json
import re
import sqlite3

import pytest
from helpers import ROOT, load_maker, load_script, published_datasette

from crawler.config import Config
from publish.snapshot import publish

DS_DIR = ROOT / "datasette"
rp = load_script("datasette/plugins/report_page.py", "nianbao_plugin_report_page_cite")
cite = load_script("datasette/plugins/citation.py", "nianbao_plugin_citation")
HOSTILE_TITLE = '年度报告</pre><script>alert(1)</script>{\\'
LATE, MISSING, HOSTILE, BROKEN, AMENDED, REMOVED = 6, 10, 11, 3, 2, 13


def app_cells(template: str) -> dict:
    """A consistent table III: every organisation column granted 2 of 2 new requests; 总计 the row sums."""
    s = rp.spec()
    cols = [c["key"] for c in s["applicant_columns"] if c["key"] != "total"]
    out = {}
    for r in [*s["result_rows"][template], "total", "new_received", "carried_over", "carried_forward"]:
        v = 2.0 if r in ("granted", "total", "new_received") else 0.0
        for c in cols:
            out[("applications", "", r, c)] = {"value": v, "raw": None}
        out[("applications", "", r, "total")] = {"value": v * len(cols), "raw": None}
    return out


# --- pure functions ---------------------------------------------------------------------------------


def test_balance_failure_marks_one_cell_with_printed_and_expected_figures():
    cells = app_cells("2021")
    cells[("applications", "", "carried_forward", "natural_person")]["value"] = 7.0  # 2 + 0 = 2 + 7 fails
    found = rp.offending([{"check_key": "applications_balance", "col": "natural_person", "amount": -7.0,
                           "verdict": "document"}], cells, "2021")
    (o,) = found
    assert o["key"] == ("applications", "", "carried_forward", "natural_person")
    assert (o["reported"], o["expected"]) == ("7", "0")
    assert o["label"]["zh"].startswith("四、结转下年度") or "结转" in o["label"]["zh"]
    assert "natural persons" in o["label"]["en"]
    assert o["sentence_zh"] and o["sentence_en"]
    note = rp.fail_notes(found)[o["key"]]
    assert note == "报告数 7，按勾稽关系应为 0 / reported 7, expected 0"


def test_crossing_identities_pinpoint_the_cell():
    cells = app_cells("2021")
    # a typo in 予以公开 / natural person: its column total and its row total both disagree
    cells[("applications", "", "granted", "natural_person")]["value"] = 9.0
    checks = [{"check_key": "applications_results_sum", "col": "natural_person", "amount": -7.0},
              {"check_key": "applications_row_sum", "col": "granted", "amount": -7.0}]
    found = rp.offending(checks, cells, "2021")
    assert {o["key"] for o in found} == {("applications", "", "granted", "natural_person")}
    assert all((o["reported"], o["expected"]) == ("9", "2") for o in found)
    # a wrong total: the balance and the results sum of the same column both fail -> the total cell
    cells = app_cells("2021")
    cells[("applications", "", "total", "other_org")]["value"] = 5.0
    checks = [{"check_key": "applications_balance", "col": "other_org", "amount": -3.0},
              {"check_key": "applications_results_sum", "col": "other_org", "amount": 3.0}]
    found = rp.offending(checks, cells, "2021")
    assert {o["key"] for o in found} == {("applications", "", "total", "other_org")}
    assert {(o["reported"], o["expected"]) for o in found} == {("5", "2")}


def test_row_review_and_cell_checks_and_unknown_checks():
    cells = app_cells("2019")
    found = rp.offending([{"check_key": "applications_row_sum", "col": "granted", "amount": 4.0}], cells, "2019")
    # the cells add up: the recorded amount is trusted (12 printed, 12 - 4 expected)
    assert found[0]["key"] == ("applications", "", "granted", "total") and found[0]["expected"] == "8"
    cells[("review_litigation", "", "reconsideration", "total")] = {"value": 3.0, "raw": "3"}
    cells[("review_litigation", "", "reconsideration", "upheld")] = {"value": 1.0, "raw": "1"}
    found = rp.offending([{"check_key": "review_litigation_sum", "col": "reconsideration", "amount": 2.0}],
                         cells, "2019")
    assert found[0]["key"] == ("review_litigation", "", "reconsideration", "total")
    assert (found[0]["reported"], found[0]["expected"]) == ("3", "1")
    dotted = "active_disclosure.art20_6.administrative_penalty.decisions_this_year"
    cells[("active_disclosure", "art20_6", "administrative_penalty", "decisions_this_year")] = {"value": -1.0, "raw": "-1"}
    (neg,) = rp.offending([{"check_key": "non_negative", "col": dotted, "amount": -1.0}], cells, "2021")
    assert neg["key"][2:] == ("administrative_penalty", "decisions_this_year") and neg["expected"] is None
    assert "非负整数" in rp.fail_notes([neg])[neg["key"]]
    (odd,) = rp.offending([{"check_key": "something_new", "col": None, "amount": 1.0}], cells, "2021")
    assert odd["key"] is None  # listed on the page, no cell marked
    assert rp.failing_keys([odd], cells, "2021") == set()


def test_diff_is_labelled_from_the_codebook():
    old = {("applications", "", "granted", "total"): {"value": 5.0}}
    new = {("applications", "", "granted", "total"): {"value": 6.0}}
    (d,) = rp.diff(old, new, "2021")
    assert d["label"]["zh"] != d["where"] and "予以公开" in d["label"]["zh"]
    assert d["label"]["en"] and (d["old"], d["new"], d["kind"]) == ("5", "6", "changed")


def test_deadline_and_days_late():
    late = rp.timeliness(2022, "广州市海珠区教育局", "2023-02-10")
    assert late["due"] == "2023-01-31" and late["days_late"] == 10
    early = rp.timeliness(2022, "广州市海珠区教育局", "2023-01-20 09:30")
    assert early["days_late"] == -11
    gov = rp.timeliness(2022, "广州市海珠区人民政府", "2023-03-01")
    assert gov["due"] == "2023-03-31" and gov["days_late"] == -30
    old_rules = rp.timeliness(2018, "广州市海珠区教育局", "2019-02-10")  # the 2007 Regulations: 31 March
    assert old_rules["due"] == "2019-03-31" and old_rules["days_late"] == -49
    unknown = rp.timeliness(2022, "x", "去年")
    assert unknown["published"] is None and unknown["raw"] == "去年" and unknown["days_late"] is None
    assert rp.timeliness(None, "x", "2023-01-01") is None


def test_neighbours_skip_gaps():
    years = [{"id": "a", "year": 2019}, {"id": "b", "year": 2021}, {"id": "c", "year": 2022}]
    n = rp.neighbours(years, 2021)
    assert (n["previous"]["id"], n["next"]["id"]) == ("a", "c")
    assert rp.neighbours(years, 2019)["previous"] is None and rp.neighbours(years, 2022)["next"] is None


def test_citations_escape_site_text():
    c = {"agency": "某局}{", "title": "题名 50% & #1_\n第二行", "year": 2022, "url": "http://x.gov.cn/a b{c}.html",
         "published": "2023-01-20", "fetched_at": "2026-11-20T02:13:00Z", "sha256": "a" * 64,
         "permalink": "http://nianbao/report/r1/version/" + "a" * 64, "archive_url": "http://nianbao/original/" + "a" * 64,
         "report_id": "r1", "district": "越秀区"}
    text = cite.cite_text(c)
    assert "[EB/OL]" in text and "(2023-01-20)[2026-11-20]" in text and "a" * 64 in text and "\n" not in text
    bib = cite.cite_bibtex(c)
    assert bib.startswith("@misc{nianbao-r1-aaaaaaaa,")
    depth = 0
    for i, ch in enumerate(bib):  # braces balance once escaped ones are skipped
        if ch in "{}" and bib[i - 1] != "\\":
            depth += 1 if ch == "{" else -1
            assert depth >= 0
    assert depth == 0
    assert r"50\% \& \#1\_" in bib and "a%20b%7Bc%7D.html" in bib
    (item,) = json.loads(cite.cite_csl(c))
    assert item["type"] == "report" and item["author"] == [{"literal": "某局}{"}]
    assert item["issued"] == {"date-parts": [[2023, 1, 20]]} and item["accessed"] == {"date-parts": [[2026, 11, 20]]}


# --- the served page -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory):

    data = tmp_path_factory.mktemp("report_page")
    facts = load_maker().generate(data, reports=30, write_files=30)
    cfg = Config(data)
    ids = [r["id"] for r in facts["reports"]]
    conn = sqlite3.connect(cfg.db_path)
    conn.execute("update documents set publish_date = '2022-03-05' where report_id = ?", [ids[LATE]])
    conn.execute("update documents set status = 'missing', missing_runs = 1 where report_id = ?", [ids[MISSING]])
    conn.execute("update reports set title = ? where id = ?", [HOSTILE_TITLE, ids[HOSTILE]])
    conn.execute("update documents set listing_url = 'javascript:alert(1)' where report_id = ?", [ids[HOSTILE]])
    conn.commit()
    conn.close()
    publish(cfg)
    mp = pytest.MonkeyPatch()
    mp.setenv("NIANBAO_ARCHIVE_DIR", str(cfg.archive_dir))
    ds = published_datasette(cfg)
    yield ds, facts
    mp.undo()


def get(ds, path: str):
    return asyncio.run(ds.client.get(path))


def text_of(page: str, cls: str) -> str:
    m = re.search(rf'<pre class="{cls}">(.*?)</pre>', page, re.S)
    assert m, cls
    return html.unescape(m[1])


def test_failing_check_is_worded_and_only_its_cell_is_red(site):
    ds, facts = site
    page = get(ds, f"/report/{facts['reports'][BROKEN]['id']}").text
    fails = re.findall(r'<td class="num fail[^"]*"[^>]*title="([^"]*)"', page)
    assert len(fails) == 1, fails  # one offending cell, not a whole column
    m = re.fullmatch(r"报告数 (\d+)，按勾稽关系应为 (\d+) / reported \1, expected \2", html.unescape(fails[0]))
    assert m and int(m[1]) - int(m[2]) == 5  # bench/make_big_db.py adds 5 to 结转下年度 / natural person
    checks = page[page.index('class="checks"'):page.index("</ul>", page.index('class="checks"'))]
    assert "结转下年度" in checks and "natural persons" in checks and "applications_balance" in checks


def test_previous_and_next_year_of_the_agency(site):
    ds, facts = site
    r = facts["reports"]
    page = get(ds, f"/report/{r[5]['id']}").text  # agency 1, 2020
    assert re.search(rf'rel="prev" class="year-prev" href="/report/{r[4]["id"]}"', page)
    assert re.search(rf'rel="next" class="year-next" href="/report/{r[6]["id"]}"', page)
    first = get(ds, f"/report/{r[4]['id']}").text
    assert 'rel="prev"' not in first and 'rel="next"' in first


def test_cite_block_names_the_version_and_its_archive(site):
    ds, facts = site
    rep = facts["reports"][BROKEN]
    page = get(ds, f"/report/{rep['id']}").text
    sha = rep["shas"][-1]
    block = page[page.index('id="cite"'):]
    for needle in (rep["agency"], str(rep["year"]), sha, f"/original/{sha}", f"/report/{rep['id']}/version/{sha}",
                   "post_1000003.html", "2026-11-2"):
        assert needle in block, needle
    assert "[EB/OL]" in text_of(page, "cite-text")
    assert text_of(page, "cite-bibtex").startswith("@misc{")
    (item,) = json.loads(text_of(page, "cite-csl"))
    assert f"SHA-256 {sha}" in item["note"] and item["URL"].endswith("post_1000003.html")


def test_version_permalink_shows_that_version(site):
    ds, facts = site
    rep = facts["reports"][AMENDED]
    old, new = rep["shas"]
    page = get(ds, f"/report/{rep['id']}/version/{old}")
    assert page.status_code == 200
    assert "这不是最新版本" in page.text and f"/report/{rep['id']}/version/{new}" in page.text
    # the older version's own figures: bench/make_big_db.py adds 1 to 予以公开 in the older extraction
    def granted(text: str) -> int:
        row = re.search(r'<tr class="row-granted"><th>[^<]*</th>(.*?)</tr>', text, re.S)[1]
        return int(re.findall(r">(\d*)</td>", row)[-1])
    newest = get(ds, f"/report/{rep['id']}").text
    assert granted(page.text) == granted(newest) + 1
    assert 'class="report-text"' in page.text and "<h4>overview</h4>" in page.text
    current = get(ds, f"/report/{rep['id']}/version/{new}").text
    assert "这是该文件的最新版本" in current and "这不是最新版本" not in current
    assert get(ds, f"/report/{rep['id']}/version/{'0' * 64}").status_code == 404
    other = facts["reports"][BROKEN]["shas"][-1]
    assert get(ds, f"/report/{rep['id']}/version/{other}").status_code == 404  # not a version of this report
    assert get(ds, f"/report/{rep['id']}/version/NOTHEX").status_code == 400


def test_banners_amended_removed_missing(site):
    ds, facts = site
    r = facts["reports"]
    amended = get(ds, f"/report/{r[AMENDED]['id']}").text
    assert 'class="banner amended"' in amended and "被修改过" in amended
    assert r[REMOVED]["removed"]
    removed = get(ds, f"/report/{r[REMOVED]['id']}").text
    assert 'class="banner removed"' in removed and "已从发布机关网站删除" in removed
    missing = get(ds, f"/report/{r[MISSING]['id']}").text
    assert 'class="banner missing"' in missing
    plain = get(ds, f"/report/{r[BROKEN]['id']}").text
    assert 'class="banner' not in plain


def test_publication_date_against_the_deadline(site):
    ds, facts = site
    r = facts["reports"]
    late = get(ds, f"/report/{r[LATE]['id']}").text
    assert r[LATE]["year"] == 2021  # due 2022-01-31, published 2022-03-05
    assert "逾期 33 天 33 days after the deadline" in late and "2022-03-05" in late
    on_time = get(ds, f"/report/{r[BROKEN]['id']}").text
    assert "提前 11 天 11 days before the deadline" in on_time and "2023-01-31" in on_time


def test_hostile_title_is_escaped_everywhere(site):
    ds, facts = site
    page = get(ds, f"/report/{facts['reports'][HOSTILE]['id']}").text
    assert "<script>alert(1)</script>" not in page
    assert 'href="javascript:' not in page and "javascript:alert(1)" in page  # shown, not linked
    assert "&lt;script&gt;" in page
    assert HOSTILE_TITLE.replace("\\", "").split("<")[0] in text_of(page, "cite-text")
    assert r"\{\textbackslash{}" in text_of(page, "cite-bibtex")
