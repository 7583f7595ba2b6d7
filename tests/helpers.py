"""Small helpers the test files share (pytest puts tests/ on sys.path: `from helpers import …`)."""

from __future__ import annotations

import importlib.util
import socket
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
# a phrase planted in one synthetic report, found by search only inside a word
PLANTED = "本年度开展数字孪生城市建设试点。"


def load_script(relative: str, name: str | None = None) -> ModuleType:
    """Import a script that is not part of a package (bench/, scripts/, datasette/plugins/)."""
    path = ROOT / relative
    spec = importlib.util.spec_from_file_location(name or path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_maker() -> ModuleType:
    """bench/make_big_db.py: synthetic databases with the contract's schema."""
    return load_script("bench/make_big_db.py")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
