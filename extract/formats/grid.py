"""Expanding HTML-style tables (rowspan/colspan) into rectangular grids."""

from __future__ import annotations

from collections.abc import Iterable

from extract.rows import Grid

MAX_SPAN = 200


def expand(rows: Iterable[Iterable[tuple[str, int, int]]]) -> Grid:
    """Rows of (text, rowspan, colspan) cells → grid; covered positions are None.

    A covered position is not a blank cell: a value printed once across merged columns
    must not be read as several values.
    """
    grid: Grid = []
    occupied: dict[tuple[int, int], bool] = {}
    for r, cells in enumerate(rows):
        line: list[str | None] = []
        c = 0
        for text, rowspan, colspan in cells:
            while occupied.get((r, c)):
                line.append(None)
                c += 1
            rowspan = max(1, min(rowspan, MAX_SPAN))
            colspan = max(1, min(colspan, MAX_SPAN))
            line.append(text)
            for dc in range(colspan):
                if dc:
                    line.append(None)
                for dr in range(1, rowspan):
                    occupied[(r + dr, c + dc)] = True
            c += colspan
        while occupied.get((r, c)):
            line.append(None)
            c += 1
        grid.append(line)
    return grid


def grid_lines(grid: Grid) -> str:
    """A grid as text lines (cells separated by spaces) for the text-flow reader."""
    return "\n".join(" ".join(c for c in row if c) for row in grid)
