"""Documents, fetches and versions: what each URL served, and when, with provenance.

Every fetch becomes a ``fetches`` row (URL, final URL, redirects, status, headers, size,
sha256, run). A fetch whose bytes are new for its document becomes a ``versions`` row
pointing at the blob; an identical (or, for HTML, identical after normalisation) answer
only extends the current version's ``last_seen``. Bad answers (server error, error page in
place of a PDF, truncated or empty body, over the size limit) are failed fetches and never
versions. All rows of one fetch are written in one transaction, after the blob file is
safely in the store, so a killed run never leaves a version without its bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import sqlite_utils

from archive import ids
from archive.formats import (
    FORMAT_EXTENSIONS,
    clean_filename,
    content_problem,
    filename_from_disposition,
    guess_format,
    settle_format,
)
from archive.normalize import is_html, normalized_sha256
from archive.store import BlobStore, sha256_bytes

GONE_STATUSES = (404, 410)


@dataclass
class Fetched:
    """One HTTP exchange as the crawler saw it (or the error that replaced it)."""

    url: str
    status: int | None = None
    body: bytes = b""
    headers: dict[str, list[str]] = field(default_factory=dict)
    final_url: str | None = None
    redirects: list[str] = field(default_factory=list)
    fetched_at: str = field(default_factory=ids.now_iso)
    error: str | None = None
    request_headers: dict[str, list[str]] = field(default_factory=dict)
    # a 304 answered from the crawler's HTTP cache: the cached copy the server just confirmed
    revalidated_body: bytes = b""

    def header(self, name: str) -> str | None:
        for key, values in self.headers.items():
            if key.lower() == name.lower():
                if isinstance(values, (list, tuple)):
                    return str(values[0]) if values else None
                return str(values)
        return None

    @property
    def gone(self) -> bool:
        """The server says the document no longer exists (evidence for removal)."""
        return self.status in GONE_STATUSES


@dataclass
class DocRef:
    """What the crawl knows about one document URL."""

    url: str
    report_id: str | None
    site: str
    kind: str  # page | attachment
    format: str
    name: str | None = None
    mime: str | None = None
    source_system: str | None = None
    listing_url: str | None = None
    parent_id: str | None = None
    title: str | None = None
    publish_date: str | None = None
    # the file name the server gave (Content-Disposition), when it gave one
    filename: str | None = None

    @property
    def id(self) -> str:
        return ids.document_id(self.url)


@dataclass
class FetchResult:
    outcome: str  # new | unchanged | not_modified | failed
    fetch_id: str
    document_id: str
    sha256: str | None = None
    changed: bool = False  # a new version of a document that had one before
    first_version: bool = False  # the document's first version
    error: str | None = None


def fetch_problem(fetched: Fetched, fmt: str, *, max_bytes: int) -> str | None:
    """Why this answer must not become a version (None when it may)."""
    if fetched.error:
        return fetched.error
    if fetched.status is None:
        return "no answer"
    if fetched.status >= 400:
        return f"HTTP {fetched.status}"
    if fetched.status not in (200, 203):
        return f"unexpected HTTP {fetched.status}"
    body = fetched.body
    if len(body) > max_bytes:
        return f"body of {len(body)} bytes over the size limit of {max_bytes}"
    declared = fetched.header("Content-Length")
    # shorter than declared only: a decompressed body (Scrapy keeps the compressed length) is longer
    if declared and declared.isdigit() and len(body) < int(declared):
        return f"truncated download: Content-Length {declared}, received {len(body)}"
    return content_problem(fmt, body, fetched.header("Content-Type"))


def conditional_headers(db: sqlite_utils.Database, url: str) -> dict[str, str]:
    """If-None-Match / If-Modified-Since from the document's last good fetch (if any)."""
    row = next(db.query("select etag, last_modified, current_sha256 from documents where id = ?",
                        [ids.document_id(url)]), None)
    if not row or not row["current_sha256"]:
        return {}
    headers = {}
    if row["etag"]:
        headers["If-None-Match"] = row["etag"]
    if row["last_modified"]:
        headers["If-Modified-Since"] = row["last_modified"]
    return headers


