"""The item pipelines inside a real Scrapy crawl against a local HTTP server.

Attachments go through Scrapy's engine (so middlewares apply), conditional requests on
the second run get 304s, and every bad answer becomes a failed fetch, not a version.
Each crawl runs in a child process (a Twisted reactor cannot be restarted).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from archive.db import open_db
from archive.store import LocalStore

ROOT = Path(__file__).resolve().parents[1]
PDF = b"%PDF-1.4\n" + b"report body " * 50 + b"\n%%EOF"
BIG = b"%PDF-1.4\n" + b"x" * (2 * 1024 * 1024)


class Handler(BaseHTTPRequestHandler):
    seen: list[tuple[str, dict[str, str]]] = []

    def log_message(self, *args: object) -> None:
        pass

    def send(self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None,
             length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        Handler.seen.append((self.path, dict(self.headers)))
        if self.path == "/page.html":
            body = "<html><p>年报</p></html>".encode()
            if self.headers.get("If-None-Match") == '"p1"':
                self.send_response(304)
                self.send_header("ETag", '"p1"')
                self.end_headers()
                return
            self.send(200, body, "text/html; charset=utf-8", {"ETag": '"p1"'})
        elif self.path == "/good.pdf":
            etag = '"' + hashlib.sha256(PDF).hexdigest() + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send(200, PDF, "application/pdf", {"ETag": etag})
        elif self.path == "/errorpage.pdf":
            self.send(200, "<html><body>系统繁忙</body></html>".encode(), "text/html; charset=utf-8")
        elif self.path == "/truncated.pdf":
            self.send(200, PDF[:20], "application/pdf", length=len(PDF))
            self.wfile.flush()
            self.close_connection = True
        elif self.path == "/big.pdf":
            self.send(200, BIG, "application/pdf")
        elif self.path == "/error.pdf":
            self.send(500, b"server error", "text/plain")
        elif self.path == "/moved.pdf":
            self.send(301, b"", "text/plain", {"Location": "/good.pdf"})
        else:
            self.send(404, b"not found", "text/html")


@pytest.fixture()
def server() -> Iterator[str]:
    Handler.seen = []
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
    from archive.httpcache import cache_middlewares, cache_settings

    base, data_dir, run_id = sys.argv[1:4]
    db = open_db(data_dir + "/nianbao.db")
    db["runs"].insert({"id": run_id, "outcome": "running"})
    db.close()

    class Demo(scrapy.Spider):
        name = "demo"

        async def start(self):
            yield scrapy.Request(base + "/page.html", callback=self.parse)

        def parse(self, response):
            names = ["good.pdf", "errorpage.pdf", "truncated.pdf", "big.pdf", "error.pdf", "moved.pdf", "gone.pdf"]
            headers = {k.decode(): [v.decode() for v in vs] for k, vs in response.headers.items()}
            page = {"url": response.url, "final_url": response.url, "redirects": [], "status": response.status,
                    "headers": headers, "body": response.body, "fetched_at": "2026-01-01T00:00:00Z"}
            yield ReportItem(site="demo", district="某区", agency="某局", year="2022年", title="2022年年报",
                             url=response.url, publish_date="2023-01-20", source_system="portal",
                             attachments=[{"url": n, "name": n, "mime": None} for n in names],
                             page=page, listing_url=base + "/index.html")

    process = CrawlerProcess({
        "ITEM_PIPELINES": {"pipelines.validate.ValidatePipeline": 100, "pipelines.database.ReportPipeline": 300,
                           "pipelines.archive.ArchivePipeline": 400},
        "NIANBAO_RUN_ID": run_id, "NIANBAO_DATA_DIR": data_dir, "LOG_LEVEL": "WARNING",
        "RETRY_TIMES": 1, "DOWNLOADER_MIDDLEWARES": cache_middlewares({}),
        "EXTENSIONS": {"pipelines.warc_log.WarcRecorder": 600},
        **cache_settings(data_dir + "/httpcache"),
    })
    process.crawl(Demo)
    process.start()
''')


def crawl(tmp_path: Path, base: str, run_id: str) -> None:
    script = tmp_path / "spider.py"
    script.write_text(SPIDER, encoding="utf-8")
    env = {"PYTHONPATH": str(ROOT), "NIANBAO_MAX_DOCUMENT_MB": "1", "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, str(script), base, str(tmp_path / "data"), run_id], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]


def outcomes(db, run_id: str) -> dict[str, tuple[str, str | None]]:
    return {r["url"].rsplit("/", 1)[-1]: (r["outcome"], r["error"])
            for r in db.query("select url, outcome, error from fetches where run_id = ?", [run_id])}


def test_pipelines_archive_attachments_through_the_engine(tmp_path: Path, server: str) -> None:
    crawl(tmp_path, server, "run1")
    db = open_db(tmp_path / "data" / "nianbao.db")
    got = outcomes(db, "run1")
    assert got["page.html"][0] == "new"
    assert got["good.pdf"][0] == "new"
    assert got["moved.pdf"][0] == "new"  # redirect followed by Scrapy's middleware
    assert "HTML page" in got["errorpage.pdf"][1]
    assert got["truncated.pdf"][0] == "failed"
    assert got["big.pdf"][0] == "failed"
    assert got["error.pdf"] == ("failed", "HTTP 500")
    assert got["gone.pdf"] == ("failed", "HTTP 404")
    moved = next(db.query("select redirects, final_url from fetches where url like '%moved.pdf'"))
    assert json.loads(moved["redirects"]) and moved["final_url"].endswith("/good.pdf")
    store = LocalStore(tmp_path / "data" / "archive")
    stored = {store.get(r["sha256"]) for r in db.query("select sha256 from versions")}
    assert PDF in stored and BIG not in stored
    assert db["reports"].count == 1 and db["reports"].get(
        next(db.query("select id from reports"))["id"])["year"] == 2022
    warc1 = warc_records(tmp_path / "data" / "warc" / "run1.warc.gz")
    assert ("/good.pdf", "200", PDF) in warc1 and ("/page.html", "200") in {r[:2] for r in warc1}

    Handler.seen = []
    crawl(tmp_path, server, "run2")
    got2 = outcomes(db, "run2")
    assert got2["page.html"][0] == "not_modified"  # the spider's page went through the revalidating cache
    assert any("If-None-Match" in h for p, h in Handler.seen if p == "/page.html")
    assert got2["good.pdf"][0] == "not_modified"
    conditional = [h for p, h in Handler.seen if p == "/good.pdf"]
    assert any("If-None-Match" in h for h in conditional)
    assert got2["truncated.pdf"][0] == "failed"  # retried, still failing, still no version
    assert db["versions"].count == 3  # page, good.pdf, moved.pdf (same bytes, another document)
    warc2 = {r[:2] for r in warc_records(tmp_path / "data" / "warc" / "run2.warc.gz")}
    assert ("/page.html", "304") in warc2 and ("/good.pdf", "304") in warc2


def warc_records(path: Path) -> list[tuple[str, str, bytes]]:
    from urllib.parse import urlsplit

    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as fh:
        return [(urlsplit(r.rec_headers.get_header("WARC-Target-URI")).path, r.http_headers.get_statuscode(),
                 r.content_stream().read()) for r in ArchiveIterator(fh) if r.rec_type == "response"]
