"""Render the instance and database pages once per published snapshot, not on every request.

Why (issue 13): at 100,000 reports the home page took 205 ms at p95 although it never changes
between two publishes. Datasette 0.65's index view (``views/index.py``) asks SQLite, for each of
the ~60 tables, its columns, primary keys and FTS table, and checks permissions table by table;
the database page does the same and more. Datasette has no page cache of its own (its counts
come from ``inspect-data.json`` already), so this ASGI wrapper keeps the answer to
``/``, ``/.json``, ``/<db>`` and ``/<db>.json`` in memory.

Never an old snapshot's page: every cached answer carries the identity of what it was rendered
from — each served database's file (device, inode, size, mtime, resolved through the served
link) and its inspect hash (publish/snapshot.py names the content) — and a request whose
identity differs renders again. ``nianbao serve`` starts a new Datasette for each snapshot
anyway (crawler/serve.py), so in practice each process caches one snapshot's pages; the
identity check keeps the cache right for a Datasette served any other way.

What is never cached: requests with a query string, another method than GET, an actor's
cookie (``ds_actor``) or an ``Authorization`` header (pages may differ per actor); answers
other than 200, answers that set a cookie, and bodies over ``MAX_BODY`` bytes; mutable
databases (nothing to key on) turn the cache off for every page. The cache lives on the
Datasette object, so ``crawler/serve_app.py``'s warm-up through ``datasette.client`` fills
the cache that uvicorn's app then reads.
"""

from __future__ import annotations

import os
import weakref
from typing import Any, NamedTuple

from datasette import hookimpl

MAX_BODY = 4 * 1024 * 1024  # the home page is ~20 kB, /nianbao.json ~200 kB at 100k reports
INTERNAL_DB = "_internal"  # Datasette's own in-memory catalogue, never shown to visitors


class Answer(NamedTuple):
    identity: tuple[Any, ...]
    start: dict[str, Any]
    body: bytes


_caches: weakref.WeakKeyDictionary[Any, dict[str, Answer]] = weakref.WeakKeyDictionary()


def snapshot_identity(datasette: Any) -> tuple[Any, ...] | None:
    """What the served pages depend on, or None when something served may change (no caching)."""
    parts: list[Any] = []
    for name, db in sorted(datasette.databases.items()):
        if name == INTERNAL_DB:
            continue
        if db.is_mutable or not db.path:
            return None
        try:
            st = os.stat(db.path)  # follows the served link to the copy it names now
        except OSError:
            return None
        parts.append((name, st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, db.hash))
    return tuple(parts)


def cached_paths(datasette: Any) -> set[str]:
    """The pages kept: the instance page and each database's page, HTML and JSON."""
    home = datasette.urls.instance()
    paths = {home, home.rstrip("/") + "/.json"}
    for name in datasette.databases:
        if name != INTERNAL_DB:
            paths |= {datasette.urls.database(name), datasette.urls.database(name) + ".json"}
    return paths


def _cacheable_request(scope: dict[str, Any]) -> bool:
    if scope.get("method") != "GET" or scope.get("query_string"):
        return False
    for key, value in scope.get("headers", []):
        if key == b"authorization" or (key == b"cookie" and b"ds_actor=" in value):
            return False
    return True


def _cacheable_start(message: dict[str, Any]) -> bool:
    return message.get("status") == 200 and not any(
        key.lower() == b"set-cookie" for key, _ in message.get("headers", []))


def page_cache(app: Any, datasette: Any) -> Any:
    """``app`` answering the cached pages from memory, rendered once per snapshot identity."""
    paths: set[str] | None = None

    async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
        nonlocal paths
        if scope.get("type") != "http" or not _cacheable_request(scope):
            await app(scope, receive, send)
            return
        if paths is None:
            paths = cached_paths(datasette)
        path = scope.get("path", "")
        if path not in paths:
            await app(scope, receive, send)
            return
        identity = snapshot_identity(datasette)
        cache = _caches.setdefault(datasette, {})
        hit = cache.get(path)
        if identity is not None and hit is not None and hit.identity == identity:
            await send(hit.start)
            await send({"type": "http.response.body", "body": hit.body, "more_body": False})
            return
        cache.pop(path, None)
        start: dict[str, Any] = {}
        chunks: list[bytes] = []
        size = 0

        async def capture(message: dict[str, Any]) -> None:
            nonlocal size
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body" and size <= MAX_BODY:
                body = message.get("body", b"")
                size += len(body)
                chunks.append(body)
            await send(message)

        await app(scope, receive, capture)
        if identity is not None and size <= MAX_BODY and _cacheable_start(start) \
                and snapshot_identity(datasette) == identity:
            cache[path] = Answer(identity, start, b"".join(chunks))

    return wrapped


@hookimpl
def asgi_wrapper(datasette):
    return lambda app: page_cache(app, datasette)
