"""The common intermediate every strategy produces: labelled rows in reading order.

A ruled table (PDF, HTML, DOCX, XLSX, OCR grid) yields one row per table row, with value
positions kept (`positional=True`; a cell covered by a merge is None). The text-flow
reader yields one row per run of numbers, labelled by the text before it, positions lost.
The mapper in `tables.py` does not care where a row came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from extract.labels import compact
from extract.values import COUNT_UNITS, MONEY_UNITS, is_number_text, is_value_text

Grid = list[list[str | None]]

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-－—–]\s*\d{1,3}\s*[-－—–]|第\s*\d{1,3}\s*页(?:\s*[，,/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3})\s*$")

MARKERS = {
    "active_disclosure": ("第二十条", "主动公开政府信息情况"),
    "applications": ("申请人情况", "本年新收", "勾稽关系", "收到和处理政府信息公开申请"),
    "review_litigation": ("行政复议", "复议后起诉", "未经复议"),
    None: ("存在的主要问题", "其他需要报告的事项"),
}


# 人 alone is left out: it is also a character of the stacked header 自/然/人.
UNIT_TOKENS = frozenset(MONEY_UNITS + COUNT_UNITS) - {"人"}


def _has_unit(token: str) -> bool:
    return token.rstrip().endswith(tuple(UNIT_TOKENS))


@dataclass
class Row:
    """One printed row: its label text and its value cells (raw strings)."""

    label: str
    values: list[str | None]
    positional: bool
    table: str | None = None
    source: dict = field(default_factory=dict)

    def numbers(self) -> int:
        return sum(1 for v in self.values if is_number_text(v))


def _dedupe(cells: list[str]) -> list[str]:
    out: list[str] = []
    for c in cells:
        if not out or compact(out[-1]) != compact(c):
            out.append(c)
    return out


def rows_from_grids(grids: list[Grid]) -> list[Row]:
    """All tables in order; labels left over at the end of one table (a header printed at
    the foot of a page, its rows on the next) carry into the next table."""
    rows: list[Row] = []
    pending: list[str] = []
    for grid in grids:
        part = rows_from_grid(grid, pending)
        rows.extend(part)
    return rows


def _split_at(cells: list[str | None]) -> int:
    """Where a table row's values start: after the last label cell, or at the first number
    if a garbled cell (OCR) after it would otherwise swallow the row's numbers into the label."""
    last = -1
    for i, c in enumerate(cells):
        if c is not None and c.strip() and not is_value_text(c):
            last = i
    first_number = next((i for i, c in enumerate(cells) if is_number_text(c)), len(cells))
    return min(last + 1, first_number) if first_number > 0 else last + 1


def rows_from_grid(grid: Grid, pending: list[str] | None = None) -> list[Row]:
    """Split each table row into label cells (left) and value cells (after the last label).

    A row without value cells (a header, a stacked label line) is carried into the next
    row's label, so labels split over rows still read as one. A row whose label spans the
    table's label columns (``（六）其他处理`` over two columns) leaves merge placeholders
    where the other rows have labels: its values still start at the table's value column.
    """
    rows: list[Row] = []
    pending = [] if pending is None else pending
    splits = [_split_at(cells) for cells in grid]
    starts = [sp for sp, cells in zip(splits, grid, strict=True) if sum(is_number_text(c) for c in cells[sp:]) >= 2]
    value_start = max(set(starts), key=lambda sp: (starts.count(sp), sp)) if starts else 0
    for split, cells in zip(splits, grid, strict=True):
        if split < value_start and all(c is None for c in cells[split:value_start]):
            split = value_start  # merge placeholders of a wide label, not value cells
        label_cells = _dedupe([c.strip() for c in cells[:split] if c and c.strip()])
        values = [None if c is None else c.strip() for c in cells[split:]]
        if not any(v is not None for v in values):
            pending.extend(label_cells)
            continue
        rows.append(Row(" ".join(pending + label_cells), values, True))
        pending.clear()
    return rows


def strip_page_furniture(text: str) -> str:
    """Drop page-number lines such as －5－, - 5 -, 第5页 共9页."""
    return "\n".join(line for line in text.splitlines() if not _PAGE_NUMBER.match(line))


def rows_from_text(text: str) -> list[Row]:
    """The text-flow reader: each run of consecutive value tokens is a row's values and
    the text since the previous run is its label (stacked characters, labels broken over
    lines and repeated headers all end up in that label and are compacted away)."""
    rows: list[Row] = []
    label: list[str] = []
    run: list[str] = []
    for token in strip_page_furniture(text).split():
        if run and token in UNIT_TOKENS and is_number_text(run[-1] + token) and not _has_unit(run[-1]):
            run[-1] += token  # '3522.436287 万': a unit set apart from its number is still its unit
            continue
        if is_number_text(token) or (run and is_value_text(token)) or token in ("/", "—", "／", "——"):
            run.append(token)
            continue
        if run:
            rows.append(Row(" ".join(label), run, False))
            label, run = [], []
        label.append(token)
    if run:
        rows.append(Row(" ".join(label), run, False))
    return rows


BY_LABEL = 0.75  # a row this like one table's own label belongs to that table


@cache
def _distinctive_cores() -> dict[str, tuple[str, ...]]:
    """Long template labels that only one table has (for rows whose markers are garbled)."""
    from extract import spec
    from extract.labels import core

    out: dict[str, set[str]] = {"active_disclosure": set(), "applications": set()}
    for tpl in spec.TEMPLATES:
        out["active_disclosure"] |= {core(r.label) for r in spec.active_rows(tpl)}
        out["applications"] |= {core(r.label) for r in spec.application_rows(tpl)}
    return {t: tuple(c for c in cores if len(c) >= 6) for t, cores in out.items()}


def _table_by_label(label: str) -> str | None:
    from extract.labels import clean_label, cover_bounds, score

    c = clean_label(label)
    best, table = 0.0, None
    for t, cores in _distinctive_cores().items():
        for k, bound in zip(cores, cover_bounds([c], list(cores))[0], strict=True):
            if bound < BY_LABEL:
                continue  # its score is lower still
            s = score(c, k)
            if s > best:
                best, table = s, t
    return table if best >= BY_LABEL else None


def classify(rows: list[Row]) -> list[Row]:
    """Tag each row with the table it belongs to, switching at each table's markers (or,
    when OCR garbled the markers, at a row that unmistakably belongs to another table)."""
    current: str | None = None
    for row in rows:
        c = compact(row.label)
        hits = [(c.rfind(m), table) for table, marks in MARKERS.items() for m in marks if m in c]
        if hits:
            current = max(hits, key=lambda h: h[0])[1]
        elif current in (None, "active_disclosure", "applications") and row.values:
            by_label = _table_by_label(row.label)
            if by_label and by_label != current:
                current = by_label
        row.table = current
    return rows
