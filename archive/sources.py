"""Where each site's reports come from, and what each run confirmed: the ``sources`` tables.

The site spider reports every portal column and gkmlpt catalogue it crawled (department
catalogues it found at crawl time included) in the Scrapy stat ``nianbao/<site>/sources``:
a list of ``{"kind", "url", "host", "prefix", "sid", "name", "configured", "found_via",
"reports", "ok", "note"}``. After the crawl the runner hands those lists to
:func:`record_sources`, which keeps one ``sources`` row per (site, url) and one
``source_runs`` row per source seen in the run.

A source absent from the list of a site whose crawl was ``ok`` counts one missed run; after
``NIANBAO_REMOVAL_RUNS`` (default 2) consecutive missed runs it is ``gone`` — like a removed
report (``archive/removal.py``), so one flaky night does not flag it. A broken or unreachable
site, or a spider that reported no sources at all, is no evidence: its sources keep their
state. A gone source seen again is ``active`` again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import sqlite_utils

from archive.ids import sha1_16
from crawler.config import env_int
from crawler.registry import netloc_of

STAT = "nianbao/{site}/sources"
KINDS = ("column", "catalogue")


def source_id(site: str, url: str) -> str:
    """Stable id of a source: ``sha1(site|host[:port]/path)[:16]``. The scheme is left out (a
    catalogue reached over http one night and https the next is one source, as in
    ``spiders.sources.source_key``), so the same column stays the same row."""
    parts = urlsplit(url)
    return sha1_16(f"{site}|{netloc_of(url)}{parts.path or '/'}")


@dataclass
class SourceChanges:
    """What one run changed in ``sources``, per site (for logs and tests)."""

    new: dict[str, list[str]] = field(default_factory=dict)       # site -> urls first seen
    returned: dict[str, list[str]] = field(default_factory=dict)  # gone before, seen again
    missing: dict[str, list[str]] = field(default_factory=dict)   # not seen, not yet gone
    gone: dict[str, list[str]] = field(default_factory=dict)      # declared gone this run


def sources_from_stats(stats: Mapping[str, Any], site_keys: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """Each site's sources list from the crawl's stats; sites that reported none are left out."""
    out: dict[str, list[dict[str, Any]]] = {}
    for key in site_keys:
        value = stats.get(STAT.format(site=key))
        if isinstance(value, list | tuple):
            out[key] = [dict(v) for v in value if isinstance(v, Mapping) and v.get("url")]
    return out


def _normalise(site: str, raw: Mapping[str, Any]) -> dict[str, Any]:
    url = str(raw["url"])
    kind = str(raw.get("kind") or ("catalogue" if "/gkmlpt/" in url else "column"))
    try:
        reports = max(0, int(raw.get("reports") or 0))
    except (TypeError, ValueError):
        reports = 0
    return {
        "id": source_id(site, url), "site": site, "kind": kind if kind in KINDS else "column", "url": url,
        "host": str(raw.get("host") or netloc_of(url)), "prefix": raw.get("prefix"),
        "sid": None if raw.get("sid") in (None, "") else str(raw["sid"]), "name": raw.get("name"),
        "configured": 1 if raw.get("configured") else 0, "found_via": raw.get("found_via"),
        "reports": reports, "ok": 1 if raw.get("ok", True) else 0, "note": raw.get("note") or None,
    }


def _merged(site: str, entries: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """One entry per URL: a source listed twice adds its reports, and is ok when either was."""
    out: dict[str, dict[str, Any]] = {}
    for raw in entries:
        e = _normalise(site, raw)
        have = out.get(e["id"])
        if have is None:
            out[e["id"]] = e
            continue
        have["reports"] += e["reports"]
        have["ok"] = max(have["ok"], e["ok"])
        have["configured"] = max(have["configured"], e["configured"])
        for col in ("prefix", "sid", "name", "found_via", "note"):
            have[col] = have[col] or e[col]
    return out


def record_sources(db: sqlite_utils.Database, *, run_id: str, now: str, seen: Mapping[str, list[dict[str, Any]]],
                   ok_sites: Iterable[str], threshold: int | None = None) -> SourceChanges:
    """Upsert this run's sources (``seen``: site -> the spider's list) and age the absent ones.

    ``ok_sites``: the sites whose crawl this run was ``ok``; only there does absence count.
    A site with an empty list gave no evidence either (a spider that lists nothing did not
    look), so its sources are left as they were.
    """
    threshold = max(1, threshold if threshold is not None else env_int("NIANBAO_REMOVAL_RUNS", 2))
    ok = set(ok_sites)
    changes = SourceChanges()
    with db.atomic():
        for site, entries in seen.items():
            current = _merged(site, entries)
            for e in current.values():
                _upsert(db, e, run_id=run_id, now=now, changes=changes)
            if site in ok and current:
                _age_absent(db, site, set(current), run_id=run_id, now=now, threshold=threshold, changes=changes)
    return changes


def _upsert(db: sqlite_utils.Database, e: dict[str, Any], *, run_id: str, now: str, changes: SourceChanges) -> None:
    rows = db["sources"]
    old = next(rows.rows_where("id = ?", [e["id"]]), None)
    row = {k: e[k] for k in ("id", "site", "kind", "url", "host", "prefix", "sid", "name", "configured",
                             "found_via", "note", "ok")}
    row.update({"last_seen": now, "reports_last_run": e["reports"], "status": "active", "gone_since": None,
                "missing_runs": 0, "last_run_id": run_id, "gone_run_id": None})
    if e["reports"] > 0:
        row["last_confirmed"] = now
    if old is None:
        row.update({"first_seen": now, "first_run_id": run_id})
        changes.new.setdefault(e["site"], []).append(e["url"])
        rows.insert(row, pk="id", alter=True)
    else:
        if old.get("status") == "gone":
            changes.returned.setdefault(e["site"], []).append(e["url"])
        for col in ("prefix", "sid", "name", "found_via"):  # keep what an earlier run knew
            row[col] = row[col] if row[col] not in (None, "") else old.get(col)
        rows.update(e["id"], row, alter=True)
    db["source_runs"].insert({"run_id": run_id, "source_id": e["id"], "reports": e["reports"], "ok": e["ok"]},
                             pk=("run_id", "source_id"), replace=True)


def _age_absent(db: sqlite_utils.Database, site: str, present: set[str], *, run_id: str, now: str,
                threshold: int, changes: SourceChanges) -> None:
    for old in list(db["sources"].rows_where("site = ? and status = 'active'", [site])):
        if old["id"] in present:
            continue
        missed = (old.get("missing_runs") or 0) + 1
        update: dict[str, Any] = {"missing_runs": missed}
        if missed >= threshold:
            update.update({"status": "gone", "gone_since": now, "gone_run_id": run_id})
            changes.gone.setdefault(site, []).append(old["url"])
        else:
            changes.missing.setdefault(site, []).append(old["url"])
        db["sources"].update(old["id"], update, alter=True)
