"""OCR of scanned tables: rules found from the pixels, digits read with a whitelist."""

from pathlib import Path

from PIL import Image, ImageDraw

from extract import extract_file
from extract.ocr import find_cells, fix_number, skew_angle

FILES = Path(__file__).parent / "files" / "extract"


def _grid_image(angle: float = 0.0) -> Image.Image:
    img = Image.new("L", (1200, 600), 255)
    d = ImageDraw.Draw(img)
    for y in (100, 160, 220, 280):
        d.line((100, y, 1100, y), fill=0, width=2)
    for x in (100, 500, 700, 900, 1100):
        d.line((x, 100, x, 280), fill=0, width=2)
    d.line((800, 160, 800, 220), fill=0, width=2)  # one row has an extra column
    return img.rotate(angle, fillcolor=255) if angle else img


def test_cells_follow_the_rules_row_by_row() -> None:
    tables, rules = find_cells(_grid_image())
    assert len(tables) == 1
    assert [len(row) for row in tables[0]] == [4, 5, 4]
    assert rules[100, 300] and not rules[130, 300]


def test_skew_is_measured_and_a_skewed_grid_still_reads() -> None:
    img = _grid_image(0.4)
    angle = skew_angle(img)
    assert abs(angle + 0.4) <= 0.15
    tables, _ = find_cells(img.rotate(angle, fillcolor=255))
    assert [len(row) for row in tables[0]] == [4, 5, 4]


def test_digit_confusions_fixed_only_in_numbers() -> None:
    assert fix_number("1O") == "10"
    assert fix_number("72.38245]万") == "72.382451万"
    assert fix_number("规章") == "规章"


def test_table_image_reads_to_its_numbers() -> None:
    """Page 2 of a LibreOffice PDF rasterised at 150 dpi (make_fixtures.py): table 三 only.
    The whole scanned PDF is measured by bench/accuracy.py (slow)."""
    got = extract_file(FILES / "report2019.table.png")
    assert got["format"] == "image" and got["strategy"].startswith("ocr")
    apps = got["applications"]
    assert list(apps["unavailable_not_held"].values()) == [43, 1, 0, 0, 0, 0, 44]
    assert list(apps["not_processed_mass_requests"].values()) == [5, 0, 0, 0, 0, 0, 5]
    assert got["ocr_engines"] and sum(t.get("rapidocr", 0) + t.get("tesseract", 0) for t in got["ocr_engines"]) > 0


def test_each_image_is_ocrd_once_per_run(tmp_path: Path, monkeypatch) -> None:
    """The page's extraction and the image's own one share the OCR (NIANBAO_OCR_CACHE)."""
    import extract.ocr as ocr

    calls = []

    def fake(img: Image.Image) -> tuple[str, list]:
        calls.append(img.size)
        grid = ocr.OcrGrid([["一、本年新收", "3"]])
        grid.engines = {"tesseract": 1, "rapidocr": 1, "disagreed": 0}
        return "text", [grid]

    monkeypatch.setattr(ocr, "ocr_image", fake)
    monkeypatch.setenv("NIANBAO_OCR_CACHE", str(tmp_path))
    path = tmp_path / "t.png"
    _grid_image().save(path)
    first = ocr.ocr_file(path)
    second = ocr.ocr_file(path)
    assert len(calls) == 1
    assert second[0] == first[0] and second[1] == [[["一、本年新收", "3"]]]
    assert second[1][0].engines["rapidocr"] == 1
    monkeypatch.delenv("NIANBAO_OCR_CACHE")
    ocr.ocr_file(path)  # no cache configured: read again
    assert len(calls) == 2


def test_engines_are_loaded_once_per_process() -> None:
    from extract import ocr_engines

    assert ocr_engines.tesseract("eng") is ocr_engines.tesseract("eng")
    assert ocr_engines.rapid() is ocr_engines.rapid()


def test_engine_choice_when_the_two_disagree() -> None:
    from extract.ocr import _choose

    assert _choose(("12", 90.0), ("12", 0.99)) == ("12", "tesseract", False)
    assert _choose(("1", 60.0), ("/", 0.5)) == ("1", "tesseract", True)  # RapidOCR unsure
    assert _choose(("9", 30.0), ("0", 0.8)) == ("0", "rapidocr", True)  # tesseract unsure
    assert _choose(("", -1.0), ("l7", 0.97)) == ("17", "rapidocr", False)  # l for 1
    assert _choose(("", -1.0), ("本年", 0.99))[0] is None  # not a number: read as text


