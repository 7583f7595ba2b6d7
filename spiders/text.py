"""Recognising annual reports by their titles, and reading year, agency and dates from text.

Kept free of Scrapy so it can be tested on many real title variants. The rules are
general on purpose: a title is a report when it names 政府信息公开 and a report
(年度报告 / 年报 / 工作报告) and is not a notice, guide, catalogue, work plan or
interpretation *about* reports.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

FIRST_REPORT_YEAR = 2008  # the Regulations on Open Government Information took effect in 2008
# Reports exist from the first year of the Regulations on (REAL_SITES.md "Real documents"): every
# report from 2008 on is taken; those before 2019 predate the national templates (free prose, the
# extraction finds no tables in them). Spiders pass NIANBAO_MIN_YEAR.
MIN_REPORT_YEAR = FIRST_REPORT_YEAR

_CN_DIGITS = str.maketrans("〇零○Ｏ一二三四五六七八九", "000012345678" + "9")
_CN_YEAR = re.compile(r"[〇零○Ｏ一二三四五六七八九]{4}(?=年)")
_REPORT = re.compile(r"政府信息公开(?:工作)?(?:年度)?(?:工作)?(?:报告|年报)")
_EXCLUDE = re.compile(
    r"要点|指南|目录|通知|报送|编制|格式|模板|样表|解读|图解|问答|考核|评估|测评|评议|第三方|培训|征集|"
    r"统计公报|通报|意见|方案|办法|规定|制度|清单|申请表|更正说明|工作总结"
)
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_YEAR_NEAR_REPORT = re.compile(r"((?:19|20)\d{2})\s*年度?(?:[^。；\n]{0,30}?)政府信息公开")
_LEAD = re.compile(r"^(?:【[^】]*】|\[[^\]]*\]|关于|公布|发布|印发|转发)+")
_TRAIL = re.compile(r"(?:关于|的|之|:|：|\(|（)+$")
_ISO_DATE = re.compile(r"((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})")


def normalize(text: str | None) -> str:
    """NFKC (full-width digits/brackets to ASCII), no whitespace, Chinese-numeral years as digits."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\s+", "", text)
    return _CN_YEAR.sub(lambda m: m.group(0).translate(_CN_DIGITS), text)


def clean_title(text: str | None) -> str:
    """A title as displayed: NFKC, single spaces, trimmed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text or "")).strip()


def _max_year() -> int:
    return dt.date.today().year


def title_year(title: str | None) -> int | None:
    """The report year named in a title: the last year before 政府信息公开, else the first year."""
    t = normalize(title)
    pos = t.find("政府信息公开")
    years = [m for m in _YEAR.finditer(t)]
    before = [m for m in years if pos < 0 or m.start() < pos]
    chosen = (before[-1] if before else (years[0] if years else None))
    return int(chosen.group(1)) if chosen else None


def body_year(text: str | None) -> int | None:
    """The report year from a report's body ("本报告…2021年…政府信息公开…"), for titles without one."""
    t = normalize(text)[:4000]
    m = _YEAR_NEAR_REPORT.search(t) or re.search(r"((?:19|20)\d{2})\s*年度", t)
    return int(m.group(1)) if m else None


def is_report_title(title: str | None, min_year: int = MIN_REPORT_YEAR) -> bool:
    """True for a 政府信息公开 annual report title of a covered year (year optional here; see
    :func:`report_year_ok`)."""
    t = normalize(title)
    if not _REPORT.search(t) or _EXCLUDE.search(t):
        return False
    year = title_year(t)
    return year is None or report_year_ok(year, min_year)


def maybe_report_title(title: str | None, min_year: int = MIN_REPORT_YEAR) -> bool:
    """Worth fetching: a report title, or one cut short ("…") that may be one, but never a decoy kind."""
    t = normalize(title)
    if is_report_title(t, min_year):
        return True
    year = title_year(t)
    if _EXCLUDE.search(t) or (year is not None and not report_year_ok(year, min_year)):
        return False
    truncated = t.endswith(("…", "...", "..")) or t.endswith("..")
    return truncated and ("政府信息" in t or "年度报告" in t or "年报" in t or len(t) < 12)


def report_year_ok(year: int | None, min_year: int = MIN_REPORT_YEAR) -> bool:
    """A covered report year: from ``min_year`` (never before the 2008 Regulations) to this year."""
    return year is not None and max(min_year, FIRST_REPORT_YEAR) <= year <= _max_year()


