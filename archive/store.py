"""Content-addressed blob store: every distinct original is kept once, under its sha256.

Why an interface: the nightly run only needs put/get/exists/iterate, so an object store
(S3, MinIO) can replace the local folder later without touching the pipelines.
Why atomic writes: a run can be killed at any moment (SIGKILL, power loss); a blob is
written to a temporary file in the same folder, fsynced and renamed, so a file under a
real hash name always holds exactly the bytes of that hash.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

CHUNK = 1 << 20


def sha256_bytes(data: bytes) -> str:
    """Hex sha256 of a byte string."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, read in chunks so large originals do not fill memory."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


def _check_hash(sha256: str) -> str:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError(f"not a sha256 hex digest: {sha256!r}")
    return sha256


class BlobStore(Protocol):
    """What nianbao needs from a store of originals."""

    def put(self, data: bytes) -> str:
        """Store bytes (once) and return their sha256."""

    def exists(self, sha256: str) -> bool: ...

    def get(self, sha256: str) -> bytes: ...

    def open(self, sha256: str) -> BinaryIO: ...

    def iter_hashes(self) -> Iterator[str]:
        """Every stored hash (for fixity checks)."""

    def verify(self, sha256: str) -> bool:
        """True when the stored bytes still hash to their name."""


class LocalStore:
    """Blobs as files ``<root>/<ab>/<cd>/<sha256>`` (two shard levels keep folders small)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        """Where the blob with this hash lives (whether or not it exists)."""
        h = _check_hash(sha256)
        return self.root / h[:2] / h[2:4] / h

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def put(self, data: bytes) -> str:
        sha = sha256_bytes(data)
        target = self.path(sha)
        if target.is_file() and self._intact(target, sha, len(data)):
            return sha
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _fsync_dir(target.parent)
        return sha

    @staticmethod
    def _intact(target: Path, sha: str, size: int) -> bool:
        """A stored file is kept only when it still holds the bytes of its name: a run that
        fetches them again heals a truncated or corrupted blob (issue 12, point 10)."""
        try:
            return target.stat().st_size == size and sha256_file(target) == sha
        except OSError:
            return False

    def get(self, sha256: str) -> bytes:
        return self.path(sha256).read_bytes()

    def open(self, sha256: str) -> BinaryIO:
        return open(self.path(sha256), "rb")

    def iter_hashes(self) -> Iterator[str]:
        if not self.root.is_dir():
            return
        for p in sorted(self.root.glob("??/??/*")):
            if p.is_file() and not p.name.startswith(".tmp-"):
                yield p.name

    def iter_temporaries(self) -> Iterator[Path]:
        """Leftover temporary files of interrupted writes (safe to delete)."""
        if self.root.is_dir():
            yield from self.root.glob("??/??/.tmp-*")

    def verify(self, sha256: str) -> bool:
        try:
            return sha256_file(self.path(sha256)) == sha256
        except OSError:
            return False


def _fsync_dir(path: Path) -> None:
    """Make the rename durable (POSIX: the directory entry must be synced too)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def open_store(archive_dir: Path) -> LocalStore:
    """The store of a data directory (the one place that chooses the implementation)."""
    return LocalStore(archive_dir)
