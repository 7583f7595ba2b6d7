"""``nianbao serve``: publish the database read-only with Datasette.

Why a supervisor around Datasette: the published snapshot is opened immutable
(``-i``, counts from ``inspect-data.json``), so Datasette never notices that a nightly
run published a new one. ``serve`` runs Datasette as a child process and restarts it
when the inspect file changes (``pipelines.publish`` renames it into place last), so a
long-running server always shows the latest run. The archive directory reaches the
``/original/<sha256>`` route through ``NIANBAO_ARCHIVE_DIR`` (read by ``metadata.yml``).
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from crawler.config import Config, env_float
from pipelines.publish import inspect_path, publish, published_db_path

log = logging.getLogger(__name__)

DATASETTE_DIR = Path(__file__).resolve().parents[1] / "datasette"


def datasette_command(cfg: Config, *, host: str, port: int) -> list[str]:
    """The Datasette command line for the published snapshot (read-only, immutable)."""
    cmd = [
        sys.executable, "-m", "datasette", "serve",
        "-i", str(published_db_path(cfg)),
        "--inspect-file", str(inspect_path(cfg)),
        "--metadata", str(DATASETTE_DIR / "metadata.yml"),
        "--template-dir", str(DATASETTE_DIR / "templates"),
        "--plugins-dir", str(DATASETTE_DIR / "plugins"),
        "--static", f"static:{DATASETTE_DIR / 'static'}",
        "--host", host, "--port", str(port),
    ]
    settings_file = DATASETTE_DIR / "settings.json"
    if settings_file.exists():
        for key, value in json.loads(settings_file.read_text(encoding="utf-8")).items():
            cmd += ["--setting", key, json.dumps(value) if isinstance(value, bool) else str(value)]
    return cmd


def datasette_env(cfg: Config) -> dict[str, str]:
    env = dict(os.environ)
    env["NIANBAO_ARCHIVE_DIR"] = str(cfg.archive_dir.resolve())
    return env


def ensure_published(cfg: Config) -> None:
    """Publish once if this data directory has a database but no snapshot yet."""
    if not published_db_path(cfg).exists() or not inspect_path(cfg).exists():
        log.info("no published snapshot yet: publishing %s", cfg.db_path)
        publish(cfg)


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return None


def serve(cfg: Config, *, host: str = "127.0.0.1", port: int = 8001) -> int:
    """Run Datasette until interrupted, restarting it whenever a new snapshot is published."""
    try:
        ensure_published(cfg)
    except FileNotFoundError as exc:
        raise SystemExit(f"nianbao serve: {exc}") from exc
    poll = env_float("NIANBAO_SERVE_POLL_SECONDS", 5.0)
    cmd = datasette_command(cfg, host=host, port=port)
    env = datasette_env(cfg)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda _signum, _frame: stop.set())
    child: subprocess.Popen[bytes] | None = None
    try:
        while not stop.is_set():
            seen = _mtime(inspect_path(cfg))
            child = subprocess.Popen(cmd, env=env)
            print(f"nianbao: Datasette on http://{host}:{port}/ serving {published_db_path(cfg)}", flush=True)
            while not stop.wait(poll) and child.poll() is None and _mtime(inspect_path(cfg)) == seen:
                pass
            if child.poll() is not None and not stop.is_set():
                return child.returncode or 1
            terminate(child)
            if not stop.is_set():
                log.info("new snapshot published: restarting Datasette")
    except KeyboardInterrupt:
        pass
    finally:
        if child is not None:
            terminate(child)
    return 0


def terminate(child: subprocess.Popen[bytes]) -> None:
    """Stop a child politely, then firmly: Datasette must never outlive its parent or a test."""
    if child.poll() is None:
        child.terminate()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


if __name__ == "__main__":  # python -m crawler.serve DATA_DIR PORT (used by tests)
    logging.basicConfig(level=logging.INFO)
    sys.exit(serve(Config(Path(sys.argv[1])), host="127.0.0.1", port=int(sys.argv[2])))
