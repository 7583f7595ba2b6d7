"""Label normalisation and matching tolerate what real reports print."""

import pytest

from extract import labels
from extract.values import parse_10k_yuan, parse_count, parse_yuan


def test_compact_folds_width_and_brackets() -> None:
    assert labels.compact("（二）部分公开 (区分处理的)") == labels.compact("(二)部分公开（区分处理的）")
    assert labels.compact("自\n然\n人") == "自然人"


@pytest.mark.parametrize("printed,label", [
    ("规范性文件", "行政规范性文件"),
    ("2.没有现成信息需另行制\n作", "2.没有现成信息需要另行制作"),
    ("（三）\n不予\n公开\n1.属于国家秘密", "（三）不予公开 1.属于国家秘密"),
    ("1.申请人无正当理由逾期不补正、行政机关不再处理其他政府信息公开申请",
     "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
])
def test_variants_match_their_template_label(printed: str, label: str) -> None:
    assert labels.score(labels.clean_label(printed), labels.core(label)) >= 0.6


def test_different_rows_do_not_match() -> None:
    assert labels.score(labels.compact("行政处罚"), labels.core("行政许可")) < 0.6
    assert labels.score(labels.compact("行政强制"), labels.core("行政处罚")) < 0.6


def test_repeated_header_is_removed_from_a_label() -> None:
    header = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） 申请人情况 自 然 人 总 计"
    cleaned = labels.clean_label(header + " 6.属于四类过程性信息")
    assert "勾稽" not in cleaned and "申请人情况" not in cleaned and "自然人" not in cleaned
    assert cleaned.endswith("6属于四类过程性信息")


@pytest.mark.parametrize("raw,value", [
    ("12", 12), ("０", 0), ("1,205", 1205), ("-2", -2), ("－3", -3), ("", None), ("/", None),
    ("—", None), ("无", None), (None, None), ("abc", None),
])
def test_counts_and_placeholders(raw, value) -> None:
    assert parse_count(raw) == value


def test_money() -> None:
    assert parse_yuan("3522.436287万") == pytest.approx(35224362.87)
    assert parse_yuan("1690366") == 1690366
    assert parse_yuan("12.5", header_unit="万元") == 125000
    assert parse_10k_yuan("12.5") == 12.5
    assert parse_10k_yuan("5000元") == 0.5
