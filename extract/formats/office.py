"""DOC, WPS, RTF, ODT: LibreOffice headless converts a copy to DOCX (or XLSX), then the
DOCX reader runs. The original is never written to: conversion happens in a temp dir.

LibreOffice's user profile is kept between conversions of one process (one per thread: two
soffice on one profile would hand their work to each other): the long-lived extraction
worker starts soffice warm, without building a profile each time (issue 14, point 3). A
conversion that times out or fails throws its profile away, so a half-written one never
poisons the next. A soffice kept running between documents (``--accept`` + UNO) would save
its start-up too, but needs the python3-uno bindings, which the venv does not have.
"""

from __future__ import annotations

import atexit
import os
import resource
import shutil
import subprocess
import tempfile
import threading
import uuid
from pathlib import Path

from crawler.config import env_float
from extract.document import Document
from extract.errors import ExtractionError


def _lift_memory_limit() -> None:
    """LibreOffice maps far more address space than it uses; the worker's soft RLIMIT_AS
    would kill it, so the child raises its soft limit back to the hard one (its own
    timeout still applies)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))


_profiles: dict[tuple[int, int], Path] = {}
_profiles_lock = threading.Lock()


def _profile() -> Path:
    """This process's (and thread's) LibreOffice profile folder, created on first use."""
    key = (os.getpid(), threading.get_ident())
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
