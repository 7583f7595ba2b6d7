"""The report page, /report/<id>: one logical report (agency x year) as a researcher reads it.

Shows the agency, year and template; every document with where and when it was
fetched; every version with its sha256 and a download link; the three statistical
tables laid out like the national template (labels from ``extract/spec/template.json``)
with cells of failing checks marked; and, between two extractions of the report's
versions, which cells changed. All SQL is parameterised.
"""

from __future__ import annotations

import re
from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import Response

from publish.snapshot import DB_NAME, load_spec

REPORT_ID = re.compile(r"^[0-9A-Za-z_-]{1,64}$")
Key = tuple[str, str, str, str]  # (tbl, item, row, col); item is '' outside active_disclosure

_SPEC: dict[str, Any] | None = None


def spec() -> dict[str, Any]:
    global _SPEC
    if _SPEC is None:
        _SPEC = load_spec()
    return _SPEC


def fmt(value: Any) -> str:
    """A figure as the report prints it (integers without '.0'); blank for null."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def cell_map(rows: list[Any]) -> dict[Key, dict[str, Any]]:
    return {(r["tbl"], r["item"] or "", r["row"], r["col"]): {"value": r["value"], "raw": r["raw"]} for r in rows}


def failing_keys(checks: list[Any], cells: dict[Key, dict[str, Any]], template: str | None) -> set[Key]:
    """Cells a failing check is about (the check names a column, a row or a group)."""
    s = spec()
    applicant = [c["key"] for c in s["applicant_columns"]]
    results = s["result_rows"].get(template or "", [])
    marked: set[Key] = set()
    for chk in checks:
        key, col = chk["check_key"], chk["col"]
        if col and "." in col:  # a dotted cell path: tbl.item.row.col or tbl.row.col
            parts = col.split(".")
            if len(parts) == 4:
                marked.add((parts[0], parts[1], parts[2], parts[3]))
            elif len(parts) == 3:
                marked.add((parts[0], "", parts[1], parts[2]))
            continue
        if key == "applications_balance":
            rows = ["new_received", "carried_over", "total", "carried_forward"]
            marked |= {("applications", "", r, c) for r in rows for c in ([col] if col else applicant)}
        elif key == "applications_results_sum":
            marked |= {("applications", "", r, c) for r in [*results, "total"] for c in ([col] if col else applicant)}
        elif key == "applications_row_sum":
            if col in applicant:
                marked |= {k for k in cells if k[0] == "applications" and k[3] == col}
            else:
                marked |= {k for k in cells if k[0] == "applications" and (not col or k[2] == col)}
        elif key == "review_litigation_sum":
            marked |= {k for k in cells if k[0] == "review_litigation" and (not col or k[2] == col)}
        elif key == "non_negative":
            marked |= {k for k, c in cells.items() if isinstance(c["value"], int | float) and c["value"] < 0
                       and k[3] != "change_this_year"}
        else:
            marked |= {k for k in cells if col and col in (k[2], k[3])}
    return marked


def _cell(key: Key, cells: dict, failing: set[Key], changed: dict[Key, Any]) -> dict[str, Any]:
    c = cells.get(key) or {"value": None, "raw": None}
    text = fmt(c["value"])
    raw = c["raw"] if c["raw"] not in (None, "", text) else None
    return {"text": text, "raw": raw, "fail": key in failing, "changed": key in changed,
            "old": changed.get(key), "missing": key not in cells}


def layout(template: str | None, cells: dict[Key, dict[str, Any]], failing: set[Key],
           changed: dict[Key, Any]) -> dict[str, Any]:
    """The three tables in the template's order, ready for report.html."""
    s = spec()
    tpl = template if template in ("2019", "2021") else None
    if tpl is None:
        return {"template": None}
    active = []
    for item in s["tables"]["active_disclosure"]["templates"][tpl]:
        active.append({
            "label": item["label"],
            "columns": [c["label"] for c in item["columns"]],
            "rows": [{"label": r["label"],
                      "cells": [_cell(("active_disclosure", item["item"], r["key"], c["key"]), cells, failing, changed)
                                for c in item["columns"]]}
                     for r in item["rows"]],
        })
    applicant = s["applicant_columns"]
    app_rows = [r for r in s["tables"]["applications"]["rows"] if tpl in r.get("templates", [tpl])]
    applications = {
        "columns": applicant,
        "rows": [{"label": r["label"], "key": r["key"],
                  "cells": [_cell(("applications", "", r["key"], c["key"]), cells, failing, changed) for c in applicant]}
                 for r in app_rows],
    }
    rl = s["tables"]["review_litigation"]
    review = {
        "groups": rl["groups"],
        "columns": rl["columns"],
        "cells": [_cell(("review_litigation", "", g["key"], c["key"]), cells, failing, changed)
                  for g in rl["groups"] for c in rl["columns"]],
    }
    known = {("active_disclosure", i["item"], r["key"], c["key"])
             for i in s["tables"]["active_disclosure"]["templates"][tpl] for r in i["rows"] for c in i["columns"]}
    known |= {("applications", "", r["key"], c["key"]) for r in app_rows for c in applicant}
    known |= {("review_litigation", "", g["key"], c["key"]) for g in rl["groups"] for c in rl["columns"]}
    extra = [{"key": " / ".join(p for p in k if p), **_cell(k, cells, failing, changed)}
             for k in sorted(set(cells) - known)]
    return {"template": tpl, "active": active, "applications": applications, "review": review, "extra": extra}