def ensure_document(db: sqlite_utils.Database, doc: DocRef, *, run_id: str, now: str, seen: bool) -> dict:
    """Create or refresh the document row; ``seen`` means its site listed it this run."""
    table = db["documents"]
    try:
        row = table.get(doc.id)
    except sqlite_utils.db.NotFoundError:
        row = None
    fields: dict[str, Any] = {
        "url": doc.url, "site": doc.site, "kind": doc.kind, "format": doc.format,
        "source_system": doc.source_system,
    }
    if doc.format == "other" and row is not None and row.get("format") not in (None, "other"):
        fields["format"] = row["format"]  # sniffed from earlier bytes; a 304 or failure brings none
    for key in ("report_id", "name", "mime", "listing_url", "parent_id", "title", "publish_date", "filename"):
        value = getattr(doc, key)
        if value is not None:
            fields[key] = value
    if seen:
        fields.update(last_run_id=run_id, last_seen=now, status="active", missing_runs=0, removed_at=None)
    elif row is not None and row.get("last_run_id") == run_id:
        fields["last_run_id"] = None  # answered 404/410 this run: that outweighs another link to it
    if row is None:
        fields.update(id=doc.id, first_seen=now, last_seen=now, status="active", missing_runs=0)
        table.insert(fields, pk="id")
        return table.get(doc.id)
    table.update(doc.id, fields)
    return table.get(doc.id)


def _is_new_content(db: sqlite_utils.Database, document_id: str, sha: str, norm: str | None) -> bool:
    """Whether these bytes would become a version (so only then are they stored)."""
    row = next(db.query("select current_sha256 from documents where id = ?", [document_id]), None)
    current = _current_version(db, document_id, row["current_sha256"] if row else None)
    if current is None:
        return True
    return not (current["sha256"] == sha or (norm is not None and current.get("norm_sha256") == norm))


def _is_stored(db: sqlite_utils.Database, document_id: str) -> bool:
    row = next(db.query("select current_sha256 from documents where id = ?", [document_id]), None)
    return _current_version(db, document_id, row["current_sha256"] if row else None) is not None


def _current_version(db: sqlite_utils.Database, document_id: str, sha256: str | None) -> dict | None:
    if not sha256:
        return None
    return next(db.query("select * from versions where document_id = ? and sha256 = ?", [document_id, sha256]),
                None)


def settled(doc: DocRef, fetched: Fetched) -> DocRef:
    """``doc`` with what the answer itself says: the server's file name (Content-Disposition)
    and the format of the bytes where the link or Content-Type said nothing useful."""
    name = filename_from_disposition(fetched.header("Content-Disposition"))
    fmt = guess_format("", name=name) if doc.format == "other" and name else doc.format
    if fetched.body and fetched.status in (200, 203) and not fetched.error:
        fmt = settle_format(fmt, fetched.body, content_type=fetched.header("Content-Type"), url=doc.url,
                            name=name or doc.name)
    if name == doc.filename and fmt == doc.format:
        return doc
    return replace(doc, filename=name or doc.filename, format=fmt)


def _held_but_damaged(db: sqlite_utils.Database, store: Any, document_id: str, sha: str, size: int) -> bool:
    """These are exactly the bytes of the document's current version, and that blob is missing or
    truncated on disk (cheap: a stat, no hashing; ``nianbao verify`` re-hashes everything and heals
    same-size corruption from the WARC files)."""
    row = next(db.query("select current_sha256 from documents where id = ?", [document_id]), None)
    if not row or row["current_sha256"] != sha:
        return False
    path = getattr(store, "path", None)
    if path is None:
        return not store.exists(sha)
    try:
        return path(sha).stat().st_size != size
    except OSError:
        return True


