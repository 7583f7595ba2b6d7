"""The county systems' list APIs, answered per request from a dataset (the records of one column).

Real list APIs take any window of records, so the replica slices instead of storing each
page: Hanweb's ``dataproxy.jsp`` (GET query or POST form: ``startrecord``, ``endrecord``,
``perpage`` and the column's ``ajaxParam`` fields; answers GBK ``<datastore>`` XML), JPaaS's
unit API (``pageNo``/``rows``, or ``paramJson={"pageNo", "pageSize"}``) and Ucap's
``/common/search/{channel}`` (``page``/``_pageSize``; JSON only with ``_isJson=true``). A
request naming another column, site or unit finds nothing, as live.
"""

from __future__ import annotations

import json
from html import escape

Answer = tuple[int, str, bytes]  # status, Content-Type, body


def _int(value: str | None, default: int, low: int = 1, high: int = 1000) -> int:
    try:
        return max(low, min(high, int(value))) if value not in (None, "") else default
    except ValueError:
        return default


def answer(dataset: dict, params: dict[str, str]) -> Answer:
    """The answer of the dataset's endpoint to one request's parameters (query and form merged)."""
    return {"hanweb": _hanweb, "jpaas": _jpaas, "ucap": _ucap}[dataset["system"]](dataset, params)


def _matches(dataset: dict, params: dict[str, str]) -> bool:
    want = dataset["params"]
    return all(params.get(k) == want[k] for k in dataset["required"]) and \
        all(params[k] == want[k] for k in want if k in params and k in ("unitId", "unitid", "webid", "webId"))


def _hanweb(dataset: dict, params: dict[str, str]) -> Answer:
    records = dataset["records"] if _matches(dataset, params) else []
    perpage = _int(params.get("perpage"), dataset["perpage"], high=200)
    start = _int(params.get("startrecord"), 1, high=100_000)
    end = _int(params.get("endrecord"), start + perpage - 1, low=start, high=start + 500)
    chunk = records[start - 1:end]
    body = ('<?xml version="1.0" encoding="GBK"?>\n<datastore>\n'
            f"<totalrecord>{len(records)}</totalrecord>\n<totalpage>{-(-len(records) // perpage)}</totalpage>\n"
            "<recordset>\n" + "".join(f"<record><![CDATA[\n{r}\n]]></record>\n" for r in chunk)
            + "</recordset>\n</datastore>\n")
    return 200, "text/xml", body.encode("gbk", errors="xmlcharrefreplace")


def _jpaas(dataset: dict, params: dict[str, str]) -> Answer:
    extra: dict = {}
    if params.get("paramJson"):
        try:
            extra = json.loads(params["paramJson"])
        except ValueError:
            extra = {}
    if not _matches(dataset, params):
        return 200, "application/json;charset=UTF-8", json.dumps(
            {"success": False, "code": 500, "message": "组件不存在", "data": None}, ensure_ascii=False).encode()
    rows = _int(str(extra.get("pageSize", "")) or params.get("rows"), dataset["rows"], high=100)
    page = _int(str(extra.get("pageNo", "")) or params.get("pageNo"), 1, high=10_000)
    records = dataset["records"]
    chunk = records[(page - 1) * rows:page * rows]
    html = (f'<ul class="list">{"".join(chunk)}</ul>'
            f'<table class="pagination" count="{len(records)}" pagecount="{-(-len(records) // rows)}" '
            f'pageno="{page}" rows="{rows}"></table>')
    body = {"success": True, "code": 200, "message": "操作成功", "data": {"html": html}}
    return 200, "application/json;charset=UTF-8", json.dumps(body, ensure_ascii=False).encode()


def _ucap(dataset: dict, params: dict[str, str]) -> Answer:
    size = _int(params.get("_pageSize"), 15, high=100)
    page = _int(params.get("page"), 1, high=10_000)
    records = dataset["records"]
    chunk = records[(page - 1) * size:page * size]
    if params.get("_isJson") != "true":  # the rendered template
        rows = "".join(f'<li><a href="{escape(r["url"])}">{escape(r["title"])}</a>'
                       f'<span>{r["publishedTimeStr"][:10]}</span></li>' for r in chunk)
        return 200, "text/html; charset=utf-8", f'<ul class="list">{rows}</ul>'.encode()
    body = {"success": True, "code": "200", "data": {"total": len(records), "page": page, "rows": size,
                                                   "results": chunk}}
    return 200, "application/json;charset=UTF-8", json.dumps(body, ensure_ascii=False).encode()
