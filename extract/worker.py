"""Run one extraction in a child process with a time and memory limit.

A hostile or broken document (a PDF bomb, a parser loop) must not stall or crash the
nightly run: the child is a fresh interpreter with RLIMIT_AS, killed at the timeout, and
whatever goes wrong comes back as an ExtractionError with the reason.

Why nothing outlives the run (issue 12, point 6): the worker has its own process group, so a
timeout kills it with its tesseract/LibreOffice children (``_kill``); but then a killed run (or
the scheduler's timeout, which kills the run's group) would leave it running unlimited. So the
worker asks Linux for ``PR_SET_PDEATHSIG`` (SIGTERM when the run dies, even by SIGKILL) and, on
that signal or when its parent changes, kills its whole group, itself included.

Long-lived workers (issue 14, point 3): a fresh interpreter per document cost 0.27 s CPU
before the first byte was read, and threw away what a worker had loaded (parsers, the OCR
engines of ``extract.ocr``, a running LibreOffice: ``extract.formats.office.kept_running``). ``WorkerPool`` keeps one worker per
concurrent caller, speaking JSON lines over stdin/stdout, with the same limits: RLIMIT_AS
on the worker, the per-document timeout killing the worker's process group (its
soffice/tesseract children included), every failure reported in the same words as the
one-shot path; the dead or breached worker is replaced by a fresh one at the next document,
and a healthy one is recycled after ``max_docs`` documents or when its RSS passes
``max_rss_mb``. ``extract_isolated(..., pool=None)`` stays the one-shot path.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any

from extract.errors import ExtractionError
from extract.pipe_lines import LineReader

EXIT_EXTRACTION_ERROR = 3
EXIT_MEMORY = 4
EXIT_ORPHANED = 5


def _limit(memory_mb: int):
    def apply() -> None:
        # Soft limit only: LibreOffice, run as a grandchild, lifts it for itself (see
        # formats/office.py) and has its own timeout.
        # PR_SET_PDEATHSIG first: ctypes may need memory a tight limit no longer allows.
        die_with_parent(signal.SIGTERM)
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = memory_mb * 1024 * 1024
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    return apply


def die_with_parent(sig: int = signal.SIGTERM) -> None:
    """Linux ``PR_SET_PDEATHSIG``: ``sig`` to this process when the thread that started it dies."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, int(sig))  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _kill_own_group(*_args: object) -> None:
    """The run is gone: end this worker and every process it started (same process group)."""
    try:
        os.killpg(os.getpgrp(), signal.SIGKILL)
    finally:
        os._exit(EXIT_ORPHANED)


def _watch_parent(parent: int, every: float = 1.0) -> None:
    """Backstop for PR_SET_PDEATHSIG (absent off Linux): end the group when the parent changes."""
    def loop() -> None:
        while True:
            time.sleep(every)
            if os.getppid() != parent:
                _kill_own_group()
    threading.Thread(target=loop, name="watch-parent", daemon=True).start()


def extract_isolated(path: Path | str, *, timeout: float = 60.0, memory_mb: int = 1536,
                     name: str | None = None, mime: str | None = None, url: str | None = None,
                     resources: dict[str, str] | None = None, pool: WorkerPool | None = None) -> dict:
    """`extract_file` in a child process; raises ExtractionError on failure, timeout or
    memory exhaustion. `url`/`resources` as for extract_file (image tables of HTML pages).
    With `pool`, one of its long-lived workers runs it (the pool's memory limit applies)."""
    if pool is not None:
        return pool.extract(path, timeout=timeout, name=name, mime=mime, url=url, resources=resources)
    cmd = [sys.executable, "-m", "extract.worker", str(path)]
    if name:
        cmd += ["--name", name]
    if mime:
        cmd += ["--mime", mime]
    if url:
        cmd += ["--url", url]
    if resources:
        cmd += ["--resources", json.dumps({k: str(v) for k, v in resources.items()})]
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                preexec_fn=_limit(memory_mb), start_new_session=True,
                                cwd=str(Path(__file__).resolve().parent.parent))
    except (OSError, subprocess.SubprocessError) as exc:
        raise ExtractionError(f"could not start the worker: {exc}") from exc
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        _kill(proc)
        raise ExtractionError(f"timed out after {timeout:g} s") from exc
    if proc.returncode == 0:
        try:
            return json.loads(out)
        except json.JSONDecodeError as exc:
            raise ExtractionError(f"worker printed invalid JSON: {exc}") from exc
    reason = err.decode("utf-8", errors="replace").strip().splitlines()
    raise _failure(proc.returncode, reason[-1] if reason else "", memory_mb)


