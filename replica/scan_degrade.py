"""What a real scan does to a clean page: skew, a red round seal over the table, JPEG noise.

Why: real scanned reports (and tables pasted as photos or scans) are tilted by up to a
degree or two, carry the agency's red seal (公章) stamped across the tables, were saved as
JPEG at middling quality and scanned at 120-200 dpi. A replica that is sharper than that
flatters the OCR. Every degradation is drawn from a ``random.Random`` seeded by the
document's own bytes, so generation stays reproducible.
"""

from __future__ import annotations

import hashlib
import io
import math
import random

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

SEAL_RED = (215, 30, 35)
SEAL_TEXT = "政府信息公开专用章"
SEAL_FONT = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"
SCAN_DPIS = (120, 130, 150, 160, 180, 200)
MAX_SKEW = 1.5


def seeded(data: bytes, salt: str = "") -> random.Random:
    """A generator fixed by the document's bytes (same input → same degradations)."""
    return random.Random(int.from_bytes(hashlib.sha256(salt.encode() + data).digest()[:8], "big"))


def table_box(img: Image.Image) -> tuple[int, int, int, int] | None:
    """The bounding box of the ruled table on a page (rows with a long dark run), or None."""
    dark = np.asarray(img.convert("L")) < 128
    rows = np.nonzero(dark.mean(axis=1) > 0.35)[0]
    if len(rows) < 2:
        return None
    cols = np.nonzero(dark[rows].any(axis=0))[0]
    return int(cols[0]), int(rows[0]), int(cols[-1]), int(rows[-1])


def _font(size: int) -> ImageFont.ImageFont:
    try:
        return ImageFont.truetype(SEAL_FONT, size)
    except OSError:
        return ImageFont.load_default()


def seal(radius: int, agency: str = "") -> Image.Image:
    """A red round seal (ring, star, text along the ring) as an RGBA image."""
    size = radius * 2 + 4
    layer = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    c = size / 2
    ring = max(3, radius // 22)
    d.ellipse((c - radius, c - radius, c + radius, c + radius), outline=SEAL_RED + (255,), width=ring)
    star = radius * 0.32
    points = [(c + star * (1 if k % 2 == 0 else 0.4) * math.sin(math.pi * k / 5),
               c - star * (1 if k % 2 == 0 else 0.4) * math.cos(math.pi * k / 5)) for k in range(10)]
    d.polygon(points, fill=SEAL_RED + (255,))
    text = (agency or "") + SEAL_TEXT
    font = _font(max(10, int(radius * 0.24)))
    span = 250.0  # degrees of the ring the text covers, centred on the top
    for i, ch in enumerate(text[:16]):
        angle = math.radians(-span / 2 + span * (i + 0.5) / min(len(text), 16))
        r = radius * 0.74
        glyph = Image.new("RGBA", (font.size + 4, font.size + 6), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((2, 0), ch, font=font, fill=SEAL_RED + (255,))
        glyph = glyph.rotate(-math.degrees(angle), resample=Image.Resampling.BICUBIC, expand=True)
        x = c + r * math.sin(angle) - glyph.width / 2
        y = c - r * math.cos(angle) - glyph.height / 2
        layer.alpha_composite(glyph, (int(x), int(y)))
    return layer


def stamp(img: Image.Image, rng: random.Random, dpi: float, box: tuple[int, int, int, int] | None) -> Image.Image:
    """Press a seal (about 4.2 cm across, as real ones) over part of ``box`` (the table)."""
    radius = int(2.1 / 2.54 * dpi)
    x0, y0, x1, y1 = box or (0, 0, img.width, img.height)
    cx = rng.uniform(x0 + (x1 - x0) * 0.35, x0 + (x1 - x0) * 0.9)
    cy = rng.uniform(y0 + (y1 - y0) * 0.2, y0 + (y1 - y0) * 0.8)
    layer = seal(radius).rotate(rng.uniform(-25, 25), resample=Image.Resampling.BICUBIC)
    alpha = np.asarray(layer.getchannel("A"), dtype=np.float32) / 255 * rng.uniform(0.7, 0.9)
    # ink soaks unevenly: blotchy opacity
    alpha *= np.clip(np.random.default_rng(rng.getrandbits(32)).normal(1.0, 0.15, alpha.shape), 0.4, 1.0)
    base = np.asarray(img.convert("RGB"), dtype=np.float32)
    left, top = int(cx - layer.width / 2), int(cy - layer.height / 2)
    sx0, sy0 = max(0, -left), max(0, -top)
    dx0, dy0 = max(0, left), max(0, top)
    dx1, dy1 = min(img.width, left + layer.width), min(img.height, top + layer.height)
    if dx1 <= dx0 or dy1 <= dy0:
        return img.convert("RGB")
    a = alpha[sy0: sy0 + dy1 - dy0, sx0: sx0 + dx1 - dx0, None]
    region = base[dy0:dy1, dx0:dx1]
    inked = region * (np.array(SEAL_RED, dtype=np.float32) / 255)  # multiply: black text stays black
    base[dy0:dy1, dx0:dx1] = region * (1 - a) + inked * a
    return Image.fromarray(np.clip(base, 0, 255).astype(np.uint8), "RGB")


def jpeg(img: Image.Image, quality: int) -> Image.Image:
    """Round-trip through JPEG at ``quality`` (block artefacts, ringing around strokes)."""
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=quality)
    buf.seek(0)
    return Image.open(buf).convert("RGB")


def degrade(img: Image.Image, rng: random.Random, dpi: float, *, seal_it: bool = True) -> Image.Image:
    """Skew (≤1.5°), the seal over the table, slight blur and paper noise, JPEG at 45-75."""
    box = table_box(img)
    out = img.convert("RGB")
    if seal_it and box is not None:
        out = stamp(out, rng, dpi, box)
    out = out.rotate(rng.uniform(-MAX_SKEW, MAX_SKEW), resample=Image.Resampling.BICUBIC, expand=False,
                     fillcolor=(255, 255, 255))
    out = out.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.6)))
    noise = np.random.default_rng(rng.getrandbits(32)).normal(0, 6, (out.height, out.width, 1))
    out = Image.fromarray(np.clip(np.asarray(out, dtype=np.float32) + noise, 0, 255).astype(np.uint8), "RGB")
    return jpeg(out, rng.randint(45, 75))
