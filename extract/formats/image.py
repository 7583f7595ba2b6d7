"""Images (tables pasted as PNG/JPEG, photographed pages): OCR."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, UnidentifiedImageError

from extract.document import Document
from extract.errors import ExtractionError

MAX_PIXELS = 60_000_000
MAX_FRAMES = 20


def read_image(path: Path) -> Document:
    """Every frame (a multi-page TIFF is a scanned report) OCR'd, at most MAX_FRAMES.

    Through ``ocr_file``: a table image its page's extraction already read is not read again.
    """
    from extract.ocr import ocr_file

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(path) as img:
            img.load()
            n_frames = getattr(img, "n_frames", 1)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ExtractionError(f"unreadable image: {exc}") from exc
    texts, grids, notes = [], [], []
    if n_frames > MAX_FRAMES:
        notes.append(f"image has {n_frames} frames: only the first {MAX_FRAMES} read")
    for frame in range(min(n_frames, MAX_FRAMES)):
        try:
            text, g = ocr_file(path, frame)
        except (OSError, EOFError, Image.DecompressionBombError) as exc:
            raise ExtractionError(f"unreadable image frame {frame}: {exc}") from exc
        texts.append(text)
        grids.extend(g)
    return Document("image", "\n".join(texts), grids, ocr=True, notes=notes)
