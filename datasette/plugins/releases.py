"""Serve the data releases (``nianbao release``) at ``/releases/`` beside the database.

Why a route and not ``--static``: only finished releases are reachable. A release name must
be a date (``2026-12-01`` or ``2026-12-01-2``) and a file name plain (letters, digits, ``._-``,
no leading dot), so a temporary directory being written (``.tmp-…``), ``..`` or an encoded
slash never match; the resolved path must still lie inside the releases directory (a symlink
out of it is refused). Files are streamed (``AsgiFileDownload``), never read into memory.

Where the releases are: ``plugins.nianbao.releases_dir`` in ``metadata.yml`` (usually
``$env: NIANBAO_RELEASES_DIR``), else ``<data>/releases`` found from the served database,
which ``publish.snapshot`` keeps at ``<data>/publish/nianbao.db``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import AsgiFileDownload, Response

RELEASE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:-[1-9]\d{0,3})?$")  # publish.release.NAME
FILE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$")
DESCRIPTOR_MAX = 2 * 1024 * 1024  # datapackage.json read for the index; anything larger is not ours
TYPES = {".csv": "text/csv; charset=utf-8", ".parquet": "application/vnd.apache.parquet",
         ".json": "application/json; charset=utf-8", ".md": "text/plain; charset=utf-8"}


def releases_root(datasette: Any) -> Path | None:
    """The configured directory, else ``releases`` beside the ``publish`` directory holding the database
    (the served path may be the link ``<data>/publish/nianbao.db`` or its copy ``<data>/publish/a/nianbao.db``)."""
    config = datasette.plugin_config("nianbao") or {}
    if config.get("releases_dir"):
        return Path(config["releases_dir"])
    name = config.get("database") or "nianbao"
    db = datasette.databases.get(name)
    if db is None or not db.path:
        return None
    for path in (Path(db.path).absolute(), Path(db.path).resolve()):
        for parent in path.parents:
            if parent.name == "publish":
                return parent.parent / "releases"
    return Path(db.path).absolute().parent.parent / "releases"


def _release_dir(root: Path, name: str) -> Path | None:
    if not RELEASE.match(name):
        return None
    path = root / name
    try:
        resolved = path.resolve(strict=True)
    except (FileNotFoundError, RuntimeError, OSError):
        return None
    if resolved.parent != root.resolve() or not resolved.is_dir():
        return None
    return resolved


def _order(name: str) -> tuple[str, int]:
    return name[:10], int(name[11:]) if len(name) > 10 else 1


def describe(path: Path) -> dict[str, Any]:
    """Name, date, file list and counts of one release, from its own descriptor (bounded, tolerant)."""
    info: dict[str, Any] = {"name": path.name, "created": None, "files": [], "rows": {}}
    descriptor = path / "datapackage.json"
    try:
        if descriptor.stat().st_size <= DESCRIPTOR_MAX:
            package = json.loads(descriptor.read_text(encoding="utf-8"))
            info["created"] = str(package.get("created") or "")[:40] or None
            for res in package.get("resources") or []:
                if isinstance(res, dict) and isinstance(res.get("x_rows"), int) and res.get("format") == "csv":
                    info["rows"][str(res.get("name"))[:60]] = res["x_rows"]
    except (OSError, ValueError):
        pass
    for file in sorted(path.iterdir(), key=lambda p: p.name):
        if FILE.match(file.name) and file.is_file() and not file.is_symlink():
            info["files"].append({"name": file.name, "bytes": file.stat().st_size})
    return info


def all_releases(root: Path | None) -> list[dict[str, Any]]:
    """Every finished release, newest first."""
    if root is None or not root.is_dir():
        return []
    names = sorted((p.name for p in root.iterdir() if RELEASE.match(p.name)), key=_order, reverse=True)
    return [describe(d) for d in (_release_dir(root, n) for n in names) if d is not None]


async def index(datasette, request) -> Response:
    releases = all_releases(releases_root(datasette))
    if request.url_vars.get("format") == "json":
        return Response.json({"releases": releases})
    html = await datasette.render_template("releases.html", {"releases": releases, "release": None}, request=request)
    return Response.html(html)


async def release(datasette, request) -> Response:
    root = releases_root(datasette)
    path = _release_dir(root, request.url_vars["name"]) if root else None
    if path is None:
        return Response.text("no such release", status=404)
    html = await datasette.render_template("releases.html", {"releases": [], "release": describe(path)},
                                           request=request)
    return Response.html(html)


async def download(datasette, request) -> Response | AsgiFileDownload:
    root = releases_root(datasette)
    folder = _release_dir(root, request.url_vars["name"]) if root else None
    name = request.url_vars["file"]
    if folder is None or not FILE.match(name):
        return Response.text("no such file", status=404)
    try:
        resolved = (folder / name).resolve(strict=True)
    except (FileNotFoundError, RuntimeError, OSError):
        return Response.text("no such file", status=404)
    if resolved.parent != folder or not resolved.is_file():
        return Response.text("no such file", status=404)
    content_type = TYPES.get(resolved.suffix, "text/plain; charset=utf-8")
    return AsgiFileDownload(resolved, filename=f"nianbao-{folder.name}-{name}", content_type=content_type)


@hookimpl
def register_routes():
    return [
        (r"^/releases(?:/|\.(?P<format>json))$", index),
        (r"^/releases/(?P<name>[0-9-]+)/$", release),
        (r"^/releases/(?P<name>[0-9-]+)/(?P<file>[^/]+)$", download),
    ]