def _failure(code: int, last: str, memory_mb: int) -> ExtractionError:
    """The reason a worker gave (exit code + last stderr line), in the words recorded for it."""
    if code == EXIT_MEMORY:
        return ExtractionError(f"memory limit of {memory_mb} MB exceeded")
    if code == EXIT_EXTRACTION_ERROR:
        return ExtractionError(last or "extraction failed")
    if code < 0:
        sig = signal.Signals(-code).name
        return ExtractionError(f"worker killed by {sig} (likely the {memory_mb} MB memory limit)")
    return ExtractionError(f"worker crashed (exit {code}): {last[:300]}")


class _Worker:
    """One long-lived ``python -m extract.worker --serve`` in its own process group."""

    def __init__(self, proc: subprocess.Popen) -> None:
        self.proc = proc
        self.docs = 0
        self.rss_mb = 0.0
        self.stderr: deque[str] = deque(maxlen=20)
        self._lines = LineReader(proc.stdout.fileno(), chunk=1 << 20) if proc.stdout is not None else None
        threading.Thread(target=self._drain, name="worker-stderr", daemon=True).start()

    def _drain(self) -> None:
        """Keep the last stderr lines (the reason of a crash) and never let the pipe fill."""
        assert self.proc.stderr is not None
        for line in iter(self.proc.stderr.readline, b""):
            self.stderr.append(line.decode("utf-8", errors="replace").rstrip())

    def last_error(self) -> str:
        return next((line for line in reversed(self.stderr) if line.strip()), "")

    def send(self, request: dict) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(request, ensure_ascii=False).encode("utf-8") + b"\n")
        self.proc.stdin.flush()

    def receive(self, timeout: float) -> bytes | None:
        """One reply line, or None when the worker died first; raises TimeoutError."""
        assert self._lines is not None
        return self._lines.read(timeout)

    def kill(self) -> None:
        """The worker and everything it started (its own session: soffice, tesseract)."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                pipe.close()

    def stop(self, grace: float = 2.0) -> None:
        """Ask it to finish (end of input), then make sure its group is gone."""
        try:
            if self.proc.stdin is not None:
                self.proc.stdin.close()
            self.proc.wait(timeout=grace)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.kill()


class WorkerPool:
    """Long-lived extraction workers shared by the threads that call ``extract``.

    Each call takes an idle worker (or starts one), so there are as many workers as
    concurrent callers. Workers are started from one dedicated thread: Linux's
    ``PR_SET_PDEATHSIG`` fires when the *thread* that started a child ends, and the callers'
    threads may end before the pool does.
    """

    def __init__(self, *, memory_mb: int = 1536, max_docs: int = 200, max_rss_mb: float | None = None) -> None:
        self.memory_mb = memory_mb
        self.max_docs = max(1, max_docs)
        self.max_rss_mb = max_rss_mb if max_rss_mb is not None else memory_mb * 0.6
        self.started = 0  # workers started (fresh interpreters): for the bench and tests
        self._idle: list[_Worker] = []
        self._busy: set[_Worker] = set()
        self._lock = threading.Lock()
        self._spawner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="worker-spawner")
        self._closed = False

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _spawn(self) -> _Worker:
        def start() -> _Worker:
            proc = subprocess.Popen([sys.executable, "-m", "extract.worker", "--serve"],
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    preexec_fn=_limit(self.memory_mb), start_new_session=True,
                                    cwd=str(Path(__file__).resolve().parent.parent))
            return _Worker(proc)
        try:
            worker = self._spawner.submit(start).result()
        except (OSError, subprocess.SubprocessError) as exc:
            raise ExtractionError(f"could not start the worker: {exc}") from exc
        with self._lock:
            self.started += 1
        return worker

    def _take(self) -> _Worker:
        with self._lock:
            if self._closed:
                raise ExtractionError("worker pool closed")
            worker = self._idle.pop() if self._idle else None
        if worker is None or worker.proc.poll() is not None:
            if worker is not None:
                worker.kill()
            worker = self._spawn()
        with self._lock:
            self._busy.add(worker)
        return worker

    def _give_back(self, worker: _Worker, healthy: bool) -> None:
        with self._lock:
            self._busy.discard(worker)
            keep = (healthy and not self._closed and worker.docs < self.max_docs
                    and worker.rss_mb <= self.max_rss_mb)
            if keep:
                self._idle.append(worker)
        if keep:
            return
        if healthy:
            worker.stop()
        else:
            worker.kill()

    def extract(self, path: Path | str, *, timeout: float = 60.0, name: str | None = None,
                mime: str | None = None, url: str | None = None,
                resources: dict[str, str] | None = None) -> dict:
        """As ``extract_isolated``, in a long-lived worker."""
        request = {"path": str(path), "name": name, "mime": mime, "url": url,
                   "resources": {k: str(v) for k, v in resources.items()} if resources else None}
        worker = self._take()
        healthy = False
        try:
            try:
                worker.send(request)
                line = worker.receive(timeout)
            except TimeoutError as exc:
                raise ExtractionError(f"timed out after {timeout:g} s") from exc
            except (BrokenPipeError, OSError):
                line = None
            if line is None:  # died on the document: its exit status says how
                worker.kill()
                raise _failure(worker.proc.returncode, worker.last_error(), self.memory_mb)
            try:
                reply = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ExtractionError(f"worker printed invalid JSON: {exc}") from exc
            worker.docs += 1
            worker.rss_mb = float(reply.get("rss_mb") or 0)
            if reply.get("ok"):
                healthy = True
                return reply["result"]
            code = int(reply.get("code") or EXIT_EXTRACTION_ERROR)
            healthy = code == EXIT_EXTRACTION_ERROR  # a MemoryError leaves a heap not worth keeping
            raise _failure(code, str(reply.get("error") or ""), self.memory_mb)
        finally:
            self._give_back(worker, healthy)

    def close(self) -> None:
        """Stop every worker (idle ones at once; busy ones are killed)."""
        with self._lock:
            self._closed = True
            idle, busy = self._idle[:], list(self._busy)
            self._idle.clear()
        for worker in idle:
            worker.stop()
        for worker in busy:
            worker.kill()
        self._spawner.shutdown(wait=True)


def pool_from_env(memory_mb: int = 1536) -> WorkerPool:
    """The nightly pool: NIANBAO_EXTRACT_RECYCLE_DOCS (default 200) documents per worker,
    NIANBAO_EXTRACT_RECYCLE_RSS_MB (default 60% of the memory limit) of resident memory."""
    from crawler.config import env_float, env_int

    return WorkerPool(memory_mb=memory_mb, max_docs=env_int("NIANBAO_EXTRACT_RECYCLE_DOCS", 200),
                      max_rss_mb=env_float("NIANBAO_EXTRACT_RECYCLE_RSS_MB", memory_mb * 0.6))


def _kill(proc: subprocess.Popen) -> None:
    """Kill the worker and anything it started (its own session: soffice, tesseract)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.communicate()


