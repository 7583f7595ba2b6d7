"""Images (tables pasted as PNG/JPEG, photographed pages): OCR."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, UnidentifiedImageError

from extract.document import Document
from extract.errors import ExtractionError

MAX_PIXELS = 60_000_000


def read_image(path: Path) -> Document:
    from extract.ocr import ocr_image

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(path) as img:
            img.load()
            frames = []
            for i in range(getattr(img, "n_frames", 1)):
                img.seek(i)
                frames.append(img.copy())
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ExtractionError(f"unreadable image: {exc}") from exc
    texts, grids = [], []
    for frame in frames[:20]:
        text, g = ocr_image(frame)
        texts.append(text)
        grids.extend(g)
    return Document("image", "\n".join(texts), grids, ocr=True)
