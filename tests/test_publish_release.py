"""Versioned data releases (issue 13, item 6): ``nianbao release`` writes a dated, immutable,
valid Frictionless package with a changelog and checksums; Datasette lists and serves it."""

from __future__ import annotations

import asyncio
import csv
import hashlib
import json
import sqlite3
from datetime import UTC, datetime

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from helpers import ROOT, load_maker, published_datasette

from crawler.config import Config
from publish.release import compare, list_releases, make_release, md, releases_dir
from publish.snapshot import publish, published_db_path

DS_DIR = ROOT / "datasette"
DAY = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
DATA_FILES = ["reports", "statistics_long", "statistics_wide", "failing_checks"]


@pytest.fixture(scope="module")
def releases(tmp_path_factory):
    """Two releases the same day: the first, then after one report is amended, one removed and one added."""
    data = tmp_path_factory.mktemp("release")
    load_maker().generate(data, reports=8, write_files=2)
    cfg = Config(data)
    publish(cfg)
    first = make_release(cfg, now=DAY)
    conn = sqlite3.connect(cfg.db_path)
    ids = [r for (r,) in conn.execute("select id from reports order by id")]
    amended, removed, template = ids[0], ids[1], ids[2]
    conn.execute("update documents set current_sha256 = ? where report_id = ?", ("f" * 64, amended))
    conn.execute("update reports set status = 'removed' where id = ?", (removed,))
    conn.execute("insert into reports (id, agency_id, agency, district, site, year, title, template, status) "
                 "select 'added0000000001', agency_id, agency || '<script>x</script>', district, site, 2030, "
                 "'新 | 报告 [x](javascript:1)', template, 'active' from reports where id = ?", (template,))
    conn.commit()
    conn.close()
    publish(cfg)
    second = make_release(cfg, now=DAY)
    return cfg, first, second, {"amended": amended, "removed": removed, "added": "added0000000001"}


def read_csv(path):
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_release_has_every_file_read_only_with_valid_checksums(releases):
    cfg, first, _, _ = releases
    assert first == releases_dir(cfg) / "2026-12-01"
    names = {p.name for p in first.iterdir()}
    for table in DATA_FILES:
        assert {f"{table}.csv", f"{table}.parquet"} <= names
    assert {"codebook_keys.csv", "codebook_checks.csv", "changes.csv", "datapackage.json", "CHANGELOG.md",
            "SHA256SUMS"} <= names
    assert all(not (p.stat().st_mode & 0o222) for p in first.iterdir())
    sums = dict(line.split("  ")[::-1] for line in (first / "SHA256SUMS").read_text().splitlines())
    assert set(sums) == names - {"SHA256SUMS"}
    for name, digest in sums.items():
        assert hashlib.sha256((first / name).read_bytes()).hexdigest() == digest
    assert not [p for p in releases_dir(cfg).iterdir() if p.name.startswith(".")]  # no temp dir left


