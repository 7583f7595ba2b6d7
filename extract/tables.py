"""Labelled rows → the canonical keys of template.json.

Rows are aligned to the template's rows in order (a dynamic programme like a diff), each
pair scored by label similarity; order resolves look-alike labels such as 其他 and
（六）其他处理, and rows that match nothing (headers, stray numbers) are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extract import spec
from extract.labels import clean_label, compact, core, cover_bounds, score
from extract.rows import Row
from extract.spec import RowDef
from extract.values import is_number_text, parse_10k_yuan, parse_count, parse_yuan

THRESHOLD = 0.6


@dataclass
class Mapped:
    """The three tables as values and raw text, and how many rows were found."""

    template: str
    values: dict
    raw: dict
    rows_found: int = 0
    rows_expected: int = 0
    notes: list[str] = field(default_factory=list)


def align(rows: list[Row], defs: list[RowDef]) -> list[tuple[int, int]]:
    """Best order-preserving matching of printed rows to template rows."""
    # In a text layer a multi-line label is centred on its numbers: half of it comes after
    # them, so a text-flow row is matched with the text that follows it as well.
    labels = [clean_label(r.label if r.positional or k + 1 == len(rows) else f"{r.label} {rows[k + 1].label}")
              for k, r in enumerate(rows)]
    cores = [core(d.label) for d in defs]
    n, m = len(rows), len(defs)
    sc = [[0.0] * m for _ in range(n)]
    bounds = cover_bounds(labels, cores)
    for i, row in enumerate(rows):
        numbers = row.numbers()
        for j, d in enumerate(defs):
            if bounds[i][j] < THRESHOLD:
                continue  # its score is lower still: never a match
            s = score(labels[i], cores[j])
            if s >= THRESHOLD:
                if numbers == len(d.columns):
                    s += 0.05
                sc[i][j] = s
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            v = max(best[i - 1][j], best[i][j - 1])
            s = sc[i - 1][j - 1]
            if s > 0:
                v = max(v, best[i - 1][j - 1] + s)
            best[i][j] = v
    pairs = []
    i, j = n, m
    while i > 0 and j > 0:
        s = sc[i - 1][j - 1]
        if s > 0 and abs(best[i][j] - (best[i - 1][j - 1] + s)) < 1e-9:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return _fill_gaps(pairs[::-1], rows, defs)


def _fill_gaps(pairs: list[tuple[int, int]], rows: list[Row], defs: list[RowDef]) -> list[tuple[int, int]]:
    """Between two matched rows (or a matched row and the table's end), as many unmatched
    printed rows as unmatched template rows, each carrying numbers, are those rows in
    order: their labels were garbled (OCR)."""
    if not pairs:
        return pairs
    out: list[tuple[int, int]] = []
    bounded = [(-1, -1), *pairs, (len(rows), len(defs))]  # the table's ends bound gaps too
    for k, (i, j) in enumerate(bounded[:-1]):
        if k:
            out.append((i, j))
        ni, nj = bounded[k + 1]
        gap = ni - i - 1
        if gap > 0 and gap == nj - j - 1 and all(
                0 < rows[i + d].numbers() <= len(defs[j + d].columns) for d in range(1, gap + 1)):
            out.extend((i + d, j + d) for d in range(1, gap + 1))
    return out


def spread(row: Row, n: int) -> list[str | None]:
    """Place a row's value cells into n columns.

    Positional rows (ruled tables) keep positions: merged-cell placeholders are dropped
    only when there are too many cells, missing trailing cells are null. A text-flow row
    with fewer numbers than columns is read left to right, except that when its last
    number is the sum of the others it is the 总计 column (a 总计 row printed as 92 2 94).
    """
    vals = list(row.values)
    if len(vals) > n and row.positional:
        vals = [v for v in vals if v is not None]
        while len(vals) > n and not (vals[-1] or "").strip():
            vals.pop()
        while len(vals) > n and not (vals[0] or "").strip():
            vals.pop(0)
    vals = vals[:n]
    if not row.positional and 2 <= len(vals) < n:
        nums = [parse_count(v) for v in vals]
        if all(x is not None for x in nums) and nums[-1] == sum(nums[:-1]) and (nums[-1] or len(vals) <= 3):
            return vals[:-1] + [None] * (n - len(vals)) + [vals[-1]]
    return vals + [None] * (n - len(vals))


def _money_unit(rows: list[Row]) -> str:
    """The unit printed in the 采购总金额 header, if any (元 by default)."""
    for r in rows:
        c = compact(r.label)
        k = c.find("采购总金额")
        if k >= 0 and "万元" in c[k:k + 12]:
            return "万元"
    return "元"


def _parse(column: str, raw: str | None, unit: str) -> int | float | None:
    if column == "amount":
        return parse_yuan(raw, unit)
    if column == "amount_10k_yuan":
        return parse_10k_yuan(raw)
    return parse_count(raw)


def map_rows(rows: list[Row], template: str) -> Mapped:
    """Fill the template's three tables from classified rows."""
    tables = spec.empty_tables(template)
    raw = spec.empty_tables(template)
    out = Mapped(template, tables, raw)
    by_table: dict[str | None, list[Row]] = {}
    for r in rows:
        by_table.setdefault(r.table, []).append(r)

    active_rows = by_table.get("active_disclosure", [])
    unit = _money_unit(active_rows)
    for table, defs in (("active_disclosure", spec.active_rows(template)),
                        ("applications", spec.application_rows(template))):
        cand = by_table.get(table, [])
        out.rows_expected += len(defs)
        for i, j in align(cand, defs):
            d, row = defs[j], cand[i]
            cells = spread(row, len(d.columns))
            vt = tables[table][d.item] if d.item else tables[table]
            rt = raw[table][d.item] if d.item else raw[table]
            for col, cell in zip(d.columns, cells, strict=True):
                vt[d.key][col] = _parse(col, cell, unit)
                rt[d.key][col] = cell
            out.rows_found += 1

    review = _review_values(by_table.get("review_litigation", []))
    groups, cols = spec.review_groups(), spec.review_columns()
    out.rows_expected += len(groups)
    if review:
        width = len(groups) * len(cols)
        if len(review) != width:
            out.notes.append(f"review_litigation: {len(review)} cells for {width}")
        review = (review + [None] * width)[:width]
        for g_i, g in enumerate(groups):
            for c_i, col in enumerate(cols):
                cell = review[g_i * len(cols) + c_i]
                tables["review_litigation"][g][col] = parse_count(cell)
                raw["review_litigation"][g][col] = cell
        out.rows_found += len(groups)
    return out


def _review_values(rows: list[Row]) -> list[str | None]:
    """The 15 numbers of table 四: the value cells of its rows that carry numbers."""
    cells: list[str | None] = []
    for r in rows:
        if not any(is_number_text(v) for v in r.values):
            continue
        vals = [v for v in r.values if v is not None] if r.positional else r.values
        cells.extend(vals)
    return cells
