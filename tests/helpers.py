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


def published_datasette(cfg, inspect_data=None, **settings):
    """The Datasette of ``nianbao serve`` in-process, over ``cfg``'s published snapshot.

    ``inspect_data`` replaces the published inspect file's; ``settings`` override
    ``datasette/settings.json`` (e.g. a small ``max_returned_rows``).
    """
    import json

    import yaml
    from datasette.app import Datasette

    from publish.snapshot import inspect_path, published_db_path

    ds_dir = ROOT / "datasette"
    return Datasette(
        immutables=[str(published_db_path(cfg))],
        inspect_data=inspect_data or json.loads(inspect_path(cfg).read_text()),
        metadata=yaml.safe_load((ds_dir / "metadata.yml").read_text(encoding="utf-8")),
        template_dir=str(ds_dir / "templates"),
        plugins_dir=str(ds_dir / "plugins"),
        static_mounts=[("static", str(ds_dir / "static"))],
        settings={**json.loads((ds_dir / "settings.json").read_text()), **settings},
    )
