"""Every format reads to the same numbers: stored documents with hand-checked expected
JSON (tests/files/extract/make_fixtures.py made them; the numbers are in that script)."""

import json
from pathlib import Path

import pytest

from extract import extract_file
from extract.compare import compare
from extract.errors import ExtractionError
from extract.formats import sniff

FILES = Path(__file__).parent / "files" / "extract"
TEXT_FORMATS = ["report2019.docx", "report2019.pdf", "report2021.gbk.html"]


@pytest.mark.parametrize("name", TEXT_FORMATS)
def test_document_equals_expected(name: str) -> None:
    expected = json.loads((FILES / f"{name}.expected.json").read_text(encoding="utf-8"))
    got = extract_file(FILES / name)
    c = compare(expected, got)
    assert c.wrong == [] and c.meta_wrong == [] and c.checks_wrong is None
    assert c.cells >= 190


def test_legacy_xls_equals_expected() -> None:
    """Excel 97 (xlrd): the replica's xlsx report (gz-fgw-2023) saved as .xls by LibreOffice
    reads to every cell of that report's expected JSON (copied unchanged from replica/data)."""
    expected = json.loads((FILES / "report2021.xls.expected.json").read_text(encoding="utf-8"))
    got = extract_file(FILES / "report2021.xls")
    assert got["format"] == "xls" and got["template"] == "2021"
    c = compare(expected, got)
    assert c.wrong == [] and c.meta_wrong == [] and c.checks_wrong is None
    assert c.cells >= 190


def test_raw_text_is_kept_beside_the_value() -> None:
    got = extract_file(FILES / "report2019.docx")
    amount = got["active_disclosure"]["art20_9"]["centralized_procurement"]["amount"]
    assert amount == pytest.approx(35224362.87)
    assert got["raw"]["active_disclosure"]["art20_9"]["centralized_procurement"]["amount"] == "3522.436287万"
    assert got["raw"]["applications"]["not_processed_publication"]["total"] == "/"
    assert got["applications"]["not_processed_publication"]["total"] is None


def test_html_gbk_rowspan_colspan_and_fees() -> None:
    got = extract_file(FILES / "report2021.gbk.html")
    assert got["format"] == "html" and got["strategy"] == "table"
    assert got["applications"]["not_processed_repeated"]["total"] is None  # missing trailing cells
    assert got["active_disclosure"]["art20_5"]["administrative_licensing"]["decisions_this_year"] == 1205
    assert got["fees"]["fee_notices"] == 2 and got["fees"]["fee_collected_yuan"] == 300
    assert "实际收取信息处理费共计300元" in got["fees"]["sentences"][0]


def test_sniff_by_content_not_name(tmp_path: Path) -> None:
    fake = tmp_path / "report.pdf"
    fake.write_bytes((FILES / "report2021.gbk.html").read_bytes())
    assert sniff(fake) == "html"
    assert sniff(FILES / "report2019.docx", name="x.doc") == "docx"


@pytest.mark.parametrize("content,reason", [
    (b"", "empty"), (b"%PDF-1.4\n garbage", "PDF"), (b"PK\x03\x04broken", "zip"),
])
def test_broken_files_raise_a_clear_error(tmp_path: Path, content: bytes, reason: str) -> None:
    f = tmp_path / "broken.bin"
    f.write_bytes(content)
    with pytest.raises(ExtractionError, match=reason):
        extract_file(f)


def test_stub_page_without_tables(tmp_path: Path) -> None:
    page = tmp_path / "stub.html"
    page.write_text("<html><body><h1>某局2022年政府信息公开工作年度报告</h1><p>详见附件。</p>"
                    "<a href='/attachment/1.pdf'>附件</a></body></html>", encoding="utf-8")
    got = extract_file(page)
    assert got["template"] is None and got["strategy"] is None
    assert got["applications"] is None and got["review_litigation"] is None
    assert got["year"] == 2022 and "详见附件" in got["text"]
    assert got["checks_failing"] == []