def binary_garbage(result: dict) -> str | None:
    """Why a result read as plain text is really undecodable bytes (random bytes named .pdf
    once came out as 150,000 characters of "text", exit 0), or None when it reads as text.

    The share of replacement, control and private-use characters in the first 20,000
    characters: real text, Chinese or not, has almost none.
    """
    if result.get("format") not in ("text", None):
        return None
    text = str(result.get("text") or "")[:20000]
    if len(text) < 200:
        return None
    bad = sum(1 for ch in text if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\n\r\t\f")
              or 0xE000 <= ord(ch) <= 0xF8FF)
    if bad / len(text) > 0.02:
        return (f"not a readable document: read as text, {bad / len(text):.0%} of it is binary garbage "
                "(unknown or damaged format)")
    return None


def _extract_one(path: str, name: str | None, mime: str | None, url: str | None,
                 resources: dict | None) -> tuple[int, Any]:
    """(0, result) or (exit code, reason): shared by the one-shot and the serving worker."""
    try:
        from extract import extract_file

        result = extract_file(Path(path), name=name, mime=mime, url=url, resources=resources)
        garbage = binary_garbage(result)
        if garbage:
            raise ExtractionError(garbage)
        return 0, result
    except MemoryError:
        return EXIT_MEMORY, "memory limit exceeded"
    except ExtractionError as exc:
        return EXIT_EXTRACTION_ERROR, str(exc)
    except RecursionError as exc:
        return EXIT_EXTRACTION_ERROR, f"document too deeply nested: {exc}"
    except Exception as exc:  # noqa: BLE001 - a bug or an unforeseen broken file: report, never hang
        return EXIT_EXTRACTION_ERROR, f"unexpected {type(exc).__name__}: {exc}"


