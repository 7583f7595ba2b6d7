"""One run at a time: an advisory ``flock`` on a file in the data directory.

Why ``flock``: the kernel releases it the moment the holding process dies, so a
crashed or killed run can never leave the lock stuck (unlike a pid file). The
holder's pid is written into the file only so that the refusal message can name it.

The lock is re-entrant inside one process (the scheduler's child wraps
``run_once``, which takes the lock itself): ``flock`` locks belong to an open file
description, so opening the file a second time in the same process would
otherwise conflict with itself.
"""

from __future__ import annotations

import errno
import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from crawler.config import Config

#: Exit code of ``nianbao run`` / ``nianbao schedule`` when another one holds the lock.
EXIT_LOCKED = 3
#: How long to retry when the lock is taken by someone who wrote no pid (a status probe).
PROBE_GRACE = 1.0

_held: dict[Path, tuple[int, int]] = {}  # resolved path -> (fd, depth)
_held_guard = threading.Lock()


class RunLocked(RuntimeError):
    """Raised by :func:`file_lock` when another process holds the lock."""

    def __init__(self, path: Path, holder: int | None, what: str) -> None:
        self.path = path
        self.holder = holder
        who = f"pid {holder}" if holder else "another process"
        super().__init__(f"another {what} is in progress ({who}; lock {path}); not starting a second one")


def scheduler_lock_path(cfg: Config) -> Path:
    """The scheduler's own lock: two schedulers on one data directory would double every run."""
    return cfg.data_dir / "scheduler.lock"


def read_holder(path: Path) -> int | None:
    """The pid written by the current holder, or None when the lock is free or unreadable."""
    return _pid_in_file(path) if is_locked(path) else None


def _pid_in_file(path: Path) -> int | None:
    try:
        text = path.read_text().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def is_locked(path: Path) -> bool:
    """True when some process (this one included) holds the lock at ``path``."""
    key = path.resolve()
    with _held_guard:
        if key in _held:
            return True
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return True
        raise
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


@contextmanager
def file_lock(path: Path, *, what: str = "run", wait: float = 0.0) -> Iterator[None]:
    """Hold an exclusive lock on ``path``; raise :class:`RunLocked` if it stays taken
    for longer than ``wait`` seconds (0: do not wait)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    key = path.resolve()
    with _held_guard:
        if key in _held:
            fd, depth = _held[key]
            _held[key] = (fd, depth + 1)
            reentered = True
        else:
            reentered = False
    if reentered:
        try:
            yield
        finally:
            _release(key)
        return

    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)  # not inherited by child processes
    start = time.monotonic()
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                os.close(fd)
                raise
            elapsed = time.monotonic() - start
            holder = _pid_in_file(path)
            # No pid in the file: a reader's brief probe (``is_locked``), not a run; retry.
            if elapsed >= wait and (holder is not None or elapsed >= PROBE_GRACE):
                os.close(fd)
                raise RunLocked(path, holder, what) from None
            time.sleep(0.05)
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    with _held_guard:
        _held[key] = (fd, 1)
    try:
        yield
    finally:
        _release(key)


def _release(key: Path) -> None:
    with _held_guard:
        fd, depth = _held[key]
        if depth > 1:
            _held[key] = (fd, depth - 1)
            return
        del _held[key]
    try:
        os.ftruncate(fd, 0)
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def run_lock(cfg: Config, *, wait: float = 0.0) -> AbstractContextManager[None]:
    """The lock every nightly run holds (manual ``nianbao run`` and scheduled runs alike)."""
    return file_lock(cfg.lock_path, what="nianbao run", wait=wait)


def scheduler_lock(cfg: Config) -> AbstractContextManager[None]:
    """The lock a ``nianbao schedule`` process holds for its whole life."""
    return file_lock(scheduler_lock_path(cfg), what="nianbao scheduler")
