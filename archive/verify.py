"""Fixity check (``nianbao verify``): re-hash every archived original.

Why: bit rot, a bad disk or a careless hand can change an original silently; archivists
need proof that each stored file still has the bytes it was fetched with. Also checks
that every blob and version the database names is present, and SQLite's own integrity.

Healing (issue 12, point 10): a corrupt or missing blob is looked for in the runs' WARC
files (every response of every run, ``archive.warc``); a response whose body hashes to
the blob's name is written back (``LocalStore.put`` replaces a damaged file). What no WARC
holds is listed as not healed: the next run that fetches those bytes writes them again.
"""


from __future__ import annotations

import logging
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from archive.db import open_db
from archive.store import LocalStore, open_store, sha256_bytes
from crawler.config import Config

log = logging.getLogger(__name__)


@dataclass
class VerifyReport:
    checked: int = 0
    corrupt: list[str] = field(default_factory=list)  # file bytes do not match their name
    missing: list[str] = field(default_factory=list)  # named in the database, no file
    temporaries: int = 0  # leftovers of interrupted writes (harmless)
    unreferenced: int = 0  # stored, but no blobs row (a run killed between the two; harmless)
    db_errors: list[str] = field(default_factory=list)
    healed: list[str] = field(default_factory=list)  # corrupt or missing, written back from a WARC

    @property
    def unhealed(self) -> list[str]:
        """Corrupt or missing blobs no WARC could restore."""
        return sorted(set(self.corrupt + self.missing) - set(self.healed))

    @property
    def ok(self) -> bool:
        return not (self.unhealed or self.db_errors)


def check_archive(cfg: Config, *, heal: bool = True) -> VerifyReport:
    """Re-hash the store and cross-check it with the database; heal from the WARCs when asked."""
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
    if heal and (report.corrupt or report.missing):
        report.healed = heal_from_warcs(store, set(report.corrupt + report.missing), cfg.warc_dir)
    return report


def _warc_payloads(warc_dir: Path) -> Iterable[bytes]:
    """The body of every response record in the run WARCs (a damaged WARC is skipped, logged)."""
    from warcio.archiveiterator import ArchiveIterator

    for path in sorted(Path(warc_dir).glob("*.warc.gz")) if Path(warc_dir).is_dir() else []:
        try:
            with open(path, "rb") as fh:
                for record in ArchiveIterator(fh):
                    if record.rec_type == "response":
                        yield record.content_stream().read()
        except Exception as exc:  # noqa: BLE001 - a truncated WARC (killed run) still gave its records
            log.warning("WARC %s read only in part: %s", path, exc)


def heal_from_warcs(store: LocalStore, wanted: set[str], warc_dir: Path) -> list[str]:
    """Write back every wanted blob found in a WARC; the hashes healed."""
    healed: list[str] = []
    if not wanted:
        return healed
    for body in _warc_payloads(warc_dir):
        sha = sha256_bytes(body)
        if sha in wanted and sha not in healed:
            store.put(body)
            if store.verify(sha):
                healed.append(sha)
            if len(healed) == len(wanted):
                break
    return sorted(healed)


def verify_archive(cfg: Config) -> int:
    """Print the fixity report; exit code 0 when everything matches, 1 otherwise."""
    report = check_archive(cfg)
    healed = set(report.healed)
    for sha in report.corrupt:
        what = "HEALED (was corrupt)" if sha in healed else "CORRUPT, NOT HEALED"
        print(f"{what} {sha}  {open_store(cfg.archive_dir).path(sha)}", file=sys.stderr)
    for sha in report.missing:
        print(f"{'HEALED (was missing)' if sha in healed else 'MISSING, NOT HEALED'} {sha}", file=sys.stderr)
    for err in report.db_errors:
        print(f"DATABASE {err}", file=sys.stderr)
    print(f"verified {report.checked} originals: {len(report.corrupt)} corrupt, {len(report.missing)} missing, "
          f"{len(report.db_errors)} database errors, {report.temporaries} leftover temporary files, "
          f"{report.unreferenced} unreferenced originals; {len(report.healed)} healed from the WARCs, "
          f"{len(report.unhealed)} not healed")
    return 0 if report.ok else 1
