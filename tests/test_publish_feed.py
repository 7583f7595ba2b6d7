"""The Atom feed of new, changed and removed reports, /feed.atom (issue 13, item 5).

Valid Atom (RFC 4287): one id, title and updated per feed and entry, an author, RFC 3339 dates,
entries linked to the version permalink or the report page; site text escaped, and characters
XML 1.0 forbids replaced rather than breaking the document.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
import xml.etree.ElementTree as ET

import pytest
from helpers import ROOT, load_maker, load_script, published_datasette

from crawler.config import Config
from publish.snapshot import publish

DS_DIR = ROOT / "datasette"
ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
HOSTILE_AGENCY = "广州市<b>某局</b> & \x07铃\x00局"
feed_plugin = load_script("datasette/plugins/feed.py", "nianbao_plugin_feed")


@pytest.fixture(scope="module")
def site(tmp_path_factory):

    data = tmp_path_factory.mktemp("feed")
    facts = load_maker().generate(data, reports=16, write_files=0)
    cfg = Config(data)
    conn = sqlite3.connect(cfg.db_path)
    conn.execute("update reports set agency = ? where id = ?", [HOSTILE_AGENCY, facts["reports"][7]["id"]])
    conn.commit()
    conn.close()
    publish(cfg)
    ds = published_datasette(cfg)
    return ds, facts


def get(ds, path: str):
    return asyncio.run(ds.client.get(path))


def one(el: ET.Element, tag: str) -> ET.Element:
    found = el.findall(ATOM + tag)
    assert len(found) == 1, (tag, len(found))
    return found[0]


def test_feed_is_valid_atom(site):
    ds, _ = site
    r = get(ds, "/feed.atom")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(r.content)
    assert root.tag == ATOM + "feed"
    assert one(root, "id").text == "http://localhost/feed.atom"
    assert one(root, "title").text and RFC3339.match(one(root, "updated").text)
    assert one(one(root, "author"), "name").text
    assert any(link.get("rel") == "self" for link in root.findall(ATOM + "link"))
    entries = root.findall(ATOM + "entry")
    assert entries
    ids = [one(e, "id").text for e in entries]
    assert len(ids) == len(set(ids)) and all(i.startswith("tag:nianbao,2026:") for i in ids)
    for e in entries:
        assert one(e, "title").text and RFC3339.match(one(e, "updated").text)
        (alt,) = [link for link in e.findall(ATOM + "link") if link.get("rel") == "alternate"]
        assert alt.get("href").startswith("http://localhost/report/")
    updated = [one(e, "updated").text for e in entries]
    assert updated == sorted(updated, reverse=True)
    assert one(root, "updated").text == updated[0]


def test_feed_has_new_changed_and_removed_reports(site):
    ds, facts = site
    root = ET.fromstring(get(ds, "/feed.atom").content)
    by_kind: dict[str, list[ET.Element]] = {}
    for e in root.findall(ATOM + "entry"):
        by_kind.setdefault(one(e, "category").get("term"), []).append(e)
    assert {"new", "changed", "removed"} <= set(by_kind)
    amended = facts["reports"][2]
    changed = [e for e in by_kind["changed"] if amended["id"] in one(e, "link").get("href")]
    assert changed and one(changed[0], "link").get("href").endswith(f"/version/{amended['shas'][-1]}")
    assert one(changed[0], "title").text.startswith("修改 Changed: ")
    removed = facts["reports"][13]
    assert removed["removed"]
    assert any(one(e, "link").get("href").endswith(f"/report/{removed['id']}") for e in by_kind["removed"])
    # every new and changed entry leads to a page that answers
    for e in by_kind["changed"][:2] + by_kind["new"][:2] + by_kind["removed"][:1]:
        assert get(ds, one(e, "link").get("href").removeprefix("http://localhost")).status_code == 200


def test_site_text_is_escaped_and_forbidden_characters_replaced(site):
    ds, facts = site
    body = get(ds, "/feed.atom").text
    assert "<b>" not in body and "&lt;b&gt;" in body
    root = ET.fromstring(body.encode())  # parses: no raw control characters
    titles = [one(e, "title").text for e in root.findall(ATOM + "entry")]
    assert any("广州市<b>某局</b> & \ufffd铃\ufffd局" in t for t in titles)


def test_entry_dates_and_ids_from_hostile_rows():
    run = {"id": "run 1/x", "started_at": "2026-11-21T02:00:00", "ended_at": None}
    row = {"change": "removed", "report_id": "abc", "agency": "局", "year": 2022, "url": "http://x/a",
           "kind": "page", "sha256": "<not a sha>", "at": "yesterday"}
    e = feed_plugin.entry(row, run, lambda p: "http://h" + p)
    assert e["updated"] == "2026-11-21T02:00:00Z"  # the run's time when the row's is not a date
    assert e["link"] == "http://h/report/abc" and "not a sha" not in e["summary"]
    assert e["id"] == "tag:nianbao,2026:run_1_x/removed/abc/"
    orphan = feed_plugin.entry({**row, "report_id": None, "url": "javascript:alert(1)"}, run, lambda p: "http://h" + p)
    assert orphan["link"] == "http://h/"
    assert feed_plugin.rfc3339("2026-11-21T10:00:00+08:00") == "2026-11-21T02:00:00Z"
    assert feed_plugin.xml_text("a\x0bb\ud800") == "a\ufffdb\ufffd"
