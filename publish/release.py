"""``nianbao release``: a dated, immutable data package a paper can cite.

Why: the served database changes every night, so a figure computed from it cannot be checked
a year later. A release freezes what was published at one moment into
``<data>/releases/<YYYY-MM-DD>[-N]/``: the reports, the long and wide statistics and the
failing checks as CSV (UTF-8 with BOM, so Excel opens the Chinese text) and Parquet, the
codebook, a Frictionless Data Package descriptor (``datapackage.json``, https://specs.frictionlessdata.io/data-package/)
with a schema and a sha256 for every file, a changelog of the reports added, amended (a new
version of a document), re-extracted or removed since the previous release (``CHANGELOG.md``
and, complete, ``changes.csv``), and ``SHA256SUMS`` (``sha256sum -c SHA256SUMS`` checks it).

Immutable: the package is written to a hidden temporary directory and renamed into place; an
existing release is never written to (a second release the same day is ``<date>-2``), files are
made read-only, and a release identical in its data to the previous one is not made at all.

Releases are made by hand or by an operator's monthly timer, not every night (see
``docs/cli.md``): a citable release is a deliberate act, and a nightly one would pile up
near-identical copies of a multi-gigabyte table.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from crawler.config import Config
from publish.snapshot import DB_NAME, publish, published_db_path

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
METADATA = ROOT / "datasette" / "metadata.yml"
NAME = re.compile(r"^\d{4}-\d{2}-\d{2}(?:-[1-9]\d{0,3})?$")  # a release directory's name
BATCH = 50_000  # rows per fetch and per Parquet row group: bounded memory at any size
CHANGELOG_LIST = 200  # reports listed per kind of change in CHANGELOG.md (all are in changes.csv)
LICENSE = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
           "title": "Creative Commons Attribution 4.0 (the derived data; originals are the agencies')"}

# table -> (SQL over the snapshot, Parquet too?). Ordered so that files diff well between releases.
# statistics_long leaves out its ``id`` (a row number of one snapshot, not a stable key).
TABLES: dict[str, tuple[str, bool]] = {
    "statistics_long": ("select report_id, agency_id, agency, district, year, template, \"table\", item, row, "
                        "\"column\", label_zh, label_en, value, unit, raw, extraction_id from statistics_long "
                        "order by id", True),
    "statistics_wide": ("select * from statistics_wide order by report_id", True),
    "failing_checks": ("select * from failing_checks order by report_id, check_key, \"column\"", True),
    "codebook_keys": ("select * from codebook_keys order by template, \"table\", item, row, \"column\"", False),
    "codebook_checks": ("select * from codebook_checks order by check_key, scope", False),
}
# reports: one row per report with a fingerprint of its documents' current content; the
# changelog compares these between releases
REPORTS_SQL = """
select r.id as report_id, r.agency_id, r.agency, r.district, r.site, r.year, r.title, r.template, r.status,
  r.first_seen, r.last_seen, b.extraction_id,
  (select count(*) from documents d where d.report_id = r.id) as documents,
  (select count(*) from versions v join documents d on d.id = v.document_id where d.report_id = r.id) as versions,
  (select min(d.url) from documents d where d.report_id = r.id and d.kind = 'page') as url,
  (select group_concat(x, ' ') from (select d.url || '=' || coalesce(d.current_sha256, '') as x
     from documents d where d.report_id = r.id and coalesce(d.status, '') != 'removed' order by d.url)) as content
