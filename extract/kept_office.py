"""The worker's side of a LibreOffice kept running between documents (issue 14, point 3).

A fresh ``soffice --convert-to`` per DOC costs LibreOffice's whole start-up (about 1.2 s CPU
with a warm profile, most of a DOC's extraction). ``KeptOffice`` starts
``extract/office_server.py`` under the Python that has LibreOffice's ``uno`` module; that
helper starts one soffice listening on a pipe and converts each document through UNO.
Everything is in the caller's process group, so the pool's timeout (``killpg`` of the worker)
takes soffice along; the helper also ends soffice when its input closes or the worker dies
(``PR_SET_PDEATHSIG``).

Limits kept from the one-shot path: ``NIANBAO_SOFFICE_TIMEOUT`` per conversion (the helper
and its soffice are killed, the profile thrown away, the next document starts a new one),
and a memory limit, which the one-shot soffice never had: the resident memory of soffice is
watched while it converts (``NIANBAO_SOFFICE_MAX_RSS_MB``, killed above it) and a soffice
above 60% of it, or after ``NIANBAO_SOFFICE_RECYCLE_DOCS`` conversions, is restarted
between documents. Failures are ``ExtractionError`` in the one-shot path's words.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import threading
from collections import deque
from pathlib import Path

import psutil

from crawler.config import env_float, env_int
from extract.errors import ExtractionError
from extract.pipe_lines import LineReader

SERVER = Path(__file__).resolve().parent / "office_server.py"


class Refused(ExtractionError):
    """LibreOffice, still healthy, could not load or store this document (the caller may try
    a one-shot ``soffice --convert-to`` before recording the failure)."""


class Unavailable(Exception):
    """The kept office cannot run here (no ``uno`` for any Python, soffice would not listen):
    the caller converts with a one-shot ``soffice --convert-to`` instead. `permanent`: no
    use trying again in this process (no Python with ``uno``)."""

    def __init__(self, why: str, *, permanent: bool = False) -> None:
        super().__init__(why)
        self.permanent = permanent


def uno_python(soffice: str) -> str | None:
    """The interpreter that has LibreOffice's ``uno`` module: ``NIANBAO_UNO_PYTHON``, else the
    one LibreOffice ships (TDF's builds: ``program/python``), else the system ``python3``
    (Debian's python3-uno is built for it)."""
    explicit = os.environ.get("NIANBAO_UNO_PYTHON")
    if explicit:
        return explicit
    bundled = Path(os.path.realpath(soffice)).parent / "python"
    for candidate in (str(bundled), "/usr/bin/python3", shutil.which("python3")):
        if candidate and os.access(candidate, os.X_OK) and Path(candidate).is_file():
            return candidate
    return None


def _lift_memory_limit() -> None:
    """As for the one-shot soffice: LibreOffice maps far more address space than it uses, so
    the helper (and the soffice it starts) get the hard limit back; RSS is watched instead."""
    import resource

    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))


