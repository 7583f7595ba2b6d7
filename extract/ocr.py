"""OCR of scanned pages and table images with tesseract's Chinese model.

Table rules are found with numpy (long runs of dark pixels), so cells come from the
drawn grid rather than from tesseract's layout guesses; rules are erased before OCR so
they are not read as 1 or |. Each word is put into the cell its box centre falls in.
Cells that look numeric are read a second time, all in one tesseract call, with a digit
whitelist (one line per cell), because chi_sim confuses 0/O and 1/l.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from crawler.config import env_int
from extract.errors import ExtractionError

# tesseract's OpenMP threads slow it down on small jobs and fight over one core
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
LANG = "chi_sim"
MIN_DIGIT_CONF = 45.0
DIGIT_SCALES = (1.0, 1.5, 3.0)
MAX_RETRIES = 20  # single-cell re-reads per page
DIGITS = "-c tessedit_char_whitelist=0123456789.-/"
_CONFUSE = str.maketrans({"O": "0", "o": "0", "〇": "0", "D": "0", "l": "1", "I": "1", "|": "1", "丨": "1",
                          "S": "5", "B": "8", "Z": "2", "]": "1", "[": "1", "!": "1", "，": ".", ",": ""})
_NUMERIC = re.compile(r"^-?\d+(?:\.\d+)?(?:万元|万|元)?$")


@dataclass
class Word:
    text: str
    x: int
    y: int
    w: int
    h: int
    line: tuple[int, int, int]
    conf: float = -1.0


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


def find_cells(img: Image.Image) -> tuple[list[list[list[tuple[int, int, int, int]]]], np.ndarray]:
    """Tables on a page as grids of cell boxes (x0, y0, x1, y1), and a mask of the rules
    themselves (only the detected lines, so character strokes survive) to erase them."""
    gray = np.asarray(img.convert("L"))
    dark = gray < 150
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
    for (y0, _a0, b0), (y1, a1, _b1) in zip(ys, ys[1:], strict=False):
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
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables, rules


def _tesseract_words(img: Image.Image, psm: int, lang: str = LANG, config: str = "") -> list[Word]:
    import pytesseract

    try:
        data = pytesseract.image_to_data(img, lang=lang, config=f"--psm {psm} {config}".strip(),
                                         output_type=pytesseract.Output.DICT,
                                         timeout=env_int("NIANBAO_OCR_PAGE_TIMEOUT", 120))
    except (pytesseract.TesseractError, RuntimeError, OSError) as exc:
        raise ExtractionError(f"tesseract failed: {exc}") from exc
    words = []
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        if not text:
            continue
        words.append(Word(text, data["left"][i], data["top"][i], data["width"][i], data["height"][i],
                          (data["block_num"][i], data["par_num"][i], data["line_num"][i]),
                          float(data["conf"][i])))
    return words


def _join(words: list[Word]) -> str:
    out = ""
    for wd in words:
        if out and (out[-1].isascii() and out[-1].isalnum()) and (wd.text[0].isascii() and wd.text[0].isalnum()):
            out += " "
        out += wd.text
    return out


def _lines(words: list[Word]) -> list[str]:
    groups: dict[tuple[int, int, int], list[Word]] = {}
    for wd in words:
        groups.setdefault(wd.line, []).append(wd)
    ordered = sorted(groups.values(), key=lambda ws: (min(w.y for w in ws), min(w.x for w in ws)))
    return [_join(sorted(ws, key=lambda w: w.x)) for ws in ordered]


def fix_number(text: str) -> str:
    """Undo chi_sim's usual digit confusions when the cell is otherwise a number."""
    t = re.sub(r"\s+", "", text)
    fixed = t.translate(_CONFUSE)
    return fixed if _NUMERIC.match(fixed) else text


