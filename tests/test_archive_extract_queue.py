"""Extraction after the crawl: each new blob once per extractor version; failures recorded."""

from __future__ import annotations

from pathlib import Path

from archive import ids
from archive.db import open_db
from archive.store import LocalStore
from archive.versions import DocRef, Fetched, record_fetch
from extract import EXTRACTOR_VERSION
from extract.queue import extract_pending, fill_report_templates, pending

PAGE = ("<html><head><title>某局2022年政府信息公开工作年度报告</title></head><body><h1>某局2022年政府信息公开"
        "工作年度报告</h1><p>一、总体情况</p><p>本机关依法公开政府信息。</p></body></html>").encode()


def test_extracts_new_blobs_once_and_records_failures(tmp_path: Path) -> None:
    db = open_db(tmp_path / "n.db")
    store = LocalStore(tmp_path / "archive")
    db["runs"].insert({"id": "r1"})
    db["reports"].insert({"id": "rep", "status": "active"})
    for url, body, fmt in (("http://h/post_1.html", PAGE, "html"), ("http://h/a.pdf", b"%PDF-1.4 garbage", "pdf")):
        doc = DocRef(url=url, report_id="rep", site="by", kind="page" if fmt == "html" else "attachment",
                     format=fmt)
        assert record_fetch(db, store, doc, Fetched(url=url, status=200, body=body), run_id="r1",
                            max_bytes=10**6).outcome == "new"
    assert len(pending(db, EXTRACTOR_VERSION)) == 2
    failures = extract_pending(db, store, run_id="r1")
    rows = {r["document_id"]: r for r in db.query("select document_id, status, error from extractions")}
    assert rows[ids.document_id("http://h/a.pdf")]["status"] == "failed"
    assert rows[ids.document_id("http://h/a.pdf")]["error"]
    assert rows[ids.document_id("http://h/post_1.html")]["status"] == "ok"
    assert failures == {"by": 1}
    assert pending(db, EXTRACTOR_VERSION) == []  # nothing new, and with one attempt allowed no retry


def attempts(db, url: str) -> tuple[str, int]:
    row = db.execute("select status, attempts from extractions where document_id = ?", [ids.document_id(url)])
    return tuple(row.fetchone())


