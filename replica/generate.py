"""Generate the replica: place every report, build both states, write data/.

``nianbao replica generate`` runs ``main()``. The output is deterministic (no clock, no
unseeded randomness), so regenerating gives the same bytes and ``replica/data`` can be
committed. Each distinct file is stored once under ``data/files/`` (path mirroring its
first URL), with ``*.expected.json`` beside every document that carries the tables, and
``data/manifest.json`` says which URL serves which file in which state, which catalogues
exist and how a crawler finds them (shape in replica/README.md). The work is split:
``world`` (placement), ``sitemodels`` (column and catalogue trees), ``sitegen`` (pages).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from datetime import datetime
from pathlib import Path, PurePosixPath
from types import ModuleType
from urllib.parse import urlsplit

import yaml

from replica import county_manifest, sitegen
from replica import pages as pg
from replica.pages import CST, Page
from replica.sitegen import SiteModel
from replica.sitemodels import linked_from, page_urls, site_models
from replica.world import (
    OLD_REPORT_WHY,
    Changes,
    Ids,
    Placement,
    World,
    build_world,
    choose_changes,
    state_placements,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
REGISTRY = Path(__file__).resolve().parent.parent / "crawler" / "sites.yaml"
STATES = ("night1", "night2")
GENERATED = {"night1": datetime(2024, 3, 1, 2, 0, tzinfo=CST), "night2": datetime(2024, 3, 2, 2, 0, tzinfo=CST)}


# --------------------------------------------------------------------------- inputs


def load_sites(path: Path = REGISTRY) -> list[dict]:
    """The registry's ``replica: true`` entries (crawler/sites.yaml is the one source)."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["sites"]
    return [e for e in entries if e.get("replica")]


def load_reports() -> tuple[list, dict[str, list], ModuleType, ModuleType]:
    """The report specs, their rendered documents, and the two modules (for amend/expected)."""
    from replica import documents, old_reports, reports

    specs = reports.build_reports()
    rendered = documents.render_all(specs)
    old = old_reports.gz_old_specs()
    rendered.update({s.key: old_reports.render_old(s) for s in old})
    return specs + old, rendered, reports, documents


def mark_big_page(world: World, ch: Changes) -> str:
    """Give one catalogue report page a multi-MB SITE_INFO (a real page weighs 4.8 MB)."""
    changed = {ch.new, ch.amended, ch.removed, ch.moved}
    for p in sorted(world.placements, key=lambda p: p.article.report_key or "~"):
        key = p.article.report_key
        if key and key not in changed and p.gkmlpt and not p.portal \
                and world.specs[key].publication == "html" and not world.catalogue(p.gkmlpt[0]).own \
                and world.catalogue(p.gkmlpt[0]).via == "page":
            p.article.big = True
            return key
    raise RuntimeError("no report fits the big page")


# --------------------------------------------------------------------------- writing