def test_image_tables_resolved_through_resources(tmp_path: Path) -> None:
    """An HTML page whose tables are images: the images come from the archive's mapping."""
    from extract.formats.html import read_html
    from extract.pipeline import resource_resolver

    page = tmp_path / "blob-of-page"
    page.write_text("<html><body><h1>某局2021年政府信息公开工作年度报告</h1>"
                    "<p><img src='/img/1/2.png' alt='三、收到和处理政府信息公开申请情况'></p></body></html>",
                    encoding="utf-8")
    image = tmp_path / "blob-of-image"
    image.write_bytes((FILES / "report2019.table.png").read_bytes())
    resolve = resource_resolver("http://www.example.gov.cn/a/post_1.html",
                                {"http://www.example.gov.cn/img/1/2.png": str(image)})
    assert read_html(page, resolve).images == [image]
    assert read_html(page).images == []  # no mirror layout around a blob


def test_cli_prints_the_json(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from crawler.cli import cli

    result = CliRunner().invoke(cli, ["extract", str(FILES / "report2021.gbk.html")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["applications"]["total"]["total"] == 36 and data["extractor_version"]
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    bad = CliRunner().invoke(cli, ["extract", str(empty)])
    assert bad.exit_code == 1 and "empty file" in bad.output


def test_gkmlpt_page_body_is_read_from_config_detail(tmp_path: Path) -> None:
    """Real gkmlpt article pages leave .article-content empty; the tables are in
    window._CONFIG.DETAIL.content, a raw object literal followed by other statements."""
    from extract.formats.html import read_html

    body = "<p>一、总体情况</p><table><tr><td>行政许可</td><td>12</td></tr></table>"
    detail = body.replace('"', '\\"')
    page = tmp_path / "post_1.html"
    page.write_text(
        '<html><head><meta name="ContentSource" content="本网"></head><body><h1 class="content-title">年报</h1>'
        '<div class="article-content"></div><script>window._CONFIG = {SID: \'200001\', SITE_INFO: {name: \'x\'}, '
        f'DETAIL: {{title: \'年报\', content: "{detail}"}}}}; window._CONFIG.ready = 1;</script></body></html>',
        encoding="utf-8")
    doc = read_html(page)
    assert doc.grids == [[["行政许可", "12"]]] and "一、总体情况" in doc.text


def test_a_label_over_two_columns_leaves_its_values_in_the_value_columns() -> None:
    """（六）其他处理 spans the two label columns and its trailing cells are not printed:
    the merge placeholder is not a value, so 0 0 0 0 are the first four columns."""
    from extract.rows import rows_from_grid

    grid = [[None, "（五）不予处理", "1.信访举报投诉类申请", "1", "0", "0", "1"],
            [None, None, "2.重复申请", "1", "0", "0", "1"],
            [None, "（六）其他处理", None, "0", "0"],
            [None, "（七）总计", None, "10", "0", "0", "10"]]
    rows = rows_from_grid(grid)
    assert [r.values for r in rows][2] == ["0", "0"]
    assert rows[3].values == ["10", "0", "0", "10"]


def test_a_huge_pdf_builds_only_the_pages_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """pdfplumber's ``pages`` (and its ``close``) build every page object first: a 300,000-page
    file took minutes before the 80-page cut. Only the pages read may be built."""
    import pdfplumber.page
    from reportlab.pdfgen import canvas

    from extract.formats import pdf as pdf_format

    path = tmp_path / "many.pdf"
    c = canvas.Canvas(str(path))
    for i in range(400):
        c.drawString(100, 750, f"page {i}")
        c.showPage()
    c.save()
    built = []
    original = pdfplumber.page.Page.__init__

    def counting(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003 - pdfplumber's signature
        built.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(pdfplumber.page.Page, "__init__", counting)
    monkeypatch.setattr(pdf_format, "MAX_PAGES", 5)
    doc = pdf_format.read_pdf(path)
    assert doc.text.splitlines() == [f"page {i}" for i in range(5)] and len(built) == 5


def test_table_text_equals_pdfplumbers_own_extract() -> None:
    """Our faster cell reader gives exactly pdfplumber's ``Table.extract()`` (issue 14, point 4)."""
    import pdfplumber

    from extract.formats.pdf import table_text

    with pdfplumber.open(str(FILES / "report2019.pdf")) as pdf:
        tables = [(t, page.chars) for page in pdf.pages for t in page.find_tables()]
        assert tables and all(t.extract() == table_text(t, chars) for t, chars in tables)
