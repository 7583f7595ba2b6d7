"""DOC, WPS, RTF, ODT: LibreOffice headless converts a copy to DOCX (or XLSX), then the
DOCX reader runs. The original is never written to: conversion happens in a temp dir.

Two ways to convert, the same output (issue 14, point 3):

* kept running (``extract/kept_office.py``): inside ``kept_running()`` — the long-lived
  extraction worker's whole life — one soffice per worker process (and thread) stays up and
  converts each document through UNO, sparing LibreOffice's start-up per DOC. It is started
  at the first DOC, restarted after a crash, a timeout or wear, and shut down when the block
  ends (the worker exits or is recycled).
* one-shot: a fresh ``soffice --convert-to`` per document, as before — outside
  ``kept_running()`` (``nianbao extract``, the one-shot ``extract_isolated``), with
  ``NIANBAO_SOFFICE_KEEP=0``, when the kept office cannot run here (no ``uno`` module for
  any Python: the Debian package is python3-uno; the reason is logged once per process),
  and for a file the kept office could not load or store (so a failure is recorded in the
  one-shot's words, and only a file neither way reads fails). A timeout, a crash or the
  memory limit in the kept office fails the document at once (no second try).

Each way has its own LibreOffice profile per process and thread (two soffice on one profile
would hand their work to each other), kept warm between conversions. A conversion that
times out or fails throws its profile away, so a half-written one never poisons the next.
``converted_by`` counts the conversions per way (``uno``, ``convert-to``; ``uno-refused``:
files handed on to the one-shot) for the bench and tests; ``last_converter()`` says which way
converted this thread's last document (the extraction result does not record it yet).
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import resource
import shutil
import subprocess
import tempfile
import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from crawler.config import env_bool, env_float
from extract.document import Document
from extract.errors import ExtractionError

if TYPE_CHECKING:
    from extract.kept_office import KeptOffice

log = logging.getLogger(__name__)


def _lift_memory_limit() -> None:
    """LibreOffice maps far more address space than it uses; the worker's soft RLIMIT_AS
    would kill it, so the child raises its soft limit back to the hard one (its own
    timeout still applies)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))


_profiles: dict[tuple[int, int, str], Path] = {}
_profiles_lock = threading.Lock()


def _profile(kind: str = "convert-to") -> Path:
    """This process's (and thread's) LibreOffice profile folder for one way of converting."""
    key = (os.getpid(), threading.get_ident(), kind)
    with _profiles_lock:
        if key not in _profiles:
            if not _profiles:
                atexit.register(_remove_profiles)
            _profiles[key] = Path(tempfile.gettempdir()) / f"nianbao-lo-{os.getpid()}-{uuid.uuid4().hex[:12]}"
        return _profiles[key]


def _forget_profile(profile: Path) -> None:
    with _profiles_lock:
        for key, p in list(_profiles.items()):
            if p == profile:
                del _profiles[key]
    shutil.rmtree(profile, ignore_errors=True)


def _remove_profiles() -> None:
    for profile in list(_profiles.values()):
        _forget_profile(profile)


# ---------------------------------------------------------------- the office kept running

converted_by: Counter[str] = Counter()
_keep = 0  # depth of kept_running() blocks in this process
_kept: dict[tuple[int, int], KeptOffice] = {}  # (pid, thread) → its office
_kept_lock = threading.Lock()
_unavailable: str | None = None  # why the kept office cannot run in this process
_start_failures = 0
_last = threading.local()
MAX_START_FAILURES = 3  # soffice would not start or listen: after that, one-shot for good


@contextlib.contextmanager
def kept_running() -> Iterator[None]:
    """Within this block, DOCs are converted by a soffice kept running (when possible); at
    its end every kept soffice of this process is shut down."""
    global _keep
    _keep += 1
    try:
        yield
    finally:
        _keep -= 1
        if not _keep:
            shutdown_kept()


def shutdown_kept(grace: float = 1.5) -> None:
    """End every kept soffice of this process: politely for `grace` seconds (so soffice is
    reaped by its parents and its CPU time is counted where it ran), then killed. A worker
    being recycled has 2 s before its process group is killed (``_Worker.stop``)."""
    with _kept_lock:
        offices = [o for (pid, _t), o in _kept.items() if pid == os.getpid()]
        _kept.clear()
    for office in offices:
        office.stop(grace)
        _forget_profile(office.profile)


atexit.register(shutdown_kept)


def last_converter() -> str | None:
    """``uno`` or ``convert-to``: how this thread's last document was converted."""
    return getattr(_last, "via", None)


