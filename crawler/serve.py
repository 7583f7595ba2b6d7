"""``nianbao serve``: publish the database read-only with Datasette.

Why a supervisor around Datasette: the published snapshot is opened immutable
(``-i``, counts from ``inspect-data.json``), so Datasette never notices that a nightly
run published a new one. ``serve`` runs Datasette as a child process and replaces it
when the inspect file changes (``publish.snapshot`` renames it into place last), so a
long-running server always shows the latest run.

Why the supervisor holds the port (issue 13): restarting a Datasette that binds the port
itself refused connections for 2.4 s. ``serve`` opens the listening socket once and hands it
to each child (crawler/serve_app.py); a swap starts the new child, waits until it accepts,
then lets the old one stop accepting, answer what it accepted and exit when idle (at most
``NIANBAO_SERVE_DRAIN_SECONDS``, default 30, then it is stopped). Connections arriving meanwhile wait in the kernel's queue, never refused. The archive directory reaches the
``/original/<sha256>`` route through ``NIANBAO_ARCHIVE_DIR`` (read by ``metadata.yml``).

Why a memory bound and restarts (issue 12): one anonymous query (``select zeroblob(1e9)``)
once grew Datasette to 18.6 GB until the kernel killed it and the site stayed down. SQLite's
limits are set on every connection by ``datasette/plugins/limits.py``; the whole child runs
under ``RLIMIT_AS`` (``NIANBAO_SERVE_MEMORY_MB``, default 2048), so what a query returns
fails inside the child instead of eating the machine; and a child that dies anyway is
started again within ``NIANBAO_SERVE_RESTART_SECONDS`` (default 1, doubling while it keeps
crashing, at most 30), each restart logged.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from crawler.config import Config, env_float, env_int
from publish.snapshot import inspect_path, publish, published_db_path

log = logging.getLogger(__name__)

DATASETTE_DIR = Path(__file__).resolve().parents[1] / "datasette"


def datasette_command(cfg: Config, *, host: str, port: int) -> list[str]:
    """The Datasette command line for the published snapshot (read-only, immutable), for running it
    by hand; ``serve`` runs the same Datasette in crawler/serve_app.py on a socket it holds."""
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


def memory_limit(memory_mb: int) -> Callable[[], None]:
    """A ``preexec_fn`` capping the child's address space (and tying it to this process's death)."""
    def apply() -> None:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = memory_mb * 1024 * 1024
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        _die_with_parent()
    return apply


def _die_with_parent() -> None:
    """Linux ``PR_SET_PDEATHSIG``: the child gets SIGTERM when ``serve`` dies, even by SIGKILL."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def start_datasette(cmd: list[str], env: dict[str, str], pass_fds: tuple[int, ...] = ()) -> subprocess.Popen[bytes]:
    """One Datasette child under the memory limit."""
    return subprocess.Popen(cmd, env=env, pass_fds=pass_fds,
                            preexec_fn=memory_limit(env_int("NIANBAO_SERVE_MEMORY_MB", 2048)))


