"""`nianbao verify` re-hashes the archive and names what no longer matches."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from archive.db import open_db
from archive.store import LocalStore
from archive.verify import check_archive
from archive.warc import RunWarc
from crawler.cli import cli
from crawler.config import Config


def test_verify_passes_then_reports_corruption_and_missing(tmp_path: Path) -> None:
    cfg = Config(tmp_path).ensure()
    store = LocalStore(cfg.archive_dir)
    good, bad = store.put(b"%PDF-1 good"), store.put(b"%PDF-1 bad")
    db = open_db(cfg.db_path)
    for sha in (good, bad):
        db["blobs"].insert({"sha256": sha, "size": 11})
    db.close()
    result = CliRunner().invoke(cli, ["verify", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "verified 2 originals: 0 corrupt" in result.output

    store.path(bad).write_bytes(b"%PDF-1 flipped")
    gone = store.path(good)
    gone.unlink()
    report = check_archive(cfg)
    assert report.corrupt == [bad] and report.missing == [good] and not report.ok
    result = CliRunner().invoke(cli, ["verify", "--data-dir", str(tmp_path)])
    assert result.exit_code == 1


def test_warc_records_are_readable(tmp_path: Path) -> None:
    from warcio.archiveiterator import ArchiveIterator

    warc = RunWarc(tmp_path, "run1")
    warc.write_exchange(url="http://www.example.gov.cn/a.pdf", status=200,
                        headers={"Content-Type": ["application/pdf"], "Content-Encoding": ["gzip"]},
                        body=b"%PDF-1 body", fetched_at="2026-01-01T00:00:00Z",
                        request_headers={"If-None-Match": ['"x"']})
    warc.write_exchange(url="http://www.example.gov.cn/b.pdf", status=304, headers={}, body=b"",
                        fetched_at="2026-01-01T00:00:01Z")
    warc.close()
    with open(tmp_path / "run1.warc.gz", "rb") as fh:
        records = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI"),
                    r.http_headers.get_statuscode() if r.http_headers and r.rec_type == "response" else None,
                    r.content_stream().read()) for r in ArchiveIterator(fh)]
    assert [r[0] for r in records] == ["warcinfo", "response", "request", "response", "request"]
    assert records[1][1:] == ("http://www.example.gov.cn/a.pdf", "200", b"%PDF-1 body")
    assert records[3][2] == "304"