def test_tables_match_the_published_database(releases):
    cfg, first, _, _ = releases
    conn = sqlite3.connect(published_db_path(cfg))
    try:
        # the first release was made before the edits: compare counts with its own reports
        n_long = len(read_csv(first / "statistics_long.csv"))
        assert n_long == pq.read_metadata(first / "statistics_long.parquet").num_rows > 0
        assert (first / "statistics_long.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8
        table = pq.read_table(first / "statistics_long.parquet")
        assert str(table.schema.field("value").type) in ("int64", "double")
        assert str(table.schema.field("year").type) == "int64"
        assert "id" not in table.schema.names  # a row number of one snapshot is no stable key
        keys = conn.execute("select count(*) from codebook_keys").fetchone()[0]
        assert len(read_csv(first / "codebook_keys.csv")) == keys
    finally:
        conn.close()
    reports = read_csv(first / "reports.csv")
    assert len(reports) == 8 and all(len(r["content_sha256"]) == 64 for r in reports)


def test_datapackage_is_valid_frictionless(releases):
    from frictionless import Package, validate

    _, first, second, _ = releases
    for release in (first, second):
        report = validate(str(release / "datapackage.json"))
        assert report.valid, report.flatten(["type", "note", "resourceName"])[:10]
    package = Package(str(second / "datapackage.json"))
    assert package.get_resource("reports").schema.get_field("year").type == "integer"
    descriptor = json.loads((second / "datapackage.json").read_text())
    assert descriptor["version"] == "2026-12-01-2"
    assert {r["name"] for r in descriptor["resources"]} >= {"statistics_long", "statistics_long-parquet", "changes"}


def test_changelog_names_what_was_added_amended_and_removed(releases):
    _, first, second, ids = releases
    assert second.name == "2026-12-01-2"
    assert "First release" in (first / "CHANGELOG.md").read_text()
    changes = {r["report_id"]: r["change"] for r in read_csv(second / "changes.csv")}
    assert changes == {ids["amended"]: "amended", ids["removed"]: "removed", ids["added"]: "added"}
    text = (second / "CHANGELOG.md").read_text()
    assert "Changes since release 2026-12-01" in text
    assert "| amended | 1 |" in text and "| removed | 1 |" in text and "| added | 1 |" in text
    # site text is inert: no raw HTML, no live Markdown link
    assert "<script>" not in text and "](javascript" not in text


def test_existing_release_is_never_rewritten_and_no_change_makes_no_release(releases):
    cfg, first, second, _ = releases
    before = {p.name: p.read_bytes() for p in first.iterdir()}
    assert make_release(cfg, now=DAY) is None  # nothing changed since the second release
    assert list_releases(releases_dir(cfg)) == ["2026-12-01", "2026-12-01-2"]
    third = make_release(cfg, now=DAY, force=True)
    assert third.name == "2026-12-01-3"
    assert {p.name: p.read_bytes() for p in first.iterdir()} == before
    assert read_csv(third / "changes.csv") == []


def test_compare_classifies_restored_and_reextracted():
    old = {"a": {"content_sha256": "1", "extraction_id": "e", "status": "removed"},
           "b": {"content_sha256": "1", "extraction_id": "e", "status": "active"}}
    new = {"a": {"content_sha256": "1", "extraction_id": "e", "status": "active"},
           "b": {"content_sha256": "1", "extraction_id": "f", "status": "active"}}
    assert [(r["report_id"], r["change"]) for r in compare(old, new)] == [("a", "restored"), ("b", "re-extracted")]
    assert md("a\n<b>|[x](y)") == r"a \<b\>\|\[x\]\(y\)"


def test_cli_release(releases):
    from crawler.cli import cli

    cfg, *_ = releases
    result = CliRunner().invoke(cli, ["release", "--data-dir", str(cfg.data_dir)])
    assert result.exit_code == 0, result.output
    assert "no change" in result.output


# ---------------------------------------------------------------- served by Datasette


@pytest.fixture(scope="module")
def ds(releases):

    cfg, *_ = releases
    return published_datasette(cfg)


def get(ds, path):
    return asyncio.run(ds.client.get(path))


def test_releases_are_listed_and_served(ds, releases):
    _, first, second, _ = releases
    home = get(ds, "/")
    assert home.status_code == 200 and 'href="/releases/"' in home.text
    index = get(ds, "/releases/")
    assert index.status_code == 200
    assert "/releases/2026-12-01-2/" in index.text and "/releases/2026-12-01/" in index.text
    assert index.text.index("2026-12-01-2") < index.text.index("/releases/2026-12-01/")  # newest first
    listing = get(ds, "/releases/2026-12-01/")
    assert listing.status_code == 200 and "statistics_long.parquet" in listing.text and "SHA256SUMS" in listing.text
    r = get(ds, "/releases/2026-12-01/statistics_long.csv")
    assert r.status_code == 200 and r.content == (first / "statistics_long.csv").read_bytes()
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers.get("content-disposition", "")
    assert get(ds, "/releases/2026-12-01-2/CHANGELOG.md").text == (second / "CHANGELOG.md").read_text()
    data = get(ds, "/releases.json").json()
    cfg = releases[0]
    assert [r["name"] for r in data["releases"]] == list_releases(releases_dir(cfg))[::-1]
    assert data["releases"][-1]["rows"]["reports"] == 8


# (a literal "/releases/../x" is normalised by the client to "/x", not this route's business)
@pytest.mark.parametrize("path", ["/releases/%2e%2e/nianbao.db", "/releases/2026-12-01/%2e%2e",
                                  "/releases/2026-12-01/%2e%2e%2fSHA256SUMS", "/releases/.tmp-1/x",
                                  "/releases/2026-12-01/.hidden", "/releases/2099-01-01/",
                                  "/releases/2026-12-01/nope.csv", "/releases/2026-12-01/..%2F..%2Fnianbao.db"])
def test_release_paths_outside_a_release_are_refused(ds, path):
    r = get(ds, path)
    assert r.status_code in (302, 400, 404), (path, r.status_code)  # 302: Datasette's own 404 redirect dance
    assert "attachment" not in r.headers.get("content-disposition", "")


def test_every_link_of_the_release_pages_answers_200(ds, releases):
    import re

    pages = ["/releases/"] + [f"/releases/{n}/" for n in list_releases(releases_dir(releases[0]))]
    links = set()
    for page in pages:
        r = get(ds, page)
        assert r.status_code == 200
        links |= {link for link in re.findall(r'href="(/[^"]*)"', r.text) if link.startswith("/releases/")}
    assert len(links) > 20
    bad = [link for link in sorted(links) if get(ds, link).status_code != 200]
    assert not bad


def test_a_column_of_mixed_kinds_is_written_as_text(tmp_path):
    from publish.release import _write_table

    conn = sqlite3.connect(":memory:")
    conn.execute("create table t (n integer, x, r real)")
    conn.executemany("insert into t values (?, ?, ?)", [(1, 2, 0.5), (2, "二", 1), (None, b"\x01", None)])
    written = _write_table(conn, tmp_path, "t", "select * from t order by rowid", True)
    assert {f["name"]: f["type"] for f in written.fields} == {"n": "integer", "x": "string", "r": "number"}
    assert read_csv(tmp_path / "t.csv") == [{"n": "1", "x": "2", "r": "0.5"}, {"n": "2", "x": "二", "r": "1.0"},
                                            {"n": "", "x": "01", "r": ""}]
    table = pq.read_table(tmp_path / "t.parquet").to_pylist()
    assert table[1] == {"n": 2, "x": "二", "r": 1.0}
