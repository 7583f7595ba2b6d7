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
