"""Hanweb 大汉 JCMS columns: ``/col/col{N}/index.html`` with the first records in an XML datastore and
the rest only from ``POST /module/web/jpage/dataproxy.jsp``.

Domain: county sites of Zhejiang, Jiangsu, Shandong, Jiangxi … (REAL_SITES.md "Publishing
systems", item 2; hulelan/china-governance crawlers/jpaas.py pages ``dataproxy.jsp`` with
``startrecord/endrecord/perpage`` and ``columnid, unitid, webid``). Caveats: the first records sit in
``<script type="text/xml"><datastore><recordset><record><![CDATA[<li><a …>]]>``, so a reader of
anchors sees none; the further records come as the same XML from a POST whose form is the page's
``ajaxParam`` (``col, appid, webid, path, columnid, unitid, webname, permissiontype``) and whose size
is ``totalRecord``; attachments are ``/module/download/downfile.jsp?…filename=…`` named by
``Content-Disposition``. Spider arguments: ``site``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit

import scrapy
from scrapy.http import Response

from spiders import listing as L
from spiders.column import ColumnSpider

FAMILY = "hanweb"
PROXY = "/module/web/jpage/dataproxy.jsp"
FORM_FIELDS = ("col", "appid", "webid", "path", "columnid", "unitid", "webname", "permissiontype")
AJAX_PARAM = re.compile(r"ajaxParam\s*[:=]\s*\{([^{}]{0,2000})\}", re.S)
PAIR = re.compile(r"""["']?(\w+)["']?\s*:\s*(?:"([^"]*)"|'([^']*)'|([^,}\s]+))""")
NEXTGROUP = re.compile(r"<nextgroup>\s*<!\[CDATA\[(.*?)\]\]>", re.S | re.I)
NUMBER = {"total": re.compile(r"totalRecord\s*[:=]\s*['\"]?(\d{1,7})|<totalrecord>\s*(\d{1,7})", re.I),
          "per_page": re.compile(r"perPage\s*[:=]\s*['\"]?(\d{1,4})", re.I),
          "group": re.compile(r"groupSize\s*[:=]\s*['\"]?(\d{1,3})", re.I)}
PROXY_URL = re.compile(r"proxyUrl\s*[:=]\s*['\"]([^'\"]{1,300})['\"]", re.I)


def jpage_form(html: str, fallback: dict[str, str] | None = None) -> dict[str, str]:
    """The dataproxy form: the page's ``ajaxParam``, else the ``<nextgroup>`` link's query, else
    the registry's ``params`` (what discover read)."""
    form: dict[str, str] = {}
    m = AJAX_PARAM.search(html or "")
    if m:
        for p in PAIR.finditer(m.group(1)):
            value = next((g for g in p.groups()[1:] if g is not None), "")
            form[p.group(1)] = value
    for frag in NEXTGROUP.findall(html or ""):
        href = re.search(r"href=['\"]([^'\"]+)", frag)
        if href:
            for k, v in parse_qsl(urlsplit(href.group(1).replace("&amp;", "&")).query, keep_blank_values=True):
                form.setdefault(k, v)
    for k, v in (fallback or {}).items():
        if k in FORM_FIELDS:
            form.setdefault(k, v)
    return {k: form[k] for k in FORM_FIELDS if k in form}


def jpage_numbers(html: str) -> dict[str, int]:
    """``totalRecord``, ``perPage`` and ``groupSize`` as the page states them."""
    out = {}
    for name, pattern in NUMBER.items():
        m = pattern.search(html or "")
        if m:
            out[name] = int(next(g for g in m.groups() if g))
    return out


def first_proxy_request(url: str, html: str, params: dict[str, str] | None = None) -> tuple[str, dict[str, str], dict[str, Any]] | None:
    """(proxy URL, form, pager) for the records after those in the page, or None when the page holds them all."""
    form = jpage_form(html, params)
    if not form.get("columnid") and not form.get("unitid"):
        return None
    numbers = jpage_numbers(html)
    held = len(L.xml_records(html))
    total = numbers.get("total")
    if total is not None and held >= total:
        return None
    size = numbers.get("per_page", 15) * numbers.get("group", 3)
    proxy = PROXY_URL.search(html or "")
    target = urljoin(url, proxy.group(1) if proxy else PROXY)
    pager = {"start": "startrecord", "end": "endrecord", "value": held + 1, "size": size, "total": total,
             "listing": url, "id": f"hanweb:{url}"}
    return L.with_param(target, "perpage", numbers.get("per_page", 15)), form, pager


class HanwebSpider(ColumnSpider):
    """A JCMS column: the datastore's records, then dataproxy.jsp record ranges until ``totalRecord``."""

    family = FAMILY
    families = (FAMILY,)

    def more_requests(self, response: Response, links: list[L.Link]) -> Iterator[scrapy.Request]:
        first = first_proxy_request(response.url, response.text, self.site.parameters)
        if first is None:
            return
        url, form, pager = first
        req = self.paged_request(url, response, pager, formdata=form)
        if req is not None:
            yield req
