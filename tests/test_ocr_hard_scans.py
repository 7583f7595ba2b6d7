"""OCR of harder scans (issue 14): JPEG-thinned seal strokes, a digit cut by a pale joint,
a minus sign, a rule a seal broke, and number cells no engine could read settled by the
template's totals. Pure pixel and grid logic: no OCR engine runs here, so these are fast."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw

from extract.ocr import (
    OcrGrid,
    _aligned,
    _join_split_lines,
    fill_by_group_sums,
    minus_one,
    red_channel,
)


def _jpeg(img: Image.Image, quality: int = 50) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)  # 4:2:0: colour at half resolution
    buf.seek(0)
    return Image.open(buf).convert("RGB")


def test_thin_seal_strokes_thinned_by_jpeg_are_dropped_and_print_under_them_kept() -> None:
    from PIL import ImageFilter

    from replica.scan_degrade import seal

    page = Image.new("RGB", (400, 300), "white")
    ImageDraw.Draw(page).rectangle((150, 100, 170, 160), fill="black")  # print under the seal
    stamp = seal(120)
    a = np.asarray(stamp.getchannel("A"), dtype=np.float32) / 255 * 0.8  # pressed unevenly, as real ones
    base = np.asarray(page, dtype=np.float32)
    region = base[20: 20 + stamp.height, 80: 80 + stamp.width]
    inked = region * (np.array((215, 30, 35), dtype=np.float32) / 255)
    base[20: 20 + stamp.height, 80: 80 + stamp.width] = region * (1 - a[..., None]) + inked * a[..., None]
    page = _jpeg(Image.fromarray(base.astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.5)), 50)
    alpha = np.zeros((300, 400), dtype=bool)
    alpha[20: 20 + stamp.height, 80: 80 + stamp.width] = a > 0
    alpha[95:166, 145:176] = False  # not the print
    plain = np.asarray(page.getchannel("R"))
    lifted = np.asarray(red_channel(page))
    # JPEG darkens the seal's thin strokes in the plain red channel; lifted, most are paper
    assert (lifted[alpha] < 160).sum() * 3 < (plain[alpha] < 160).sum()
    assert (plain[alpha] < 160).sum() >= 30  # (there were some to drop)
    assert int(lifted[130, 160]) < 80  # the print stays black


def test_a_grey_page_is_read_as_it_is() -> None:
    gray = Image.new("L", (50, 50), 200)
    assert red_channel(gray).getpixel((5, 5)) == 200
    rgb = Image.new("RGB", (50, 50), (120, 120, 120))  # nothing red: the plain channel
    assert red_channel(rgb).getpixel((5, 5)) == 120


def test_a_digit_cut_by_a_pale_joint_is_one_line_and_two_lines_of_text_stay_two() -> None:
    typical = 20
    assert _join_split_lines([(10, 5, 24, 17), (10, 16, 24, 24)], typical) == [(10, 5, 24, 24)]
    two_lines = [(10, 5, 80, 25), (10, 29, 80, 49)]
    assert _join_split_lines(two_lines, typical) == two_lines


def test_a_pale_minus_before_a_one_is_minus_one() -> None:
    arr = np.full((30, 40), 255, dtype=np.uint8)
    arr[5:26, 25:28] = 0  # the 1
    arr[15:17, 10:17] = 0  # the minus
    arr[6, 3] = 0  # a speck
    box = (0, 0, 40, 30)
    assert minus_one(arr, arr, box)
    arr[15:17, 10:17] = 255
    assert not minus_one(arr, arr, box)  # a 1 alone


def _grid(rows: list[list[str]]) -> OcrGrid:
    g = OcrGrid(rows)
    g.engines = {"tesseract": 0, "rapidocr": 0, "disagreed": 0}
    return g


def test_an_unreadable_cell_is_filled_from_its_rows_total_and_says_so() -> None:
    grid = _grid([
        ["一、本年新收", "15", "1", "0", "0", "1", "0", "17"],
        ["二、上年结转", "2", "0", "0", "0", "0", "0", "2"],
        ["（一）予以公开", "5", "0", "", "0", "0", "0", "5"],  # the blank cell: the seal's star
    ])
    assert fill_by_group_sums([grid], {(0, 2, 3)}) == 1
    assert grid[2][3] == "0" and grid.engines["identity"] == 1
    grid[2][7] = "th"  # the total unreadable instead: the sum of the others
    grid[2][3] = "0"
    assert fill_by_group_sums([grid], {(0, 2, 7)}) == 1 and grid[2][7] == "5"


def test_groups_of_five_in_the_review_row() -> None:
    grid = _grid([["1", "0", "0", "0", "1", "0", "1", "0", "1", "2", "0", "0", "0", "0", ""]])
    assert fill_by_group_sums([grid], {(0, 0, 14)}) == 1 and grid[0][14] == "0"


def test_no_fill_without_proof_that_the_rows_add_up() -> None:
    """主动公开 rows (issued, repealed, in force) are not sums: nothing is guessed there."""
    grid = _grid([["规章", "0", "0", "0"], ["规范性文件", "6", "1", "8"], ["行政许可", "3", "", "9"]])
    assert fill_by_group_sums([grid], {(0, 2, 2)}) == 0 and grid[0 + 2][2] == ""
    # two unreadable cells in one row: not determined
    grid = _grid([["a", "1", "1", "2"], ["b", "2", "1", "3"], ["c", "", "", "4"]])
    assert fill_by_group_sums([grid], {(0, 2, 1), (0, 2, 2)}) == 0


def test_no_fill_that_would_be_negative() -> None:
    grid = _grid([["a", "1", "1", "2"], ["b", "2", "1", "3"], ["c", "5", "", "4"]])
    assert fill_by_group_sums([grid], {(0, 2, 2)}) == 0 and grid[2][2] == ""


def test_cell_edges_that_line_up_across_rows_win_the_tie() -> None:
    whole = [[(0, 0, 50, 20), (50, 0, 100, 20), (100, 0, 150, 20)],
             [(0, 20, 50, 40), (50, 20, 100, 40), (100, 20, 150, 40)]]
    broken = [whole[0], [(0, 20, 50, 40), (50, 20, 150, 40)]]  # a seal broke one rule
    false_rule = [whole[0], [(0, 20, 50, 40), (50, 20, 77, 40), (77, 20, 100, 40), (100, 20, 150, 40)]]
    assert _aligned([whole]) > _aligned([broken])
    assert _aligned([whole]) > _aligned([false_rule])


def test_the_one_doubtful_reading_of_a_row_that_does_not_add_up_is_settled() -> None:
    """A 1 under the seal's ring read as "/" (the shape rule): the row's total decides."""
    rows = [["一、本年新收", "106", "4", "0", "0", "/", "2", "113"],
            ["（一）予以公开", "51", "1", "0", "0", "0", "0", "52"],
            ["（二）部分公开", "2", "0", "0", "0", "0", "0", "2"]]
    grid = _grid([list(r) for r in rows])
    assert fill_by_group_sums([grid], set(), {(0, 0, 5)}) == 1
    assert grid[0][5] == "1" and grid.engines["identity"] == 1
    # the same figures, but no reading in doubt: a report's own arithmetic is left as printed
    grid = _grid([list(r) for r in rows])
    assert fill_by_group_sums([grid], set(), set()) == 0 and grid[0][5] == "/"
    # two doubtful readings in the failing row: not determined
    grid = _grid([list(r) for r in rows])
    assert fill_by_group_sums([grid], set(), {(0, 0, 5), (0, 0, 2)}) == 0


def test_a_rule_lost_in_one_row_is_restored_from_the_other_rows() -> None:
    from extract.ocr import split_at_shared_edges

    arr = np.full((200, 400), 255, dtype=np.uint8)
    edges = [0, 150, 200, 250, 300]
    table = [[(a, y, b, y + 30) for a, b in zip(edges, edges[1:], strict=False)] for y in range(0, 150, 30)]
    for row in table:
        for x0, y0, _x1, _y1 in row[1:]:
            arr[y0 + 10: y0 + 20, x0 + 20: x0 + 26] = 0  # a digit in each number cell
    table[2] = [table[2][0], (150, 60, 250, 90), table[2][3]]  # the rule at 200 lost in row 2
    assert split_at_shared_edges(table, arr, 60)[2] == [(0, 60, 150, 90), (150, 60, 200, 90),
                                                        (200, 60, 250, 90), (250, 60, 300, 90)]
    arr[70:80, 220:226] = 255  # ink on one side only: a cell merged on purpose, left whole
    assert split_at_shared_edges(table, arr, 60)[2] == table[2]


def test_a_header_cell_spanning_two_rows_is_read_whole() -> None:
    """A 总计 header spanning two rows beside sub-headers: the rule between those rows must not
    cut it in two (its halves read as a digit that shifted the review row's numbers)."""
    from extract.ocr import find_cells

    img = Image.new("L", (900, 400), 255)
    d = ImageDraw.Draw(img)
    for y in (100, 220, 300):
        d.line((100, y, 800, y), fill=0, width=2)
    d.line((300, 160, 800, 160), fill=0, width=2)  # only beside the tall cell
    for x in (100, 200, 300, 450, 600, 800):
        d.line((x, 100, x, 300), fill=0, width=2)
    d.rectangle((240, 140, 260, 180), fill=0)  # ink of the tall cell, across the missing rule
    tables, _ = find_cells(img)
    assert len(tables) == 1 and len(tables[0]) == 3
    tall = tables[0][0][1]
    assert tall[1] < 120 and tall[3] > 200  # one box from the top rule to the bottom one
    below = tables[0][1][1]
    assert below[1] == below[3]  # the row it covers: an empty box (blank, never read)
    assert tables[0][2][1][3] - tables[0][2][1][1] > 50  # the next row is a row of its own
