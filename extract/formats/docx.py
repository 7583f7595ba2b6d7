"""DOCX via python-docx's XML: body order, merged cells (gridSpan, vMerge) kept as None."""

from __future__ import annotations

import zipfile
from pathlib import Path

from docx import Document as open_docx
from docx.oxml.ns import qn

from extract.document import Document
from extract.errors import ExtractionError
from extract.formats.grid import grid_lines


def _text(el) -> str:
    paras = []
    for p in el.iter(qn("w:p")):
        paras.append("".join(t.text or "" for t in p.iter(qn("w:t"))))
    return "\n".join(paras).strip()


def _table_grid(tbl) -> list[list[str | None]]:
    grid = []
    for tr in tbl.iter(qn("w:tr")):
        if tr.getparent() is not tbl:
            continue
        line: list[str | None] = []
        for tc in tr.findall(qn("w:tc")):
            pr = tc.find(qn("w:tcPr"))
            span, cont = 1, False
            if pr is not None:
                gs = pr.find(qn("w:gridSpan"))
                if gs is not None and (gs.get(qn("w:val")) or "1").isdigit():
                    span = max(1, int(gs.get(qn("w:val"))))
                vm = pr.find(qn("w:vMerge"))
                cont = vm is not None and vm.get(qn("w:val")) in (None, "continue")
            line.append(None if cont else _text(tc))
            line.extend([None] * (span - 1))
        grid.append(line)
    return grid


def read_docx(path: Path, fmt: str = "docx") -> Document:
    try:
        doc = open_docx(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ExtractionError(f"unreadable DOCX: {exc}") from exc
    body = doc.element.body
    lines, grids = [], []
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(_text(child))
        elif child.tag == qn("w:tbl"):
            grid = _table_grid(child)
            grids.append(grid)
            lines.append(grid_lines(grid))
    title = (doc.core_properties.title or "").strip() or None
    return Document(fmt, "\n".join(lines), grids, title=title)
