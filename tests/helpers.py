"""Small helpers the test files share (pytest puts tests/ on sys.path: `from helpers import …`)."""

from __future__ import annotations

import contextlib
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


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]


@contextlib.contextmanager
def serving(data: Path, timeout: float = 60.0):
    """``nianbao serve`` on ``data`` in a child process, as an operator starts it; yields its URL."""
    import os
    import subprocess
    import sys
    import time
    import urllib.request

    from crawler.serve import terminate

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "crawler.serve", str(data), str(port)], cwd=ROOT,
                            env={**os.environ, "NIANBAO_SERVE_POLL_SECONDS": "0.5"},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(url + "/-/versions.json", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("nianbao serve did not start: " + proc.stdout.read().decode()[-2000:]) from None
                time.sleep(0.3)
        yield url
    finally:
        terminate(proc)


@contextlib.contextmanager
def browser_context(**options):
    """A Chromium context (Debian's browser, headless, zh-CN); ``options`` go to ``new_context``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(locale="zh-CN", **options)
        try:
            yield context
        finally:
            context.close()
            browser.close()