def test_failed_extraction_is_retried_on_later_runs_up_to_the_limit(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("NIANBAO_EXTRACT_RETRIES", raising=False)  # default: 3 attempts
    db = open_db(tmp_path / "n.db")
    store = LocalStore(tmp_path / "archive")
    db["runs"].insert({"id": "r1"})
    db["reports"].insert({"id": "rep", "status": "active"})
    for url, body, fmt in (("http://h/post_1.html", PAGE, "html"), ("http://h/a.pdf", b"%PDF-1.4 garbage", "pdf")):
        doc = DocRef(url=url, report_id="rep", site="by", kind="page" if fmt == "html" else "attachment",
                     format=fmt)
        record_fetch(db, store, doc, Fetched(url=url, status=200, body=body), run_id="r1", max_bytes=10**6)
    assert extract_pending(db, store, run_id="r1") == {"by": 1}
    assert attempts(db, "http://h/a.pdf") == ("failed", 1)
    assert attempts(db, "http://h/post_1.html") == ("ok", 1)
    assert extract_pending(db, store, run_id="r2") == {"by": 1}  # retried; the ok one is not
    assert attempts(db, "http://h/a.pdf") == ("failed", 2)
    assert attempts(db, "http://h/post_1.html") == ("ok", 1)
    assert extract_pending(db, store, run_id="r3") == {"by": 1}
    assert attempts(db, "http://h/a.pdf") == ("failed", 3)
    assert extract_pending(db, store, run_id="r4") == {}  # the limit is reached: given up until a new extractor
    assert attempts(db, "http://h/a.pdf") == ("failed", 3)
    assert db["extractions"].count == 2  # retries replace the row, never add one


def test_retry_succeeds_when_the_document_becomes_readable(tmp_path: Path, monkeypatch) -> None:
    import extract.queue as queue

    monkeypatch.setenv("NIANBAO_EXTRACT_RETRIES", "2")
    db = open_db(tmp_path / "n.db")
    store = LocalStore(tmp_path / "archive")
    db["runs"].insert({"id": "r1"})
    db["reports"].insert({"id": "rep", "status": "active"})
    url = "http://h/post_1.html"
    doc = DocRef(url=url, report_id="rep", site="by", kind="page", format="html")
    record_fetch(db, store, doc, Fetched(url=url, status=200, body=PAGE), run_id="r1", max_bytes=10**6)
    real = queue.extract_isolated

    def timed_out(*args, **kwargs):
        raise queue.ExtractionError("worker timed out after 120 s")

    monkeypatch.setattr(queue, "extract_isolated", timed_out)
    assert extract_pending(db, store, run_id="r1") == {"by": 1}
    row = db.execute("select status, error, attempts from extractions").fetchone()
    assert row == ("failed", "worker timed out after 120 s", 1)
    monkeypatch.setattr(queue, "extract_isolated", real)
    assert extract_pending(db, store, run_id="r2") == {}
    assert db.execute("select status, error, attempts from extractions").fetchone() == ("ok", None, 2)


def test_report_template_comes_from_its_best_extraction(tmp_path: Path) -> None:
    db = open_db(tmp_path / "n.db")
    db["reports"].insert_all([{"id": "a", "status": "active"}, {"id": "b", "status": "active"},
                              {"id": "c", "status": "active", "template": "2019"}])
    db["extractions"].insert_all([
        {"id": "e1", "sha256": "1", "report_id": "a", "status": "ok", "template": "2021"},
        {"id": "e2", "sha256": "2", "report_id": "a", "status": "ok", "template": "2019"},
        {"id": "e3", "sha256": "3", "report_id": "c", "status": "ok", "template": None},
    ])
    db["report_best"].insert_all([{"report_id": "a", "extraction_id": "e1"}, {"report_id": "c", "extraction_id": "e3"}])
    assert fill_report_templates(db) == 1
    got = {r["id"]: r["template"] for r in db.query("select id, template from reports")}
    assert got == {"a": "2021", "b": None, "c": "2019"}  # no best extraction / no template: left alone
    db["report_best"].update("a", {"extraction_id": "e2"})
    assert fill_report_templates(db) == 1 and db["reports"].get("a")["template"] == "2019"
    assert fill_report_templates(db) == 0


def test_blob_is_read_under_its_documents_extension(tmp_path: Path) -> None:
    """Blobs are stored under their bare sha256; readers such as openpyxl need the extension."""
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "某局2022年政府信息公开工作年度报告"
    book.active["A2"] = "一、总体情况"
    buf = io.BytesIO()
    book.save(buf)
    db = open_db(tmp_path / "n.db")
    store = LocalStore(tmp_path / "archive")
    db["runs"].insert({"id": "r1"})
    db["reports"].insert({"id": "rep", "status": "active"})
    url = "http://h/attachment/1/2/3/4.xlsx"
    doc = DocRef(url=url, report_id="rep", site="by", kind="attachment", format="xlsx", name="年度报告.xlsx",
                 mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    record_fetch(db, store, doc, Fetched(url=url, status=200, body=buf.getvalue()), run_id="r1", max_bytes=10**6)
    assert extract_pending(db, store, run_id="r1") == {}
    assert db.execute("select status, format from extractions").fetchone() == ("ok", "xlsx")


def test_page_with_tables_pasted_as_images_is_read_from_its_archived_images(tmp_path: Path) -> None:
    """The nightly queue hands the extractor the archived <img> files of an HTML page, so a
    report whose tables are pictures gets its numbers (replica report panyu-jyj-2019)."""
    import json

    data = Path(__file__).resolve().parent.parent / "replica" / "data"
    manifest = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
    report = next(r for r in manifest["states"]["night1"]["reports"] if r["publication"] == "html_images")
    page, *images = report["documents"]
    db = open_db(tmp_path / "n.db")
    store = LocalStore(tmp_path / "archive")
    db["runs"].insert({"id": "r1"})
    db["reports"].insert({"id": "rep", "status": "active"})
    page_ref = DocRef(url=page["url"], report_id="rep", site=report["site"], kind="page", format="html")
    for doc, ref in [(page, page_ref)] + [
        (img, DocRef(url=img["url"], report_id="rep", site=report["site"], kind="attachment", format="image",
                     name=img["name"], mime="image/png", parent_id=page_ref.id)) for img in images]:
        body = (data / doc["file"]).read_bytes()
        record_fetch(db, store, ref, Fetched(url=doc["url"], status=200, body=body), run_id="r1", max_bytes=10**7)
    assert extract_pending(db, store, run_id="r1") == {}
    got = json.loads(db.execute("select json from extractions where document_id = ?", [page_ref.id]).fetchone()[0])
    expected = json.loads((data / page["expected"]).read_text(encoding="utf-8"))
    assert got["template"] == expected["template"]
    assert got["applications"]["new_received"] == expected["applications"]["new_received"]
    assert got["applications"]["total"] == expected["applications"]["total"]


def test_relative_data_dir_still_extracts(tmp_path: Path, monkeypatch) -> None:
    """`make demo` uses --data-dir data (relative): the named links must point to real files."""
    monkeypatch.chdir(tmp_path)
    db = open_db(Path("n.db"))
    store = LocalStore(Path("data") / "archive")
    db["runs"].insert({"id": "r1"})
    db["reports"].insert({"id": "rep", "status": "active"})
    doc = DocRef(url="http://h/post_1.html", report_id="rep", site="by", kind="page", format="html",
                 name="post_1.html")
    record_fetch(db, store, doc, Fetched(url=doc.url, status=200, body=PAGE), run_id="r1", max_bytes=10**6)
    assert extract_pending(db, store, run_id="r1") == {}
    assert attempts(db, "http://h/post_1.html") == ("ok", 1)


def test_an_image_is_extracted_after_its_page_and_shares_its_ocr(tmp_path: Path, monkeypatch) -> None:
    """Each image OCR'd once: a table image whose page is pending waits for the page, and both
    run with the run's OCR cache (extract.ocr.ocr_file); a standalone image is not held back."""
    import os

    import extract.queue as queue
    from extract.errors import ExtractionError

    db = open_db(tmp_path / "n.db")
    store = LocalStore(tmp_path / "archive")
    db["runs"].insert({"id": "r1"})
    db["reports"].insert({"id": "rep", "status": "active"})
    page = DocRef(url="http://h/post_1.html", report_id="rep", site="by", kind="page", format="html")
    docs = [(page, PAGE),
            (DocRef(url="http://h/img/1.png", report_id="rep", site="by", kind="attachment", format="image",
                    parent_id=page.id), b"\x89PNG table one"),
            (DocRef(url="http://h/img/alone.png", report_id="rep", site="by", kind="attachment", format="image"),
             b"\x89PNG a report that is one picture")]
    for ref, body in docs:
        record_fetch(db, store, ref, Fetched(url=ref.url, status=200, body=body), run_id="r1", max_bytes=10**6)
    order: list[str] = []

    def fake(path, **kwargs):
        order.append(kwargs.get("url") or "")
        assert os.environ.get("NIANBAO_OCR_CACHE")  # the workers inherit the run's cache
        raise ExtractionError("fake")

    monkeypatch.setattr(queue, "extract_isolated", fake)
    monkeypatch.setenv("NIANBAO_EXTRACT_WORKERS", "1")
    monkeypatch.delenv("NIANBAO_OCR_CACHE", raising=False)
    queue.extract_pending(db, store, run_id="r1")
    assert sorted(order) == sorted(ref.url for ref, _ in docs)  # nothing lost
    assert order.index("http://h/img/1.png") > order.index("http://h/post_1.html")
    assert "NIANBAO_OCR_CACHE" not in os.environ  # restored after the run
    assert db.execute("select count(*) from extractions").fetchone()[0] == 3
