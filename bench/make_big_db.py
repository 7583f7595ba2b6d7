"""Generate a nianbao database (the contract's schema) filled with synthetic reports.

Why: the Datasette benchmark needs a database the size of a national archive
(100,000 reports), and the publishing tests need a small one with known content
before a real crawl exists. Both use this one generator so that the tests exercise
the same shapes the benchmark measures. The schema comes from ``archive.db.open_db``
(the real one); only the rows are synthetic.

Example: .venv/bin/python bench/make_big_db.py --reports 100000 --data-dir /tmp/bigdata
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from archive.db import open_db  # noqa: E402
from archive.store import open_store  # noqa: E402

SPEC_PATH = ROOT / "extract" / "spec" / "template.json"

DISTRICTS = ["越秀区", "海珠区", "荔湾区", "天河区", "白云区", "黄埔区", "番禺区", "花都区", "南沙区", "从化区", "增城区"]
SITE_KEYS = ["yuexiu", "haizhu", "lw", "thnet", "by", "hp", "panyu", "huadu", "gzns", "conghua", "zc"]
DEPTS = ["人民政府办公室", "发展和改革局", "教育局", "科技工业商务和信息化局", "公安分局", "民政局", "司法局", "财政局",
         "人力资源和社会保障局", "规划和自然资源分局", "住房和建设局", "交通运输局", "水务局", "农业农村局",
         "文化广电旅游体育局", "卫生健康局", "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局",
         "城市管理和综合执法局", "生态环境分局", "退役军人事务局", "政务服务数据管理局"]
# Sentence parts for the prose; the tests plant their own unique phrase, so keep this
# vocabulary free of the characters the tests search for (see tests/test_publish_*.py).
PHRASES = ["坚持以人民为中心", "深入推进政务公开", "严格落实保密审查", "及时回应社会关切", "加强政策解读",
           "规范依申请公开办理", "完善政府网站管理", "强化监督考核", "主动公开政府信息", "做好政务新媒体管理",
           "提升公开质量", "按时办结申请", "加强队伍建设", "开展业务培训", "推进基层政务公开标准化规范化"]
SECTION_KEYS = ["overview", "active_disclosure", "applications", "review_litigation", "problems", "other"]
YEARS = [2019, 2020, 2021, 2022]
RUN_IDS = ["20261120T020000Z", "20261121T020000Z"]


def load_spec() -> dict[str, Any]:
    """The canonical keys (extract/spec/template.json)."""
    return json.loads(SPEC_PATH.read_text(encoding="utf-8"))


def sha1_16(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def template_for(year: int) -> str:
    return "2019" if year < 2021 else "2021"


def table_cells(spec: dict[str, Any], template: str, rnd: random.Random) -> list[tuple[str, str, str, str, float]]:
    """(tbl, item, row, col, value) for one consistent report; the identities hold."""
    out: list[tuple[str, str, str, str, float]] = []
    for item in spec["tables"]["active_disclosure"]["templates"][template]:
        for row in item["rows"]:
            for col in item["columns"]:
                out.append(("active_disclosure", item["item"], row["key"], col["key"], float(rnd.randint(0, 40))))
    cols = [c["key"] for c in spec["applicant_columns"] if c["key"] != "total"]
    result_rows = spec["result_rows"][template]
    per_col: dict[str, dict[str, int]] = {}
    for col in cols:
        weight = 8 if col == "natural_person" else 1
        vals = {r: (rnd.randint(0, 6 * weight) if rnd.random() < 0.5 else 0) for r in result_rows}
        total = sum(vals.values())
        carried_forward = rnd.randint(0, 2)
        carried_over = rnd.randint(0, min(3, total + carried_forward))
        vals.update(total=total, carried_forward=carried_forward, carried_over=carried_over,
                    new_received=total + carried_forward - carried_over)
        per_col[col] = vals
    rows = [r["key"] for r in spec["tables"]["applications"]["rows"]
            if template in r.get("templates", [template])]
    for row in rows:
        for col in cols:
            out.append(("applications", "", row, col, float(per_col[col][row])))
        out.append(("applications", "", row, "total", float(sum(per_col[c][row] for c in cols))))
    rl = spec["tables"]["review_litigation"]
    for group in rl["groups"]:
        parts = [rnd.randint(0, 3) if rnd.random() < 0.3 else 0 for _ in range(4)]
        for col, val in zip([c["key"] for c in rl["columns"]], [*parts, sum(parts)], strict=True):
            out.append(("review_litigation", "", group["key"], col, float(val)))
    return out


def prose(rnd: random.Random, chars: int) -> str:
    parts: list[str] = []
    size = 0
    while size < chars:
        p = rnd.choice(PHRASES) + f"，共{rnd.randint(1, 999)}件" + rnd.choice("。；，")
        parts.append(p)
        size += len(p)
    return "".join(parts)


def generate(data_dir: Path, *, reports: int, seed: int = 1, text_chars: int = 1200,
             write_files: int = 50, plant: dict[str, str] | None = None) -> dict[str, Any]:
    """Write ``<data_dir>/nianbao.db`` (+ a few archived originals) and return facts about it.

    ``plant`` maps a report index to an extra sentence put into that report's overview,
    so a test can search for a phrase it knows occurs in exactly one report.
    Every 7th report's newest extraction breaks ``applications_balance`` and every
    5th report has a second (amended) version, so failing checks and version
    differences exist.
    """
    rnd = random.Random(seed)
    spec = load_spec()
    data_dir.mkdir(parents=True, exist_ok=True)
    db_path = data_dir / "nianbao.db"
    open_db(db_path).conn.close()
    store = open_store(data_dir / "archive")
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA synchronous = OFF")
    # a fresh archive has nothing "changed since the last publish" (its first publish is full):
    # generate without the change-log triggers, then put them back
    for (trigger,) in conn.execute("select name from sqlite_master where type = 'trigger' "
                                   "and name like '\\_changes\\_%' escape '\\'").fetchall():
        conn.execute(f"drop trigger [{trigger}]")
    plant = plant or {}
    facts: dict[str, Any] = {"reports": [], "db_path": str(db_path)}

    conn.executemany("insert or replace into runs values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", [
        (rid, f"2026-11-{20 + i}T02:00:00Z", f"2026-11-{20 + i}T02:40:00Z", "ok", "replica", "schedule",
         1000 + i, 100, 10_000, 0, 0, 0, 0, 0, None, None) for i, rid in enumerate(RUN_IDS)])
    conn.executemany("insert or replace into sites (key, host, district, name, systems, home) values (?,?,?,?,?,?)",
                     [(k, f"www.{k}.gov.cn", d, f"广州市{d}人民政府", json.dumps(["portal", "gkmlpt"]),
                       f"http://www.{k}.gov.cn/") for k, d in zip(SITE_KEYS, DISTRICTS, strict=True)])
    n_agencies = max(1, (reports + len(YEARS) - 1) // len(YEARS))
    agencies = []
    for a in range(n_agencies):
        d = a % len(DISTRICTS)
        name = f"广州市{DISTRICTS[d]}{DEPTS[(a // len(DISTRICTS)) % len(DEPTS)]}"
        if a >= len(DISTRICTS) * len(DEPTS):
            name += f"第{a // (len(DISTRICTS) * len(DEPTS)) + 1}分局"
        agencies.append((sha1_16(f"{DISTRICTS[d]}|{name}"), name, DISTRICTS[d], SITE_KEYS[d]))
    conn.executemany("insert or replace into agencies (id, name, district, site) values (?,?,?,?)", agencies)

    batch: dict[str, list[tuple]] = {k: [] for k in
                                     ("reports", "documents", "blobs", "versions", "fetches", "extractions",
                                      "cells", "checks", "sections", "best")}
    for i in range(reports):
        agency_id, agency, district, site = agencies[i // len(YEARS)]
        year = YEARS[i % len(YEARS)]
        template = template_for(year)
        report_id = sha1_16(f"{district}|{agency}|{year}")
        removed = i % 97 == 13
        title = f"{agency}{year}年政府信息公开工作年度报告"
        batch["reports"].append((report_id, agency_id, agency, district, site, year, title, template,
                                 "2026-11-20T02:10:00Z", "2026-11-21T02:10:00Z", "removed" if removed else "active"))
        url = f"http://www.{site}.gov.cn/zwgk/zfxxgkndbg/content/post_{1_000_000 + i}.html"
        doc_id = sha1_16(url)
        n_versions = 2 if i % 5 == 2 else 1
        cells = table_cells(spec, template, rnd)
        version_shas: list[str] = []
        for v in range(n_versions):
            run_id = RUN_IDS[v]
            text = {k: prose(rnd, text_chars // len(SECTION_KEYS)) for k in SECTION_KEYS}
            if v == n_versions - 1 and str(i) in plant:
                text["overview"] = plant[str(i)] + text["overview"]
            body = f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><h1>{title}</h1>" \
                   f"<div>{''.join(text.values())}</div><p>version {v}</p></body></html>".encode()
            sha = hashlib.sha256(body).hexdigest()
            version_shas.append(sha)
            if i < write_files:
                store.put(body)
            fetch_id = f"{run_id}-{i}"
            fetched_at = f"2026-11-{20 + v}T02:{10 + i % 40:02d}:00Z"
            batch["blobs"].append((sha, len(body), "text/html; charset=utf-8", f"post_{1_000_000 + i}.html",
                                   fetched_at))
            batch["fetches"].append((fetch_id, run_id, url, url, "[]", 200,
                                     json.dumps({"Content-Type": "text/html; charset=utf-8"}), fetched_at,
                                     len(body), sha, "new", None, doc_id))
            batch["versions"].append((sha1_16(f"{doc_id}|{sha}"), doc_id, sha, len(body), fetched_at,
                                      fetched_at if v < n_versions - 1 else f"2026-11-21T02:{10 + i % 40:02d}:00Z",
                                      fetch_id, fetch_id, None))
            ext_id = sha1_16(f"{sha}|bench")
            ext_cells = list(cells)
            if v < n_versions - 1:  # the older version differs in a few cells
                ext_cells = [(t, it, r, c, val + 1 if (r == "granted" and c in ("natural_person", "total")) else val)
                             for t, it, r, c, val in ext_cells]
            broken = v == n_versions - 1 and i % 7 == 3
            if broken:
                ext_cells = [(t, it, r, c, val + 5 if (r == "carried_forward" and c == "natural_person") else val)
                             for t, it, r, c, val in ext_cells]
                batch["checks"].append((ext_id, report_id, "applications_balance", "natural_person", 5.0, "document"))
            batch["extractions"].append((ext_id, sha, doc_id, report_id, "bench", "ok", None, "html", template,
                                         agency, year, "html-table", json.dumps({"template": template}),
                                         fetched_at))
            batch["cells"].extend((ext_id, report_id, t, it, r, c, val, _raw(val)) for t, it, r, c, val in ext_cells)
            batch["sections"].extend((ext_id, report_id, k, t) for k, t in text.items())
            if v == n_versions - 1:
                batch["best"].append((report_id, ext_id))
        batch["documents"].append((doc_id, url, report_id, site, "page", f"post_{1_000_000 + i}.html",
                                   "text/html", "html", "portal", url.rsplit("/content/", 1)[0] + "/index.html",
                                   "2026-11-20T02:10:00Z", "2026-11-21T02:10:00Z",
                                   "removed" if removed else "active", 0,
                                   "2026-11-21T02:30:00Z" if removed else None, version_shas[-1], None, None,
                                   None, RUN_IDS[-1], title, f"{year + 1}-01-20"))
        facts["reports"].append({"id": report_id, "agency": agency, "year": year, "shas": version_shas,
                                 "broken": i % 7 == 3, "removed": removed})
        if len(batch["cells"]) > 200_000 or i == reports - 1:
            _flush(conn, batch)
    conn.commit()
    conn.close()
    open_db(db_path).conn.close()  # the change-log triggers again (dropped while generating)
    return facts


def _raw(val: float) -> str:
    return str(int(val)) if val == int(val) else str(val)


def _flush(conn: sqlite3.Connection, batch: dict[str, list[tuple]]) -> None:
    sql = {
        "reports": "insert or replace into reports (id, agency_id, agency, district, site, year, title, template, "
                   "first_seen, last_seen, status) values (?,?,?,?,?,?,?,?,?,?,?)",
        "documents": "insert or replace into documents (id, url, report_id, site, kind, name, mime, format, "
                     "source_system, listing_url, first_seen, last_seen, status, missing_runs, removed_at, "
                     "current_sha256, etag, last_modified, parent_id, last_run_id, title, publish_date) "
                     "values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        "blobs": "insert or replace into blobs (sha256, size, mime, original_name, stored_at) values (?,?,?,?,?)",
        "versions": "insert or replace into versions (id, document_id, sha256, size, first_seen, last_seen, "
                    "first_fetch_id, last_fetch_id, norm_sha256) values (?,?,?,?,?,?,?,?,?)",
        "fetches": "insert or replace into fetches (id, run_id, url, final_url, redirects, status, headers, "
                   "fetched_at, size, sha256, outcome, error, document_id) values (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        "extractions": "insert or replace into extractions (id, sha256, document_id, report_id, extractor_version, "
                       "status, error, format, template, agency, year, strategy, json, created_at) "
                       "values (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        "cells": "insert into cells (extraction_id, report_id, tbl, item, row, col, value, raw) values (?,?,?,?,?,?,?,?)",
        "checks": "insert into checks_failing (extraction_id, report_id, check_key, col, amount, verdict) "
                  "values (?,?,?,?,?,?)",
        "sections": "insert into sections (extraction_id, report_id, section, text) values (?,?,?,?)",
        "best": "insert or replace into report_best (report_id, extraction_id) values (?,?)",
    }
    # documents before versions (foreign keys are not enforced on this raw connection,
    # but keep the natural order anyway)
    for key in ("reports", "documents", "blobs", "fetches", "versions", "extractions", "cells", "checks",
                "sections", "best"):
        if batch[key]:
            conn.executemany(sql[key], batch[key])
            batch[key].clear()
    conn.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/nianbao-bigdata"))
    parser.add_argument("--text-chars", type=int, default=1200, help="prose characters per report")
    args = parser.parse_args()
    start = time.perf_counter()
    generate(args.data_dir, reports=args.reports, text_chars=args.text_chars)
    size = (args.data_dir / "nianbao.db").stat().st_size
    print(f"generated {args.reports} reports in {time.perf_counter() - start:.1f} s, "
          f"{size / 1e6:.0f} MB at {args.data_dir / 'nianbao.db'}")


if __name__ == "__main__":
    main()
