"""Results in SQLite: extractions, cells with raw text, failing checks, sections + FTS,
failures with their reason, and `nianbao extract --all` over an archive."""

import hashlib
import json
import shutil
from pathlib import Path

import sqlite_utils

from crawler.config import Config
from extract import EXTRACTOR_VERSION, extract_file
from extract.reextract import reextract_all
from extract.store import cross_report_checks, save_extraction, save_failure

FILES = Path(__file__).parent / "files" / "extract"


def test_save_extraction_writes_every_table() -> None:
    db = sqlite_utils.Database(memory=True)
    result = extract_file(FILES / "report2019.docx")
    result["check_details"] = [{"check": "applications_balance", "column": "total", "amount": 2,
                                "verdict": "document"}]
    eid = save_extraction(db, result, sha256="a" * 64, document_id="d1", report_id="r1")
    row = db["extractions"].get(eid)
    assert (row["status"], row["template"], row["extractor_version"]) == ("ok", "2019", EXTRACTOR_VERSION)
    cell = next(db.query("select value, raw from cells where row = 'centralized_procurement' and col = 'amount'"))
    assert cell == {"value": 35224362.87, "raw": "3522.436287万"}
    assert db["cells"].count == 198
    assert next(db.query("select amount, verdict from checks_failing")) == {"amount": 2, "verdict": "document"}
    hits = list(db.query("select section from sections_fts where sections_fts match ?", ["信息处理费"]))
    assert hits == [{"section": "other"}]
    assert db["report_best"].get("r1")["extraction_id"] == eid
    # saving again replaces, never duplicates
    save_extraction(db, result, sha256="a" * 64, document_id="d1", report_id="r1")
    assert db["cells"].count == 198 and db["extractions"].count == 1


def test_failure_is_recorded_with_reason() -> None:
    db = sqlite_utils.Database(memory=True)
    eid = save_failure(db, sha256="b" * 64, document_id="d2", report_id="r2", error="timed out after 60 s")
    assert db["extractions"].get(eid)["status"] == "failed"
    assert db["extractions"].get(eid)["error"] == "timed out after 60 s"


def test_cross_report_checks_between_years() -> None:
    db = sqlite_utils.Database(memory=True)
    r2020 = extract_file(FILES / "seed_huadu_2020.txt")
    r2021 = json.loads(json.dumps(r2020))
    r2021["year"] = 2021
    r2021["applications"]["carried_over"]["natural_person"] = 0  # 2020 carried 1 forward
    save_extraction(db, r2020, sha256="c" * 64, document_id="d", report_id="y2020")
    save_extraction(db, r2021, sha256="d" * 64, document_id="e", report_id="y2021")
    assert cross_report_checks(db) >= 1
    rows = list(db.query("select report_id, col, amount from checks_failing where check_key = 'carry_over_chain'"))
    assert {"report_id": "y2021", "col": "natural_person", "amount": -1} in rows


def test_reextract_all_over_an_archive(tmp_path: Path, monkeypatch) -> None:
    import extract.worker

    served: list[str] = []  # documents handed to the long-lived pool, not to a process each

    def spying_pool(memory_mb: int = 1536) -> extract.worker.WorkerPool:
        pool = extract.worker.WorkerPool(memory_mb=memory_mb)
        real = pool.extract
        pool.extract = lambda path, **kw: (served.append(str(path)), real(path, **kw))[1]
        return pool

    monkeypatch.setattr(extract.worker, "pool_from_env", spying_pool)
    cfg = Config(tmp_path).ensure()
    db = sqlite_utils.Database(cfg.db_path)
    docs = [FILES / "report2021.gbk.html", FILES / "report2019.pdf"]
    for i, f in enumerate(docs):
        data = f.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        dest = cfg.archive_dir / sha[:2] / sha[2:4] / sha
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f, dest)
        db["documents"].insert({"id": f"doc{i}", "report_id": f"rep{i}", "name": f.name, "mime": None,
                                "url": f"http://x/{i}"}, pk="id", alter=True)
        db["versions"].insert({"id": f"v{i}", "document_id": f"doc{i}", "sha256": sha}, pk="id", alter=True)
    db["versions"].insert({"id": "v9", "document_id": "doc0", "sha256": "e" * 64}, pk="id")  # blob lost
    db.close()
    assert reextract_all(cfg) == 1  # one failure: the missing blob
    assert len(served) == 2  # the two archived blobs; the missing one never reaches a worker
    db = sqlite_utils.Database(cfg.db_path)
    status = {r["sha256"][:1]: (r["status"], r["error"]) for r in db["extractions"].rows}
    assert status["e"][0] == "failed" and "missing" in status["e"][1]
    assert sum(1 for r in db["extractions"].rows if r["status"] == "ok") == 2
    assert reextract_all(cfg) == 1  # only the failed one is retried
    assert db["extractions"].count == 3