class KeptOffice:
    """One helper + soffice, converting documents one at a time."""

    def __init__(self, soffice: str, python: str, profile: Path) -> None:
        self.profile = profile
        self.docs = 0
        self.max_rss_mb = env_float("NIANBAO_SOFFICE_MAX_RSS_MB", 2048.0)
        self.max_docs = max(1, env_int("NIANBAO_SOFFICE_RECYCLE_DOCS", 200))
        self.pipe = ""
        self._pids: list[int] = []
        self._lines: LineReader | None = None
        self._stderr: deque[str] = deque(maxlen=20)
        profile.mkdir(parents=True, exist_ok=True)
        try:
            self.proc = subprocess.Popen(
                [python, "-I", str(SERVER), "--soffice", soffice, "--profile", str(profile)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                preexec_fn=_lift_memory_limit, env={**os.environ, "HOME": str(profile)})
        except OSError as exc:
            raise Unavailable(f"could not start {python}: {exc}", permanent=True) from exc
        threading.Thread(target=self._drain, name="kept-office-stderr", daemon=True).start()
        try:
            line = self._receive(env_float("NIANBAO_SOFFICE_TIMEOUT", 120.0), watch=False)
        except TimeoutError:
            self.kill()
            raise Unavailable("LibreOffice did not start in time") from None
        ready = _json(line)
        if not ready.get("ready"):
            self.kill()
            raise Unavailable(str(ready.get("error") or self._last_error() or "the UNO helper exited"),
                              permanent=bool(ready.get("no_uno")))
        self._pids = [int(p) for p in ready.get("pids") or []]
        self.pipe = str(ready.get("pipe") or "")

    def _drain(self) -> None:
        assert self.proc.stderr is not None
        for line in iter(self.proc.stderr.readline, b""):
            self._stderr.append(line.decode("utf-8", errors="replace").rstrip())

    def _last_error(self) -> str:
        return next((line for line in reversed(self._stderr) if line.strip()), "")

    def _tree(self) -> list[psutil.Process]:
        """The helper, oosplash, soffice.bin and whatever they started (found again each time:
        oosplash starts soffice.bin anew when it asks for a restart)."""
        procs: dict[int, psutil.Process] = {}
        for pid in [self.proc.pid, *self._pids]:
            try:
                p = psutil.Process(pid)
                procs[p.pid] = p
                for child in p.children(recursive=True):
                    procs[child.pid] = child
            except psutil.Error:
                continue
        return list(procs.values())

    def rss_mb(self) -> float:
        """Resident memory of soffice and its children (the helper's few MB included)."""
        total = 0
        for p in self._tree():
            try:
                total += p.memory_info().rss
            except psutil.Error:
                continue
        return total / 2**20

    def _receive(self, timeout: float, watch: bool = True) -> bytes | None:
        """One reply line (None: the helper died); TimeoutError; MemoryError above the limit."""
        assert self.proc.stdout is not None
        if self._lines is None:
            self._lines = LineReader(self.proc.stdout.fileno())

        def over_limit() -> None:
            if self.rss_mb() > self.max_rss_mb:
                raise MemoryError

        return self._lines.read(timeout, idle=over_limit if watch else None)

    def alive(self) -> bool:
        """The helper and soffice still run (soffice may have died between documents)."""
        if self.proc.poll() is not None:
            return False
        for pid in self._pids:
            try:
                if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                    return False
            except psutil.Error:
                return False
        return True

    def convert(self, src: Path, out: Path, target: str, timeout: float) -> str:
        """Convert `src` into `out`; returns the export filter. Raises ExtractionError (this
        office is then dead: the caller drops it)."""
        try:
            assert self.proc.stdin is not None
            self.proc.stdin.write(json.dumps({"src": str(src), "out": str(out), "target": target}).encode() + b"\n")
            self.proc.stdin.flush()
            line = self._receive(timeout)
        except TimeoutError:
            self.kill()
            raise ExtractionError("LibreOffice conversion timed out") from None
        except MemoryError:
            self.kill()
            raise ExtractionError(f"LibreOffice went over its {self.max_rss_mb:g} MB memory limit") from None
        except OSError:  # BrokenPipeError: the helper is gone
            line = None
        if line is None:
            why = self._last_error()
            self.kill()
            raise ExtractionError("LibreOffice crashed converting the file" + (f": {why[-300:]}" if why else ""))
        reply = _json(line)
        self.docs += 1
        if not reply.get("ok"):
            why = f"LibreOffice could not convert the file: {str(reply.get('error'))[-300:]}"
            if reply.get("fatal"):
                self.kill()
                raise ExtractionError(why)
            raise Refused(why)
        if not out.exists():
            raise Refused("LibreOffice could not convert the file: no output written")
        return str(reply.get("filter") or "")

    def worn(self) -> bool:
        """Restart between documents: enough conversions, or resident memory past 60% of the limit."""
        return self.docs >= self.max_docs or self.rss_mb() > self.max_rss_mb * 0.6

    def kill(self) -> None:
        """The helper, soffice and their children, at once (a hung or crashed office), and the
        pipes' socket files a killed soffice leaves in /tmp (its --accept pipe and its
        single-instance ``SingleOfficeIPC`` pipe; osl puts them in /tmp whatever TMPDIR says)."""
        procs = self._tree()  # before the helper dies: then soffice would be re-parented away
        sockets: set[str] = set()
        for p in procs:
            try:
                sockets.update(c.laddr for c in p.net_connections(kind="unix")
                               if c.laddr and os.path.basename(c.laddr).startswith("OSL_PIPE_"))
            except psutil.Error:
                continue
        _kill_all(procs)
        self._close()
        for path in sockets:
            try:
                os.unlink(path)
            except OSError:
                pass

    def stop(self, grace: float = 5.0) -> None:
        """Ask the helper to end soffice politely (its profile stays warm), then make sure."""
        procs = self._tree()
        try:
            if self.proc.stdin is not None:
                self.proc.stdin.close()
            self.proc.wait(timeout=grace)
        except (OSError, subprocess.TimeoutExpired):
            pass
        _kill_all(procs)
        self._close()

    def _close(self) -> None:
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        for pipe in (self.proc.stdin, self.proc.stdout):
            try:
                if pipe is not None:
                    pipe.close()
            except OSError:
                pass


def _json(line: bytes | None) -> dict:
    try:
        value = json.loads(line or b"{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _kill_all(procs: list[psutil.Process]) -> None:
    """SIGKILL every process of a kept office's tree and reap them."""
    for p in procs:
        try:
            p.send_signal(signal.SIGKILL)
        except psutil.Error:
            continue
    psutil.wait_procs(procs, timeout=5)
