"""Which gkmlpt catalogues the replica runs, and whose reports each one lists.

The registry (``crawler/sites.yaml``) names only each site's own catalogue. Department
catalogues are never in the registry — the crawler must find them on the disclosure
pages (部门信息公开) or through a catalogue TREE's ``jump_url`` — so the replica keeps its
own table here. Layout after REAL_SITES.md: a district department's catalogue sits under
a path prefix of the district host (gz + district abbreviation + department
abbreviation: ``/gzpyjy/gkmlpt/``), a city department has a host of its own
(``fgw.gz.gov.cn/gkmlpt/``), and a district's own ``/gkmlpt/`` lists the district
government's documents.
"""

from __future__ import annotations

from dataclasses import dataclass

# SIDs of the sites' own catalogues (www.gz.gov.cn's 200001 is the real one).
OWN_SIDS = {("gz", "/gkmlpt/"): "200001", ("panyu", "/gkmlpt/"): "200011", ("by", "/gkmlpt/"): "200012",
            ("gzns", "/gkmlpt/"): "200013", ("hp", "/gkmlpt/"): "200006"}
# Agencies (slugs in replica/reports.py) whose reports the site's own catalogue lists.
OWN_AGENCIES = {"gz": ("bgt",), "panyu": ("zfb",), "by": (), "gzns": ("zfb",), "hp": ("zfb",)}
# How the real catalogues name the annual-report category; each name is used at least once.
CATEGORY_NAMES = ("政府信息公开年报", "年度报告", "信息公开年报", "工作年报", "政务公开年度报告", "政府信息公开工作年度报告")
# Installations whose API pages hold few rows, so paging is exercised (default 100, as live).
SMALL_PAGES = {("panyu", "/gkmlpt/"): 5}


@dataclass(frozen=True)
class Dept:
    """A department catalogue: on the site host under ``prefix``, or on a ``host`` of its own."""

    site: str
    agency: str  # slug in replica/reports.py AGENCIES[site]
    prefix: str
    sid: str
    via: str  # "page" (部门信息公开 page), "jump_url" (a TREE only) or "both"
    host: str | None = None  # a city department's own host
    protected: bool = False  # API answers 403 without the cookie the shell's JavaScript computes


DEPARTMENTS: tuple[Dept, ...] = (
    Dept("gz", "rsj", "/gkmlpt/", "200025", "page", host="rsj.gz.gov.cn"),
    Dept("gz", "fgw", "/gkmlpt/", "200014", "both", host="fgw.gz.gov.cn"),
    Dept("gz", "jyj", "/gkmlpt/", "200016", "jump_url", host="jyj.gz.gov.cn"),
    Dept("panyu", "jyj", "/gzpyjy/gkmlpt/", "200741", "page"),
    Dept("panyu", "sjj", "/gzpysjj/gkmlpt/", "200742", "both"),
    Dept("panyu", "gaj", "/gzpygaj/gkmlpt/", "200743", "jump_url"),
    Dept("by", "sjj", "/gzbysjj/gkmlpt/", "200751", "page"),
    Dept("by", "fgj", "/gzbyfgj/gkmlpt/", "200752", "both"),
    Dept("by", "wjj", "/gzbywjj/gkmlpt/", "200753", "page"),
    Dept("gzns", "rsj", "/gznsrsj/gkmlpt/", "200761", "page"),
    Dept("gzns", "jyj", "/gznsjy/gkmlpt/", "200762", "both"),
    Dept("gzns", "wjj", "/gznswjj/gkmlpt/", "200763", "page"),
    Dept("hp", "fgj", "/hpfgj/gkmlpt/", "200126", "page", protected=True),
    Dept("hp", "kjj", "/gzhpkj/gkmlpt/", "200771", "both"),
    Dept("hp", "jyj", "/gzhpjy/gkmlpt/", "200772", "page"),
)


@dataclass(frozen=True)
class CatalogueDef:
    """One catalogue as the generator builds it (own or department)."""

    site: str
    host: str
    prefix: str
    sid: str
    name: str  # the publisher: the department name as the 部门信息公开 page prints it
    own: bool
    agencies: tuple[str, ...]
    via: str  # "page" | "jump_url" | "both" ("page" for own catalogues: 政务公开 links them)
    protected: bool
    page_size: int
    category_name: str

    @property
    def base(self) -> str:
        return f"http://{self.host}{self.prefix}"

    @property
    def key(self) -> tuple[str, str]:
        return (self.host, self.prefix)


def catalogue_defs(sites: list[dict], agency_names: dict[tuple[str, str], str]) -> list[CatalogueDef]:
    """Every catalogue of the registry's replica sites: own ones first, then departments.

    ``agency_names`` maps (site, slug) to the agency's full name.
    """
    out: list[CatalogueDef] = []
    for s in sites:
        for g in s.get("gkmlpt") or []:
            key = (s["key"], g["prefix"])
            out.append(CatalogueDef(s["key"], s["host"], g["prefix"], OWN_SIDS.get(key, str(g.get("sid", "200999"))),
                                    s["name"], True, OWN_AGENCIES.get(s["key"], ()), "page", False,
                                    SMALL_PAGES.get(key, 100), ""))
    hosts = {s["key"]: s["host"] for s in sites}
    for d in DEPARTMENTS:
        if d.site in hosts:
            out.append(CatalogueDef(d.site, d.host or hosts[d.site], d.prefix, d.sid, agency_names[(d.site, d.agency)],
                                    False, (d.agency,), d.via, d.protected, 100, ""))
    return [CatalogueDef(**{**c.__dict__, "category_name": CATEGORY_NAMES[i % len(CATEGORY_NAMES)]})
            for i, c in enumerate(out)]
