"""The two OCR engines, each loaded once per process and reused for every page and cell.

Why: starting the ``tesseract`` program loads its model every time; a scanned page used to
cost 16-31 such starts (issue 14). ``tesserocr`` keeps tesseract's API in this process:
``SetImage`` once per page, then ``SetRectangle`` per cell is cheap. A long-lived
extraction worker therefore pays the model load once (``tesseract()``, ``rapid()`` create
the objects lazily, on first use). When tesserocr is not installed, the ``tesseract``
program is called through pytesseract instead (slower, same answers).

RapidOCR (PP-OCRv4 recognition, models shipped in the ``rapidocr-onnxruntime`` wheel, so
offline) reads Chinese print and digits where tesseract is weak (noise, seals). Only its
recogniser is used, on crops of single cells: the cells come from the drawn rules.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import threading
from dataclasses import dataclass
from typing import Any

from PIL import Image

from extract.errors import ExtractionError

log = logging.getLogger(__name__)
os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # tesseract's OpenMP threads only fight over the cores
TESSDATA = os.environ.get("NIANBAO_TESSDATA", "/usr/share/tesseract-ocr/5/tessdata/")
DIGIT_CHARS = "0123456789.-/"
_lock = threading.RLock()  # the engines are not thread-safe; a worker process is single-threaded anyway
_tess: dict[str, Any] = {}
_rapid: list[Any] = []


@dataclass
class Word:
    text: str
    x: int
    y: int
    w: int
    h: int
    line: tuple[int, int, int]
    conf: float = -1.0


def has_tesserocr() -> bool:
    try:
        import tesserocr  # noqa: F401
    except ImportError:
        return False
    return True


def tesseract(lang: str) -> Any:
    """This process's tesserocr API for ``lang`` (created on first use, then reused)."""
    with _lock:
        api = _tess.get(lang)
        if api is None:
            from tesserocr import PyTessBaseAPI

            try:
                api = PyTessBaseAPI(path=TESSDATA, lang=lang)
            except RuntimeError as exc:
                raise ExtractionError(f"tesseract could not load {lang} from {TESSDATA}: {exc}") from exc
            _tess[lang] = api
        return api


def _parse_tsv(tsv: str) -> list[Word]:
    words = []
    for row in csv.reader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if len(row) < 12 or row[0] != "5":
            continue
        text = row[11].strip()
        if text:
            words.append(Word(text, int(row[6]), int(row[7]), int(row[8]), int(row[9]),
                              (int(row[2]), int(row[3]), int(row[4])), float(row[10])))
    return words


def page_words(img: Image.Image, psm: int, lang: str, whitelist: str = "") -> list[Word]:
    """Words with boxes and confidences of a whole image (tesseract's own layout)."""
    if not has_tesserocr():
        return _pytesseract_words(img, psm, lang, whitelist)
    with _lock:
        api = tesseract(lang)
        api.SetVariable("tessedit_char_whitelist", whitelist)
        api.SetPageSegMode(psm)
        api.SetImage(img)
        if api.Recognize() is False:
            raise ExtractionError("tesseract could not recognise the page")
        return _parse_tsv(api.GetTSVText(0))


def tesseract_lines(crops: list[Image.Image], lang: str, whitelist: str = "",
                    psm: int = 7) -> list[tuple[str, float]]:
    """Each crop read as one line by this process's loaded model: (text, lowest word confidence
    0-100, -1 when nothing was read). ``SetImage`` per crop is cheap; loading a model is not."""
    if not has_tesserocr():
        out = []
        for crop in crops:
            words = _pytesseract_words(crop, psm, lang, whitelist)
            out.append(("".join(w.text for w in words), min((w.conf for w in words), default=-1.0)))
        return out
    out = []
    with _lock:
        api = tesseract(lang)
        api.SetVariable("tessedit_char_whitelist", whitelist)
        api.SetPageSegMode(psm)
        for crop in crops:
            api.SetImage(crop)
            text = (api.GetUTF8Text() or "").strip()
            confs = api.AllWordConfidences() or []
            out.append((text, float(min(confs)) if confs else -1.0))
        api.SetVariable("tessedit_char_whitelist", "")
    return out


def _pytesseract_words(img: Image.Image, psm: int, lang: str, whitelist: str) -> list[Word]:
    """Fallback without tesserocr: one ``tesseract`` process per call."""
    import pytesseract

    from crawler.config import env_int

    config = f"--psm {psm}" + (f" -c tessedit_char_whitelist={whitelist}" if whitelist else "")
    try:
        data = pytesseract.image_to_data(img, lang=lang, config=config, output_type=pytesseract.Output.DICT,
                                         timeout=env_int("NIANBAO_OCR_PAGE_TIMEOUT", 120))
    except (pytesseract.TesseractError, RuntimeError, OSError) as exc:
        raise ExtractionError(f"tesseract failed: {exc}") from exc
    return [Word(t.strip(), data["left"][i], data["top"][i], data["width"][i], data["height"][i],
                 (data["block_num"][i], data["par_num"][i], data["line_num"][i]), float(data["conf"][i]))
            for i, t in enumerate(data["text"]) if (t or "").strip()]


def rapid() -> Any | None:
    """This process's RapidOCR (created on first use: ~0.5 s), or None when not installed."""
    with _lock:
        if not _rapid:
            try:
                from rapidocr_onnxruntime import RapidOCR
            except ImportError:
                log.warning("rapidocr-onnxruntime is not installed: no second OCR engine")
                _rapid.append(None)
                return None
            threads = max(1, int(os.environ.get("NIANBAO_RAPIDOCR_THREADS", "1")))
            engine = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1)
            # the recogniser pads every crop of a batch to at least 320 px wide: a one-digit cell
            # (about 48x40) would cost a 48x320 inference; 48 keeps wide lines as they were
            # and makes a page of cells about 5x cheaper (measured: 16.2 -> 3.4 s CPU, 247 crops)
            engine.text_rec.rec_image_shape = [3, 48, 48]
            _rapid.append(engine)
            logging.getLogger("RapidOCR").setLevel(logging.WARNING)
        return _rapid[0]


def rapid_lines(crops: list[Image.Image]) -> list[tuple[str, float]]:
    """RapidOCR's recogniser on single-line crops: (text, score 0-1) each, in order."""
    import numpy as np

    engine = rapid()
    if engine is None or not crops:
        return [("", 0.0)] * len(crops)
    arrays = [np.asarray(c.convert("RGB"))[:, :, ::-1].copy() for c in crops]  # BGR, as OpenCV reads
    with _lock:
        res, _elapsed = engine.text_rec(arrays)
    return [(str(t), float(s)) for t, s in res]
