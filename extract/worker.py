"""Run one extraction in a child process with a time and memory limit.

A hostile or broken document (a PDF bomb, a parser loop) must not stall or crash the
nightly run: the child is a fresh interpreter with RLIMIT_AS, killed at the timeout, and
whatever goes wrong comes back as an ExtractionError with the reason.

Why nothing outlives the run (issue 12, point 6): the worker has its own process group, so a
timeout kills it with its tesseract/LibreOffice children (``_kill``); but then a killed run (or
the scheduler's timeout, which kills the run's group) would leave it running unlimited. So the
worker asks Linux for ``PR_SET_PDEATHSIG`` (SIGTERM when the run dies, even by SIGKILL) and, on
that signal or when its parent changes, kills its whole group, itself included.
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
from pathlib import Path

from extract.errors import ExtractionError

EXIT_EXTRACTION_ERROR = 3
EXIT_MEMORY = 4
EXIT_ORPHANED = 5


def _limit(memory_mb: int):
    def apply() -> None:
        # Soft limit only: LibreOffice, run as a grandchild, lifts it for itself (see
        # formats/office.py) and has its own timeout.
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = memory_mb * 1024 * 1024
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        die_with_parent(signal.SIGTERM)
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
                     resources: dict[str, str] | None = None) -> dict:
    """`extract_file` in a child process; raises ExtractionError on failure, timeout or
    memory exhaustion. `url`/`resources` as for extract_file (image tables of HTML pages)."""
    cmd = [sys.executable, "-m", "extract.worker", str(path)]
    if name:
        cmd += ["--name", name]
    if mime:
        cmd += ["--mime", mime]
    if url:
        cmd += ["--url", url]
    if resources:
        cmd += ["--resources", json.dumps({k: str(v) for k, v in resources.items()})]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=_limit(memory_mb), start_new_session=True,
                            cwd=str(Path(__file__).resolve().parent.parent))
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
    last = reason[-1] if reason else ""
    if proc.returncode == EXIT_MEMORY:
        raise ExtractionError(f"memory limit of {memory_mb} MB exceeded")
    if proc.returncode == EXIT_EXTRACTION_ERROR:
        raise ExtractionError(last or "extraction failed")
    if proc.returncode < 0:
        sig = signal.Signals(-proc.returncode).name
        raise ExtractionError(f"worker killed by {sig} (likely the {memory_mb} MB memory limit)")
    raise ExtractionError(f"worker crashed (exit {proc.returncode}): {last[:300]}")


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


def main(argv: list[str] | None = None) -> int:
    """Child entry point: print the extraction JSON on stdout."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m extract.worker")
    parser.add_argument("path")
    parser.add_argument("--name")
    parser.add_argument("--mime")
    parser.add_argument("--url")
    parser.add_argument("--resources", help="JSON object: image URL → local file")
    args = parser.parse_args(argv)
    if os.getpgrp() == os.getpid():  # started by extract_isolated: tie this group to the run
        signal.signal(signal.SIGTERM, _kill_own_group)
        _watch_parent(os.getppid())
    try:
        from extract import extract_file

        resources = json.loads(args.resources) if args.resources else None
        result = extract_file(Path(args.path), name=args.name, mime=args.mime, url=args.url, resources=resources)
        garbage = binary_garbage(result)
        if garbage:
            raise ExtractionError(garbage)
        sys.stdout.write(json.dumps(result, ensure_ascii=False))
        return 0
    except MemoryError:
        sys.stderr.write("memory limit exceeded\n")
        return EXIT_MEMORY
    except ExtractionError as exc:
        sys.stderr.write(f"{exc}\n")
        return EXIT_EXTRACTION_ERROR
    except RecursionError as exc:
        sys.stderr.write(f"document too deeply nested: {exc}\n")
        return EXIT_EXTRACTION_ERROR
    except Exception as exc:  # a bug or an unforeseen broken file: report, never hang
        sys.stderr.write(f"unexpected {type(exc).__name__}: {exc}\n")
        return EXIT_EXTRACTION_ERROR


if __name__ == "__main__":
    sys.exit(main())
