"""OFD (GB/T 33190, China's fixed-layout format, a ZIP of XML pages): the text layer in reading order.

Why: agencies increasingly publish OFD beside or instead of PDF; a download script answers it
as ``application/octet-stream``. Only the text is read (``TextObject``/``TextCode`` with their
positions, lines rebuilt top to bottom, left to right); tables then go through the text-flow
reader. Members are read with a size cap, since the ZIP comes from a hostile server.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path

from lxml import etree

from extract.document import Document
from extract.errors import ExtractionError

MAX_MEMBER = 50 * 1024 * 1024  # bytes of one XML member, uncompressed
MAX_PAGES = 500
LINE_TOLERANCE = 1.5  # mm: text codes this close vertically share a line


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _xml(zf: zipfile.ZipFile, name: str) -> etree._Element:
    name = name.lstrip("/")
    try:
        info = zf.getinfo(name)
    except KeyError as exc:
        raise ExtractionError(f"OFD member missing: {name}") from exc
    if info.file_size > MAX_MEMBER:
        raise ExtractionError(f"OFD member {name} too large ({info.file_size} bytes)")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(zf.read(info), parser)


def _first(el: etree._Element, name: str) -> etree._Element | None:
    return next((e for e in el.iter() if _local(e.tag) == name), None)


def _floats(value: str | None, n: int) -> list[float]:
    try:
        out = [float(v) for v in (value or "").split()]
    except ValueError:
        out = []
    return (out + [0.0] * n)[:n]


def _page_lines(page: etree._Element) -> list[str]:
    codes: list[tuple[float, float, str]] = []
    for obj in page.iter():
        if _local(obj.tag) != "TextObject":
            continue
        bx, by, _w, _h = _floats(obj.get("Boundary"), 4)
        for code in obj:
            if _local(code.tag) == "TextCode" and code.text:
                x, y = _floats(code.get("X"), 1)[0], _floats(code.get("Y"), 1)[0]
                codes.append((by + y, bx + x, code.text))
    codes.sort()
    lines: list[list[tuple[float, str]]] = []
    last_y = None
    for y, x, text in codes:
        if last_y is None or abs(y - last_y) > LINE_TOLERANCE:
            lines.append([])
            last_y = y
        lines[-1].append((x, text))
    return ["".join(t for _x, t in sorted(line)) for line in lines]


def read_ofd(path: Path) -> Document:
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise ExtractionError(f"broken OFD container: {exc}") from exc
    with zf:
        names = {n.lower(): n for n in zf.namelist()}
        root = _xml(zf, names.get("ofd.xml", "OFD.xml"))
        doc_root = _first(root, "DocRoot")
        if doc_root is None or not (doc_root.text or "").strip():
            raise ExtractionError("OFD without a DocRoot")
        doc_path = doc_root.text.strip().lstrip("/")
        document = _xml(zf, doc_path)
        base = posixpath.dirname(doc_path)
        lines: list[str] = []
        pages = [p for p in document.iter() if _local(p.tag) == "Page" and p.get("BaseLoc")]
        for page in pages[:MAX_PAGES]:
            loc = page.get("BaseLoc", "").lstrip("/")
            member = posixpath.normpath(posixpath.join(base, loc)) if not loc.startswith(base + "/") else loc
            lines.extend(_page_lines(_xml(zf, member)))
    notes = [f"OFD: only the first {MAX_PAGES} of {len(pages)} pages read"] if len(pages) > MAX_PAGES else []
    text = "\n".join(line for line in lines if line.strip())
    if not text.strip():
        raise ExtractionError("OFD without a text layer (a scan?)")
    return Document("ofd", text, notes=notes)
