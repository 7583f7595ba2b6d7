"""The report page, /report/<id>, and one version of it, /report/<id>/version/<sha256>.

One logical report (agency x year) as a researcher reads and cites it: the agency, year and
template; banners when the report was amended, removed or is missing from the site; when
it was published against the legal deadline; the previous and next year of the agency;
every document with where and when it was fetched; every version with its sha256 and a
download link; the three statistical tables laid out like the national template (labels
from ``extract/spec/template.json``, the codebook of ``publish.codebook``) with only the
offending cell of each failing check marked and worded "报告数 X，按勾稽关系应为 Y";
which cells changed between two versions, by their template labels; the report's text;
and a 引用/Cite block (``datasette/plugins/citation.py`` renders it).

The version permalink shows that version's own tables and text and says when it is not the
newest. Every query is parameterised and answered from an index (docs/datasette.md).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jinja2
from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup

from crawler.deadlines import deadline, parse_date
from publish.codebook import codebook_checks, codebook_keys
from publish.snapshot import DB_NAME, load_spec

REPORT_ID = re.compile(r"^[0-9A-Za-z_-]{1,64}$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
Key = tuple[str, str, str, str]  # (tbl, item, row, col); item is '' outside active_disclosure
MAX_TEXT_CHARS = 200_000  # report text shown on one page; the rest stays in the sections table

# the tables partial is rendered synchronously (see _report_tables.html); same directory, autoescaped
TABLES_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).resolve().parents[1] / "templates"),
                                autoescape=True)

_SPEC: dict[str, Any] | None = None
_LABELS: dict[tuple[str, Key], dict[str, Any]] | None = None
_CHECKS: dict[str, dict[str, Any]] | None = None


def spec() -> dict[str, Any]:
    global _SPEC
    if _SPEC is None:
        _SPEC = load_spec()
    return _SPEC


def labels() -> dict[tuple[str, Key], dict[str, Any]]:
    """The codebook's labels by (template, cell key): the same rows ``codebook_keys`` publishes."""
    global _LABELS
    if _LABELS is None:
        _LABELS = {(r["template"], (r["table"], r["item"], r["row"], r["column"])): r for r in codebook_keys(spec())}
    return _LABELS


def check_sentences() -> dict[str, dict[str, Any]]:
    """The codebook's check rows (``codebook_checks``, scope report) by check key."""
    global _CHECKS
    if _CHECKS is None:
        _CHECKS = {r["check_key"]: r for r in codebook_checks(spec()) if r["scope"] == "report"}
    return _CHECKS


def label_of(key: Key, template: str | None) -> dict[str, str]:
    """A cell's Chinese and English label from the codebook; the key itself when it has none."""
    code = " / ".join(p for p in key if p)
    row = None
    for tpl in (template, "2021", "2019"):
        row = labels().get((tpl or "", key))
        if row:
            break
    return {"zh": row["label_zh"] if row else code, "en": (row["label_en"] or "") if row else "", "code": code}


def fmt(value: Any) -> str:
    """A figure as the report prints it (integers without '.0'); blank for null."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return f"{value:.6f}".rstrip("0").rstrip(".")
    return str(value)


def cell_map(rows: list[Any]) -> dict[Key, dict[str, Any]]:
    return {(r["tbl"], r["item"] or "", r["row"], r["col"]): {"value": r["value"], "raw": r["raw"]} for r in rows}


# --- failing checks: the one offending cell of each, and the figure the identity expects ---------------


def _num(cells: dict[Key, dict[str, Any]], key: Key) -> float:
    v = (cells.get(key) or {}).get("value")
    return v if isinstance(v, int | float) else 0  # a blank counts as 0, as in extract/checks.py


def _identity(check: str, line: str, template: str | None) -> list[tuple[Key, int]] | None:
    """The cells of one failing identity with their sign (left side +1, right side -1), as in extract/checks.py."""
    s = spec()
    applicant = [c["key"] for c in s["applicant_columns"]]
    results = s["result_rows"].get(template or "") or s["result_rows"]["2021"]
    if check == "applications_balance" and line in applicant:
        return [(("applications", "", "new_received", line), 1), (("applications", "", "carried_over", line), 1),
                (("applications", "", "total", line), -1), (("applications", "", "carried_forward", line), -1)]
    if check == "applications_results_sum" and line in applicant:
        return [(("applications", "", "total", line), 1)] + [(("applications", "", r, line), -1) for r in results]
    if check == "applications_row_sum" and line:
        return [(("applications", "", line, "total"), 1)] + [(("applications", "", line, c), -1)
                                                            for c in applicant if c != "total"]
    if check == "review_litigation_sum" and line:
        rcols = [c["key"] for c in s["tables"]["review_litigation"]["columns"]]
        return [(("review_litigation", "", line, "total"), 1)] + [(("review_litigation", "", line, c), -1)
                                                                  for c in rcols if c != "total"]
    return None


def _dotted(path: str) -> Key | None:
    """A check's cell path (``tbl.item.row.col`` or ``tbl.row.col``, extract/checks.py non_negative)."""
    parts = path.split(".")
    if len(parts) == 4:
        return (parts[0], parts[1], parts[2], parts[3])
    if len(parts) == 3:
        return (parts[0], "", parts[1], parts[2])
    return None


