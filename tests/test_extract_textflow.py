"""The text-flow reader on real text layers (tests/files/extract/seed_*.txt are the text
of real PDFs): stacked header characters, rows split over lines and pages, repeated
headers, page numbers like －5－, and a 总计 row printed with three numbers."""

from pathlib import Path

from extract import extract_file
from extract.rows import rows_from_text, strip_page_furniture

FILES = Path(__file__).parent / "files" / "extract"


def test_page_numbers_are_dropped_but_values_are_not() -> None:
    text = "5.属于三类内部事务信息 0 0 0\n\n－5－\n\n- 6 -\n第 7 页 共 9 页\n0\n"
    assert strip_page_furniture(text).split() == ["5.属于三类内部事务信息", "0", "0", "0", "0"]


def test_row_split_over_lines_keeps_its_numbers() -> None:
    rows = rows_from_text("（二）部分公开（区分处理的，只计\n\n这一情形，不计其他情形）\n0 0 0 0 0 0\n\n0\n")
    assert len(rows) == 1 and rows[0].values == ["0"] * 7


def test_2019_report_with_three_number_total() -> None:
    r = extract_file(FILES / "seed_huadu_2020.txt")
    assert (r["template"], r["year"], r["district"]) == ("2019", 2020, "花都区")
    assert r["agency"] == "广州市花都区人民政府办公室"
    apps = r["applications"]
    assert list(apps["new_received"].values()) == [93, 2, 0, 0, 0, 0, 95]
    assert apps["total"] == {"natural_person": 92, "commercial_enterprise": 2, "research_institution": None,
                             "social_welfare_org": None, "legal_service_org": None, "other_org": None,
                             "total": 94}
    assert list(apps["unavailable_not_held"].values()) == [43, 1, 0, 0, 0, 0, 44]
    assert r["active_disclosure"]["art20_9"]["centralized_procurement"] == {"projects": 7, "amount": 1690366}
    assert r["active_disclosure"]["art20_1"]["normative_documents"]["published_total"] == 43
    assert r["review_litigation"]["reconsideration"] == {"upheld": 4, "corrected": 0, "other": 0,
                                                         "pending": 0, "total": 4}
    assert r["review_litigation"]["litigation_after_reconsideration"]["corrected"] == 1
    assert r["checks_failing"] == []
    assert r["raw"]["applications"]["total"]["total"] == "94"


def test_2021_report_with_page_break_inside_a_group() -> None:
    r = extract_file(FILES / "seed_panyu_2022.txt")
    assert r["template"] == "2021" and r["year"] == 2022
    apps = r["applications"]
    assert list(apps["new_received"].values()) == [2, 0, 0, 0, 0, 0, 2]
    assert list(apps["withheld_internal_affairs"].values()) == [1, 0, 0, 0, 0, 0, 1]
    assert list(apps["unavailable_needs_creation"].values()) == [0] * 7  # after the page break
    assert list(apps["other_unpaid_fee"].values()) == [0] * 7
    assert r["checks_failing"] == []
    assert set(r["sections"]) == {"overview", "active_disclosure", "applications", "review_litigation",
                                  "problems", "other"}


def test_tab_separated_text_keeps_blank_cells() -> None:
    r = extract_file(FILES / "seed_panyu_2021_tabs.txt")
    assert r["review_litigation"]["reconsideration"]["upheld"] is None
    assert r["review_litigation"]["litigation_direct"]["upheld"] == 0
    assert r["active_disclosure"]["art20_1"]["normative_documents"] == {
        "issued_this_year": 3, "repealed_this_year": 3, "in_force": 4}
    assert r["applications"]["total"]["total"] == 36
