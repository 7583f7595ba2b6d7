"""Serve archived originals at /original/<sha256> (Datasette plugin route).

Why here and not as static files: only a well-formed sha256 is accepted, the file is
looked up through the archive's own layout (``archive.store.LocalStore``), and the
answer carries the original's Content-Type and file name from the ``blobs`` table.
Nothing but a blob inside the archive directory can be reached: the route pattern
admits 64 hex digits and nothing else, and the resolved path must stay under the
archive root (a symlink out of it is refused).
"""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path
from urllib.parse import quote

from datasette import hookimpl
from datasette.utils.asgi import AsgiFileDownload, Response

from archive.store import LocalStore

SHA256 = re.compile(r"^[0-9a-f]{64}$")
UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f/\\"]+')


def archive_root(datasette) -> Path | None:
    """The archive directory from plugin config (``plugins.nianbao.archive_dir``, usually $env)."""
    config = datasette.plugin_config("nianbao") or {}
    value = config.get("archive_dir")
    return Path(value) if value else None


def published_db(datasette):
    config = datasette.plugin_config("nianbao") or {}
    name = config.get("database") or "nianbao"
    try:
        return datasette.get_database(name)
    except KeyError:
        return datasette.get_database()


def content_disposition(name: str) -> str:
    """``attachment`` with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987)."""
    fallback = name.encode("ascii", "replace").decode("ascii").replace("?", "_") or "original"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def clean_name(name: str | None, sha256: str, mime: str | None) -> str:
    name = UNSAFE_NAME.sub("_", (name or "").strip()).strip(". ")
    if name:
        return name
    ext = mimetypes.guess_extension((mime or "").split(";")[0].strip()) or ""
    return f"{sha256}{ext}"


async def original(datasette, request) -> Response | AsgiFileDownload:
    sha256 = request.url_vars["sha256"]
    if not SHA256.match(sha256):
        return Response.text("not a sha256 (64 lowercase hex digits)", status=400)
    root = archive_root(datasette)
    if root is None:
        return Response.text("the archive directory is not configured (NIANBAO_ARCHIVE_DIR)", status=503)
    path = LocalStore(root).path(sha256)
    try:
        resolved = path.resolve(strict=True)
    except (FileNotFoundError, RuntimeError):
        return Response.text("no such original in the archive", status=404)
    if not resolved.is_relative_to(root.resolve()) or not resolved.is_file():
        return Response.text("no such original in the archive", status=404)
    row = None
    try:
        result = await published_db(datasette).execute(
            """select coalesce(b.mime, d.mime) as mime, coalesce(b.original_name, d.name) as name
               from (select ? as sha256) q
               left join blobs b on b.sha256 = q.sha256
               left join versions v on v.sha256 = q.sha256
               left join documents d on d.id = v.document_id
               limit 1""",
            [sha256],
        )
        row = result.first()
    except Exception:  # noqa: BLE001 - a missing table must not hide the original
        row = None
    mime = (row["mime"] if row else None) or None
    name = clean_name(row["name"] if row else None, sha256, mime)
    mime = mime or mimetypes.guess_type(name)[0] or "application/octet-stream"
    headers = {
        "content-disposition": content_disposition(name),
        "x-content-type-options": "nosniff",
        # an archived web page must never run as part of this site
        "content-security-policy": "sandbox",
        "cache-control": "public, max-age=31536000, immutable",
        "etag": f'"{sha256}"',
    }
    return AsgiFileDownload(str(resolved), content_type=mime, headers=headers)


@hookimpl
def register_routes():
    return [(r"^/original/(?P<sha256>[^/]+)$", original)]
