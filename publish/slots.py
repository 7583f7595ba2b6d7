"""Two alternating build copies (``<data>/publish/a``, ``b``), one served, one updated.

Why two: Datasette opens the served file immutable, so it must never change under a reader,
yet copying a national archive (gigabytes) for each publish costs a minute on an ordinary
disk and copy-on-write files are not available. So the night's changes are applied to the
copy that nobody reads, and ``<data>/publish/nianbao.db`` — a symbolic link — is turned to
it atomically. The other copy catches up at the next publish (it applies two nights).

"Nobody reads it" is checked, not assumed: a copy still open in any process (an old
Datasette not yet retired, a release being written, a researcher's sqlite3 shell) is waited
for, and the publish fails with the process ids if it stays open. Readers must open the
resolved path (``served_file``), never the link, so that the link's turn does not move
them onto the copy being written.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from crawler.config import env_float

SLOTS = ("a", "b")


class SlotBusy(RuntimeError):
    """Both copies are open by readers: nothing can be written without changing one under them."""


def slot_file(out: Path, slot: str, name: str) -> Path:
    return out / slot / f"{name}.db"


def served_file(link: Path) -> Path | None:
    """The copy the link points to now (resolved), or None before the first publish."""
    if not link.exists():
        return None
    return link.resolve()


def readers(path: Path) -> list[int]:
    """Process ids holding ``path`` open (Linux ``/proc``; processes we may not inspect are skipped)."""
    target = str(path.resolve())
    found: list[int] = []
    proc = Path("/proc")
    if not proc.is_dir():
        return found
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fds = os.listdir(entry / "fd")
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink(entry / "fd" / fd) == target:
                    found.append(int(entry.name))
                    break
            except OSError:
                continue
    return found


def free_slot(out: Path, name: str, link: Path) -> Path:
    """The copy to update: the one the link does not point to, once no process has it open."""
    current = served_file(link)
    candidates = [slot_file(out, s, name) for s in SLOTS]
    target = next((c for c in candidates if current is None or c.resolve() != current), candidates[0])
    target.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + env_float("NIANBAO_PUBLISH_WAIT_SECONDS", 60.0)
    while True:
        busy = readers(target) if target.exists() else []
        if not busy:
            return target
        if time.monotonic() > deadline:
            raise SlotBusy(f"{target} is still open in process(es) {busy} (a Datasette not yet swapped, "
                           "a release, a shell): the published snapshot stays as it was")
        time.sleep(0.5)


def other(out: Path, name: str, target: Path) -> Path:
    """The copy that is not ``target``."""
    return next(slot_file(out, s, name) for s in SLOTS if slot_file(out, s, name) != target)


def point(link: Path, target: Path) -> None:
    """Turn the served link to ``target`` atomically (relative, so the data directory can move)."""
    tmp = link.with_name(link.name + ".tmp-link")
    tmp.unlink(missing_ok=True)
    os.symlink(os.path.relpath(target, link.parent), tmp)
    os.replace(tmp, link)
