"""Recognising a site's publishing system from one of its pages (meta tags, URL shapes, scripts).

Used by ``nianbao discover`` to write a registry entry's ``system`` and ``params``, and by the
generic spider to name what it crawled. Every clue comes from REAL_SITES.md "Publishing systems
of county governments" and the public crawlers it cites (hulelan/china-governance
crawlers/govcms.py and trs.py for TRS, jpaas.py/zhejiang.py/hangzhou.py for Hanweb and JPaaS,
heilongjiang.py/gov.py for Ucap). A page matching nothing is ``generic``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

# (system, weight, pattern over the page text or URL, what it shows)
CLUES: tuple[tuple[str, int, re.Pattern[str], str], ...] = (
    ("jpaas", 10, re.compile(r"jpaas-publish-server|/api-gateway/jpaas", re.I), "JPaaS publish API"),
    ("hanweb", 6, re.compile(r"/module/web/jpage/dataproxy\.jsp|jpage\.js|\.jpage\(", re.I), "jpage dataproxy"),
    ("hanweb", 5, re.compile(r"<datastore>\s*(?:<nextgroup>|<recordset>)", re.I), "XML datastore in a script"),
    ("hanweb", 3, re.compile(r"/col/col\d+/index\.html|/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html", re.I), "/col/colN, /art/ URLs"),
    ("hanweb", 2, re.compile(r"/module/download/downfile\.jsp|hanweb", re.I), "Hanweb downloads"),
    ("ucap", 8, re.compile(r"UCAP-CONTENT|/common/search/[0-9a-f]{16,}", re.I), "Ucap content id / search API"),
    ("ucap", 4, re.compile(r"_isJson=true|ucap", re.I), "Ucap JSON list"),
    ("vsb", 8, re.compile(r"/info/iList\.jsp|VsbScript|_sitegray|vsbscreen", re.I), "VSB list script"),
    ("vsb", 4, re.compile(r"/info/\d+/\d+\.htm\b|wbtreeid=|Visual\s*SiteBuilder", re.I), "VSB /info/col/id.htm"),
    ("trs", 6, re.compile(r"TRS_(?:Editor|UEDITOR)|createPage(?:HTML)?\s*\(", re.I), "TRS editor / createPage"),
    ("trs", 5, re.compile(r"<meta[^>]+name=[\"'](?:ChnlId|DocId|ColumnName)[\"']", re.I), "TRS meta ChnlId/DocId"),
    ("trs", 3, re.compile(r"\./\d{6}/t\d{8}_\d+\.s?html|/t\d{8}_\d+\.s?html|/P0\d+\.pdf|/W0\d+\.", re.I), "TRS article URLs"),
    ("xxgk", 3, re.compile(r"\.aspx\?[^\"'<> ]*\bpage=\d|/list(?:_\d+)?\.shtml", re.I), "list.shtml / .aspx?page="),
)
# A disclosure sub-site of its own (xxgk.*, zfxxgk.*) whose pages match no publishing system.
XXGK_HOST = re.compile(r"^(?:zf)?xxgk\.|^gk\.|^zwgk\.", re.I)
MIN_SCORE = 4
PARAM_NAMES = ("col", "appid", "webid", "path", "columnid", "unitid", "webname", "permissiontype", "perpage",
               "webId", "tplSetId", "tagId", "pageId", "rows", "cat_id", "cid", "channel", "ChnlId", "SiteId")


@dataclass
class Detection:
    """The system a page belongs to, how sure (score), why, and the parameters read from it."""

    system: str
    score: int = 0
    evidence: list[str] = field(default_factory=list)
    params: dict[str, str] = field(default_factory=dict)


def scores(html: str, url: str = "") -> dict[str, tuple[int, list[str]]]:
    """Every system's score on this page, with the clues that matched."""
    out: dict[str, tuple[int, list[str]]] = {}
    text = (html or "")[:2_000_000] + " " + url
    for system, weight, pattern, why in CLUES:
        if pattern.search(text):
            score, evidence = out.get(system, (0, []))
            out[system] = (score + weight, [*evidence, why])
    host = (urlsplit(url).hostname or "").lower()
    if XXGK_HOST.search(host):
        score, evidence = out.get("xxgk", (0, []))
        out["xxgk"] = (score + 4, [*evidence, f"disclosure sub-site host {host}"])
    return out


def detect(html: str, url: str = "") -> Detection:
    """The most likely system of the page, or ``generic`` when no system scores ``MIN_SCORE``.

    JPaaS pages also carry Hanweb's ``/col/colN`` URLs: its API clue weighs more. An xxgk
    sub-site running TRS is TRS (the system decides how to page, not the host name).
    """
    table = scores(html, url)
    params = read_params(html, url)
    if not table:
        return Detection("generic", 0, [], params)
    system, (score, evidence) = max(table.items(), key=lambda kv: kv[1][0])
    if score < MIN_SCORE:
        return Detection("generic", score, evidence, params)
    return Detection(system, score, evidence, params)


_ASSIGN = re.compile(r"""["']?\b({names})["']?\s*[:=]\s*["']?([^"',;}}\s&<>)]{{0,200}})""")


def read_params(html: str, url: str = "") -> dict[str, str]:
    """System parameters a page states (jpage's ``webid: '1'``, ``unitid``, JPaaS's ``tplSetId``,
    a query's ``cat_id``, ``<meta name="ChnlId">``), first value of each kept."""
    out: dict[str, str] = {}
    pattern = re.compile(_ASSIGN.pattern.format(names="|".join(PARAM_NAMES)))
    text = (html or "")[:2_000_000]
    for m in re.finditer(r"<meta[^>]+name=[\"'](ChnlId|SiteId|DocId)[\"'][^>]+content=[\"']([^\"']{0,100})", text, re.I):
        out.setdefault(m.group(1), m.group(2))
    for m in pattern.finditer(text):
        if m.group(2):
            out.setdefault(m.group(1), m.group(2))
    for m in re.finditer(r"/common/search/([0-9A-Za-z]{8,64})", text):
        out.setdefault("channel", m.group(1))
    for k, v in parse_qsl(urlsplit(url).query):
        if k in PARAM_NAMES and v:
            out.setdefault(k, v)
    return {k: v for k, v in out.items() if len(v) <= 200}