def agency_from_title(title: str | None) -> str | None:
    """The publishing agency named in a title: the part before the year, or between year and 政府信息公开.

    "关于广州市番禺区教育局2021年政府信息公开工作年度报告的公告" -> "广州市番禺区教育局";
    "2021年广州市海珠区民政局政府信息公开工作年度报告" -> "广州市海珠区民政局"; "2020年度政府信息公开年报" -> None.
    """
    t = normalize(title)
    m = _YEAR.search(t)
    cand = ""
    if m:
        cand = _TRAIL.sub("", _LEAD.sub("", t[: m.start()]))
        if len(cand) < 2:
            rest = t[m.end():]
            rest = rest[2:] if rest.startswith("度") else rest  # 年度
            pos = rest.find("政府信息公开")
            cand = _TRAIL.sub("", _LEAD.sub("", rest[:pos])) if pos > 0 else ""
    else:
        pos = t.find("政府信息公开")
        cand = _TRAIL.sub("", _LEAD.sub("", t[:pos])) if pos > 0 else ""
    cand = cand.strip("-_·、,，:： ")
    if len(cand) < 2 or not re.search(r"[\u4e00-\u9fff]", cand):
        return None
    return cand


def pick_agency(meta_agency: str | None, title_agency: str | None, fallback: str) -> str:
    """发布机关: page metadata, else the title's, else the site's government.

    When one name is the other with a prefix (番禺区教育局 / 广州市番禺区教育局) the longer, full
    name wins, so the same report reached through both systems gets the same agency.
    """
    meta = normalize(meta_agency) or None
    ttl = normalize(title_agency) or None
    if meta and ttl:
        if meta.endswith(ttl) or ttl.endswith(meta):
            return max(meta, ttl, key=len)
        return meta
    return meta or ttl or normalize(fallback)


def parse_date(value: str | int | float | None) -> str | None:
    """ISO date from "2022-01-21 10:30", "2022年1月21日", "2022/01/21" or a unix timestamp."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) or (isinstance(value, str) and value.strip().isdigit() and len(value.strip()) >= 9):
        ts = float(value)
        if ts > 1e11:  # milliseconds
            ts /= 1000
        return dt.datetime.fromtimestamp(ts, dt.timezone(dt.timedelta(hours=8))).date().isoformat()
    m = _ISO_DATE.search(unicodedata.normalize("NFKC", str(value)))
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None


# Values of 来源/ContentSource that name the website, not an agency: "本网" is what real gkmlpt and
# NFCMS pages print in <meta name="ContentSource"> (see /work/shared/REAL_SITES.md).
_PLACEHOLDER_AGENCY = re.compile(r"^(?:本网|本站|本网站|网站|原创|转载|本部门|本单位|综合|其他|无|暂无|-+)$|网站$|网$|门户$")


def is_placeholder_agency(value: str | None) -> bool:
    """True for a 来源 value that does not name an agency ("本网", "原创", "xx门户网站", a date…)."""
    v = normalize(value)
    return (not v or len(v) < 2 or len(v) > 40 or not re.search(r"[\u4e00-\u9fff]", v)
            or bool(_PLACEHOLDER_AGENCY.search(v)) or bool(_ISO_DATE.search(v)))


def is_site_itself(agency: str, site_name: str) -> bool:
    """The site's own government (广州市番禺区人民政府, or 番禺区人民政府 for short)."""
    a, s = normalize(agency), normalize(site_name)
    return bool(a and s) and (a == s or s.endswith(a) or a.endswith(s))


def choose_agency(candidates: list[str | None], title: str | None, site_name: str) -> str:
    """发布机关 of a page: the first real candidate (发布机构, API/DETAIL publisher, other labels,
    ContentSource — in that order), reconciled with the title by :func:`pick_agency`.

    Placeholders ("本网") never count, and the site's own name loses to another agency the
    title names: a district portal that hosts its education bureau's report is not its author.
    """
    title_agency = agency_from_title(title)
    real = [c for c in candidates if c and not is_placeholder_agency(c)]
    if title_agency and not is_site_itself(title_agency, site_name):
        real = [c for c in real if not is_site_itself(c, site_name)]
    return pick_agency(real[0] if real else None, title_agency, site_name)