def _sheet_ocr(img: Image.Image, boxes: list[tuple[int, int, int, int]], lang: str, config: str = "",
               inset: int = 5, confs: list[float] | None = None, scale: float = 1.0) -> list[str]:
    """OCR many cells in one tesseract call: each crop pasted on its own line of a tall
    white sheet, then each word returned to the crop its line came from."""
    out = [""] * len(boxes)
    gap = 24
    chunk: list[tuple[int, Image.Image]] = []

    def flush() -> None:
        if not chunk:
            return
        width = max(c.width for _, c in chunk) + 40
        height = sum(c.height + gap for _, c in chunk) + gap
        sheet = Image.new("L", (width, height), 255)
        spans, y = [], gap
        for k, crop in chunk:
            sheet.paste(crop, (20, y))
            spans.append((k, y, y + crop.height))
            y += crop.height + gap
        words = _tesseract_words(sheet, 6, lang, config)
        per: dict[int, list[Word]] = {}
        for wd in words:
            cy = wd.y + wd.h / 2
            for k, a, b in spans:
                if a - gap / 2 <= cy <= b + gap / 2:
                    per.setdefault(k, []).append(wd)
                    break
        for k, ws in per.items():
            lines: dict[tuple, list[Word]] = {}
            for wd in ws:
                lines.setdefault(wd.line, []).append(wd)
            ordered = sorted(lines.values(), key=lambda ln: min(w.y for w in ln))
            out[k] = "".join(_join(sorted(ln, key=lambda w: w.x)) for ln in ordered)
            if confs is not None:
                confs[k] = min(w.conf for w in ws)
        chunk.clear()

    total = 0
    for k, (x0, y0, x1, y1) in enumerate(boxes):
        crop = img.crop((x0 + inset, y0 + inset, max(x0 + inset + 1, x1 - inset), max(y0 + inset + 1, y1 - inset)))
        if scale != 1.0:
            crop = crop.resize((max(1, int(crop.width * scale)), max(1, int(crop.height * scale))),
                               Image.Resampling.LANCZOS)
        chunk.append((k, crop))
        total += crop.height + gap
        if total > 6000:
            flush()
            total = 0
    flush()
    return out