def test_a_red_seal_over_the_table_is_dropped() -> None:
    from extract.ocr import ink_gray
    from replica.scan_degrade import seal

    page = Image.new("RGB", (400, 300), "white")
    d = ImageDraw.Draw(page)
    d.rectangle((150, 100, 170, 160), fill="black")  # a stroke of print under the seal
    stamp = seal(120)
    page.paste(stamp, (80, 20), stamp)
    gray = ink_gray(page)
    assert gray.getpixel((160, 130)) < 60  # print stays black
    ring = [(x + 80, y + 20) for x in range(stamp.width) for y in range(stamp.height)
            if stamp.getpixel((x, y))[3] > 200
            and not (150 <= x + 80 <= 170 and 100 <= y + 20 <= 160)]
    assert ring and all(gray.getpixel(p) > 200 for p in ring[::50])  # the seal's red is white


def test_replica_degradations_are_reproducible() -> None:
    from replica.scan_degrade import degrade, seeded

    img = _grid_image().convert("RGB")
    a = degrade(img, seeded(b"doc-1"), 150)
    b = degrade(img, seeded(b"doc-1"), 150)
    c = degrade(img, seeded(b"doc-2"), 150)
    assert a.tobytes() == b.tobytes() and a.tobytes() != c.tobytes()


def test_the_shape_tells_a_thin_one_from_a_dash() -> None:
    import numpy as np

    from extract.ocr import _flat, upright_stroke

    arr = np.full((40, 40), 255, dtype=np.uint8)
    arr[8:32, 19:22] = 0  # a 1
    assert upright_stroke(arr, (0, 0, 40, 40)) and not _flat(arr, (0, 0, 40, 40))
    arr[:] = 255
    arr[19:21, 5:35] = 0  # a dash
    assert _flat(arr, (0, 0, 40, 40)) and not upright_stroke(arr, (0, 0, 40, 40))
    arr[:] = 255
    for y in range(8, 32):  # a slash
        arr[y, 30 - (y - 8) // 2: 33 - (y - 8) // 2] = 0
    assert not upright_stroke(arr, (0, 0, 40, 40))


def test_a_row_total_settles_which_engine_was_right() -> None:
    from extract.ocr import OcrGrid, settle_by_row_sums

    grid = OcrGrid([["本年新收", "15", "1", "0", "9", "1", "0", "17"], ["上年结转", "0", "8", "0", "0", "0", "0", "0"]])
    grid.engines = {"tesseract": 2, "rapidocr": 12, "disagreed": 2}
    alternates = {(0, 0, 4): ("0", "rapidocr", "tesseract"), (0, 1, 2): ("3", "tesseract", "rapidocr")}
    assert settle_by_row_sums([grid], alternates) == 1
    assert grid[0][4] == "0"  # 15+1+0+0+1+0 = 17
    assert grid[1][2] == "8"  # neither reading adds up: left alone
    assert grid.engines["rapidocr"] == 13 and grid.engines["tesseract"] == 1


def test_a_page_of_thousands_of_cells_is_bounded_and_says_so(monkeypatch) -> None:
    import extract.ocr as ocr

    monkeypatch.setattr(ocr, "MAX_CELLS", 3)
    img = _grid_image()
    d = ImageDraw.Draw(img)
    for x in (300, 600, 800, 1000):
        for y in (130, 190, 250):
            d.text((x - 40, y - 5), "7", fill=0)
    _text, grids = ocr.ocr_image(img)
    assert sum(g.engines.get("unread", 0) for g in grids) > 0
    assert sum(1 for g in grids for row in g for cell in row if cell) <= 3


def test_a_short_slash_is_not_a_one() -> None:
    """A "/" drifting less than a quarter of its height (a small serif slash, as printed for
    "not applicable") is slanted, not upright: it was read as 1 and broke the row's sums."""
    import numpy as np

    from extract.ocr import slanted_stroke, upright_stroke

    slash = np.full((30, 20), 255, dtype=np.uint8)
    for y in range(4, 26):  # 22 rows, 5 columns of drift: under 0.25 × height
        x = 12 - round((y - 4) * 5 / 21)
        slash[y, x:x + 2] = 0
    one = np.full((30, 20), 255, dtype=np.uint8)
    one[4:26, 9:11] = 0
    one[4:7, 7:9] = 0  # the flag
    one[25:26, 7:13] = 0  # the foot
    box = (0, 0, 20, 30)
    assert not upright_stroke(slash, box) and slanted_stroke(slash, box)
    assert upright_stroke(one, box) and not slanted_stroke(one, box)
