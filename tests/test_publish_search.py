"""Search a researcher can trust (issue 13 item 4): totals, order, filters, normalised text,
chrome left out, one- and two-character words, the query syntax, escaping, refresh = rebuild."""

from __future__ import annotations

import asyncio
import re
import shutil
import sqlite3

import pytest
import sqlite_utils
from helpers import ROOT, load_maker, published_datasette

from crawler.config import Config
from publish.search_index import (
    CHROME,
    GRAMS,
    META,
    TEXT,
    TRIGRAM,
    build_search_index,
    grams,
    normalise,
    refresh_search_index,
)
from publish.snapshot import publish, published_db_path

DS_DIR = ROOT / "datasette"
BROKEN = "行政复议\n结\n果\n维\n持 结\n果\n纠\n正\n"  # a PDF table heading, one character per line
FOOTER = "\n友情链接：中国政府网 广东省人民政府\n网站标识码：4401130001　粤ICP备05080001号\n"
NAV = "本站导航首页机构概况专题专栏"  # a site's own line at the bottom of every report of that site
SHARED = "以上为本机关年度报告全部内容。"  # a closing line every site writes: prose, not chrome
HOSTILE = '<script>alert("x")</script>鲸落'
SITE = "yuexiu"


@pytest.fixture(scope="module")
def site(tmp_path_factory):

    data = tmp_path_factory.mktemp("search")
    facts = load_maker().generate(data, reports=120, write_files=0)
    cfg = Config(data)
    ids = [r["id"] for r in facts["reports"]]
    conn = sqlite3.connect(cfg.db_path)

    def best_section(report_id: str, section: str) -> str:
        return conn.execute("select s.text from sections s join report_best b on b.extraction_id = s.extraction_id "
                            "where b.report_id = ? and s.section = ?", [report_id, section]).fetchone()[0]

    def set_section(report_id: str, section: str, text: str) -> None:
        conn.execute("update sections set text = ? where section = ? and extraction_id = "
                     "(select extraction_id from report_best where report_id = ?)", [text, section, report_id])

    for i, rid in enumerate(ids):
        site_key = conn.execute("select site from reports where id = ?", [rid]).fetchone()[0]
        tail = best_section(rid, "other") + "\n" + SHARED
        if site_key == SITE:
            tail += "\n" + NAV
        set_section(rid, "other", tail + (FOOTER if i % 3 == 0 else ""))
    set_section(ids[3], "review_litigation", BROKEN + best_section(ids[3], "review_litigation"))
    set_section(ids[5], "problems", "本年度引进鲲鹏计划。" + best_section(ids[5], "problems"))
    set_section(ids[7], "overview", HOSTILE + best_section(ids[7], "overview"))
    conn.commit()
    conn.close()
    publish(cfg)
    ds = published_datasette(cfg)
    return ds, cfg, facts


def get(ds, path: str, **params):
    r = asyncio.run(ds.client.get(path, params=params))
    assert r.status_code == 200
    return r.text


def hits(html: str) -> list[str]:
    return re.findall(r'class="search-hit" href="/report/([0-9a-f]+)"', html)


def total(html: str) -> int:
    return int(re.search(r'class="search-total">(\d+)<', html).group(1))