def _rss_mb() -> float:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def serve(stdin: IO[bytes], out: IO[bytes]) -> int:
    """The long-lived worker: one JSON request per line in, one JSON reply per line out.

    A reply is ``{"ok": true, "result": …}`` or ``{"ok": false, "code": EXIT_*, "error": …}``,
    with the worker's resident memory (``rss_mb``) so the pool can recycle it. After a
    MemoryError the worker ends: what is left of its heap is not worth trusting.
    """
    for line in iter(stdin.readline, b""):
        try:
            req = json.loads(line)
            code, payload = _extract_one(req["path"], req.get("name"), req.get("mime"), req.get("url"),
                                         req.get("resources"))
        except (ValueError, KeyError, TypeError) as exc:
            code, payload = EXIT_EXTRACTION_ERROR, f"bad request: {exc}"
        reply = {"ok": True, "result": payload} if code == 0 else {"ok": False, "code": code, "error": payload}
        reply["rss_mb"] = round(_rss_mb(), 1)
        try:
            data = json.dumps(reply, ensure_ascii=False).encode("utf-8")
        except (TypeError, ValueError) as exc:
            data = json.dumps({"ok": False, "code": EXIT_EXTRACTION_ERROR,
                               "error": f"unserialisable result: {exc}"}).encode("utf-8")
        out.write(data + b"\n")
        out.flush()
        if code == EXIT_MEMORY:
            return EXIT_MEMORY
    return 0


def main(argv: list[str] | None = None) -> int:
    """Child entry point: print the extraction JSON on stdout (or, with --serve, serve)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m extract.worker")
    parser.add_argument("path", nargs="?")
    parser.add_argument("--serve", action="store_true", help="long-lived: JSON lines on stdin/stdout")
    parser.add_argument("--name")
    parser.add_argument("--mime")
    parser.add_argument("--url")
    parser.add_argument("--resources", help="JSON object: image URL → local file")
    args = parser.parse_args(argv)
    if os.getpgrp() == os.getpid():  # started by extract_isolated/WorkerPool: tie this group to the run
        signal.signal(signal.SIGTERM, _kill_own_group)
        _watch_parent(os.getppid())
    if args.serve:
        out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
        os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print must not corrupt the replies
        from extract.formats.office import kept_running  # one soffice for the worker's life, shut at its end

        with kept_running():
            return serve(sys.stdin.buffer, out)
    if not args.path:
        parser.error("a path (or --serve) is required")
    resources = json.loads(args.resources) if args.resources else None
    code, payload = _extract_one(args.path, args.name, args.mime, args.url, resources)
    if code == 0:
        sys.stdout.write(json.dumps(payload, ensure_ascii=False))
    else:
        sys.stderr.write(f"{payload}\n")
    return code


if __name__ == "__main__":
    sys.exit(main())