def _culprit(check: str, line: str, members: list[tuple[Key, int]], failing: set[tuple[str, str]]) -> Key:
    """The one cell of a failing identity to blame: where it crosses another failing identity.

    A cell that is in a failing row identity and a failing column identity explains both, so it
    is the offending one; when nothing crosses, the identity's own result cell is blamed
    (结转下年度 for the template's printed balance, the 总计 cell for the sums), and the check's
    sentence names every cell of the identity.
    """
    if check in ("applications_balance", "applications_results_sum"):
        if check == "applications_balance" and ("applications_results_sum", line) in failing:
            return ("applications", "", "total", line)
        for key, _ in members:
            if ("applications_row_sum", key[2]) in failing and key[2] != "total":
                return key
        return members[3][0] if check == "applications_balance" else members[0][0]
    if check == "applications_row_sum":
        for key, _ in members[1:]:
            col = key[3]
            if ("applications_balance", col) in failing or ("applications_results_sum", col) in failing:
                return key
    return members[0][0]


def offending(checks: list[dict[str, Any]], cells: dict[Key, dict[str, Any]], template: str | None
              ) -> list[dict[str, Any]]:
    """Each failing check with its sentence, the offending cell, the printed figure and the expected one.

    ``reported``/``expected`` are the figure printed in the report and the figure the identity
    gives from the other cells (blanks count as 0); ``key`` is None when the check names no cell
    the page can show (it is still listed).
    """
    applicant = {c["key"] for c in spec()["applicant_columns"]}
    failing = {(c["check_key"], c["col"] or "") for c in checks}
    out = []
    for chk in checks:
        check, line = chk["check_key"], chk["col"] or ""
        if check == "applications_row_sum" and line in applicant:  # a column named instead of a row
            check = "applications_results_sum"
        sentence = check_sentences().get(chk["check_key"], {})
        item: dict[str, Any] = {**chk, "sentence_zh": sentence.get("sentence_zh"),
                                "sentence_en": sentence.get("sentence_en"), "key": None,
                                "reported": None, "expected": None}
        members = _identity(check, line, template)
        if "." in line:
            key = _dotted(line)
            if key:
                item.update(key=key, reported=fmt((cells.get(key) or {}).get("value")))
        elif members:
            key = _culprit(check, line, members, failing)
            residual = sum(sign * _num(cells, k) for k, sign in members)
            if not residual and isinstance(chk.get("amount"), int | float):
                residual = chk["amount"]  # the cells do not show the failure: trust the recorded amount
            sign = dict(members)[key]
            item.update(key=key, reported=fmt((cells.get(key) or {}).get("value")) or "（空 blank）",
                        expected=fmt(_num(cells, key) - sign * residual))
        if item["key"]:
            item["label"] = label_of(item["key"], template)
        out.append(item)
    return out


def failing_keys(checks: list[Any], cells: dict[Key, dict[str, Any]], template: str | None) -> set[Key]:
    """The offending cells of the failing checks (one per check, see ``offending``)."""
    return {o["key"] for o in offending([dict(c) for c in checks], cells, template) if o["key"]}


def fail_notes(found: list[dict[str, Any]]) -> dict[Key, str]:
    """The tooltip of each marked cell: "报告数 X，按勾稽关系应为 Y / reported X, expected Y"."""
    notes: dict[Key, list[str]] = {}
    for o in found:
        if not o["key"]:
            continue
        if o["expected"] is not None:
            text = f"报告数 {o['reported']}，按勾稽关系应为 {o['expected']} / reported {o['reported']}, expected {o['expected']}"
        else:
            text = f"报告数 {o['reported']}，应为非负整数 / reported {o['reported']}, expected a non-negative whole number"
        notes.setdefault(o["key"], []).append(text)
    return {k: "；".join(v) for k, v in notes.items()}


# --- the tables in the template's order -----------------------------------------------------------------