def listen(host: str, port: int) -> socket.socket:
    """The listening socket every Datasette child serves on; it outlives the children."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.create_server((host, port), family=family, backlog=1024)
    sock.set_inheritable(True)
    return sock


def start_child(cfg: Config, sock: socket.socket, env: dict[str, str], *, warm: bool = True
                ) -> subprocess.Popen[bytes] | None:
    """Start a Datasette on ``sock`` and wait until it accepts; None (and no child) if it never does.

    ``warm``: render the home page first (a swap, where the old one serves meanwhile); a
    restart after a crash skips it, the site being down until the new one accepts.
    """
    read_end, write_end = os.pipe()
    cmd = [sys.executable, "-m", "crawler.serve_app", str(cfg.data_dir), str(sock.fileno()), str(write_end),
           "warm" if warm else "cold"]
    try:
        child = start_datasette(cmd, env, pass_fds=(sock.fileno(), write_end))
    finally:
        os.close(write_end)
    try:
        deadline = time.monotonic() + env_float("NIANBAO_SERVE_START_SECONDS", 120.0)
        while True:
            ready, _, _ = select.select([read_end], [], [], 0.5)
            if ready:
                if os.read(read_end, 1) == b"1":
                    return child
                break  # closed without a word: it failed to start
            if child.poll() is not None or time.monotonic() > deadline:
                break
    finally:
        os.close(read_end)
    terminate(child)
    return None


def retire(child: subprocess.Popen[bytes]) -> None:
    """Let an old child go without dropping a request: it stops accepting, answers every connection
    it accepted and exits when idle; one still busy after the drain bound is stopped."""
    if child.poll() is None:
        child.send_signal(signal.SIGUSR1)
        try:
            child.wait(timeout=env_float("NIANBAO_SERVE_DRAIN_SECONDS", 30.0))
        except subprocess.TimeoutExpired:
            pass
    terminate(child)


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return None


def serve(cfg: Config, *, host: str = "127.0.0.1", port: int = 8001) -> int:
    """Run Datasette until interrupted: swap in a new one whenever a snapshot is published, and
    start one again whenever it dies (a crash, the memory limit), with a short growing pause if it
    keeps dying. The port is opened here, once: a swap or a restart never refuses a connection
    (connections wait in the queue until a child accepts them)."""
    try:
        ensure_published(cfg)
    except FileNotFoundError as exc:
        raise SystemExit(f"nianbao serve: {exc}") from exc
    poll = env_float("NIANBAO_SERVE_POLL_SECONDS", 5.0)
    first_pause = env_float("NIANBAO_SERVE_RESTART_SECONDS", 1.0)
    env = datasette_env(cfg)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda _signum, _frame: stop.set())
    sock = listen(host, port)
    child: subprocess.Popen[bytes] | None = None
    retiring: list[subprocess.Popen[bytes]] = []  # replaced children finishing their connections
    gone: str | None = None  # why the last child is no more (None: first start)
    pause, lived, started, last_check = first_pause, 0.0, time.monotonic(), time.monotonic()
    seen = _mtime(inspect_path(cfg))
    try:
        while not stop.is_set():
            if child is None:
                if gone is not None:  # it died: bring the site back, never leave it down
                    delay = first_pause if lived > 60 else pause
                    pause = min(delay * 2, 30.0)  # a crash loop backs off; a long life resets it
                    log.error("Datasette %s after %.0f s: restarting in %.1f s", gone, lived, delay)
                    print(f"nianbao: Datasette {gone}; restarting in {delay:g} s", file=sys.stderr, flush=True)
                    if stop.wait(delay):
                        break
                seen, started = _mtime(inspect_path(cfg)), time.monotonic()
                child = start_child(cfg, sock, env, warm=gone is None)
                if child is None:
                    gone, lived = "did not start", 0.0
                    continue
                print(f"nianbao: Datasette on http://{host}:{port}/ serving {published_db_path(cfg)}", flush=True)
                continue
            if child.poll() is not None:
                gone, lived = f"exited with {_describe_exit(child.returncode)}", time.monotonic() - started
                child = None
                continue
            if stop.wait(min(poll, 0.5)) or time.monotonic() - last_check < poll:
                continue
            last_check = time.monotonic()
            if _mtime(inspect_path(cfg)) == seen:
                continue
            seen = _mtime(inspect_path(cfg))
            log.info("new snapshot published: starting a new Datasette before stopping the old one")
            successor = start_child(cfg, sock, env)
            if successor is None:
                log.error("the new Datasette did not start: the old one keeps serving")
                continue
            retiring = [c for c in retiring if c.poll() is None] + [child]
            threading.Thread(target=retire, args=(child,), name="retire", daemon=True).start()  # this loop goes on
            child, started, pause = successor, time.monotonic(), first_pause
            print("nianbao: Datasette swapped to the new snapshot", flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        for old in [*retiring, *([child] if child is not None else [])]:
            terminate(old)
        sock.close()
    return 0


def _describe_exit(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"signal {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"exit code {code}"


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
