"""What every format reader returns: the text and the ruled tables as grids."""

from __future__ import annotations

from dataclasses import dataclass, field

from extract.rows import Grid


@dataclass
class Document:
    """A read document. `grids` are ruled tables (None = cell covered by a merge);
    `ocr` says the text came from tesseract (so extraction errors are likelier)."""

    format: str
    text: str
    grids: list[Grid] = field(default_factory=list)
    title: str | None = None
    ocr: bool = False
    # A second text for the text-flow reader when `text` is not in reading order.
    flow_text: str | None = None
    notes: list[str] = field(default_factory=list)
    # Local image files the document shows (tables pasted as images), in order; the text
    # holds IMAGE_MARK.format(n) where image n stands.
    images: list = field(default_factory=list)


IMAGE_MARK = "\n[[nianbao-image-{}]]\n"