def diff(old: dict[Key, dict[str, Any]], new: dict[Key, dict[str, Any]]) -> list[dict[str, Any]]:
    """Cells whose value differs between two extractions (added and removed cells included)."""
    out = []
    for key in sorted(set(old) | set(new)):
        a = old.get(key, {}).get("value")
        b = new.get(key, {}).get("value")
        if key not in old or key not in new or a != b:
            out.append({"key": key, "where": " / ".join(p for p in key if p), "old": fmt(a), "new": fmt(b),
                        "kind": "added" if key not in old else "removed" if key not in new else "changed"})
    return out


def infer_template(cells: dict[Key, dict[str, Any]]) -> str | None:
    """The template whose canonical keys the cells match best (when no extraction names it)."""
    s = spec()
    best, best_hits = None, 0
    for tpl, items in s["tables"]["active_disclosure"]["templates"].items():
        keys = {("active_disclosure", i["item"], r["key"], c["key"]) for i in items for r in i["rows"] for c in i["columns"]}
        keys |= {("applications", "", r, "total") for r in s["result_rows"][tpl]}
        hits = len(keys & set(cells))
        if hits > best_hits:
            best, best_hits = tpl, hits
    return best


async def cells_of(db, extraction_id: str) -> dict[Key, dict[str, Any]]:
    return cell_map((await db.execute(
        "select tbl, item, row, col, value, raw from cells where extraction_id = ?", [extraction_id])).rows)


async def report(datasette, request) -> Response:
    report_id = request.url_vars["report_id"]
    if not REPORT_ID.match(report_id):
        return Response.html("bad report id", status=400)
    try:
        db = datasette.get_database(DB_NAME)
    except KeyError:
        db = datasette.get_database()
    rep = (await db.execute("select * from reports where id = ?", [report_id])).first()
    if rep is None:
        return Response.html(await datasette.render_template(
            "report.html", {"report": None, "report_id": report_id}, request=request), status=404)
    best_id = (await db.execute("select extraction_id from report_best where report_id = ?", [report_id])).first()
    best_id = best_id["extraction_id"] if best_id else None
    best = (await db.execute("select * from extractions where id = ?", [best_id])).first() if best_id else None
    documents = []
    for d in (await db.execute("select * from documents where report_id = ? order by kind desc, url",
                               [report_id])).rows:
        versions = (await db.execute(
            """select v.sha256, v.size, v.first_seen, v.last_seen, b.mime, b.original_name,
                      ff.fetched_at as first_fetched_at, ff.final_url as first_final_url, ff.run_id as first_run_id
               from versions v left join blobs b on b.sha256 = v.sha256
               left join fetches ff on ff.id = v.first_fetch_id
               where v.document_id = ? order by v.first_seen desc""", [d["id"]])).rows
        fetches = (await db.execute(
            """select run_id, url, final_url, status, fetched_at, outcome, sha256, error from fetches
               where url = ? order by fetched_at desc limit 10""", [d["url"]])).rows
        documents.append({"doc": dict(d), "versions": [dict(v) for v in versions],
                          "fetches": [dict(f) for f in fetches]})
    extractions = [dict(r) for r in (await db.execute(
        """select e.id, e.sha256, e.status, e.error, e.template, e.extractor_version, e.strategy, e.format,
                  e.created_at, d.url, (select min(v.first_seen) from versions v where v.sha256 = e.sha256) as seen
           from extractions e left join documents d on d.id = e.document_id
           where e.report_id = ? order by seen, e.created_at""", [report_id])).rows]
    cells: dict[Key, dict[str, Any]] = {}
    checks: list[Any] = []
    if best_id:
        cells = await cells_of(db, best_id)
        checks = [dict(r) for r in (await db.execute(
            "select check_key, col, amount, verdict from checks_failing where extraction_id = ?",
            [best_id])).rows]
    # extractions that can be compared: those with cells, in the order their versions were first seen
    with_cells = {r["extraction_id"] for r in (await db.execute(
        "select distinct extraction_id from cells where report_id = ?", [report_id])).rows}
    ids = [e["id"] for e in extractions if e["id"] in with_cells]
    b_id = request.args.get("b") or best_id
    a_id = request.args.get("a")
    if a_id is None and b_id in ids and ids.index(b_id) > 0:
        a_id = ids[ids.index(b_id) - 1]
    changes: list[dict[str, Any]] = []
    compared = None
    if a_id in ids and b_id in ids and a_id != b_id:
        new = cells if b_id == best_id else await cells_of(db, b_id)
        changes = diff(await cells_of(db, a_id), new)
        compared = {"a": a_id, "b": b_id}
    # mark changed cells only when the tables shown are the newer side of the comparison
    changed_old = {c["key"]: c["old"] for c in changes} if compared and compared["b"] == best_id else {}
    template = (best["template"] if best else None) or rep["template"] or infer_template(cells)
    tables = layout(template, cells, failing_keys(checks, cells, template), changed_old)
    context = {
        "report": dict(rep), "report_id": report_id, "best": dict(best) if best else None,
        "documents": documents, "extractions": extractions, "tables": tables, "checks": checks,
        "changes": changes, "compared": compared, "database": db.name,
    }
    return Response.html(await datasette.render_template("report.html", context, request=request))


@hookimpl
def register_routes():
    return [(r"^/report/(?P<report_id>[^/]+)$", report)]
