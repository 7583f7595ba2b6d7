"""A LibreOffice kept running between documents, driven through UNO (issue 14, point 3).

Run by ``extract/formats/office.py`` under the Python that has LibreOffice's ``uno`` module
(Debian's ``python3-uno`` is built for the system ``/usr/bin/python3``, not for our venv), as

    /usr/bin/python3 -I extract/office_server.py --soffice /usr/bin/soffice --profile DIR

It starts one ``soffice --headless --accept=pipe,…`` (its own profile, a pipe named for this
process), connects to it, and then converts one document per JSON line read on stdin:
``{"src": PATH, "out": PATH, "target": "docx"}`` → ``{"ok": true, "filter": NAME}`` or
``{"ok": false, "error": TEXT, "fatal": BOOL}`` (fatal: the office is gone; this process
ends after saying so). The first line it prints is ``{"ready": true, "pids": […], "pipe": NAME}``
(the soffice processes, for the caller's memory watch and kill) or ``{"ready": false, "error": …}``
(with ``"no_uno": true`` when this Python cannot import ``uno``).
End of input ends soffice and this process.

Why a separate process rather than ``import uno`` in the worker: the bindings are built for
one interpreter (the system's), the UNO call has no timeout of its own (the caller enforces
one by killing this process and its soffice), and a crash in the bridge cannot take the
worker's heap with it. Standard library and ``uno`` only: it never imports nianbao.

A document is loaded and stored as ``soffice --convert-to`` does (LibreOffice's
``desktop/source/app/dispatchwatcher.cxx``: ReadOnly, Hidden, Silent, OpenNewView into a
``_blank`` frame; the export filter guessed from the output name within the document's
module, the preferred one first; stored with ``Overwrite`` and
``ConversionRequestOrigin=CommandLine``; then closed), so its output is the same. Two
additions because the documents are hostile: macros never run (``MacroExecutionMode`` =
NEVER_EXECUTE) and links are never updated (``UpdateDocMode`` = NO_UPDATE: no fetch of a
linked URL while converting).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

CONNECT_TIMEOUT = 90.0  # a first start builds the profile: tens of seconds on a busy machine
PREFERRED = 0x10000000  # SfxFilterFlags::PREFERED
EXPORT = 0x00000002  # SfxFilterFlags::EXPORT


def _children(pid: int) -> list[int]:
    """Every descendant of `pid` (the script execs oosplash, which runs soffice.bin)."""
    parents: dict[int, list[int]] = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        parents.setdefault(ppid, []).append(int(proc.name))
    out, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


class Office:
    """One soffice listening on a pipe, and the UNO desktop of it."""

    def __init__(self, soffice: str, profile: Path) -> None:
        import uno  # only here: the module must stay importable (and lintable) without uno

        self.uno = uno
        self.pipe = f"nianbao-lo-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        profile.mkdir(parents=True, exist_ok=True)
        cmd = [soffice, f"-env:UserInstallation={Path(profile).resolve().as_uri()}", "--headless", "--invisible",
               "--nologo", "--norestore", "--nodefault", "--nolockcheck",
               f"--accept=pipe,name={self.pipe};urp;StarOffice.ComponentContext"]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        self.desktop = self._connect()
        self._filters: dict[tuple[str, str], str] = {}

    def _connect(self) -> Any:
        local = self.uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        url = f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext"
        deadline = time.monotonic() + CONNECT_TIMEOUT
        while True:
            try:
                ctx = resolver.resolve(url)
                self.ctx = ctx
                return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
            except Exception:  # noqa: BLE001 - NoConnectException until soffice listens
                if self.proc.poll() is not None:
                    raise RuntimeError(f"soffice exited with {self.proc.returncode} before it listened") from None
                if time.monotonic() > deadline:
                    raise RuntimeError(f"soffice did not listen within {CONNECT_TIMEOUT:g} s") from None
                time.sleep(0.1)

    def pids(self) -> list[int]:
        return [self.proc.pid, *_children(self.proc.pid)]

    def _props(self, **values: Any) -> tuple:
        from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

        return tuple(PropertyValue(Name=k, Value=v) for k, v in values.items())

    def _filter(self, doc: Any, out_url: str) -> str:
        """The export filter ``--convert-to`` would guess for `out_url` (impl_GuessFilter)."""
        service = doc.getIdentifier() or ""
        for p in doc.getArgs():
            if p.Name == "DocumentService" and p.Value:
                service = p.Value
        ext = out_url.rsplit(".", 1)[-1].lower()
        key = (service, ext)
        if key not in self._filters:
            sm = self.ctx.ServiceManager
            detect = sm.createInstanceWithContext("com.sun.star.document.TypeDetection", self.ctx)
            factory = sm.createInstanceWithContext("com.sun.star.document.FilterFactory", self.ctx)
            type_name = detect.queryTypeByURL(out_url)
            query = f"getSortedFilterList():module={service}:iflags={EXPORT}"
            found = ""
            enum = factory.createSubSetEnumerationByQuery(query)
            while enum.hasMoreElements():
                props = {p.Name: p.Value for p in enum.nextElement()}
                if props.get("Type") != type_name or not props.get("Name"):
                    continue
                if not found or int(props.get("Flags") or 0) & PREFERRED:
                    found = props["Name"]
                    if int(props.get("Flags") or 0) & PREFERRED:
                        break
            self._filters[key] = found
        if not self._filters[key]:
            raise ValueError(f"no export filter for .{ext} from {service or 'this document'}")
        return self._filters[key]

    def convert(self, src: str, out: str, target: str) -> str:
        """Load `src` as ``--convert-to`` does, store it as `out`; returns the filter used."""
        uno = self.uno
        load = self._props(Referer="private:OpenEvent", ReadOnly=True, OpenNewView=True, Hidden=True,
                           Silent=True, MacroExecutionMode=0, UpdateDocMode=0)
        doc = self.desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0, load)
        if doc is None:
            raise ValueError("source file could not be loaded")
        try:
            out_url = uno.systemPathToFileUrl(os.path.abspath(out))
            name = target.split(":", 1)
            filt = name[1] if len(name) > 1 else self._filter(doc, out_url)
            doc.storeToURL(out_url, self._props(ConversionRequestOrigin="CommandLine", Overwrite=True,
                                                FilterName=filt))
            return filt
        finally:
            try:
                doc.close(True)
            except Exception:  # noqa: BLE001 - CloseVetoException: dispose instead, as soffice does
                try:
                    doc.dispose()
                except Exception:  # noqa: BLE001
                    pass

    def alive(self) -> bool:
        """soffice still runs and still answers over the bridge (after a failed document)."""
        if self.proc.poll() is not None:
            return False
        try:
            self.desktop.getFrames()
        except Exception:  # noqa: BLE001 - DisposedException, or the bridge's RuntimeException
            return False
        return True

    def stop(self, grace: float = 3.0) -> None:
        """Terminate the office politely (its profile stays usable), then make sure."""
        pids = self.pids()
        try:
            self.desktop.terminate()
        except Exception:  # noqa: BLE001 - already gone, or the bridge died
            pass
        try:
            self.proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        self.proc.wait()


def _write(obj: dict) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--soffice", required=True)
    ap.add_argument("--profile", required=True)
    args = ap.parse_args(argv)
    office: Office | None = None

    def end(*_args: object) -> None:  # the worker asked us to go (or died): take soffice along
        if office is not None:
            for pid in office.pids():
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        os._exit(0)

    signal.signal(signal.SIGTERM, end)
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, int(signal.SIGTERM))  # PR_SET_PDEATHSIG: the worker died → end()
    except (OSError, AttributeError):
        pass
    try:
        office = Office(args.soffice, Path(args.profile))
    except ImportError as exc:
        _write({"ready": False, "no_uno": True, "error": f"no UNO bindings for {sys.executable}: {exc}"})
        return 2
    except Exception as exc:  # noqa: BLE001 - report why, the caller falls back to --convert-to
        _write({"ready": False, "error": f"{type(exc).__name__}: {exc}"})
        end()
    _write({"ready": True, "pids": office.pids(), "pipe": office.pipe})
    for line in sys.stdin:
        try:
            req = json.loads(line)
            filt = office.convert(str(req["src"]), str(req["out"]), str(req.get("target") or "docx"))
            _write({"ok": True, "filter": filt})
        except Exception as exc:  # noqa: BLE001 - reported; a dead office also ends this process
            fatal = not office.alive()
            _write({"ok": False, "error": f"{type(exc).__name__}: {str(exc)[:300]}", "fatal": fatal})
            if fatal:
                end()
    office.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
