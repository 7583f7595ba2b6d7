"""Inline-HTML reports: merged header cells as agencies print them, values that read back."""

from __future__ import annotations

import re

import lxml.html
import pytest

from replica.documents import body_html, expected, render
from replica.reports import ALL_COLS, RESULT_ROWS, RL_COLS, RL_GROUPS, build_reports

SPECS = build_reports()
HTML_SPECS = [s for s in SPECS if s.publication == "html"]
NULL_TEXT = {"", "/", "—", "无"}


def grid(table) -> list[list[str | None]]:
    """Expand an HTML table's rowspan/colspan into a rectangular grid of cell texts.

    A spanned cell's text is only in its top-left slot; slots a row leaves out are None.
    """
    rows: list[list[str | None]] = []
    pending: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(table.xpath("./tbody/tr|./tr")):
        line: list[str | None] = []
        c = 0
        for td in tr.xpath("./td|./th"):
            while (r, c) in pending:
                line.append(pending.pop((r, c)))
                c += 1
            rs, cs = int(td.get("rowspan", 1)), int(td.get("colspan", 1))
            for dr in range(rs):
                for dc in range(cs):
                    if dr or dc:
                        pending[(r + dr, c + dc)] = ""
            line.append(td.text_content().strip())
            line += [""] * (cs - 1)
            c += cs
        while (r, c) in pending:
            line.append(pending.pop((r, c)))
            c += 1
        rows.append(line)
    return rows


def value(text: str | None):
    if text is None or text in NULL_TEXT:
        return None
    return int(text) if re.fullmatch(r"-?\d+", text) else float(text)


def test_body_is_one_fragment() -> None:
    docs = render(HTML_SPECS[0])
    assert [(d.role, d.format) for d in docs] == [("body", "html")]
    assert docs[0].filename == f"{HTML_SPECS[0].key}.html"
    assert "<html" not in docs[0].data.decode()


def test_html_deterministic() -> None:
    for s in HTML_SPECS[:5]:
        assert body_html(s) == body_html(s)


@pytest.mark.parametrize("spec", HTML_SPECS, ids=lambda s: s.key)
def test_tables_use_spans_and_read_back(spec) -> None:
    root = lxml.html.fromstring(body_html(spec))
    tables = root.xpath("//table")
    # one table per section, or the 第二十条 items as separate tables (4 in 2021, 5 in 2019)
    split = "ad_split_tables" in spec.quirks
    assert len(tables) == ({"2019": 7, "2021": 6}[spec.template] if split else 3)
    apps_table, review_table = tables[-2], tables[-1]
    # the template's merged cells: 申请人情况 over 7 columns, 法人或其他组织 over 5, 办理结果 as a rowspan
    assert apps_table.xpath(".//*[self::td or self::th][@colspan='7' and contains(., '申请人情况')]")
    assert apps_table.xpath(".//*[self::td or self::th][@colspan='5' and contains(., '法人或其他组织')]")
    result_rows = RESULT_ROWS[spec.template]
    assert apps_table.xpath(f".//*[self::td or self::th][@rowspan='{len(result_rows) + 1}' and contains(., '本年度办理结果')]")
    assert apps_table.xpath(".//*[self::td or self::th][@rowspan='8' and contains(., '不予公开')]")
    assert review_table.xpath(".//*[self::td or self::th][@colspan='10' and contains(., '行政诉讼')]")

    exp = expected(spec, "html")
    g = grid(apps_table)
    order = ["new_received", "carried_over", *result_rows, "total", "carried_forward"]
    assert len(g) == 3 + len(order)
    for row_key, line in zip(order, g[3:], strict=True):
        cells = (line[3:] + [None] * 7)[:7]
        assert [value(t) for t in cells] == [exp["applications"][row_key][c] for c in ALL_COLS], row_key
    review_values = [value(t) for t in grid(review_table)[3]]
    assert review_values == [exp["review_litigation"][grp][c] for grp in RL_GROUPS for c in RL_COLS]


def test_label_variants_printed() -> None:
    """The wording habits the extractor must tolerate really appear in the HTML."""
    text = "".join(body_html(s) for s in HTML_SPECS)
    for needle in ("需另行制作", "需要另行制作", "(一)予以公开", "（一）予以公开", ">—<", ">/<", ">无<",
                   "五、政府信息公开工作存在的主要问题及改进情况"):
        assert needle in text, needle


@pytest.mark.parametrize("spec", HTML_SPECS[:12], ids=lambda s: s.key)
def test_sections_text_is_in_body(spec) -> None:
    """The expected section prose is what the page shows, paragraph by paragraph."""
    text = lxml.html.fromstring(body_html(spec)).text_content()
    for key, prose in expected(spec, "html")["sections"].items():
        for paragraph in filter(None, prose.split("\n")):
            assert paragraph in text, (key, paragraph[:30])