def record_fetch(db: sqlite_utils.Database, store: BlobStore, doc: DocRef, fetched: Fetched, *,
                 run_id: str, max_bytes: int, extra_rules: Iterable[str] = ()) -> FetchResult:
    """Record one fetch of ``doc``: blob, fetch row, version, document pointers."""
    now = fetched.fetched_at or ids.now_iso()
    fetch_id = ids.new_id()
    if fetched.status == 304 and fetched.revalidated_body and not _is_stored(db, doc.id):
        # the HTTP cache knew the page but this database does not (a new data directory, or a
        # run killed between the two): the copy the server confirmed is this document's content
        fetched = replace(fetched, status=200, body=fetched.revalidated_body, revalidated_body=b"")
    doc = settled(doc, fetched)
    problem = None if fetched.status == 304 else fetch_problem(fetched, doc.format, max_bytes=max_bytes)
    body = fetched.body if problem is None and fetched.status != 304 else b""
    sha = sha256_bytes(body) if body else None
    norm = None
    if sha and (doc.format == "html" or is_html(fetched.header("Content-Type"), body)):
        norm = normalized_sha256(body, site=doc.site, extra_rules=extra_rules)
    if sha and (_is_new_content(db, doc.id, sha, norm) or _held_but_damaged(db, store, doc.id, sha, len(body))):
        # before the transaction: a version never points at missing bytes; and bytes we hold again
        # whose blob is missing or damaged on disk are written again (the archive heals)
        store.put(body)
    with db.atomic():
        document = ensure_document(db, doc, run_id=run_id, now=now, seen=not fetched.gone)
        current = _current_version(db, doc.id, document.get("current_sha256"))
        result = FetchResult(outcome="failed", fetch_id=fetch_id, document_id=doc.id, error=problem)
        if problem is None and fetched.status == 304:
            result.outcome = "not_modified" if current else "failed"
            result.sha256 = current["sha256"] if current else None
            result.error = None if current else "304 for a document without a stored version"
        elif problem is None and sha:
            same = current is not None and (
                current["sha256"] == sha or (norm is not None and current.get("norm_sha256") == norm))
            if same:
                result.outcome, result.sha256 = "unchanged", current["sha256"]
            else:
                result.outcome, result.sha256 = "new", sha
                result.changed = current is not None
                result.first_version = document.get("current_sha256") is None
                if not store.exists(sha):  # decided "new" only now (another writer?): store first
                    store.put(body)
                _add_version(db, doc, sha, len(body), norm, fetch_id=fetch_id, now=now, mime=fetched.header("Content-Type"))
                current = _current_version(db, doc.id, sha)
        db["fetches"].insert({
            "id": fetch_id, "run_id": run_id, "url": fetched.url, "final_url": fetched.final_url or fetched.url,
            "redirects": json.dumps(fetched.redirects, ensure_ascii=False), "status": fetched.status,
            "headers": json.dumps(fetched.headers, ensure_ascii=False), "fetched_at": now,
            "size": len(fetched.body), "sha256": sha256_bytes(fetched.body) if fetched.body else None,
            "outcome": result.outcome, "error": result.error, "document_id": doc.id,
        })
        if result.outcome != "failed" and current is not None:
            db["versions"].update(current["id"], {"last_seen": now, "last_fetch_id": fetch_id})
            update: dict[str, Any] = {"current_sha256": current["sha256"]}
            if result.outcome != "not_modified":
                update["etag"] = fetched.header("ETag")
                update["last_modified"] = fetched.header("Last-Modified")
            db["documents"].update(doc.id, update)
    return result


def download_name(doc: DocRef) -> str:
    """The name an original is offered under: the server's own file name, else the link's,
    else the URL's last segment; given the extension of its (sniffed) format when it has none,
    so that ``downfile.jsp?classid=0&filename=…`` downloads as ``年报.pdf``."""
    url_name = doc.url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    for candidate in (doc.filename, doc.name, url_name):
        name = clean_filename(candidate)
        if name:
            break
    else:
        name = "original"
    ext = FORMAT_EXTENSIONS.get(doc.format)
    if ext and guess_format("", name=name) != doc.format and not (doc.format == "wps" and name.endswith(".doc")):
        name = f"{name}.{ext}"
    return name


def _add_version(db: sqlite_utils.Database, doc: DocRef, sha: str, size: int, norm: str | None, *,
                 fetch_id: str, now: str, mime: str | None) -> None:
    """A new version, or the return of an older content (the same row, seen again)."""
    if not db["blobs"].count_where("sha256 = ?", [sha]):
        db["blobs"].insert({"sha256": sha, "size": size, "mime": mime or doc.mime,
                            "original_name": download_name(doc), "stored_at": now})
    if _current_version(db, doc.id, sha) is None:
        db["versions"].insert({"id": ids.new_id(), "document_id": doc.id, "sha256": sha, "size": size,
                               "first_seen": now, "last_seen": now, "first_fetch_id": fetch_id,
                               "last_fetch_id": fetch_id, "norm_sha256": norm})