def _cell(key: Key, cells: dict, failing: set[Key] | dict[Key, str], changed: dict[Key, Any]) -> dict[str, Any]:
    c = cells.get(key) or {"value": None, "raw": None}
    text = fmt(c["value"])
    raw = c["raw"] if c["raw"] not in (None, "", text) else None
    note = failing.get(key) if isinstance(failing, dict) else None
    fail, is_changed, missing = key in failing, key in changed, key not in cells
    tips = []
    if fail:
        tips.append(note or "未通过勾稽校验 fails a check")
    if is_changed:
        tips.append("上一版本 previous version: " + (changed.get(key) or "（空 blank）"))
    if raw:
        tips.append(f"原文 raw: {raw}")
    cls = " ".join(["num"] + [n for n, on in (("fail", fail), ("changed", is_changed), ("missing", missing)) if on])
    return {"text": text, "raw": raw, "fail": fail, "fail_note": note, "changed": is_changed,
            "old": changed.get(key), "missing": missing, "cls": cls, "title": " · ".join(tips)}


def layout(template: str | None, cells: dict[Key, dict[str, Any]], failing: set[Key] | dict[Key, str],
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


def render_tables(tables: dict[str, Any]) -> Markup:
    """The laid-out tables as HTML, from the autoescaped template ``_report_tables.html``."""
    if not tables.get("template"):
        return Markup("")
    return Markup(TABLES_ENV.get_template("_report_tables.html").render(tables=tables))  # noqa: S704 - autoescaped


def diff(old: dict[Key, dict[str, Any]], new: dict[Key, dict[str, Any]], template: str | None = None
         ) -> list[dict[str, Any]]:
    """Cells whose value differs between two extractions (added and removed cells included), with labels."""
    out = []
    for key in sorted(set(old) | set(new)):
        a = old.get(key, {}).get("value")
        b = new.get(key, {}).get("value")
        if key not in old or key not in new or a != b:
            out.append({"key": key, "where": " / ".join(p for p in key if p), "label": label_of(key, template),
                        "old": fmt(a), "new": fmt(b),
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


# --- timeliness, neighbours, banners --------------------------------------------------------------------


def timeliness(year: Any, agency: str | None, published: Any) -> dict[str, Any] | None:
    """The publication date on the site against the deadline: days early (<= 0) or late (> 0)."""
    if not isinstance(year, int):
        return None
    due, rule = deadline(year, agency)
    date = parse_date(published)
    out: dict[str, Any] = {"due": due.isoformat(), "rule": rule, "published": date.isoformat() if date else None,
                           "raw": str(published)[:100] if published and not date else None, "days_late": None}
    if date:
        out["days_late"] = (date - due).days
    return out


def neighbours(years: list[dict[str, Any]], year: Any) -> dict[str, Any]:
    """The agency's previous and next report around ``year`` (gaps skipped) and every year it has."""
    before = [r for r in years if r["year"] is not None and isinstance(year, int) and r["year"] < year]
    after = [r for r in years if r["year"] is not None and isinstance(year, int) and r["year"] > year]
    return {"previous": before[-1] if before else None, "next": after[0] if after else None, "all": years}


def banners(rep: dict[str, Any], documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Amended (a document has more than one version), removed, or missing from the site."""
    out = []
    amended = [d for d in documents if len(d["versions"]) > 1]
    if amended:
        n = sum(len(d["versions"]) for d in amended)
        out.append({"kind": "amended", "zh": f"本报告发布后被修改过：{len(amended)} 个文件共有 {n} 个版本。",
                    "en": f"This report was amended after publication: {len(amended)} document(s) have {n} versions."})
    removed = [d["doc"] for d in documents if d["doc"].get("status") == "removed"]
    if rep.get("status") == "removed" or removed:
        when = max((d.get("removed_at") or "" for d in removed), default="") or None
        out.append({"kind": "removed", "when": when,
                    "zh": "本报告已从发布机关网站删除" + (f"（{when} 确认）" if when else "") + "；下列存档副本仍可下载。",
                    "en": "This report was removed from the agency's site" + (f" (confirmed {when})" if when else "")
                          + "; the archived copies below remain available."})
    missing = [d["doc"] for d in documents if d["doc"].get("status") == "missing"]
    if missing:
        runs = max(int(d.get("missing_runs") or 0) for d in missing)
        out.append({"kind": "missing",
                    "zh": f"最近 {runs} 次抓取未在网站上找到本报告的 {len(missing)} 个文件（尚未认定删除）。",
                    "en": f"{len(missing)} document(s) of this report were not found on the site in the last "
                          f"{runs} crawl(s) (not yet counted as removed)."})
    return out


# --- the page ---------------------------------------------------------------------------------------------


def _rows(conn, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cur = conn.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _first(conn, sql: str, params: list[Any]) -> dict[str, Any] | None:
    rows = _rows(conn, sql, params)
    return rows[0] if rows else None


def cells_of(conn, extraction_id: str) -> dict[Key, dict[str, Any]]:
    return cell_map(_rows(conn, "select tbl, item, row, col, value, raw from cells where extraction_id = ?",
                          [extraction_id]))


def _database(datasette):
    try:
        return datasette.get_database(DB_NAME)
    except KeyError:
        return datasette.get_database()


def _documents(conn, report_id: str) -> list[dict[str, Any]]:
    documents = []
    for d in _rows(conn, "select * from documents where report_id = ? order by kind desc, url", [report_id]):
        versions = _rows(conn, """select v.sha256, v.size, v.first_seen, v.last_seen, b.mime, b.original_name,
                      ff.fetched_at as first_fetched_at, ff.final_url as first_final_url, ff.run_id as first_run_id
               from versions v left join blobs b on b.sha256 = v.sha256
               left join fetches ff on ff.id = v.first_fetch_id
               where v.document_id = ? order by v.first_seen desc""", [d["id"]])
        fetches = _rows(conn, """select run_id, url, final_url, status, fetched_at, outcome, sha256, error from fetches
               where url = ? order by fetched_at desc limit 10""", [d["url"]])
        documents.append({"doc": d, "versions": versions, "fetches": fetches})
    return documents


def _pick_version(documents: list[dict[str, Any]], sha: str | None) -> tuple[dict | None, dict | None]:
    """(document, version) shown and cited: ``sha`` when given, else the page's current version."""
    if sha:
        for d in documents:
            for v in d["versions"]:
                if v["sha256"] == sha:
                    return d, v
        return None, None
    for d in documents:  # pages first (documents are ordered kind desc), then attachments
        for v in d["versions"]:
            if v["sha256"] == d["doc"].get("current_sha256"):
                return d, v
        if d["versions"]:
            return d, d["versions"][0]
    return (documents[0], None) if documents else (None, None)


def load(conn, report_id: str, sha: str | None, a_arg: str | None, b_arg: str | None) -> dict[str, Any]:
    """Everything the page shows, read in one go (one hop to Datasette's SQL thread, not fifteen).

    Returns ``{"missing": "report"|"version"}`` when there is nothing to show.
    """
    rep = _first(conn, "select * from reports where id = ?", [report_id])
    if rep is None:
        return {"missing": "report"}
    best_row = _first(conn, "select extraction_id from report_best where report_id = ?", [report_id])
    best_id = best_row["extraction_id"] if best_row else None
    best = _first(conn, "select * from extractions where id = ?", [best_id]) if best_id else None
    documents = _documents(conn, report_id)
    shown_doc, shown_version = _pick_version(documents, sha)
    if sha and shown_version is None:
        return {"missing": "version"}
    extractions = _rows(conn, """select e.id, e.sha256, e.status, e.error, e.template, e.extractor_version, e.strategy,
                  e.format, e.created_at, d.url,
                  (select v.first_seen from versions v where v.document_id = e.document_id and v.sha256 = e.sha256)
                    as seen
           from extractions e left join documents d on d.id = e.document_id
           where e.report_id = ? order by seen, e.created_at""", [report_id])
    # the extraction whose tables are shown: the best one, or on a version page that version's newest
    if sha:
        own = sorted((e for e in extractions if e["sha256"] == sha),
                     key=lambda e: (e["status"] == "ok", e["created_at"] or ""))
        shown_id = own[-1]["id"] if own else None
    else:
        shown_id = best_id
    shown = best if shown_id == best_id else next((e for e in extractions if e["id"] == shown_id), None)
    cells: dict[Key, dict[str, Any]] = {}
    checks: list[dict[str, Any]] = []
    sections: list[dict[str, Any]] = []
    if shown_id:
        cells = cells_of(conn, shown_id)
        checks = _rows(conn, "select check_key, col, amount, verdict from checks_failing where extraction_id = ?",
                       [shown_id])
        sections = _rows(conn, "select section, text from sections where extraction_id = ? order by rowid",
                         [shown_id])
    # extractions that can be compared: those with cells, in the order their versions were first seen
    with_cells = {r["id"] for r in _rows(conn, """select e.id from extractions e where e.report_id = ?
           and exists (select 1 from cells c where c.extraction_id = e.id)""", [report_id])}
    ids = [e["id"] for e in extractions if e["id"] in with_cells]
    changes: list[dict[str, Any]] = []
    compared = None
    template = (shown["template"] if shown else None) or rep["template"] or infer_template(cells)
    if not sha:
        b_id = b_arg or best_id
        a_id = a_arg
        if a_id is None and b_id in ids and ids.index(b_id) > 0:
            a_id = ids[ids.index(b_id) - 1]
        if a_id in ids and b_id in ids and a_id != b_id:
            new = cells if b_id == best_id else cells_of(conn, b_id)
            changes = diff(cells_of(conn, a_id), new, template)
            compared = {"a": a_id, "b": b_id}
    years = _rows(conn, "select id, year, status from reports where agency_id = ? order by year",
                  [rep["agency_id"]]) if rep.get("agency_id") else []
    return {"rep": rep, "best_id": best_id, "shown": shown, "shown_id": shown_id, "documents": documents,
            "shown_doc": shown_doc, "shown_version": shown_version, "extractions": extractions, "cells": cells,
            "checks": checks, "sections": sections, "changes": changes, "compared": compared, "template": template,
            "years": years}


async def report(datasette, request) -> Response:
    report_id = request.url_vars["report_id"]
    sha = request.url_vars.get("sha256")
    if not REPORT_ID.match(report_id) or (sha is not None and not SHA256.match(sha)):
        return Response.html("bad report id or sha256", status=400)
    db = _database(datasette)
    data = await db.execute_fn(lambda conn: load(conn, report_id, sha, request.args.get("a"), request.args.get("b")))
    if data.get("missing"):
        context = {"report": None, "report_id": report_id, "missing_sha": sha if data["missing"] == "version" else None}
        return Response.html(await datasette.render_template("report.html", context, request=request), status=404)
    rep, documents, sections = data["rep"], data["documents"], data["sections"]
    shown_doc, shown_version, compared = data["shown_doc"], data["shown_version"], data["compared"]
    # mark changed cells only when the tables shown are the newer side of the comparison
    changed_old = {c["key"]: c["old"] for c in data["changes"]} \
        if compared and compared["b"] == data["best_id"] else {}
    found = offending(data["checks"], data["cells"], data["template"])
    tables = layout(data["template"], data["cells"], fail_notes(found), changed_old)
    page_doc = next((d["doc"] for d in documents if d["doc"].get("kind") == "page"), None)
    published = (page_doc or (shown_doc or {}).get("doc") or {}).get("publish_date")
    text_chars = 0
    for s in sections:
        s["text"] = (s["text"] or "")[:max(0, MAX_TEXT_CHARS - text_chars)]
        text_chars += len(s["text"])
    newest = None
    if sha and shown_doc and shown_version:
        current = shown_doc["doc"].get("current_sha256") or shown_doc["versions"][0]["sha256"]
        newest = {"is_newest": sha == current, "current_sha256": current}

    def absolute(path: str) -> str:
        return datasette.absolute_url(request, datasette.urls.path(path))

    published_day = parse_date(published)
    cite = {
        "agency": rep.get("agency"), "title": rep.get("title"), "year": rep.get("year"),
        "district": rep.get("district"), "url": (shown_doc or {}).get("doc", {}).get("url"),
        "published": published_day.isoformat() if published_day else None,
        "fetched_at": (shown_version or {}).get("first_fetched_at") or (shown_version or {}).get("first_seen"),
        "sha256": (shown_version or {}).get("sha256"),
        "archive_url": absolute("/original/" + shown_version["sha256"]) if shown_version else None,
        "permalink": absolute(f"/report/{report_id}/version/{shown_version['sha256']}") if shown_version else None,
        "page_url": absolute(f"/report/{report_id}"), "report_id": report_id,
    }
    context = {
        "report": rep, "report_id": report_id, "best": data["shown"], "documents": documents,
        "extractions": data["extractions"], "tables": tables, "checks": found, "changes": data["changes"],
        "compared": compared, "database": db.name,
        "version": {"sha256": sha, "extraction_id": data["shown_id"], **(newest or {})} if sha else None,
        "best_id": data["best_id"], "banners": banners(rep, documents),
        "timeliness": timeliness(rep.get("year"), rep.get("agency"), published),
        "neighbours": neighbours(data["years"], rep.get("year")), "sections": sections,
        "text_truncated": text_chars >= MAX_TEXT_CHARS, "cite": cite, "tables_html": render_tables(tables),
    }
    return Response.html(await datasette.render_template("report.html", context, request=request))


@hookimpl
def register_routes():
    return [(r"^/report/(?P<report_id>[^/]+)$", report),
            (r"^/report/(?P<report_id>[^/]+)/version/(?P<sha256>[^/]+)$", report)]
