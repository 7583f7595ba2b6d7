"""Attachments behind a download script (Hanweb ``downfile.jsp``): octet-stream, the name only in
Content-Disposition. The archive keeps the server's file name, the format the bytes show, and
offers the original under that name; the extractor is handed the right extension."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import sqlite_utils

from archive import ids
from archive.db import open_db
from archive.store import LocalStore
from archive.versions import DocRef, Fetched, record_fetch
from extract.queue import extraction_name

ROOT = Path(__file__).resolve().parents[1]
FILES = ROOT / "tests" / "files" / "extract"
DOCX = (FILES / "report2019.docx").read_bytes()
PDF = b"%PDF-1.4\n" + b"report body " * 50 + b"\n%%EOF"
SCRIPT = "/module/download/downfile.jsp?classid=0&filename="


def disposition_utf8(name: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename*=UTF-8''{quote(name)}"


@pytest.fixture()
def env(tmp_path: Path) -> tuple[sqlite_utils.Database, LocalStore]:
    db = open_db(tmp_path / "n.db")
    db["runs"].insert({"id": "r1", "outcome": "running"})
    db["runs"].insert({"id": "r2", "outcome": "running"})
    return db, LocalStore(tmp_path / "archive")


def downfile_doc(query: str = "1a2b3c") -> DocRef:
    return DocRef(url=f"http://www.example.gov.cn{SCRIPT}{query}", report_id=None, site="ex", kind="attachment",
                  format="other", name="附件1")


def test_octet_stream_docx_gets_its_name_and_format(env: tuple[sqlite_utils.Database, LocalStore]) -> None:
    db, store = env
    fetched = Fetched(url=downfile_doc().url, status=200, body=DOCX,
                      headers={"Content-Type": ["application/octet-stream"],
                               "Content-Disposition": [disposition_utf8("2018年政府信息公开工作年度报告.docx")]})
    result = record_fetch(db, store, downfile_doc(), fetched, run_id="r1", max_bytes=10_000_000)
    assert result.outcome == "new"
    row = db["documents"].get(downfile_doc().id)
    assert row["format"] == "docx" and row["filename"] == "2018年政府信息公开工作年度报告.docx"
    assert row["name"] == "附件1"  # the link's own text is kept beside it
    assert db["blobs"].get(result.sha256)["original_name"] == "2018年政府信息公开工作年度报告.docx"
    # a 304 the next night brings no bytes: the sniffed format stays
    record_fetch(db, store, downfile_doc(), Fetched(url=downfile_doc().url, status=304), run_id="r2",
                 max_bytes=10_000_000)
    assert db["documents"].get(downfile_doc().id)["format"] == "docx"


def test_gbk_quoted_name_and_name_without_extension(env: tuple[sqlite_utils.Database, LocalStore]) -> None:
    db, store = env
    gbk = 'attachment; filename="' + "年报".encode("gbk").decode("latin-1") + '"'
    doc = downfile_doc("x")
    fetched = Fetched(url=doc.url, status=200, body=PDF,
                      headers={"Content-Type": ["application/octet-stream"], "Content-Disposition": [gbk]})
    result = record_fetch(db, store, doc, fetched, run_id="r1", max_bytes=10_000_000)
    assert db["documents"].get(doc.id)["format"] == "pdf"
    assert db["documents"].get(doc.id)["filename"] == "年报"
    assert db["blobs"].get(result.sha256)["original_name"] == "年报.pdf"  # the sniffed format's extension


def test_error_page_where_the_disposition_promised_a_pdf(env: tuple[sqlite_utils.Database, LocalStore]) -> None:
    db, store = env
    doc = downfile_doc("y")
    fetched = Fetched(url=doc.url, status=200, body="<html><body>系统繁忙</body></html>".encode(),
                      headers={"Content-Type": ["application/octet-stream"],
                               "Content-Disposition": [disposition_utf8("年报.pdf")]})
    result = record_fetch(db, store, doc, fetched, run_id="r1", max_bytes=10_000_000)
    assert result.outcome == "failed" and "HTML page" in (result.error or "")


def test_extraction_name_follows_the_sniffed_format() -> None:
    assert extraction_name("年报.doc", "docx") == "年报.doc.docx"
    assert extraction_name("年报.pdf", "pdf") == "年报.pdf"
    assert extraction_name("http://x/module/download/downfile.jsp?classid=0&filename=ab", "xlsx") == \
        "downfile.jsp.xlsx"
    assert extraction_name(None, "pdf") == "document.pdf"
    assert extraction_name("post_1", "html") == "post_1.html"


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        if self.path == "/art/2019/1/20/art_1_2.html":
            body = ("<html><p>" + "年报" + "</p></html>").encode("gbk")
            headers = {"Content-Type": "text/html"}  # GBK without a charset, as Hanweb pages are
        elif self.path.startswith(SCRIPT + "a1"):
            body = DOCX
            headers = {"Content-Type": "application/octet-stream",
                       "Content-Disposition": disposition_utf8("广州市某局2018年政府信息公开工作年度报告.docx")}
        elif self.path.startswith(SCRIPT + "b2"):
            body = PDF
            headers = {"Content-Type": "application/octet-stream",
                       "Content-Disposition": 'attachment; filename="' + "附件.pdf".encode("gbk").decode("latin-1")
                       + '"'}
        else:
            body, headers = b"not found", {"Content-Type": "text/plain"}
        self.send_response(200 if body != b"not found" else 404)
        for key, value in headers.items():
            self.send_header(key, value.encode("latin-1").decode("latin-1"))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture()
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


SPIDER = textwrap.dedent('''
    import sys
    import scrapy
    from scrapy.crawler import CrawlerProcess
    from archive.db import open_db
    from crawler.items import ReportItem

    base, data_dir, run_id = sys.argv[1:4]
    db = open_db(data_dir + "/nianbao.db")
    db["runs"].insert({"id": run_id, "outcome": "running"})
    db.close()
    SCRIPT = "/module/download/downfile.jsp?classid=0&filename="

    class Demo(scrapy.Spider):
        name = "demo"

        async def start(self):
            yield scrapy.Request(base + "/art/2019/1/20/art_1_2.html", callback=self.parse)

        def parse(self, response):
            headers = {k.decode(): [v.decode("latin-1") for v in vs] for k, vs in response.headers.items()}
            page = {"url": response.url, "final_url": response.url, "redirects": [], "status": response.status,
                    "headers": headers, "body": response.body, "fetched_at": "2019-01-20T00:00:00Z"}
            yield ReportItem(site="demo", district="某区", agency="某局", year="2018年", title="2018年年报",
                             url=response.url, publish_date="2019-01-20", source_system="portal",
                             attachments=[{"url": base + SCRIPT + "a1", "name": "附件1", "mime": None},
                                          {"url": base + SCRIPT + "b2", "name": None, "mime": None}],
                             page=page, listing_url=base + "/col/col1/index.html")

    process = CrawlerProcess({
        "ITEM_PIPELINES": {"pipelines.validate.ValidatePipeline": 100, "pipelines.database.ReportPipeline": 300,
                           "pipelines.archive.ArchivePipeline": 400},
        "NIANBAO_RUN_ID": run_id, "NIANBAO_DATA_DIR": data_dir, "LOG_LEVEL": "WARNING", "RETRY_TIMES": 0,
    })
    process.crawl(Demo)
    process.start()
''')


def test_pipeline_archives_downfile_attachments(tmp_path: Path, server: str) -> None:
    script = tmp_path / "spider.py"
    script.write_text(SPIDER, encoding="utf-8")
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, str(script), server, str(tmp_path / "data"), "run1"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    db = open_db(tmp_path / "data" / "nianbao.db")
    docs = {r["url"].rsplit("=", 1)[-1]: r for r in db.query(
        "select d.url, d.format, d.filename, b.original_name from documents d "
        "join versions v on v.document_id = d.id join blobs b on b.sha256 = v.sha256 where d.kind = 'attachment'")}
    assert docs["a1"]["format"] == "docx"
    assert docs["a1"]["original_name"] == "广州市某局2018年政府信息公开工作年度报告.docx"
    assert docs["b2"]["format"] == "pdf" and docs["b2"]["filename"] == "附件.pdf"
    page = db["documents"].get(ids.document_id(server + "/art/2019/1/20/art_1_2.html"))
    assert page["current_sha256"]  # the GBK page without charset is archived as served
