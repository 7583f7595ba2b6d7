"""Sections 一 … 六 for full-text search, and the fee sentences of section 六."""

from pathlib import Path

import pytest

from extract.fees import extract_fees
from extract.sections import split_sections

FILES = Path(__file__).parent / "files" / "extract"


def test_six_sections_in_order() -> None:
    text = (FILES / "seed_baiyun_2021.txt").read_text(encoding="utf-8")
    sections = split_sections(text)
    assert list(sections) == ["overview", "active_disclosure", "applications", "review_litigation",
                              "problems", "other"]
    assert sections["other"].startswith("六、其他需要报告的事项")
    assert "没有收取信息处理费" in sections["other"]
    # 三、本年度办理结果 and 四、结转下年度继续办理 inside table 三 are not headings
    assert "四、结转下年度继续办理" in sections["applications"]


def test_heading_variant_and_spaces() -> None:
    text = "一、 总体情况\n甲\n五、政府信息公开工作存在的主要问题及改进情况\n乙\n六、其他需要报告的事项\n丙"
    assert split_sections(text)["problems"].endswith("乙")


@pytest.mark.parametrize("sentence,fees", [
    ("本年度未收取信息处理费。", (None, None, 0)),
    ("2021年度，我局没有收取信息处理费的情况。", (None, None, 0)),
    ("本年度共发出收费通知4件，收费通知的总金额为800元，实际收取信息处理费共计800元。", (4, 800, 800)),
    ("实际收取信息处理费共计0.04万元。", (None, None, 400)),
])
def test_fee_sentences(sentence: str, fees: tuple) -> None:
    got = extract_fees("六、其他需要报告的事项\n" + sentence)
    assert (got["fee_notices"], got["fee_notices_amount_yuan"], got["fee_collected_yuan"]) == fees
    assert got["sentences"]


def test_no_fee_sentence() -> None:
    got = extract_fees("六、其他需要报告的事项\n无。")
    assert got["sentences"] == [] and got["fee_collected_yuan"] is None
