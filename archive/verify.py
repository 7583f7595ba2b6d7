"""Fixity check (``nianbao verify``): re-hash every archived original.

Why: bit rot, a bad disk or a careless hand can change an original silently; archivists
need proof that each stored file still has the bytes it was fetched with. Also checks
that every blob and version the database names is present, and SQLite's own integrity.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from archive.db import open_db
from archive.store import open_store
from crawler.config import Config


@dataclass
class VerifyReport:
    checked: int = 0
    corrupt: list[str] = field(default_factory=list)  # file bytes do not match their name
    missing: list[str] = field(default_factory=list)  # named in the database, no file
    temporaries: int = 0  # leftovers of interrupted writes (harmless)
    unreferenced: int = 0  # stored, but no blobs row (a run killed between the two; harmless)
    db_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.corrupt or self.missing or self.db_errors)


def check_archive(cfg: Config) -> VerifyReport:
    """Re-hash the store and cross-check it with the database."""
    store = open_store(cfg.archive_dir)
    report = VerifyReport()
    on_disk = set()
    for sha in store.iter_hashes():
        on_disk.add(sha)
        report.checked += 1
        if not store.verify(sha):
            report.corrupt.append(sha)
    report.temporaries = sum(1 for _ in store.iter_temporaries())
    if cfg.db_path.exists():
        db = open_db(cfg.db_path)
        try:
            result = [r[0] for r in db.execute("pragma integrity_check").fetchall()]
            if result != ["ok"]:
                report.db_errors.extend(result)
            fk = db.execute("pragma foreign_key_check").fetchall()
            report.db_errors.extend(f"foreign key: {row}" for row in fk)
            named = {r["sha256"] for r in db.query("select sha256 from blobs union select sha256 from versions")}
            report.missing = sorted(s for s in named if s and s not in on_disk)
            report.unreferenced = len(on_disk - named)
        finally:
            db.close()
    return report


def verify_archive(cfg: Config) -> int:
    """Print the fixity report; exit code 0 when everything matches, 1 otherwise."""
    report = check_archive(cfg)
    for sha in report.corrupt:
        print(f"CORRUPT {sha}  {open_store(cfg.archive_dir).path(sha)}", file=sys.stderr)
    for sha in report.missing:
        print(f"MISSING {sha}", file=sys.stderr)
    for err in report.db_errors:
        print(f"DATABASE {err}", file=sys.stderr)
    print(f"verified {report.checked} originals: {len(report.corrupt)} corrupt, {len(report.missing)} missing, "
          f"{len(report.db_errors)} database errors, {report.temporaries} leftover temporary files, "
          f"{report.unreferenced} unreferenced originals")
    return 0 if report.ok else 1
