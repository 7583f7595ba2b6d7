"""Pure functions of the report page and search plugins: layout, failing cells, diffs, query building."""

from __future__ import annotations

from helpers import load_script

rp = load_script("datasette/plugins/report_page.py", "nianbao_plugin_report_page")
search = load_script("datasette/plugins/search.py", "nianbao_plugin_search")


def cells_for(template: str) -> dict:
    s = rp.spec()
    out = {}
    for item in s["tables"]["active_disclosure"]["templates"][template]:
        for r in item["rows"]:
            for c in item["columns"]:
                out[("active_disclosure", item["item"], r["key"], c["key"])] = {"value": 1.0, "raw": "1"}
    for r in s["result_rows"][template] + ["total"]:
        for c in s["applicant_columns"]:
            out[("applications", "", r, c["key"])] = {"value": 2.0, "raw": "2"}
    return out


def test_template_inferred_from_cells_when_no_extraction_names_it():
    assert rp.infer_template(cells_for("2019")) == "2019"
    assert rp.infer_template(cells_for("2021")) == "2021"
    assert rp.infer_template({}) is None


def test_failing_keys_for_named_column_and_dotted_path():
    cells = cells_for("2021")
    marked = rp.failing_keys([{"check_key": "applications_balance", "col": "natural_person"}], cells, "2021")
    # only the offending cell (issue 13): with nothing crossing, the balance blames 结转下年度
    assert marked == {("applications", "", "carried_forward", "natural_person")}
    dotted = "active_disclosure.art20_6.administrative_penalty.decisions_this_year"
    assert rp.failing_keys([{"check_key": "non_negative", "col": dotted}], cells, "2021") == {
        ("active_disclosure", "art20_6", "administrative_penalty", "decisions_this_year")}


def test_layout_follows_template_rows_and_marks_cells():
    cells = cells_for("2021")
    key = ("applications", "", "granted", "natural_person")
    tables = rp.layout("2021", cells, {key}, {key: "3"})
    rows = [r["key"] for r in tables["applications"]["rows"]]
    assert rows[0] == "new_received" and "other_unpaid_fee" in rows and "other_total" not in rows
    granted = next(r for r in tables["applications"]["rows"] if r["key"] == "granted")["cells"][0]
    assert granted["fail"] and granted["changed"] and granted["old"] == "3" and granted["text"] == "2"
    assert len(tables["review"]["cells"]) == 15
    assert rp.layout(None, cells, set(), {}) == {"template": None}


def test_diff_reports_changed_added_removed():
    old = {("applications", "", "granted", "total"): {"value": 5.0}, ("x", "", "a", "b"): {"value": 1.0}}
    new = {("applications", "", "granted", "total"): {"value": 6.0}, ("y", "", "a", "b"): {"value": None}}
    kinds = {d["where"]: (d["kind"], d["old"], d["new"]) for d in rp.diff(old, new)}
    assert kinds["applications / granted / total"] == ("changed", "5", "6")
    assert kinds["x / a / b"] == ("removed", "1", "")
    assert kinds["y / a / b"] == ("added", "", "")


def test_search_query_quotes_terms_and_handles_short_ones():
    q = search.parse('政务"公开 OR 网站 -"备案号" 公')
    # the user's text is only ever a quoted phrase: a stray quote is doubled, never FTS5 syntax
    assert [[t.phrase for t in c] for c in q.clauses] == [['"政务""公开"', '"网站"'], ['"公"']]
    assert [t.phrase for t in q.excluded] == ['"备案号"']
    short = search.parse("公开 -网站")
    assert [(t.text, t.index) for t in short.terms] == [("公开", search.GRAMS)]
    assert [(t.text, t.index) for t in short.excluded] == [("网站", search.GRAMS)]
    long = search.parse("政务公开")
    assert [(t.text, t.index) for t in long.terms] == [("政务公开", search.TRIGRAM)]
    assert search.parse("   ").terms == []
    assert search.make_term('a"b"c').phrase == '"a""b""c"'