def skew_angle(img: Image.Image) -> float:
    """The rotation that makes rows of ink sharpest (scans are a little skewed, and a
    tilted rule would not be found as one line)."""
    small = img.resize((max(1, img.width // 2), max(1, img.height // 2)))
    best, best_angle = -1.0, 0.0
    for tenth in range(-15, 16):
        angle = tenth / 10
        rotated = small.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=255)
        profile = (np.asarray(rotated) < 150).sum(axis=1).astype(np.float64)
        sharp = float((profile ** 2).sum())
        if sharp > best:
            best, best_angle = sharp, angle
    return best_angle


def _alone(img: Image.Image, box: tuple[int, int, int, int], inset: int = 5) -> str | None:
    """One cell read alone as a single line of digits; None unless it is a number."""
    x0, y0, x1, y1 = box
    crop = img.crop((x0 + inset, y0 + inset, max(x0 + inset + 1, x1 - inset), max(y0 + inset + 1, y1 - inset)))
    for scale in (1, 2):
        big = crop.resize((crop.width * scale, crop.height * scale), Image.Resampling.LANCZOS)
        words = _tesseract_words(ImageOps.expand(big, 20, 255), 7, "eng", DIGITS)
        text = "".join(w.text for w in words)
        if words and _NUMERIC.match(text) and min(w.conf for w in words) >= MIN_DIGIT_CONF:
            return text
    return None


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
    return region.size > 0 and int((region < 128).sum()) >= 12


def ocr_image(img: Image.Image) -> tuple[str, list[list[list[str | None]]]]:
    """Text (reading order, tables as one line per row) and table grids of one page."""
    img = ImageOps.exif_transpose(img).convert("L")
    if img.width < 1200:  # small screenshots: upscale so characters are ~25 px
        scale = 1600 / img.width
        img = img.resize((int(img.width * scale), int(img.height * scale)), Image.Resampling.LANCZOS)
    angle = skew_angle(img)
    if angle:
        img = img.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    tables, rules = find_cells(img)
    arr = np.asarray(img).copy()
    arr[rules] = 255
    clean = Image.fromarray(arr)
    # 1. the prose: the page with the tables painted white
    prose = arr.copy()
    extents = []
    for table in tables:
        x0 = min(b[0] for row in table for b in row)
        x1 = max(b[2] for row in table for b in row)
        y0, y1 = table[0][0][1], table[-1][0][3]
        prose[max(0, y0 - 4): y1 + 5, max(0, x0 - 4): x1 + 5] = 255
        extents.append((y0, y1))
    words = _tesseract_words(Image.fromarray(prose), 3) if (prose < 128).sum() > 50 else []
    # 2. inked cells only (a blank cell is blank without asking tesseract); narrow cells
    # are numbers in most reports: read them with a digit whitelist first, and give the
    # ones that do not read confidently as a number to the Chinese model.
    grids: list[list[list[str | None]]] = [[[""] * len(row) for row in table] for table in tables]
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
    guesses: dict[tuple[int, int, int], str] = {}
    if narrow:
        votes: list[list[tuple[str, float]]] = [[] for _ in narrow]
        todo = list(range(len(narrow)))
        for n_scale, scale in enumerate(DIGIT_SCALES):  # digits misread at one scale read right at others
            if n_scale == 2:  # a third reading only where the first two did not agree
                todo = [k for k in todo if len(votes[k]) < 2 or votes[k][0][0] != votes[k][1][0]]
            if not todo:
                break
            confs = [-1.0] * len(todo)
            digits = _sheet_ocr(clean, [narrow[k][1] for k in todo], "eng", DIGITS, confs=confs, scale=scale)
            for k, text, conf in zip(todo, digits, confs, strict=True):
                text = re.sub(r"\s+", "", text)
                if (text in ("/", "-", "--") or _NUMERIC.match(text)) and conf >= MIN_DIGIT_CONF:
                    votes[k].append((text, conf))
        for (pos, box), cell_votes in zip(narrow, votes, strict=True):
            if any(any(ch.isdigit() for ch in t) for t, _ in cell_votes):
                # a dash read at one scale is the minus of a number read at another
                cell_votes = [(t, c) for t, c in cell_votes if t not in ("-", "--")]
            cell_votes = [("/" if t in ("-", "--") else t, c) for t, c in cell_votes]
            if len(cell_votes) >= 2 or (cell_votes and cell_votes[0][1] >= 70):
                counts: dict[str, float] = {}
                for text, conf in cell_votes:
                    counts[text] = counts.get(text, 0) + 1 + conf / 1000
                grids[pos[0]][pos[1]][pos[2]] = max(counts, key=counts.get)
            else:
                wide.append((pos, box))
                if cell_votes and cell_votes[0][0] != "/":
                    guesses[pos] = cell_votes[0][0]
    if wide:
        retries = 0
        texts = _sheet_ocr(clean, [b for _, b in wide], LANG)
        for (pos, _box), text in zip(wide, texts, strict=True):
            text = fix_number(text)
            if not _NUMERIC.match(text) and len(text) <= 2 and text not in ("无", "/", "—"):
                # a digit the Chinese model read as a character: the digit reading, or one
                # more try of the cell alone as a line of digits
                text = guesses.get(pos) or (_alone(clean, _box) if retries < MAX_RETRIES else None) or text
                retries += 1
            grids[pos[0]][pos[1]][pos[2]] = text
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


def ocr_pdf_page(path: Path, page: int) -> tuple[str, list]:
    """Render one page of a PDF with pdftoppm and OCR it."""
    dpi = env_int("NIANBAO_OCR_DPI", 150)
    with tempfile.TemporaryDirectory(prefix="nianbao-ocr-") as tmp:
        try:
            subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-f", str(page), "-l", str(page),
                            str(path), str(Path(tmp) / "p")], check=True, capture_output=True, timeout=120)
        except (subprocess.SubprocessError, OSError) as exc:
            raise ExtractionError(f"could not render page {page} of the scanned PDF: {exc}") from exc
        files = sorted(Path(tmp).glob("p-*.png"))
        if not files:
            raise ExtractionError(f"page {page} of the scanned PDF rendered to nothing")
        with Image.open(files[0]) as img:
            return ocr_image(img)