def _kept_office(soffice: str) -> KeptOffice | None:
    """This thread's kept office, started if needed; None when it cannot run here."""
    global _unavailable, _start_failures
    from extract.kept_office import KeptOffice, Unavailable, uno_python

    key = (os.getpid(), threading.get_ident())
    with _kept_lock:
        office = _kept.get(key)
    if office is not None and office.alive():
        return office
    if office is not None:  # died between documents (killed, crashed): start another
        log.info("kept LibreOffice died between documents: starting another")
        office.kill()
        _drop_kept(office, keep_profile=False)
    python = uno_python(soffice)
    if python is None:
        _unavailable = "no python3 for LibreOffice's uno module"
        log.warning("LibreOffice kept running is not available (%s): one soffice per document", _unavailable)
        return None
    try:
        office = KeptOffice(soffice, python, _profile("uno"))
    except Unavailable as exc:
        _start_failures += 1
        _forget_profile(_profile("uno"))
        if exc.permanent or _start_failures >= MAX_START_FAILURES:
            _unavailable = str(exc)
            log.warning("LibreOffice kept running is not available (%s): one soffice per document", exc)
        return None
    with _kept_lock:
        _kept[key] = office
    return office


def _drop_kept(office: KeptOffice, *, keep_profile: bool) -> None:
    with _kept_lock:
        for key, o in list(_kept.items()):
            if o is office:
                del _kept[key]
    if not keep_profile:
        _forget_profile(office.profile)


def _convert_kept(soffice: str, src: Path, target: str, outdir: Path) -> Path | None:
    """Convert with the kept office; None when it cannot run (the caller goes one-shot)."""
    office = _kept_office(soffice)
    if office is None:
        return None
    out = outdir / f"input.{target.split(':')[0]}"
    try:
        office.convert(src, out, target, env_float("NIANBAO_SOFFICE_TIMEOUT", 120.0))
    except ExtractionError:
        if not office.alive():  # timed out, crashed, over its memory: restart at the next document
            office.kill()
            _drop_kept(office, keep_profile=False)
        raise
    if office.worn():
        office.stop()
        _drop_kept(office, keep_profile=True)
    return out


# ---------------------------------------------------------------- conversion

def convert(path: Path, target: str, outdir: Path, fmt: str | None = None) -> Path:
    """Convert a copy of `path` with soffice into `outdir`; returns the converted file.
    The copy is named for the sniffed format (`fmt`), so LibreOffice picks the right filter
    for a blob whose name says nothing (`downfile.jsp?…`) or the wrong thing."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise ExtractionError("LibreOffice (soffice) is not installed")
    suffix = {"doc": ".doc", "wps": ".wps", "rtf": ".rtf", "odf": ".odt"}.get(fmt or "")
    src = outdir / ("input" + (suffix or path.suffix.lower() or ".doc"))
    shutil.copyfile(path, src)
    if _keep and _unavailable is None and env_bool("NIANBAO_SOFFICE_KEEP", True):
        from extract.kept_office import Refused

        try:
            out = _convert_kept(soffice, src, target, outdir)
        except Refused as exc:  # the kept office is fine, this file is not: the one-shot decides
            log.info("kept LibreOffice refused %s (%s): trying soffice --convert-to", path.name, exc)
            converted_by["uno-refused"] += 1
            out = None
        if out is not None:
            converted_by["uno"] += 1
            _last.via = "uno"
            return out
    out = _convert_once(soffice, src, target, outdir)
    converted_by["convert-to"] += 1
    _last.via = "convert-to"
    return out


def _convert_once(soffice: str, src: Path, target: str, outdir: Path) -> Path:
    """A fresh ``soffice --convert-to`` for this one document."""
    profile = _profile()
    cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
           "--convert-to", target, "--outdir", str(outdir), str(src)]
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=env_float("NIANBAO_SOFFICE_TIMEOUT", 120.0),
                              preexec_fn=_lift_memory_limit, env={**os.environ, "HOME": str(profile)})
    except subprocess.TimeoutExpired as exc:
        _forget_profile(profile)
        raise ExtractionError("LibreOffice conversion timed out") from exc
    out = outdir / f"input.{target.split(':')[0]}"
    if not out.exists():
        _forget_profile(profile)
        raise ExtractionError(f"LibreOffice could not convert the file: {proc.stderr.decode(errors='replace')[-300:]}")
    return out


def read_via_libreoffice(path: Path, fmt: str) -> Document:
    from extract.formats.docx import read_docx

    with tempfile.TemporaryDirectory(prefix="nianbao-conv-") as tmp:
        out = convert(path, "docx", Path(tmp), fmt)
        doc = read_docx(out, fmt)
    return doc