from reports r left join report_best b on b.report_id = r.id
order by r.id"""
DESCRIPTIONS = {
    "reports": "每份年度报告一行，content_sha256 为其文件当前内容的指纹 / One row per report; content_sha256 "
               "fingerprints the current content of its documents",
    "changes": "与上一版发布相比新增、修订、重新提取、删除的报告 / Reports added, amended, re-extracted or removed "
               "since the previous release",
}


class ReleaseError(RuntimeError):
    """A release cannot be made (no database, a corrupt previous release)."""


@dataclass
class Written:
    """One table written as CSV (and Parquet): its Frictionless schema and row count."""

    name: str
    rows: int = 0
    fields: list[dict[str, Any]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def releases_dir(cfg: Config) -> Path:
    """Beside the published database: ``<data>/releases`` (served at ``/releases/``)."""
    return cfg.data_dir / "releases"


def list_releases(root: Path) -> list[str]:
    """Release names, oldest first (dates, then the day's number)."""
    if not root.is_dir():
        return []
    names = [p.name for p in root.iterdir() if p.is_dir() and NAME.match(p.name)]
    return sorted(names, key=_order)


def _order(name: str) -> tuple[str, int]:
    date, _, n = name[:10], name[10:11], name[11:]
    return date, int(n) if n else 1


def make_release(cfg: Config, *, now: datetime | None = None, force: bool = False) -> Path | None:
    """Write a release from the published snapshot (publishing first if there is none).

    Returns the new release directory, or ``None`` when its data would be identical to the
    previous release's (unless ``force``).
    """
    if not published_db_path(cfg).exists():
        if not cfg.db_path.exists():
            raise ReleaseError(f"no database at {cfg.db_path}: run `nianbao run` first")
        publish(cfg)
    # the served copy itself, not the link: a publish turning the link meanwhile does not move this
    # reader (publish/slots.py), and the copy, open here, is not written until the release is done
    source = published_db_path(cfg).resolve()
    now = now or datetime.now(UTC)
    root = releases_dir(cfg)
    root.mkdir(parents=True, exist_ok=True)
    previous = (list_releases(root) or [None])[-1]
    tmp = root / f".tmp-{os.getpid()}-{now.strftime('%Y%m%dT%H%M%S')}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            written = [_write_reports(conn, tmp)]
            written += [_write_table(conn, tmp, name, sql, parquet) for name, (sql, parquet) in TABLES.items()]
        finally:
            conn.close()
        prev_dir = root / previous if previous else None
        if prev_dir and not force and _same_data(tmp, prev_dir, written):
            log.info("release: no change since %s; nothing written", previous)
            shutil.rmtree(tmp)
            return None
        changes = _write_changes(tmp, prev_dir)
        written.append(changes)
        name = _free_name(root, now)
        _write_changelog(tmp, name, previous, changes, now)
        _write_datapackage(tmp, name, now, written)
        _write_sums(tmp)
        for path in tmp.iterdir():
            path.chmod(0o444)
        final = _rename_into_place(tmp, root, now)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    log.info("release %s written", final)
    return final


# --- tables ------------------------------------------------------------------------------

def _rows(conn: sqlite3.Connection, sql: str) -> Iterator[tuple[list[str], list[tuple]]]:
    cursor = conn.execute(sql)
    columns = [d[0] for d in cursor.description]
    while batch := cursor.fetchmany(BATCH):
        yield columns, batch


def _kinds(conn: sqlite3.Connection, sql: str) -> dict[str, set[str]]:
    """SQLite storage classes present in each column, in one pass (a column's declared type can lie)."""
    cursor = conn.execute(f"select * from ({sql}) limit 0")
    columns = [d[0] for d in cursor.description]
    probes = ", ".join(f"group_concat(distinct typeof([{c}]))" for c in columns)
    row = conn.execute(f"select {probes} from ({sql})").fetchone()
    return {c: set((v or "").split(",")) - {"null", ""} for c, v in zip(columns, row, strict=True)}


def _field_type(kinds: set[str]) -> str:
    if kinds <= {"integer"}:
        return "integer" if kinds else "string"
    if kinds <= {"integer", "real"}:
        return "number"
    return "string"


ARROW = {"integer": pa.int64(), "number": pa.float64(), "string": pa.string()}


def _write_table(conn: sqlite3.Connection, out: Path, name: str, sql: str, parquet: bool) -> Written:
    kinds = _kinds(conn, sql)
    types = {c: _field_type(k) for c, k in kinds.items()}
    result = Written(name, files=[f"{name}.csv"] + ([f"{name}.parquet"] if parquet else []))
    schema = pa.schema([(c, ARROW[t]) for c, t in types.items()])
    writer = pq.ParquetWriter(out / f"{name}.parquet", schema, compression="zstd") if parquet else None
    try:
        with (out / f"{name}.csv").open("w", encoding="utf-8-sig", newline="") as fh:
            sink = csv.writer(fh)
            sink.writerow(list(types))
            # only a column holding values of another kind than its type (text in a number column,
            # a blob) is converted cell by cell; the rest go to CSV and Arrow as SQLite gives them
            mixed = [i for i, c in enumerate(types) if not _fits(kinds[c], types[c])]
            for columns, batch in _rows(conn, sql):
                if mixed:
                    batch = [tuple(_cell(v, types[columns[i]]) if i in mixed else v for i, v in enumerate(row))
                             for row in batch]
                sink.writerows(batch)
                result.rows += len(batch)
                if writer:
                    arrays = [pa.array(values, type=ARROW[types[c]])
                              for c, values in zip(columns, zip(*batch, strict=True), strict=True)]
                    writer.write_batch(pa.record_batch(arrays, schema=schema))
    finally:
        if writer:
            writer.close()
    result.fields = _fields(name, types)
    return result


def _fits(kinds: set[str], kind: str) -> bool:
    """Whether every stored value of a column is already of the column's type."""
    return kinds <= {"string": {"text"}, "integer": {"integer"}, "number": {"integer", "real"}}[kind]


def _cell(value: Any, kind: str) -> Any:
    """A value as its column's type: text in a numeric column makes the column a string one."""
    if value is None:
        return None
    if kind == "string":
        return value.hex() if isinstance(value, bytes) else str(value)
    if kind == "number":
        return float(value)
    return value


def _write_reports(conn: sqlite3.Connection, out: Path) -> Written:
    """reports.csv/.parquet with ``content_sha256``: sha256 of the sorted ``url=sha256`` of its documents."""
    view = f"select * from ({REPORTS_SQL})"
    conn.execute("drop table if exists temp.release_reports")
    conn.execute(f"create temp table release_reports as {view}")
    conn.create_function("sha256_hex", 1, lambda s: hashlib.sha256(s.encode()).hexdigest() if s else None,
                         deterministic=True)
    sql = ("select report_id, agency_id, agency, district, site, year, title, template, status, first_seen, "
           "last_seen, url, documents, versions, sha256_hex(content) as content_sha256, extraction_id "
           "from temp.release_reports order by report_id")
    return _write_table(conn, out, "reports", sql, True)


def _fields(table: str, types: dict[str, str]) -> list[dict[str, Any]]:
    columns = _metadata_columns(table)
    fields = []
    for name, kind in types.items():
        item: dict[str, Any] = {"name": name, "type": kind}
        if isinstance(columns.get(name), str):
            item["description"] = columns[name]
        fields.append(item)
    return fields


def _metadata() -> dict[str, Any]:
    try:
        data = yaml.safe_load(METADATA.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return {}
    return data.get("databases", {}).get(DB_NAME, {}).get("tables", {}) or {}


def _metadata_columns(table: str) -> dict[str, Any]:
    return (_metadata().get(table) or {}).get("columns") or {}


# --- changes since the previous release -------------------------------------------------------

KEYS = ("report_id", "change", "agency", "district", "year", "title", "previous_content_sha256", "content_sha256",
        "previous_extraction_id", "extraction_id")
CHANGE_ORDER = ("added", "restored", "amended", "re-extracted", "removed")


def _read_reports(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return {row["report_id"]: row for row in csv.DictReader(fh)}


def _removed(row: dict[str, str] | None) -> bool:
    return row is None or row.get("status") == "removed"


def compare(old: dict[str, dict[str, str]], new: dict[str, dict[str, str]]) -> list[dict[str, str]]:
    """Reports added, restored, amended (content changed), re-extracted or removed, as rows of changes.csv."""
    out = []
    for rid in sorted(set(old) | set(new)):
        before, after = old.get(rid), new.get(rid)
        if _removed(after):
            change = None if _removed(before) else "removed"
        elif before is None:
            change = "added"
        elif _removed(before):
            change = "restored"
        elif before.get("content_sha256") != after.get("content_sha256"):
            change = "amended"
        elif before.get("extraction_id") != after.get("extraction_id"):
            change = "re-extracted"
        else:
            change = None
        if change:
            row = after or before or {}
            out.append({
                "report_id": rid, "change": change, "agency": row.get("agency", ""),
                "district": row.get("district", ""), "year": row.get("year", ""), "title": row.get("title", ""),
                "previous_content_sha256": (before or {}).get("content_sha256", ""),
                "content_sha256": (after or {}).get("content_sha256", ""),
                "previous_extraction_id": (before or {}).get("extraction_id", ""),
                "extraction_id": (after or {}).get("extraction_id", ""),
            })
    out.sort(key=lambda r: (CHANGE_ORDER.index(r["change"]), r["district"], r["agency"], r["year"], r["report_id"]))
    return out


def _write_changes(out: Path, previous: Path | None) -> Written:
    old = _read_reports(previous / "reports.csv") if previous else {}
    rows = compare(old, _read_reports(out / "reports.csv"))
    with (out / "changes.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        sink = csv.DictWriter(fh, fieldnames=KEYS)
        sink.writeheader()
        sink.writerows(rows)
    types = {k: ("integer" if k == "year" else "string") for k in KEYS}
    result = Written("changes", rows=len(rows), fields=_fields("changes", types), files=["changes.csv"])
    result.changes = rows  # type: ignore[attr-defined]  # kept for the changelog of this release
    return result


MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>&~])")


def md(text: Any) -> str:
    """Site text made inert in Markdown (and in HTML if rendered): one line, specials escaped, bounded."""
    one_line = re.sub(r"\s+", " ", str(text or "")).strip()[:200]
    return MD_SPECIAL.sub(r"\\\1", one_line)


def _write_changelog(out: Path, name: str, previous: str | None, changes: Written, now: datetime) -> None:
    rows: list[dict[str, str]] = changes.changes  # type: ignore[attr-defined]
    counts = {k: sum(1 for r in rows if r["change"] == k) for k in CHANGE_ORDER}
    lines = [f"# nianbao release {name}", "",
             f"Made {now.strftime('%Y-%m-%d %H:%M UTC')} from the published database.", ""]
    if previous:
        lines += [f"Changes since release {previous} (every one is listed in `changes.csv`):", ""]
    else:
        lines += ["First release: every report is new (listed in `changes.csv`).", ""]
    lines += ["| change | reports |", "| --- | ---: |"] + [f"| {k} | {counts[k]} |" for k in CHANGE_ORDER] + [""]
    meaning = {"added": "new reports", "restored": "reports removed before and published again",
               "amended": "a document of the report has new content (a new version)",
               "re-extracted": "same documents, statistics extracted again (a new extractor)",
               "removed": "reports taken down from the agency's site"}
    for kind in CHANGE_ORDER:
        listed = [r for r in rows if r["change"] == kind]
        if not listed:
            continue
        lines += [f"## {kind} — {meaning[kind]}", ""]
        for r in listed[:CHANGELOG_LIST]:
            lines.append(f"- {md(r['agency'])} {md(r['year'])}: {md(r['title'])} (`{md(r['report_id'])}`)")
        if len(listed) > CHANGELOG_LIST:
            lines.append(f"- … and {len(listed) - CHANGELOG_LIST} more, listed in `changes.csv`")
        lines.append("")
    (out / "CHANGELOG.md").write_text("\n".join(lines), encoding="utf-8")


# --- descriptor and checksums ------------------------------------------------------------

def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _write_datapackage(out: Path, name: str, now: datetime, written: list[Written]) -> None:
    """The Frictionless descriptor: one tabular resource per CSV (schema, bytes, hash); each Parquet
    copy is a file resource of its own (bytes, hash), so ``frictionless validate`` checks every file."""
    meta = _metadata()
    resources = []
    for table in written:
        description = DESCRIPTIONS.get(table.name) or (meta.get(table.name) or {}).get("description") or ""
        for file in table.files:
            path = out / file
            parquet = file.endswith(".parquet")
            checked = {"path": file, "bytes": path.stat().st_size, "hash": f"sha256:{_sha256(path)}"}
            if parquet:  # a plain data resource: frictionless reads Parquet only with pandas installed
                resources.append({"name": f"{table.name}-parquet", "profile": "data-resource", "type": "file",
                                  "title": f"{table.name} (Parquet)", "format": "parquet",
                                  "mediatype": "application/vnd.apache.parquet", **checked,
                                  "description": f"{description} — the rows and columns of {table.name}.csv "
                                                 f"(same schema) in Apache Parquet"})
                continue
            resources.append({
                "name": table.name, "profile": "tabular-data-resource", "title": table.name,
                "description": description, "format": "csv", "mediatype": "text/csv", "encoding": "utf-8-sig",
                **checked, "schema": {"fields": table.fields}, "x_rows": table.rows,
            })
    package = {
        "profile": "data-package", "name": f"nianbao-{name}", "id": f"nianbao-release-{name}",
        "version": name, "created": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "title": "nianbao 年报 — 政府信息公开工作年度报告数据 / Chinese government information-disclosure annual "
                 f"reports, release {name}",
        "description": "见 CHANGELOG.md / Reports, their statistics (long and wide), failing accounting checks and "
                       "the codebook, as published by nianbao on the date of the release. See CHANGELOG.md.",
        "licenses": [LICENSE],
        "sources": [{"title": "各机关政府门户网站与政府信息公开目录 / agencies' portals and disclosure catalogues"}],
        "resources": resources,
    }
    (out / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8")


def _write_sums(out: Path) -> None:
    lines = [f"{_sha256(p)}  {p.name}" for p in sorted(out.iterdir()) if p.name != "SHA256SUMS"]
    (out / "SHA256SUMS").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _same_data(new: Path, previous: Path, written: list[Written]) -> bool:
    """True when every data file of ``new`` has the bytes of the previous release's."""
    for table in written:
        for file in table.files:
            old = previous / file
            if not old.exists() or _sha256(old) != _sha256(new / file):
                return False
    return True


def _free_name(root: Path, now: datetime) -> str:
    date = now.strftime("%Y-%m-%d")
    taken = {n for n in list_releases(root) if n.startswith(date)}
    n = 1
    while (f"{date}-{n}" if n > 1 else date) in taken:
        n += 1
    return f"{date}-{n}" if n > 1 else date


def _rename_into_place(tmp: Path, root: Path, now: datetime) -> Path:
    """Rename the finished package to the first free name of the day; never onto an existing release."""
    for _ in range(100):
        final = root / _free_name(root, now)
        if final.exists():
            continue
        try:
            os.rename(tmp, final)  # a directory appearing meanwhile is not empty: the rename fails
        except OSError:
            continue
        if final.name != _read_version(final):
            _fix_name(final)
        return final
    raise ReleaseError(f"no free release name under {root}")


def _read_version(path: Path) -> str | None:
    try:
        return json.loads((path / "datapackage.json").read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError):
        return None


def _fix_name(final: Path) -> None:
    """Another release took the planned name while this one was written: name the files after the real one."""
    name = final.name
    pkg_path, log_path = final / "datapackage.json", final / "CHANGELOG.md"
    for p in (pkg_path, log_path, final / "SHA256SUMS"):
        p.chmod(0o644)
    package = json.loads(pkg_path.read_text(encoding="utf-8"))
    old = package["version"]
    package.update(version=name, name=f"nianbao-{name}", id=f"nianbao-release-{name}",
                   title=package["title"].replace(f"release {old}", f"release {name}"))
    pkg_path.write_text(json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8")
    log_path.write_text(log_path.read_text(encoding="utf-8").replace(f"release {old}\n", f"release {name}\n", 1),
                        encoding="utf-8")
    _write_sums(final)
    for p in (pkg_path, log_path, final / "SHA256SUMS"):
        p.chmod(0o444)