class FileStore:
    """Writes each distinct file once under data/files/, named after its first URL."""

    def __init__(self, root: Path):
        self.root = root
        self.by_sha: dict[str, str] = {}
        self.taken: set[str] = set()

    @staticmethod
    def relpath(url: str) -> str:
        parts = urlsplit(url)
        path = parts.path
        if path.endswith("/"):
            path += "index.html"
        elif "." not in PurePosixPath(path).name:
            path += ".html" if not path.startswith("/gkmlpt/api") and "/api/" not in path else ".json"
        if parts.query:
            stem, dot, ext = path.rpartition(".")
            path = f"{stem}__{parts.query.replace('&', '_').replace('=', '-')}.{ext}"
        return f"files/{parts.netloc}{path}"

    def put(self, url: str, data: bytes, state: str, suffix: str = "") -> tuple[str, str]:
        sha = hashlib.sha256(data).hexdigest()
        if sha in self.by_sha:
            return self.by_sha[sha], sha
        rel = self.relpath(url)
        stem, dot, ext = rel.rpartition(".")
        for candidate in (f"{stem}{suffix}.{ext}", f"{stem}{suffix}.{state}.{ext}", f"{stem}{suffix}.{sha[:8]}.{ext}"):
            if candidate not in self.taken:
                rel = candidate
                break
        self.taken.add(rel)
        self.by_sha[sha] = rel
        target = self.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        return rel, sha

    def put_expected(self, doc_rel: str, expected: dict) -> str:
        rel = doc_rel.rpartition(".")[0] + ".expected.json"
        (self.root / rel).write_text(json.dumps(expected, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                     encoding="utf-8")
        return rel


def http_date(d: datetime) -> str:
    return pg.utc(d).strftime("%a, %d %b %Y %H:%M:%S GMT")


def write_state(store: FileStore, state: str, models: list[SiteModel], world: World,
                placements: list[Placement]) -> dict:
    """Routes, reports and decoys of one state, writing the files as it goes."""
    # The chrome's generation time is the same in every state (the server rewrites it per
    # load anyway), so a page changes between states only when its content does.
    generated = GENERATED["night1"]
    routes: dict[str, dict] = {}
    expected_of: dict[str, str] = {}
    for model in models:
        news = [(p.article.title, page_urls(world, p)[0]) for p in placements
                if p.site == model.info.key and p.article.decoy_why and p.article.decoy_why != OLD_REPORT_WHY][:4]
        for url, page in sitegen.build_site(model, generated=generated, news=news).items():
            routes[url] = _route(store, state, url, page, expected_of)
    reports, decoys = [], []
    for p in placements:
        urls = page_urls(world, p)
        if p.article.decoy_why:
            decoys.append({"url": urls[0], "urls": urls, "title": p.article.title, "why": p.article.decoy_why,
                           "site": p.site})
            continue
        if not p.article.report_key:
            continue
        reports.append(_report_entry(world, p, urls, routes, expected_of))
    reports.sort(key=lambda r: r["key"])
    decoys.sort(key=lambda d: d["url"])
    return {"generated": GENERATED[state].isoformat(), "routes": dict(sorted(routes.items())), "reports": reports,
            "decoys": decoys}


def _report_entry(world: World, p: Placement, urls: list[str], routes: dict, expected_of: dict) -> dict:
    spec = world.specs[p.article.report_key]
    docs = [{"url": u, "format": "html", "role": "page", "file": routes[u]["file"],
             "sha256": routes[u]["sha256"], "expected": expected_of.get(u),
             "has_tables": u in expected_of} for u in urls]
    for a in p.article.attachments:
        docs.append({"url": a.url, "format": a.format or a.ext, "role": a.role, "name": a.name,
                     "file": routes[a.url]["file"], "sha256": routes[a.url]["sha256"],
                     "expected": expected_of.get(a.url), "has_tables": a.url in expected_of})
    systems = [s for s, v in (("portal", p.portal), ("gkmlpt", p.gkmlpt)) if v]
    listed = ([world.catalogue(p.gkmlpt[0]).base] if p.gkmlpt else []) + [world.catalogue(k).base
                                                                         for k, _, _ in p.links]
    return {"key": spec.key, "site": p.site, "district": spec.district, "agency": spec.agency,
            "year": spec.year, "template": spec.template, "title": spec.title,
            "publication": spec.publication, "published": p.article.published.isoformat(),
            "written": p.article.written.date().isoformat(),
            "page_urls": urls, "system": systems[0] if len(systems) == 1 else "both",
            "systems": systems, "catalogue": world.catalogue(p.gkmlpt[0]).base if p.gkmlpt else None,
            "listed_in": listed, "url_entries": [{"catalogue": world.catalogue(k).base, "id": eid, "url": urls[0]}
                                                 for k, _, eid in p.links],
            "big_page": p.article.big, "documents": docs}


def _route(store: FileStore, state: str, url: str, page: Page, expected_of: dict[str, str]) -> dict:
    if page.status in (301, 302):
        return {"status": page.status, "location": page.location, "kind": page.kind}
    rel, sha = store.put(url, page.data, state)
    route: dict = {"file": rel, "sha256": sha, "size": len(page.data), "mime": page.mime, "kind": page.kind}
    route["last_modified"] = http_date(page.modified or GENERATED["night1"])
    if page.dynamic:
        route["dynamic"] = True
    if page.broken is not None:
        route["broken_file"] = store.put(url, page.broken, state, suffix=".broken")[0]
    if page.cookie:
        route["cookie"] = page.cookie
    if page.headers:
        route["headers"] = dict(page.headers)
    if page.expected is not None:
        route["expected"] = expected_of[url] = store.put_expected(rel, page.expected)
    return route


def site_entries(world: World, models: list[SiteModel]) -> list[dict]:
    out = []
    for site, model in zip(world.sites, models, strict=True):
        info = model.info
        gks = {(g.site.host, g.prefix): g for g in model.gkmlpts}
        catalogues = []
        for c in (c for c in world.catalogues if c.site == site["key"]):
            g = gks[c.key]
            catalogues.append({
                "base": c.base, "host": c.host, "prefix": c.prefix, "sid": c.sid, "name": c.name, "own": c.own,
                "linked_from": linked_from(world, c), "via": c.via, "protected": c.protected,
                "category_name": c.category_name, "annual_report_categories": [x.id for x in g.annual.walk()],
                "page_size": c.page_size})
        own = [{k: c[k] for k in ("base", "sid", "annual_report_categories", "protected", "page_size")}
               for c in catalogues if c["own"]]
        out.append({"key": info.key, "host": info.host, "district": info.district, "name": info.name,
                    "systems": (["portal"] if model.portal else []) + (["gkmlpt"] if catalogues else []),
                    "home": info.url("/"), "hosts": sorted({info.host, *(c["host"] for c in catalogues)}),
                    "report_columns": [info.url(c) for c in site["portal"]["columns"]],
                    "dept_page": info.url(sitegen.DEPT_PAGE) if model.dept_links else None,
                    "gkmlpt": own[0] if own else None, "gkmlpt_prefixes": own, "catalogues": catalogues,
                    "offsite_hosts": pg.OFFSITE_HOSTS})
    return out


def generate(out_dir: Path = DATA_DIR) -> dict:
    """Build both states into ``out_dir`` (replacing it) and return the manifest."""
    if out_dir.exists() and any(out_dir.iterdir()) and not (out_dir / "manifest.json").exists():
        raise SystemExit(f"{out_dir} is not empty and holds no manifest.json: refusing to replace it")
    world, reports_mod, documents_mod = build_world(load_sites(), load_reports())
    ch = choose_changes(world)
    mark_big_page(world, ch)
    tmp = out_dir.with_name(out_dir.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    store = FileStore(tmp)
    states: dict[str, dict] = {}
    sites = None
    missing = [list(m) for m in reports_mod.MISSING_YEARS]
    county = county_manifest.build(documents_mod)
    for state in STATES:
        ids = Ids(post=max(p.article.post_id for p in world.placements))
        placements, moved = state_placements(world, state, ch, reports_mod, documents_mod, ids)
        models = site_models(world, placements, moved)
        states[state] = write_state(store, state, models, world, placements)
        _add_county(states[state], county, store, state)
        sites = sites or site_entries(world, models)
    _bump_changed(states["night1"]["routes"], states["night2"]["routes"], http_date(GENERATED["night2"]))
    new_spec = world.specs[ch.new]
    missing += _old_gaps(states["night1"]["reports"])
    states["night1"]["missing_years"] = sorted(missing + [[new_spec.site, new_spec.agency, new_spec.year]])
    states["night2"]["missing_years"] = sorted(missing)
    states["night2"]["changes"] = _changes(states, ch)
    states["night2"]["county_changes"] = county_manifest.changes(
        states["night1"]["county_reports"], states["night2"]["county_reports"], county)
    manifest = {"about": "Generated by `nianbao replica generate` (replica/generate.py); do not edit.",
                "sites": sites, "county_sites": county_manifest.site_entries(), "offsite_hosts": pg.OFFSITE_HOSTS,
                "default_faults": {"gkmlpt_rate_limit": ["www.hp.gov.cn"]},
                "rate_limit_seconds": 0.5, "states": states}
    (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    shutil.rmtree(out_dir, ignore_errors=True)
    tmp.rename(out_dir)
    return manifest


def _add_county(st: dict, county, store: FileStore, state: str) -> None:
    """The county sites' routes, list datasets, reports and decoys, into one state's manifest part."""
    generated = GENERATED["night1"]
    expected_of: dict[str, str] = {}

    def put_dataset(url: str, page: Page) -> dict:
        rel, sha = store.put(url + ".dataset.json", page.data, state)
        return {"file": rel, "sha256": sha, "kind": "dataset"}

    part = county_manifest.write_state(county, state, generated,
                                       lambda url, page: _route(store, state, url, page, expected_of), put_dataset)
    st["routes"] = dict(sorted({**st["routes"], **part["routes"]}.items()))
    st["datasets"] = dict(sorted(part["datasets"].items()))
    st["county_reports"], st["county_decoys"] = part["county_reports"], part["county_decoys"]


def _old_gaps(reports: list[dict]) -> list[list]:
    """Years an agency with a report before the national templates left unpublished until 2018.

    The ledger expects an agency every year from its first report (crawler/ledger.py); the
    replica publishes only a few 2008–2018 reports, so the years between are its gaps too.
    """
    years: dict[tuple[str, str], set[int]] = {}
    for r in reports:
        years.setdefault((r["site"], r["agency"]), set()).add(r["year"])
    return [[site, agency, y] for (site, agency), got in sorted(years.items())
            for y in range(min(got), 2019) if y not in got]


def _bump_changed(before: dict[str, dict], after: dict[str, dict], when: str) -> None:
    """A file whose bytes changed since the previous state was modified then: without this an
    If-Modified-Since request would get 304 for an amended document."""
    for url, route in after.items():
        old = before.get(url)
        if old and "sha256" in route and old.get("sha256") != route["sha256"]:
            route["last_modified"] = when


def _changes(states: dict[str, dict], ch: Changes) -> list[dict]:
    n1 = {r["key"]: r for r in states["night1"]["reports"]}
    n2 = {r["key"]: r for r in states["night2"]["reports"]}
    amended_doc = next(d for d in n2[ch.amended]["documents"] if d["role"] == "attachment")
    old_doc = next(d for d in n1[ch.amended]["documents"] if d["url"] == amended_doc["url"])
    return [
        {"kind": "new", "report": ch.new, "url": n2[ch.new]["page_urls"][0]},
        {"kind": "amended", "report": ch.amended, "url": amended_doc["url"],
         "old_sha256": old_doc["sha256"], "new_sha256": amended_doc["sha256"]},
        {"kind": "removed", "report": ch.removed, "url": n1[ch.removed]["page_urls"][0],
         "urls": [d["url"] for d in n1[ch.removed]["documents"]], "status": 404},
        {"kind": "moved", "report": ch.moved, "url": n1[ch.moved]["page_urls"][0],
         "new_url": n2[ch.moved]["page_urls"][0], "status": 301},
    ]


def summary(manifest: dict) -> str:
    """Sites × reports × formats × decoys per state, as a plain-text table."""
    lines = [f"{'state':7} {'site':6} {'reports':>7} {'decoys':>6} {'routes':>6}  formats"]
    for state, st in manifest["states"].items():
        for site in manifest["sites"]:
            reps = [r for r in st["reports"] if r["site"] == site["key"]]
            fmts: dict[str, int] = {}
            for r in reps:
                fmts[r["publication"]] = fmts.get(r["publication"], 0) + 1
            routes = sum(1 for u in st["routes"] if urlsplit(u).netloc in site["hosts"])
            decoys = sum(1 for d in st["decoys"] if d["site"] == site["key"])
            fmt = " ".join(f"{k}:{v}" for k, v in sorted(fmts.items()))
            lines.append(f"{state:7} {site['key']:6} {len(reps):7} {decoys:6} {routes:6}  {fmt}")
        lines.append(f"{state:7} {'all':6} {len(st['reports']):7} {len(st['decoys']):6} {len(st['routes']):6}")
    for state, st in manifest["states"].items():
        for site in manifest.get("county_sites", []):
            reps = [r for r in st.get("county_reports", []) if r["site"] == site["key"]]
            old = sum(1 for r in reps if r["template"] == "pre-2019")
            decoys = sum(1 for d in st.get("county_decoys", []) if d["site"] == site["key"])
            routes = sum(1 for u in st["routes"] if urlsplit(u).netloc in site["hosts"])
            lines.append(f"{state:7} {site['key']:7} {site['system']:6} {len(reps):3} reports ({old} pre-2019) "
                         f"{decoys:2} decoys {routes:4} routes")
    for c in manifest["states"]["night2"].get("changes", []):
        lines.append(f"night2 change: {c['kind']:8} {c['report']:16} {c['url']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Regenerate replica/data (or the directory given as the first argument)."""
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else DATA_DIR
    manifest = generate(out)
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    print(summary(manifest))
    print(f"wrote {out} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
