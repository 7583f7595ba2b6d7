"""XLSX (openpyxl) and XLS (xlrd): every sheet's used range as a grid; merges as None."""

from __future__ import annotations

from pathlib import Path

from extract.document import Document
from extract.errors import ExtractionError
from extract.formats.grid import grid_lines


def _fmt(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _xlsx(path: Path) -> list[list[list[str | None]]]:
    import openpyxl

    # a file object, not the path: openpyxl refuses a path without ".xlsx", and archived
    # blobs (and downfile.jsp downloads) have none
    with open(path, "rb") as fh:
        wb = openpyxl.load_workbook(fh, data_only=True, read_only=False)
    grids = []
    for ws in wb.worksheets:
        covered = set()
        for rng in ws.merged_cells.ranges:
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    if (r, c) != (rng.min_row, rng.min_col):
                        covered.add((r, c))
        grid = []
        for r, row in enumerate(ws.iter_rows(values_only=True), start=1):
            grid.append([None if (r, c) in covered else _fmt(v) for c, v in enumerate(row, start=1)])
        grids.append(grid)
    return grids


def _xls(path: Path) -> list[list[list[str | None]]]:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True)
    except Exception:  # formatting_info is unsupported for some files; merges then lost
        book = xlrd.open_workbook(str(path))
    grids = []
    for sh in book.sheets():
        covered = set()
        for r0, r1, c0, c1 in getattr(sh, "merged_cells", []):
            for r in range(r0, r1):
                for c in range(c0, c1):
                    if (r, c) != (r0, c0):
                        covered.add((r, c))
        grids.append([[None if (r, c) in covered else _fmt(sh.cell_value(r, c)) for c in range(sh.ncols)]
                      for r in range(sh.nrows)])
    return grids


def read_sheet(path: Path, fmt: str) -> Document:
    try:
        grids = _xlsx(path) if fmt == "xlsx" else _xls(path)
    except ExtractionError:
        raise
    except Exception as exc:
        raise ExtractionError(f"unreadable spreadsheet: {type(exc).__name__}: {exc}") from exc
    return Document(fmt, "\n".join(grid_lines(g) for g in grids), grids)