def q(cfg: Config, sql: str, params=()) -> list[tuple]:
    conn = sqlite3.connect(f"file:{published_db_path(cfg)}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def reports_containing(cfg: Config, word: str) -> set[str]:
    """Reports whose best extraction's text holds ``word`` once whitespace is ignored."""
    rows = q(cfg, "select b.report_id, s.text from report_best b join sections s on s.extraction_id = b.extraction_id")
    return {rid for rid, text in rows if word in re.sub(r"\s+", "", text)}


def test_normalise_joins_words_broken_across_lines_and_folds_width():
    assert normalise("结\n果\n维\n持 结\n果") == "结果维持结果"
    assert normalise("ＡＢＣ１２３  年度\t\n报告 and  more") == "ABC123年度报告and more"
    assert grams("公开，公a1").split() == sorted({"公", "开", "公开", "a", "1", "a1", "公a"})


def test_total_counts_every_matching_report_not_the_page(site):
    ds, cfg, _ = site
    expected = reports_containing(cfg, "公开")
    assert len(expected) > 20
    html = get(ds, "/search", q="公开")
    assert total(html) == len(expected)
    assert len(hits(html)) == 20
    page2 = get(ds, "/search", q="公开", page="2")
    assert not set(hits(page2)) & set(hits(html))
    assert 'href="/search?q=' in html and "page=2" in html


def test_word_broken_across_lines_is_found(site):
    ds, _, facts = site
    assert hits(get(ds, "/search", q="结果维持")) == [facts["reports"][3]["id"]]
    # the quoted phrase, spaces and all, is normalised the same way
    assert hits(get(ds, "/search", q='"复议 结果维持"')) == [facts["reports"][3]["id"]]


def test_site_chrome_is_not_indexed_and_is_listed(site):
    ds, cfg, facts = site
    for word in ("友情链接", "ICP备", "网站标识码", NAV[:6]):
        assert "没有找到" in get(ds, "/search", q=word), word
    # a closing line every site writes is prose: kept
    assert total(get(ds, "/search", q=SHARED[:8])) == len(facts["reports"])
    reasons = dict(q(cfg, f"select reason, count(distinct report_id) from {CHROME} group by reason"))
    n_site = q(cfg, f"select count(*) from {META} where site = ?", [SITE])[0][0]
    assert reasons["repeated"] == n_site
    assert reasons["marker"] == len([i for i in range(len(facts["reports"])) if i % 3 == 0])
    lines = {r[0] for r in q(cfg, f"select line from {CHROME} where reason = 'repeated'")}
    assert lines == {NAV}
    assert q(cfg, f"select count(*) from {META} where chrome_lines > 0")[0][0] == len(
        {r[0] for r in q(cfg, f"select report_id from {CHROME}")})


def test_one_and_two_character_words_use_the_gram_index(site):
    ds, cfg, facts = site
    assert hits(get(ds, "/search", q="鲲鹏")) == [facts["reports"][5]["id"]]
    assert hits(get(ds, "/search", q="鲲")) == [facts["reports"][5]["id"]]
    assert "没有找到" in get(ds, "/search", q="鲸鲨")
    assert total(get(ds, "/search", q="件")) == len(reports_containing(cfg, "件"))
    # the gram index answers exactly what the text holds
    assert q(cfg, f"select count(*) from {GRAMS} where {GRAMS} match ?", ['"鹏计"'])[0][0] == 1


def test_order_by_year_and_agency(site):
    ds, cfg, _ = site
    by_year = hits(get(ds, "/search", q="公开", order="year"))
    years = [q(cfg, f"select year from {META} where report_id = ?", [r])[0][0] for r in by_year]
    assert years == sorted(years, reverse=True)
    by_agency = hits(get(ds, "/search", q="公开", order="agency"))
    agencies = [q(cfg, f"select agency from {META} where report_id = ?", [r])[0][0] for r in by_agency]
    assert agencies == sorted(agencies)
    assert "selected" in get(ds, "/search", q="公开", order="agency")


def test_filters_restrict_and_facets_count(site):
    ds, cfg, _ = site
    html = get(ds, "/search", q="公开")
    year_counts = dict(q(cfg, f"select year, count(*) from {META} group by year"))
    for year, n in year_counts.items():
        assert f">{year}</a> ({n})" in html
    filtered = get(ds, "/search", q="公开", year="2021", district="越秀区")
    n = q(cfg, f"select count(*) from {META} where year = 2021 and district = '越秀区'")[0][0]
    assert total(filtered) == n
    agency = q(cfg, f"select agency from {META} limit 1")[0][0]
    part = agency[-4:]
    assert total(get(ds, "/search", q="公开", agency=part)) == q(
        cfg, f"select count(*) from {META} where instr(agency, ?)", [part])[0][0]
    # section: 鲲鹏 is in 五、存在的主要问题, not in 一、总体情况
    assert len(hits(get(ds, "/search", q="鲲鹏", section="problems"))) == 1
    assert "没有找到" in get(ds, "/search", q="鲲鹏", section="overview")
    assert "没有找到" in get(ds, "/search", q="鲲", section="overview")


def test_or_exclusion_and_syntax_help(site):
    ds, _, facts = site
    either = set(hits(get(ds, "/search", q="鲲鹏 OR 结果维持")))
    assert either == {facts["reports"][5]["id"], facts["reports"][3]["id"]}
    assert total(get(ds, "/search", q="公开 -鲲")) == total(get(ds, "/search", q="公开")) - 1
    html = get(ds, "/search")
    assert "检索语法" in html and "OR" in html
    for odd in ('"', "NEAR(a b)", "OR AND", "*", "a-b", "-公开", "，。", '"' * 5, "x" * 500):
        get(ds, "/search", q=odd)


def test_excerpts_escape_site_text_and_mark_only_the_match(site):
    ds, _, _ = site
    html = get(ds, "/search", q="鲸落")
    results = html.split('class="search-results"', 1)[1].split("</ol>", 1)[0]
    assert "<script>" not in results and "&lt;script&gt;alert" in results
    assert "<mark>鲸落</mark>" in html


def test_refresh_equals_a_full_build(site, tmp_path):
    _, cfg, facts = site
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    shutil.copy(published_db_path(cfg), a)
    changed = {facts["reports"][i]["id"] for i in (0, 1, 2)}
    db = sqlite_utils.Database(a)
    # change a report's text, add the site line to a report of another site, drop one report
    db.execute("update sections set text = text || '\n新增加的句子ＸＹＺ' where extraction_id = "
               "(select extraction_id from report_best where report_id = ?)", [facts["reports"][0]["id"]])
    db.execute("delete from report_best where report_id = ?", [facts["reports"][1]["id"]])
    db.conn.commit()
    shutil.copy(a, b)
    refresh_search_index(db, changed)
    db.conn.commit()
    full = sqlite_utils.Database(b)
    build_search_index(full)
    full.conn.commit()
    for table in (META, TEXT, CHROME):
        rows = [list(db.execute(f"select * from {table} order by 1, 2, 3")) for db in (db, full)]
        assert rows[0] == rows[1], table
    for word in ("XYZ", "新增", "公开", "友情链接"):
        index = TRIGRAM if len(word) >= 3 else GRAMS
        found = [db.execute(f"select rowid from {index} where {index} match ? order by rowid",
                            [f'"{word}"']).fetchall() for db in (db, full)]
        assert found[0] == found[1], word
    assert db.execute(f"select count(*) from {META} where report_id = ?", [facts["reports"][1]["id"]]).fetchone()[0] == 0
    db.execute(f"insert into {TRIGRAM}({TRIGRAM}) values ('integrity-check')")


def _plugin(ds):
    """The search plugin module as Datasette loaded it (to lower its budgets in a test)."""
    from datasette.plugins import pm

    return next(p for p in pm.get_plugins() if getattr(p, "__file__", "").endswith("plugins/search.py"))


def test_a_count_over_budget_says_at_least_and_offers_the_exact_count(site, monkeypatch):
    ds, cfg, _ = site
    plugin = _plugin(ds)
    monkeypatch.setattr(plugin, "COUNT_MS", 0)
    html = get(ds, "/search", q="公开")
    assert 'class="search-at-least"' in html and 'class="search-total"' not in html
    assert len(hits(html)) == 20  # the page is still there, newest first
    assert "search-note" in html  # relevance was asked for (the default) and could not be ranked
    exact = get(ds, "/search", q="公开", count="all")
    assert total(exact) == len(reports_containing(cfg, "公开"))


def test_relevance_and_agency_order_are_bounded_with_a_note(site, monkeypatch):
    ds, cfg, _ = site
    plugin = _plugin(ds)
    monkeypatch.setattr(plugin, "RANK_MAX", 5)
    monkeypatch.setattr(plugin, "SORT_MAX", 5)
    for order in ("relevance", "agency"):
        html = get(ds, "/search", q="公开", order=order)
        assert "search-note" in html, order
        years = [q(cfg, f"select year from {META} where report_id = ?", [r])[0][0] for r in hits(html)]
        assert years == sorted(years, reverse=True)
    # under the bound, relevance ranks (the one report with the rare word twice comes first)
    assert "search-note" not in get(ds, "/search", q="鲲鹏")


def test_year_filter_is_a_rowid_range_of_the_index(site):
    ds, cfg, _ = site
    from publish.search_index import year_range

    for year, n in q(cfg, f"select year, count(*) from {META} group by year"):
        lo, hi = year_range(year)
        assert q(cfg, f"select count(*) from {META} where rowid between ? and ?", [lo, hi])[0][0] == n
    newest = q(cfg, f"select year from {META} order by rowid limit 1")[0][0]
    assert newest == q(cfg, f"select max(year) from {META}")[0][0]
