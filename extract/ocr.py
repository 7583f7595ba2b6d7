"""OCR of scanned pages and table images: tesseract and RapidOCR, each loaded once.

Table rules are found with numpy (long runs of dark pixels), so cells come from the
drawn grid rather than from an engine's layout guesses; rules are erased before OCR so
they are not read as 1 or |. The page is read with models loaded once per process
(``extract.ocr_engines``): the prose in one tesseract pass, then each inked cell, cut into
its lines of ink. A short one-line cell (a number, mostly) is read by RapidOCR's PP-OCRv4
recogniser; where it is unsure or reads a dash, tesseract re-reads it with a digit
whitelist and, when they disagree, the likelier reading wins; a row whose total (the
template's 总计 column) fails with that choice but holds with the other engine's reading
takes the other. Each table grid records which engine supplied its cells
(``OcrGrid.engines``), reported beside the extraction's strategy. A red seal over the table
is dropped by reading the red channel (red ink is pale there, black print stays black),
raised where JPEG left a thin seal stroke reddish grey (``red_channel``).

Harder scans (issue 14): the engines read gently levelled crops (thin serif strokes of
一 二 十 survive); a digit cut by a pale joint is one line (``_join_split_lines``); specks
do not widen a cell's ink (``_despeckle``); a rule a seal broke in one row is restored from
the column edges the other rows share (``split_at_shared_edges``); a cell spanning rows
is read whole, not cut at a rule that runs only beside it (``_join_row_spans``); and a number cell no
engine could read, or the one doubtful reading of a row that does not add up, is settled
by the row's 总计 where the table shows its rows add up (``fill_by_group_sums``, counted
as ``engines["identity"]``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from crawler.config import env_int
from extract.errors import ExtractionError
from extract.ocr_engines import DIGIT_CHARS, Word, page_words, rapid, rapid_lines, tesseract_lines

__all__ = ["OcrGrid", "Word", "find_cells", "fix_number", "ocr_file", "ocr_image", "ocr_pdf_page", "skew_angle"]
LANG = "chi_sim"
OCR_VERSION = "3"  # part of the cache key: bump when a change alters what OCR returns
MIN_DIGIT_CONF = 45.0
RULE_STRICT, RULE_LENIENT = 147, 185  # grey cuts for rules (before levels: paper is ~245 and up)
MAX_CELLS = 1500  # inked cells read per page (a real page has under 300); the rest are counted "unread"
RAPID_SURE = 0.9  # RapidOCR's score above which its digits beat a disagreeing tesseract reading
_CONFUSE = str.maketrans({"O": "0", "o": "0", "Q": "0", "〇": "0", "D": "0", "U": "0", "l": "1", "I": "1", "|": "1", "丨": "1",
                          "S": "5", "B": "8", "Z": "2", "]": "1", "[": "1", "!": "1", "，": ".", ",": ""})
_NUMERIC = re.compile(r"^-?\d+(?:\.\d+)?(?:万元|万|元)?$")
SLASH_SLOPE = 0.15  # |columns per row| of a stem's centre above which the stroke is a slash, not a 1
_DASHES = {"/": "/", "-": "/", "--": "/", "—": "/", "一": "/", "－": "/", "_": "/"}


class OcrGrid(list):
    """One OCR'd table (rows of cell texts) that also says which engine read its cells:
    ``engines`` = {"tesseract": n, "rapidocr": n, "disagreed": n}."""

    engines: dict[str, int]


def _runs(mask: np.ndarray, min_len: int, axis: int) -> np.ndarray:
    """True where a pixel lies on a run of at least min_len dark pixels along `axis`."""
    m = mask if axis == 1 else mask.T
    n = m.shape[1]
    if n < min_len:
        return np.zeros_like(mask, dtype=bool)
    cs = np.cumsum(np.pad(m.astype(np.int32), ((0, 0), (1, 0))), axis=1)
    starts = (cs[:, min_len:] - cs[:, :-min_len]) == min_len  # run of min_len starting at j
    sc = np.cumsum(np.pad(starts.astype(np.int32), ((0, 0), (1, min_len))), axis=1)
    # pixel k is covered when some start j in [k - min_len + 1, k] exists
    hi = sc[:, 1: n + 1]
    lo = np.pad(sc, ((0, 0), (min_len, 0)))[:, 1: n + 1]
    full = (hi - lo) > 0
    return full if axis == 1 else full.T


def _group(indices: np.ndarray) -> list[tuple[int, int]]:
    """Consecutive indices → (first, last) groups."""
    out: list[tuple[int, int]] = []
    for i in indices.tolist():
        if out and i <= out[-1][1] + 2:
            out[-1] = (out[-1][0], i)
        else:
            out.append((i, i))
    return out


def find_cells(img: Image.Image, dark_below: int = 185) -> tuple[list[list[list[tuple[int, int, int, int]]]], np.ndarray]:
    """Tables on a page as grids of cell boxes (x0, y0, x1, y1), and a mask of the rules
    themselves (only the detected lines, so character strokes survive) to erase them."""
    gray = np.asarray(img.convert("L"))
    dark = gray < dark_below  # faint scanned rules (JPEG, 120 dpi) are pale grey; a run is still a run
    h, w = dark.shape
    # rules drift by a pixel over their length (residual skew): look for runs in a mask
    # widened by one pixel across the rule's direction
    wide_v = dark.copy()
    wide_v[:, 1:] |= dark[:, :-1]
    wide_v[:, :-1] |= dark[:, 1:]
    wide_h = dark.copy()
    wide_h[1:, :] |= dark[:-1, :]
    wide_h[:-1, :] |= dark[1:, :]
    hmask = _runs(wide_h, max(30, w // 25), axis=1) & dark
    vmask = _runs(wide_v, max(20, h // 80), axis=0)
    rules = np.zeros_like(dark)
    rows = _group(np.nonzero(hmask.sum(axis=1) > w * 0.04)[0])
    for a, b in rows:
        rules[max(0, a - 2): b + 3] |= hmask[max(0, a - 2): b + 3]
    ys = [((a + b) // 2, a, b) for a, b in rows]
    tables: list[list[list[tuple[int, int, int, int]]]] = []
    current: list[list[tuple[int, int, int, int]]] = []
    tops: list[tuple[int, int]] = []
    for (y0, a0, b0), (y1, a1, _b1) in zip(ys, ys[1:], strict=False):
        top, bottom = b0 + 1, a1 - 1
        if bottom - top < 6:
            continue
        band = vmask[top + 1: bottom, :]
        frac = band.mean(axis=0)
        groups = _group(np.nonzero(frac > 0.85)[0])
        seps = [(a + b) // 2 for a, b in groups]
        if len(seps) >= 2:
            for a, b in groups:
                rules[max(0, top - 3): bottom + 4, max(0, a - 2): b + 3] |= \
                    (vmask & dark)[max(0, top - 3): bottom + 4, max(0, a - 2): b + 3]
            current.append([(x0, y0, x1, y1) for x0, x1 in zip(seps, seps[1:], strict=False) if x1 - x0 > 6])
            tops.append((a0, b0))
        elif current:
            tables.append(_join_row_spans(current, tops, hmask, dark))
            current, tops = [], []
    if current:
        tables.append(_join_row_spans(current, tops, hmask, dark))
    return tables, rules


def _join_row_spans(table: list[list[tuple[int, int, int, int]]], tops: list[tuple[int, int]],
                    hmask: np.ndarray, dark: np.ndarray) -> list[list[tuple[int, int, int, int]]]:
    """A cell spanning rows (``rowspan``: a header's 总计, a stacked label) is one box in the
    row where it starts, and an empty box (no height, so blank) in the rows it covers.

    Why: rows are cut at every rule, and a rule that runs only beside a tall cell cut its
    characters in half; the halves read as nonsense, or as a digit that shifted the numbers.
    A cell continues the one above when no rule at all runs along its top and ink crosses
    where the rule would be (characters cut), or it has no ink; a rule a seal broke is
    still there in part (measured: 40% of its length), so two number cells stay apart."""
    out = [list(row) for row in table]
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for r in range(1, len(table)):
        a, b = tops[r]
        for i, (x0, y0, x1, y1) in enumerate(table[r]):
            if x1 - x0 < 16:
                continue
            if hmask[max(0, a - 1): b + 2, x0 + 6: x1 - 6].any(axis=0).mean() >= 0.1:
                continue  # ruled (a rule a seal broke is still there in part): a cell of its own
            crossing = dark[max(0, a - 2): b + 3, x0 + 6: x1 - 6].any()
            if not crossing and dark[y0 + 5: y1 - 5, x0 + 6: x1 - 6].sum() >= 10:
                continue
            above = next((j for j, u in enumerate(table[r - 1]) if abs(u[0] - x0) <= 3 and abs(u[2] - x1) <= 3), None)
            if above is None:
                continue
            tr, ti = owner.get((r - 1, above), (r - 1, above))
            top = out[tr][ti]
            out[tr][ti] = (top[0], top[1], top[2], y1)
            out[r][i] = (x0, y1, x1, y1)
            owner[(r, i)] = (tr, ti)
    return out


def fix_number(text: str) -> str:
    """Undo chi_sim's usual digit confusions when the cell is otherwise a number."""
    t = re.sub(r"\s+", "", text)
    fixed = t.translate(_CONFUSE)
    return fixed if _NUMERIC.match(fixed) else text


def skew_angle(img: Image.Image) -> float:
    """The rotation (-1.5..1.5°, to a tenth) that makes rows of ink sharpest (scans are a little
    skewed, and a tilted rule would not be found as one line): half-degree steps, then tenths."""
    small = img.resize((max(1, img.width // 2), max(1, img.height // 2)))

    def sharpness(angle: float) -> float:
        rotated = small.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=255)
        profile = (np.asarray(rotated) < 150).sum(axis=1).astype(np.float64)
        return float((profile ** 2).sum())

    scores = {t: sharpness(t / 10) for t in range(-15, 16, 5)}
    coarse = max(scores, key=scores.get)
    for t in range(max(-15, coarse - 4), min(15, coarse + 4) + 1):
        if t not in scores:
            scores[t] = sharpness(t / 10)
    return max(scores, key=scores.get) / 10


def split_at_shared_edges(table: list[list[tuple[int, int, int, int]]], arr: np.ndarray,
                          narrow: float) -> list[list[tuple[int, int, int, int]]]:
    """Split a cell where a rule the other rows share was lost in this row (a seal's ring
    across it, a faint scan), when both halves are narrow number cells with ink in each.

    Why: a table's column positions are shared by its rows; with one rule missing, two
    numbers read as one ("0 0" as "°丨") and every value after it shifts a column. A cell
    merged on purpose (a label across columns, a blank merged area) is wide or has ink on
    one side only, so it is left whole."""
    if len(table) < 4:
        return table
    counts: Counter[int] = Counter()
    for row in table:
        for x in {b[0] for b in row[1:]}:
            counts[x] += 1
    shared: list[int] = []
    for x in sorted(counts, key=lambda x: -counts[x]):  # each edge once, at its commonest x
        near = counts[x] + sum(counts[x + d] for d in (-3, -2, -1, 1, 2, 3))
        if near >= max(3, 0.6 * len(table)) and all(abs(x - y) > 3 for y in shared):
            shared.append(x)
    shared.sort()
    out = []
    for row in table:
        cells = []
        for box in row:
            x0, y0, x1, y1 = box
            cuts = [x for x in shared if x0 + 8 < x < x1 - 8]
            if cuts and x1 - x0 <= narrow * (len(cuts) + 1) * 1.2:
                edges = [x0, *cuts, x1]
                parts = [(a, y0, b, y1) for a, b in zip(edges, edges[1:], strict=False)]
                if all(p[2] - p[0] <= narrow and _has_ink(arr, p) for p in parts):
                    cells.extend(parts)
                    continue
            cells.append(box)
        out.append(cells)
    return out


def _ink_size(img_arr: np.ndarray, box: tuple[int, int, int, int], inset: int = 5) -> tuple[int, int]:
    """Width and height of the ink inside a cell (a number is a short, one-line blot)."""
    x0, y0, x1, y1 = box
    region = img_arr[y0 + inset: y1 - inset, x0 + inset: x1 - inset] < 128
    if not region.any():
        return 0, 0
    cols, rows = np.nonzero(region.any(axis=0))[0], np.nonzero(region.any(axis=1))[0]
    return int(cols[-1] - cols[0] + 1), int(rows[-1] - rows[0] + 1)


def _has_ink(img_arr: np.ndarray, box: tuple[int, int, int, int], inset: int = 5) -> bool:
    x0, y0, x1, y1 = box
    region = img_arr[y0 + inset: y1 - inset, x0 + inset: x1 - inset]
    return region.size > 0 and int((region < 160).sum()) >= 10


def _regular(tables: list) -> int:
    """How regular a page's grids are: rows with their table's most common number of cells."""
    score = 0
    for table in tables:
        counts = Counter(len(row) for row in table)
        score += max(counts.values()) if counts else 0
    return score


def find_page_cells(raw: Image.Image) -> tuple[list[list[list[tuple[int, int, int, int]]]], np.ndarray]:
    """``find_cells`` at a strict and a lenient grey cut, keeping the more regular grid.

    Why: on a crisp page a lenient cut joins thick strokes of print into false rules; on a
    pale 120-dpi JPEG scan a strict cut breaks its thin rules up. A real table's rows mostly
    share one number of cells, so the cut that gives more such rows is the right one; when
    both give as many, the cut whose cell edges line up across rows (``_aligned``)."""
    strict = find_cells(raw, dark_below=RULE_STRICT)
    lenient = find_cells(raw, dark_below=RULE_LENIENT)
    score_l, score_s = (_regular(lenient[0]), _aligned(lenient[0])), (_regular(strict[0]), _aligned(strict[0]))
    return lenient if score_l > score_s else strict


def _aligned(tables: list) -> int:
    """Cell edges that line up with an edge in another row of the same table, less those
    that do not: a table's column positions are shared by its rows, a false rule (print
    strokes joined by a lenient cut) is not, and a rule a seal broke is missing in one row only.
    The tie-break of ``find_page_cells`` when both cuts are as regular (a table of few rows)."""
    score = 0
    for table in tables:
        edges = [[b[0] for b in row] + [row[-1][2]] for row in table if row]
        for i, row in enumerate(edges):
            others = np.array([x for j, r in enumerate(edges) if j != i for x in r] or [-99])
            for x in row:
                score += 1 if np.abs(others - x).min() <= 3 else -1
    return score


def ink_gray(img: Image.Image) -> Image.Image:
    """Grey levels for OCR: the red channel of a colour image, where a red seal is pale."""
    return levelled(red_channel(img))


def red_channel(img: Image.Image) -> Image.Image:
    """The red channel of a colour image (a red seal is pale there), or the grey of a grey one.

    Why the lift: JPEG keeps colour at half resolution, so a thin red stroke of the seal
    (its ring, its text) loses most of its redness and turns dark grey in the red channel,
    over the digits it crosses. Such a pixel is still redder than grey and only mid-dark in
    luminance (which JPEG keeps sharp); black print under the seal is dark in luminance and
    is left alone. So the red channel is raised by the pixel's redness, weighted by how
    light its luminance is."""
    img = ImageOps.exif_transpose(img)
    if img.mode not in ("RGB", "RGBA", "P", "CMYK", "YCbCr", "LAB", "HSV"):
        return img.convert("L")
    rgb = np.asarray(img.convert("RGB"), dtype=np.float32)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    redness = r - (g + b) / 2
    if float(redness.max(initial=0)) < SEAL_REDNESS:  # nothing red on the page: the plain channel
        return Image.fromarray(rgb[..., 0].astype(np.uint8))
    luma = 0.299 * r + 0.587 * g + 0.114 * b
    weight = np.clip((luma - LIFT_LUMA[0]) / (LIFT_LUMA[1] - LIFT_LUMA[0]), 0, 1)
    lifted = r + LIFT_GAIN * weight * np.maximum(0, redness - SEAL_REDNESS)
    return Image.fromarray(np.clip(lifted, 0, 255).astype(np.uint8))


SEAL_REDNESS = 20.0  # red minus the mean of green and blue above which a pixel is part red ink
LIFT_LUMA = (90.0, 140.0)  # luminance from which (to which) a reddish pixel is lifted (fully)
LIFT_GAIN = 3.0


def levelled(gray: Image.Image) -> Image.Image:
    """Levels: the seal's pale remains, paper noise and JPEG haze go white, print goes black."""
    return gray.point(_LEVELS)


_LEVELS = [0 if v <= 50 else 255 if v >= 185 else int((v - 50) * 255 / 135) for v in range(256)]
_SOFT_LEVELS = [0 if v <= 30 else 255 if v >= 220 else int((v - 30) * 255 / 190) for v in range(256)]


def _join_split_lines(lines: list[tuple[int, int, int, int]], typical: int) -> list[tuple[int, int, int, int]]:
    """Join consecutive line boxes of a cell that together are no taller than one line of the
    page (``typical``: the median line height): one character cut in two by a pale joint (a
    2 whose diagonal fades at 120 dpi), not two lines of text."""
    out: list[tuple[int, int, int, int]] = []
    for ln in lines:
        if out and ln[3] - out[-1][1] <= 1.35 * typical:
            prev = out[-1]
            out[-1] = (min(prev[0], ln[0]), prev[1], max(prev[2], ln[2]), max(prev[3], ln[3]))
        else:
            out.append(ln)
    return out


def _ink_lines(arr: np.ndarray, box: tuple[int, int, int, int], inset: int = 3,
               grow: int = 3) -> list[tuple[int, int, int, int]]:
    """The lines of ink inside a cell, each as a box (x0, y0, x1, y1) a little larger than
    its ink (thin serif strokes are paler than the threshold and must not be cut off)."""
    x0, y0, x1, y1 = box[0] + inset, box[1] + inset, box[2] - inset, box[3] - inset
    region = arr[y0:y1, x0:x1] < 200
    if region.size == 0 or not region.any():
        return []
    region = _despeckle(region)
    h, w = region.shape
    edge = min(6, w // 4)  # remains of a rule the eraser missed: a tall column / wide row at the edge
    for cols in (slice(0, edge), slice(w - edge, w)):
        band = region[:, cols]
        band[:, band.sum(axis=0) >= 0.6 * h] = False
    edge = min(4, h // 4)
    for rows in (slice(0, edge), slice(h - edge, h)):
        band = region[rows, :]
        band[band.sum(axis=1) >= 0.6 * w, :] = False
    if not region.any():
        return []
    rows = np.nonzero(region.sum(axis=1) > 0)[0]
    lines: list[tuple[int, int]] = []
    for r in rows.tolist():
        if lines and r <= lines[-1][1] + 2:
            lines[-1] = (lines[-1][0], r)
        else:
            lines.append((r, r))
    lines = _merge_short(lines)
    out = []
    for a, b in lines:
        if int(region[a: b + 1].sum()) < 10 and len(lines) > 1:  # a speck (dust, a seal's remains)
            continue
        cols = np.nonzero(region[a: b + 1].any(axis=0))[0]
        out.append((max(x0, x0 + int(cols[0]) - grow), max(y0, y0 + a - grow),
                    min(x1, x0 + int(cols[-1]) + 1 + grow), min(y1, y0 + b + 1 + grow)))
    return out


def _despeckle(ink: np.ndarray) -> np.ndarray:
    """Ink without its specks: pixels with fewer than two inked neighbours (of eight) go.
    Why: what JPEG leaves of a seal is a scatter of dots beside the digits; counted as ink,
    it stretched a "-1" into a wide blot that read as a dash. A stroke, even one pixel
    wide, keeps two neighbours along its length."""
    pad = np.pad(ink, 1).astype(np.uint8)
    h, w = ink.shape
    count = sum(pad[1 + dy: 1 + dy + h, 1 + dx: 1 + dx + w] for dy in (-1, 0, 1) for dx in (-1, 0, 1)
                if dy or dx)
    return ink & (count >= 2)


def _merge_short(lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join a short band to its neighbour when it is a piece of the same characters (a 5's top
    bar above a pale joint), not a line of its own."""
    tall = max((b - a + 1 for a, b in lines), default=0)
    changed = True
    while changed and len(lines) > 1:
        changed = False
        for i, (a, b) in enumerate(lines):
            if b - a + 1 >= 0.5 * tall:
                continue
            gaps = [(lines[i][0] - lines[i - 1][1], i - 1) if i > 0 else None,
                    (lines[i + 1][0] - b, i + 1) if i + 1 < len(lines) else None]
            gap, j = min(g for g in gaps if g is not None)
            if gap <= tall:
                lo, hi = min(i, j), max(i, j)
                lines[lo: hi + 1] = [(lines[lo][0], lines[hi][1])]
                changed = True
                break
    return lines


def _line_crop(img: Image.Image, box: tuple[int, int, int, int], height: int = 0, pad: int = 8) -> Image.Image:
    """A line of ink on a white margin, scaled so its height is about ``height`` px (0: as is)."""
    crop = img.crop(box)
    if height and crop.height:
        f = min(4.0, max(1.0, height / crop.height))
        if f > 1.05:
            crop = crop.resize((max(1, round(crop.width * f)), max(1, round(crop.height * f))),
                               Image.Resampling.LANCZOS)
    return ImageOps.expand(crop, pad, 255)  # no wider: RapidOCR misreads digits lost in white


def _binary(img: Image.Image) -> Image.Image:
    return img.point(lambda v: 0 if v < 150 else 255)


def _number_text(text: str) -> str | None:
    """A cell reading normalised to a number or "/", or None when it is not one."""
    t = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))  # full-width ０-９ as 0-9
    t = t.strip("'\"`.,:;·。、‘’“”") or t  # specks beside the number (a seal's remains, dust)
    if t in _DASHES:
        return "/"
    fixed = t.translate(_CONFUSE)
    return fixed if _NUMERIC.match(fixed) else None


def _choose(tess: tuple[str, float], rapid: tuple[str, float]) -> tuple[str | None, str, bool]:
    """(reading, engine, disagreed) for a numeric-looking cell read by both engines."""
    t, r = _number_text(tess[0]), _number_text(rapid[0])
    if t is not None and t == r:
        return t, "tesseract", False
    if r is not None and (t is None or rapid[1] >= RAPID_SURE or tess[1] < MIN_DIGIT_CONF):
        return r, "rapidocr", t is not None
    if t is not None and tess[1] >= MIN_DIGIT_CONF:
        return t, "tesseract", r is not None
    return None, "", t is not None and r is not None


def _stroke(arr: np.ndarray, box: tuple[int, int, int, int]) -> tuple[int, int, float, float] | None:
    """(height, width, drift, slope) of the ink in ``box``: how far and how steadily the centre
    of its middle rows moves sideways; None when there is too little ink to tell."""
    x0, y0, x1, y1 = box
    ink = arr[y0:y1, x0:x1] < 160
    rows = np.nonzero(ink.any(axis=1))[0]
    cols = np.nonzero(ink.any(axis=0))[0]
    if len(rows) < 6 or len(cols) == 0:
        return None
    h, w = int(rows[-1] - rows[0] + 1), int(cols[-1] - cols[0] + 1)
    core = rows[len(rows) // 5: len(rows) - len(rows) // 5]  # a 1's flag and foot trimmed off
    centres = np.array([np.nonzero(ink[r])[0].mean() for r in core])
    if len(centres) < 3:
        return None
    return h, w, float(np.ptp(centres)), float(np.polyfit(core.astype(float), centres, 1)[0])


def upright_stroke(arr: np.ndarray, box: tuple[int, int, int, int]) -> bool:
    """Whether the ink in ``box`` is one upright stroke (a 1), not a dash or a slash.

    Why: a thin serif 1 alone in a cell is read as "/" or "-" by RapidOCR and as nothing by
    tesseract, and "/" means "not applicable" in these tables. The shape decides: a 1 is
    taller than wide and its stem stays put from top to bottom; a slash's centre moves
    steadily sideways, even a short one that drifts less than a quarter of its height.
    """
    stroke = _stroke(arr, box)
    if stroke is None:
        return False
    h, w, drift, slope = stroke
    return h >= 1.6 * w and drift <= max(2.0, 0.25 * h) and abs(slope) <= SLASH_SLOPE


def slanted_stroke(arr: np.ndarray, box: tuple[int, int, int, int]) -> bool:
    """Whether the ink in ``box`` is one slanted stroke (a "/", never a 1)."""
    stroke = _stroke(arr, box)
    return stroke is not None and stroke[0] >= stroke[1] and abs(stroke[3]) > SLASH_SLOPE


def _flat(arr: np.ndarray, box: tuple[int, int, int, int]) -> bool:
    """Whether the ink in ``box`` is wider than tall by half again (a dash, never a 1)."""
    x0, y0, x1, y1 = box
    ink = arr[y0:y1, x0:x1] < 160
    rows, cols = np.nonzero(ink.any(axis=1))[0], np.nonzero(ink.any(axis=0))[0]
    return len(rows) > 0 and (cols[-1] - cols[0] + 1) > 1.5 * (rows[-1] - rows[0] + 1)


def minus_one(soft: np.ndarray, arr: np.ndarray, box: tuple[int, int, int, int]) -> bool:
    """Whether the ink in ``box`` is a short dash left of an upright stroke: "-1" (本年增/减),
    whose pale minus the engines read as a quote or lose, and whose width alone made it a dash.
    The minus is looked for in ``soft`` (gentle levels: it is pale), specks of 3 pixels ignored."""
    x0, y0, x1, y1 = box
    ink = soft[y0:y1, x0:x1] < 200
    cols = np.nonzero(ink.any(axis=0))[0]
    if len(cols) < 4:
        return False
    groups = [g for g in np.split(cols, np.nonzero(np.diff(cols) > 1)[0] + 1)
              if int(ink[:, g[0]: g[-1] + 1].sum()) > 3]
    if len(groups) != 2:
        return False
    dash = ink[:, groups[0][0]: groups[0][-1] + 1]
    rows = np.nonzero(dash.any(axis=1))[0]
    right = (x0 + int(groups[1][0]), y0, x1, y1)
    stroke = _stroke(arr, right)
    return (stroke is not None and dash.shape[1] >= 1.5 * (rows[-1] - rows[0] + 1)
            and rows[-1] - rows[0] + 1 <= 0.35 * stroke[0] and upright_stroke(arr, right))


def _value(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _row_adds_up(values: list[float]) -> bool:
    return len(values) >= 3 and abs(sum(values[:-1]) - values[-1]) < 0.005


def settle_by_row_sums(grids: list[OcrGrid], alternates: dict[tuple[int, int, int], tuple[str, str, str]]) -> int:
    """Where the engines disagreed on a cell and its row's total (the template's "总计" column:
    the last number is the sum of the others) fails with the chosen reading but holds with
    the other engine's, take the other reading; only when exactly one such swap exists.
    Returns how many cells changed."""
    changed = 0
    for t_i, grid in enumerate(grids):
        for r_i, row in enumerate(grid):
            cols = [c for c, text in enumerate(row) if text and _value(text) is not None]
            if len(cols) < 3 or _row_adds_up([_value(row[c]) for c in cols]):
                continue
            fixes = []
            for c in cols:
                alt = alternates.get((t_i, r_i, c))
                if alt is None or _value(alt[0]) is None:
                    continue
                trial = [_value(alt[0]) if k == c else _value(row[k]) for k in cols]
                if _row_adds_up(trial):
                    fixes.append((c, alt))
            if len(fixes) == 1:
                c, (text, engine, was) = fixes[0]
                row[c] = text
                grid.engines[engine] += 1
                grid.engines[was] -= 1
                changed += 1
    return changed


def _cell_number(text: str) -> float | None:
    """A settled cell as a number for the sums: "/" and blank count 0 (nothing to count)."""
    return 0.0 if text in ("", "/") else _value(text)


def _groups_hold(values: list[float], k: int) -> list[bool | None]:
    """Per consecutive group of ``k`` values: whether its last is the sum of the others
    (None where the group has an unknown value or adds up to nothing, so proves nothing)."""
    out: list[bool | None] = []
    for g in range(0, len(values), k):
        part = values[g: g + k]
        if any(v is None for v in part) or not any(part):
            out.append(None)
        else:
            out.append(abs(sum(part[:-1]) - part[-1]) < 0.005)
    return out


def fill_by_group_sums(grids: list[OcrGrid], unread: set[tuple[int, int, int]],
                       doubtful: set[tuple[int, int, int]] = frozenset()) -> int:
    """Settle number cells from their row's totals, where the table shows that its rows add
    up: a cell no engine could read (ink there, no number: a seal's star over it), or the one
    doubtful reading (the engines disagreed, or read a dash among numbers) of a group that
    does not add up.

    Why: the template's applications rows end with 总计 (the sum of the six applicant
    columns) and the review row is three groups of five ending with 总计. A row's values
    are split into groups of ``k`` (``k`` = the row's length, or 5 in a longer row); a cell
    is settled only when it is its group's single unknown (or single doubtful reading), the
    identity is shown to hold in the same table by at least two other groups that add up to
    something (never guesswork on a table, like 主动公开, whose columns are not sums) and
    fails in at most half as many, and the value is a non-negative count. A report whose
    own figures do not add up keeps them unless one of them was a doubtful reading. Each
    settled cell is counted in ``engines["identity"]``. Returns how many."""
    settled = 0
    for t_i, grid in enumerate(grids):
        rows = []
        for r_i, row in enumerate(grid):
            start = len(row)
            while start > 0 and (_cell_number(row[start - 1]) is not None or (t_i, r_i, start - 1) in unread):
                start -= 1
            values = [None if (t_i, r_i, c) in unread else _cell_number(row[c]) for c in range(start, len(row))]
            rows.append((r_i, start, values))
        for r_i, start, values in rows:
            for k in sorted({len(values), 5}, reverse=True):
                if k < 3 or len(values) < 3 or len(values) % k:
                    continue
                holds = [(r2, g * k, h) for r2, _s, v2 in rows if len(v2) == len(values)
                         for g, h in enumerate(_groups_hold(v2, k))]
                if sum(h is True for _r, _g, h in holds) < 2:
                    continue
                for g0 in range(0, len(values), k):
                    proof = [h for r2, g2, h in holds if (r2, g2) != (r_i, g0)]  # the others' word
                    if proof.count(True) < 2 or proof.count(False) * 2 >= proof.count(True):
                        continue
                    part = values[g0: g0 + k]
                    gaps = [i for i, v in enumerate(part) if v is None]
                    if not gaps and _groups_hold(part, k)[0] is not False:
                        continue  # adds up (or proves nothing): left as read
                    if not gaps:
                        gaps = [i for i in range(k) if (t_i, r_i, start + g0 + i) in doubtful]
                    if len(gaps) != 1:
                        continue
                    i = gaps[0]
                    known = sum(v for j, v in enumerate(part[:-1]) if j != i and v is not None)
                    value = known if i == k - 1 else (part[-1] or 0) - known
                    if value < 0 or value != int(value) or value == part[i]:
                        continue
                    grid[r_i][start + g0 + i] = str(int(value))
                    values[g0 + i] = value
                    grid.engines["identity"] = grid.engines.get("identity", 0) + 1
                    settled += 1
                break
    return settled


def ocr_image(img: Image.Image) -> tuple[str, list[OcrGrid]]:
    """Text (reading order, tables as one line per row) and table grids of one page."""
    raw = red_channel(img)
    if raw.width < 1200:  # small screenshots: upscale so characters are ~25 px
        scale = 1600 / raw.width
        raw = raw.resize((int(raw.width * scale), int(raw.height * scale)), Image.Resampling.LANCZOS)
    angle = skew_angle(levelled(raw))
    if angle:
        raw = raw.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    img = levelled(raw)
    # rules are looked for before levels: a pale scanned rule (120 dpi, JPEG) would be lost in them
    tables, rules = find_page_cells(raw)
    arr = np.asarray(img).copy()
    arr[rules] = 255
    tables = [split_at_shared_edges(table, arr, img.width * 0.085) for table in tables]
    # what the engines read: gentler levels than ``arr`` (which decides where ink is), so the
    # thin horizontal strokes of a serif 一 二 十 and a pale 2's diagonal survive
    soft = np.asarray(raw.point(_SOFT_LEVELS)).copy()
    soft[rules] = 255
    clean = Image.fromarray(soft)
    # 1. the prose: the page with the tables painted white, one pass of chi_sim
    prose = arr.copy()
    for table in tables:
        x0 = min(b[0] for row in table for b in row)
        x1 = max(b[2] for row in table for b in row)
        y0, y1 = table[0][0][1], table[-1][0][3]
        prose[max(0, y0 - 4): y1 + 5, max(0, x0 - 4): x1 + 5] = 255
    words = page_words(Image.fromarray(prose), 3, LANG) if (prose < 128).sum() > 50 else []
    # 2. inked cells only (a blank cell is blank without asking an engine); small cells are
    # numbers in most reports: both engines read them, the Chinese model reads the rest
    grids = [OcrGrid([""] * len(row) for row in table) for table in tables]
    for g in grids:
        g.engines = {"tesseract": 0, "rapidocr": 0, "disagreed": 0}
    heights = sorted(b[3] - b[1] for table in tables for row in table for b in row) or [0]
    tall = heights[len(heights) // 2] * 2.2
    narrow, wide = [], []
    for t_i, table in enumerate(tables):
        for r_i, row in enumerate(table):
            for c_i, box in enumerate(row):
                if not _has_ink(arr, box):
                    continue
                ink_w, ink_h = _ink_size(arr, box)
                small = (((box[2] - box[0]) < img.width * 0.085 and (box[3] - box[1]) <= tall)
                         or (ink_w < img.width * 0.07 and ink_h <= tall * 0.5))
                (narrow if small else wide).append(((t_i, r_i, c_i), box))
    if len(narrow) + len(wide) > MAX_CELLS:  # a hostile grid: bound the engines' time, say what was left
        keep = set(sorted(narrow + wide)[:MAX_CELLS])
        for pos, _box in sorted(narrow + wide)[MAX_CELLS:]:
            grids[pos[0]].engines["unread"] = grids[pos[0]].engines.get("unread", 0) + 1
        narrow = [c for c in narrow if c in keep]
        wide = [c for c in wide if c in keep]
    cell_lines = {pos: _ink_lines(arr, box) for pos, box in narrow + wide}
    spans = sorted(ln[3] - ln[1] for lines in cell_lines.values() for ln in lines)
    if spans:
        typical = spans[len(spans) // 2]
        cell_lines = {pos: _join_split_lines(lines, typical) for pos, lines in cell_lines.items()}
    alternates: dict[tuple[int, int, int], tuple[str, str, str]] = {}
    doubtful: set[tuple[int, int, int]] = set()  # readings the engines or the shape disputed
    if narrow:  # RapidOCR reads every number; tesseract is asked where RapidOCR is unsure
        one_line = [(pos, box) for pos, box in narrow if len(cell_lines[pos]) == 1]
        wide.extend((pos, box) for pos, box in narrow if len(cell_lines[pos]) != 1)
        fast = rapid_lines([_line_crop(clean, cell_lines[pos][0]) for pos, _b in one_line])
        unsure = [k for k, (text, score) in enumerate(fast)
                  if score < RAPID_SURE or _number_text(text) in (None, "/")]  # "/" or "-" may be a thin 1
        second = dict(zip(unsure, tesseract_lines([_line_crop(clean, cell_lines[one_line[k][0]][0], 40)
                                                   for k in unsure], "eng", DIGIT_CHARS), strict=True))
        choices = [_choose(second[k], r) if k in second else (_number_text(r[0]), "rapidocr", False)
                   for k, r in enumerate(fast)]
        # neither engine read a number: once more, the crop in pure black and white (what is left
        # of a seal, JPEG haze and a pale stroke decided one way)
        # (not where RapidOCR read a word, like 无 "none": black and white made it a 4)
        blank = [k for k, c in enumerate(choices) if c[0] is None and len(fast[k][0]) <= 2
                 and not (fast[k][1] >= 0.5 and any("\u4e00" <= ch <= "\u9fff" for ch in fast[k][0]))]
        for k, r in zip(blank, rapid_lines([_binary(_line_crop(clean, cell_lines[one_line[k][0]][0]))
                                            for k in blank]), strict=True):
            if _number_text(r[0]) is not None and r[1] >= 0.5:
                choices[k] = (_number_text(r[0]), "rapidocr", True)
        # still nothing: the crop alone. RapidOCR pads each batch of crops to its widest, and a
        # small blot padded among wider ones can read as nothing where alone it reads (a few per page)
        for k in [k for k in blank if choices[k][0] is None]:
            r = rapid_lines([_line_crop(clean, cell_lines[one_line[k][0]][0])])[0]
            if _number_text(r[0]) is not None and r[1] >= 0.5:
                choices[k] = (_number_text(r[0]), "rapidocr", True)
        for k, ((pos, box), r) in enumerate(zip(one_line, fast, strict=True)):
            text, engine, disagreed = choices[k]
            grid = grids[pos[0]]
            grid.engines["disagreed"] += disagreed
            if text is None:
                wide.append((pos, box))
                continue
            if disagreed or text == "/":
                doubtful.add(pos)
            if text in ("/", "1"):  # a thin 1 reads as a dash, a long dash as a 1: the shape decides
                box = cell_lines[pos][0]
                shape = "-1" if minus_one(soft, arr, box) else "1" if upright_stroke(arr, box) \
                    else "/" if _flat(arr, box) or slanted_stroke(arr, box) else text
                if shape != text:
                    text = shape
                    grid.engines["disagreed"] += 1
                    doubtful.add(pos)
            grid[pos[1]][pos[2]] = text
            grid.engines[engine] += 1
            if disagreed:  # the other engine's reading, in case the row's sum says it was right
                other = _number_text(second[k][0]) if engine == "rapidocr" else _number_text(r[0])
                if other not in (None, text):
                    alternates[pos] = (other, "tesseract" if engine == "rapidocr" else "rapidocr", engine)
    if wide:  # labels and prose in cells: RapidOCR line by line (tesseract without it)
        engine = "rapidocr" if rapid() is not None else "tesseract"
        crops = [_line_crop(clean, line) for pos, _b in wide for line in cell_lines[pos]]
        read = iter(rapid_lines(crops) if engine == "rapidocr" else tesseract_lines(crops, LANG))
        for pos, _box in wide:
            parts = [next(read)[0] for _line in cell_lines[pos]]
            grid = grids[pos[0]]
            grid[pos[1]][pos[2]] = fix_number(_join_lines(parts))
            grid.engines[engine] += 1
    settle_by_row_sums(grids, alternates)
    small = {pos for pos, _box in narrow}
    fill_by_group_sums(grids, {pos for pos in small if _number_text(grids[pos[0]][pos[1]][pos[2]]) is None},
                       doubtful)
    # reading order: prose lines and table rows by their vertical position
    items: list[tuple[float, str]] = []
    groups: dict[tuple[int, int, int], list[Word]] = {}
    for wd in words:
        groups.setdefault(wd.line, []).append(wd)
    for ws in groups.values():
        items.append((min(w.y for w in ws), _join(sorted(ws, key=lambda w: w.x))))
    for table, grid in zip(tables, grids, strict=True):
        for row, cells in zip(table, grid, strict=True):
            items.append((row[0][1] + 0.5, " ".join(c for c in cells if c)))
    items.sort(key=lambda it: it[0])
    return "\n".join(t for _, t in items), grids


def _join_lines(parts: list[str]) -> str:
    """A cell's lines as one text: Chinese joins without spaces, Latin words with one."""
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and part[0].isascii() and part[0].isalnum():
            out += " "
        out += part
    return out


def _join(words: list[Word]) -> str:
    out = ""
    for wd in words:
        if out and (out[-1].isascii() and out[-1].isalnum()) and (wd.text[0].isascii() and wd.text[0].isalnum()):
            out += " "
        out += wd.text
    return out


def ocr_file(path: Path, frame: int = 0) -> tuple[str, list[OcrGrid]]:
    """``ocr_image`` of an image file, remembered by the file's content for this run.

    Why: a table pasted as an image is extracted twice — inside its page's extraction and
    as a document of its own — in separate worker processes. With NIANBAO_OCR_CACHE set
    (the extraction queue sets it to a directory of the run) the second reads the first's
    result instead of OCR'ing the same pixels again.
    """
    from PIL import Image as PILImage

    cache = os.environ.get("NIANBAO_OCR_CACHE")
    key = None
    if cache:
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        key = Path(cache) / f"{digest}-{frame}-v{OCR_VERSION}.json"
        if key.is_file():
            try:
                data = json.loads(key.read_text(encoding="utf-8"))
                return data["text"], [_grid(g) for g in data["grids"]]
            except (OSError, ValueError, KeyError, TypeError):
                pass  # a torn or foreign file: OCR again
    with PILImage.open(path) as img:
        img.seek(frame)
        text, grids = ocr_image(img.copy())
    if key is not None:
        tmp = key.with_suffix(f".{os.getpid()}.tmp")
        try:
            tmp.write_text(json.dumps({"text": text, "grids": [{"rows": g, "engines": g.engines} for g in grids]},
                                      ensure_ascii=False), encoding="utf-8")
            tmp.replace(key)  # atomic: a reader never sees half a file
        except OSError:
            pass
    return text, grids


def _grid(data: dict) -> OcrGrid:
    g = OcrGrid(data["rows"])
    g.engines = dict(data.get("engines") or {})
    return g


def ocr_pdf_page(path: Path, page: int) -> tuple[str, list[OcrGrid]]:
    """Render one page of a PDF with pdftoppm (in colour: a red seal is dropped by hue) and OCR it."""
    dpi = env_int("NIANBAO_OCR_DPI", 150)
    with tempfile.TemporaryDirectory(prefix="nianbao-ocr-") as tmp:
        try:
            # PPM, not PNG: compressing a colour page cost more than rendering it
            subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page),
                            str(path), str(Path(tmp) / "p")], check=True, capture_output=True, timeout=120)
        except (subprocess.SubprocessError, OSError) as exc:
            raise ExtractionError(f"could not render page {page} of the scanned PDF: {exc}") from exc
        files = sorted(Path(tmp).glob("p-*.ppm"))
        if not files:
            raise ExtractionError(f"page {page} of the scanned PDF rendered to nothing")
        with Image.open(files[0]) as img:
            return ocr_image(img)
