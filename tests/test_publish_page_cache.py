"""datasette/plugins/page_cache.py: the home and database pages, rendered once per snapshot."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3

import pytest
from datasette.app import Datasette
from datasette.plugins import pm
from helpers import load_maker, load_script, published_datasette

from crawler.config import Config
from publish.snapshot import publish

page_cache = load_script("datasette/plugins/page_cache.py", "page_cache_under_test")
CACHED = ("/", "/.json", "/nianbao", "/nianbao.json")


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    data = tmp_path_factory.mktemp("page_cache")
    load_maker().generate(data, reports=6, write_files=0)
    cfg = Config(data)
    publish(cfg)
    return published_datasette(cfg)


def get(ds, path: str, **kwargs):
    return asyncio.run(ds.client.get(path, **kwargs))


def _cache_of(ds) -> dict:
    """The cache the plugin as Datasette loaded it keeps for ``ds`` (its module, not our copy)."""
    plugin = next(p for p in pm.get_plugins() if getattr(p, "__name__", "").startswith("page_cache"))
    return plugin._caches.get(ds, {})


def test_cached_pages_equal_rendered_ones(ds):
    for path in CACHED:
        _cache_of(ds).pop(path, None)
        rendered = get(ds, path)
        assert rendered.status_code == 200, path
        assert path in _cache_of(ds), path
        cached = get(ds, path)
        assert cached.content == rendered.content, path
        assert cached.headers == rendered.headers, path
    assert json.loads(get(ds, "/nianbao.json").content)["tables"]  # a real page, not an empty one


def test_other_pages_and_personal_requests_are_not_cached(ds):
    _cache_of(ds).clear()
    get(ds, "/nianbao/reports")
    get(ds, "/?_sort=relationships")
    get(ds, "/", cookies={"ds_actor": "x"})
    get(ds, "/nianbao.json", headers={"Authorization": "Bearer x"})
    assert _cache_of(ds) == {}


def _counting_app(calls: list[str], status: int = 200, headers=()):
    async def app(scope, receive, send):
        calls.append(scope["path"])
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"text/plain"), *headers]})
        await send({"type": "http.response.body", "body": f"render {len(calls)}".encode()})
    return app


async def _call(app, path: str = "/", query: bytes = b"") -> bytes:
    body = b""

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        nonlocal body
        body += message.get("body", b"")

    await app({"type": "http", "method": "GET", "path": path, "query_string": query, "headers": []}, receive, send)
    return body


def _snapshot(path, rows: int) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    conn.execute("create table t (n)")
    conn.executemany("insert into t values (?)", [(i,) for i in range(rows)])
    conn.commit()
    conn.close()
    os.replace(tmp, path)


def test_a_new_snapshot_behind_the_link_is_rendered_again(tmp_path):
    a, b, link = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "snap.db"
    _snapshot(a, 1)
    _snapshot(b, 2)
    link.symlink_to(a.name)
    datasette = Datasette(immutables=[str(link)])
    calls: list[str] = []
    app = page_cache.page_cache(_counting_app(calls), datasette)
    assert asyncio.run(_call(app)) == b"render 1"
    assert asyncio.run(_call(app)) == b"render 1"  # from the cache
    assert asyncio.run(_call(app, "/snap.json")) == b"render 2"
    tmp_link = tmp_path / "snap.tmp"
    tmp_link.symlink_to(b.name)
    os.replace(tmp_link, link)  # the publish turns the link to the other copy
    assert asyncio.run(_call(app)) == b"render 3"
    _snapshot(b, 3)  # that copy rewritten in place (another inode)
    assert asyncio.run(_call(app)) == b"render 4"
    assert asyncio.run(_call(app)) == b"render 4"
    assert calls == ["/", "/snap.json", "/", "/"]


def test_failures_and_cookies_are_not_cached(tmp_path):
    _snapshot(tmp_path / "snap.db", 1)
    datasette = Datasette(immutables=[str(tmp_path / "snap.db")])
    for status, headers in ((500, ()), (200, ((b"set-cookie", b"ds_csrftoken=x"),))):
        calls: list[str] = []
        app = page_cache.page_cache(_counting_app(calls, status, headers), datasette)
        asyncio.run(_call(app))
        asyncio.run(_call(app))
        assert len(calls) == 2


def test_a_mutable_database_turns_the_cache_off(tmp_path):
    _snapshot(tmp_path / "live.db", 1)
    datasette = Datasette([str(tmp_path / "live.db")])
    calls: list[str] = []
    app = page_cache.page_cache(_counting_app(calls), datasette)
    asyncio.run(_call(app))
    asyncio.run(_call(app))
    assert len(calls) == 2


def test_markdown_cells_are_off_but_markdown_charts_render(ds):
    """datasette/plugins/markdown_cells_off.py: no published column is markdown; the dashboards' stays."""
    asyncio.run(ds.invoke_startup())
    assert "render_markdown" not in [h.plugin_name for h in pm.hook.render_cell.get_hookimpls()]
    db = ds.get_database("nianbao")
    conn = sqlite3.connect(f"file:{db.path}?mode=ro", uri=True)
    try:
        columns = [(t, c[1]) for (t,) in conn.execute("select name from sqlite_master where type in ('table', 'view')")
                   for c in conn.execute(f"pragma table_info([{t}])")]
    finally:
        conn.close()
    assert columns and not [tc for tc in columns if tc[1].endswith("_markdown")]
    page = get(ds, "/-/dashboards/compare")
    assert page.status_code == 200 and "<strong>" in page.text  # the intro chart's **bold**, rendered
    assert get(ds, "/-/plugins.json").status_code == 200
