"""The content-addressed store: one file per distinct content, atomic, verifiable."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from archive.store import LocalStore, sha256_file


def test_put_stores_once_under_sharded_hash(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "a")
    data = b"%PDF-1.4 report"
    sha = store.put(data)
    assert sha == hashlib.sha256(data).hexdigest()
    path = store.path(sha)
    assert path.relative_to(tmp_path / "a").parts == (sha[:2], sha[2:4], sha)
    mtime = path.stat().st_mtime_ns
    assert store.put(data) == sha
    assert path.stat().st_mtime_ns == mtime  # not rewritten
    assert store.get(sha) == data
    assert list(store.iter_hashes()) == [sha]
    assert store.verify(sha)


def test_verify_detects_changed_bytes(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    sha = store.put(b"original")
    store.path(sha).write_bytes(b"tampered")
    assert not store.verify(sha)
    assert sha256_file(store.path(sha)) != sha


def test_failed_write_leaves_no_file_under_the_hash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = LocalStore(tmp_path)

    def boom(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError):
        store.put(b"half written")
    sha = hashlib.sha256(b"half written").hexdigest()
    assert not store.exists(sha)
    assert list(store.iter_temporaries()) == []


def test_rejects_non_hash_names(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        LocalStore(tmp_path).path("../../etc/passwd")
