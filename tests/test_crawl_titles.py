"""Report recognition, year and agency parsing on real title variants (spiders/text.py)."""

import pytest

from spiders import text as T

REPORTS = [
    ("广州市番禺区教育局2021年政府信息公开工作年度报告", 2021, "广州市番禺区教育局"),
    ("2020年度政府信息公开年报", 2020, None),
    ("关于广州市白云区民政局2019年政府信息公开工作年度报告的公告", 2019, "广州市白云区民政局"),
    ("2021年广州市海珠区民政局政府信息公开工作年度报告", 2021, "广州市海珠区民政局"),
    ("广州市番禺区人民政府办公室２０２２年政府信息公开工作年度报告", 2022, "广州市番禺区人民政府办公室"),
    ("广州市黄埔区发展和改革局 2022 年政府信息公开工作年度报告（更新）", 2022, "广州市黄埔区发展和改革局"),
    ("二〇二一年度政府信息公开工作报告", 2021, None),
    ("广州市南沙区人民政府2019年度政府信息公开工作年度报告", 2019, "广州市南沙区人民政府"),
    ("【年报】广州市越秀区卫生健康局2020年政府信息公开年度报告", 2020, "广州市越秀区卫生健康局"),
    ("广州市天河区统计局关于2018年政府信息公开工作年度报告", 2018, "广州市天河区统计局"),
    ("广州市2010年政府信息公开工作年度报告", 2010, "广州市"),
]

DECOYS = [
    "广州市番禺区2023年政务公开工作要点",
    "广州市番禺区人民政府政府信息公开指南",
    "广州市海珠区政府信息公开目录",
    "广州市南沙区2021年法治政府建设年度报告",
    "2021年广州市白云区国民经济和社会发展统计公报",
    "关于报送2021年政府信息公开工作年度报告的通知",
    "图解：广州市番禺区2021年政府信息公开工作年度报告",
    "广州市番禺区2021年政府信息公开工作年度报告解读",
    "2007年政府信息公开工作年度报告",
    "关于印发政府信息公开工作年度报告格式的通知",
    "广州市黄埔区2022年政务公开工作总结",
    "广州市番禺区2022年政府信息公开申请表",
]


@pytest.mark.parametrize(("title", "year", "agency"), REPORTS)
def test_report_title_recognised(title: str, year: int, agency: str | None) -> None:
    assert T.is_report_title(title, min_year=T.FIRST_REPORT_YEAR)
    assert T.is_report_title(title), "reports from 2008 on are taken by default"
    assert T.is_report_title(title, min_year=2019) == (year >= 2019)


def test_reports_from_2008_by_default_narrowed_by_min_year() -> None:
    """The Regulations took effect in 2008: every report from then on; NIANBAO_MIN_YEAR narrows that."""
    title = "广州市番禺区人民政府2018年政府信息公开工作年度报告"
    assert T.MIN_REPORT_YEAR == 2008
    assert T.is_report_title(title) and T.maybe_report_title(title) and T.report_year_ok(2018)
    assert T.maybe_report_title("广州市番禺区人民政府2018年政府信息公开工作年…")
    assert not T.report_year_ok(2007)
    assert not T.is_report_title(title, min_year=2019)
    assert not T.maybe_report_title(title, min_year=2019)
    assert T.is_report_title("广州市番禺区人民政府2019年政府信息公开工作年度报告", min_year=2019)


@pytest.mark.parametrize(("title", "year", "agency"), REPORTS)
def test_year_from_title(title: str, year: int, agency: str | None) -> None:
    assert T.title_year(title) == year


@pytest.mark.parametrize(("title", "year", "agency"), REPORTS)
def test_agency_from_title(title: str, year: int, agency: str | None) -> None:
    assert T.agency_from_title(title) == agency


@pytest.mark.parametrize("title", DECOYS)
def test_decoy_not_a_report(title: str) -> None:
    assert not T.is_report_title(title)


def test_year_from_body_when_title_has_none() -> None:
    body = "本报告数据统计期限自2020年1月1日起至2020年12月31日止。现公布2020年度政府信息公开工作情况。"
    assert T.title_year("政府信息公开工作年度报告") is None
    assert T.body_year(body) == 2020


def test_truncated_title_is_worth_fetching_but_decoy_is_not() -> None:
    assert T.maybe_report_title("广州市番禺区教育局2021年政府信息公开工作年…")
    assert not T.maybe_report_title("广州市番禺区2023年政务公开工作要…")


def test_pick_agency_prefers_full_name_over_short_metadata() -> None:
    assert T.pick_agency("番禺区教育局", "广州市番禺区教育局", "广州市番禺区人民政府") == "广州市番禺区教育局"
    assert T.pick_agency(None, None, "广州市番禺区人民政府") == "广州市番禺区人民政府"
    assert T.pick_agency("广州市番禺区卫生健康局", "番禺区卫健局", "x") == "广州市番禺区卫生健康局"


@pytest.mark.parametrize(("raw", "iso"), [("2022-01-21 10:30", "2022-01-21"), ("2022年1月2日", "2022-01-02"),
                                          (1642668120, "2022-01-20"), ("1642668120000", "2022-01-20"),
                                          ("", None), ("无", None)])
def test_parse_date(raw: object, iso: str | None) -> None:
    assert T.parse_date(raw) == iso
