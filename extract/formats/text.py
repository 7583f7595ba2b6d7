"""Plain text (e.g. a PDF's text layer saved as .txt): text-flow reading, plus grids for
tab-separated blocks (copied tables keep their empty cells between tabs)."""

from __future__ import annotations

from pathlib import Path

from extract.document import Document
from extract.formats.encoding import decode


def tab_grids(text: str) -> list[list[list[str | None]]]:
    """Consecutive lines containing tabs form one grid; empty cells stay as ''."""
    grids, current = [], []
    for line in text.splitlines():
        if "\t" in line:
            current.append([c.strip() for c in line.rstrip("\n").split("\t")])
        elif line.strip() == "" and current:
            continue
        elif current:
            grids.append(current)
            current = []
    if current:
        grids.append(current)
    return [g for g in grids if len(g) >= 2]


def read_text(path: Path) -> Document:
    text = decode(path.read_bytes())
    return Document("text", text, tab_grids(text))
