"""Who, when and which template: read from the document's own words.

The template is decided from the content as template.json says (2019's 第二十条第（九）项
/ 本年新制作数量, 2021's 本年制发件数 / the unpaid-fee row), the year only as a fallback.
"""

from __future__ import annotations

import re

from extract.labels import compact, nfkc

_TITLE = re.compile(r"([\u4e00-\u9fff（）()]{2,40}?)\s*[（(]?\s*((?:19|20)\d{2})\s*[)）]?\s*年?度?\s*[）)]?\s*"
                    r"(?:政府)?信\s*息\s*公\s*开\s*(?:工\s*作\s*)?(?:年\s*度\s*)?(?:报\s*告|年\s*报)")
_DISTRICT = re.compile(r"([\u4e00-\u9fff]{2}(?:自治县|新区|区|县|旗))")
_DISTRICT_START = re.compile(r"([\u4e00-\u9fff]{2,3}?(?:自治县|新区|区|县|旗))")
_CITY = re.compile(r"^(?:[\u4e00-\u9fff]{2,3}省)?([\u4e00-\u9fff]{2,3}市)")


def detect_template(text: str, year: int | None = None) -> str | None:
    """'2019', '2021', or None when neither the content nor the year says."""
    c = compact(text)
    v2019 = sum(k in c for k in ("第二十条第九项", "本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量"))
    v2021 = sum(k in c for k in ("本年制发件数", "现行有效件数", "申请人逾期未按收费通知要求缴纳费用", "本年收费金额"))
    if v2019 > v2021:
        return "2019"
    if v2021 > v2019:
        return "2021"
    if year is not None:
        return "2019" if year <= 2020 else "2021"
    return None


def title_meta(text: str, title: str | None = None) -> dict:
    """{'agency', 'year', 'district'} from the title (or the first lines of the text)."""
    out: dict = {"agency": None, "year": None, "district": None}
    candidates = [title] if title else []
    candidates.append(nfkc(text[:3000]))
    for cand in candidates:
        if not cand:
            continue
        flat = re.sub(r"\s+", " ", nfkc(cand))
        m = _TITLE.search(flat)
        if m:
            agency = re.sub(r"\s+", "", m.group(1)).strip("（()）")
            agency = re.sub(r"^(?:关于|印发)", "", agency)
            out["agency"] = agency or None
            out["year"] = int(m.group(2))
            break
    if out["year"] is None:
        m = re.search(r"((?:19|20)\d{2})\s*年", nfkc(text[:2000]))
        out["year"] = int(m.group(1)) if m else None
    if out["agency"]:
        # The district is two characters before 区/县 ("公安局番禺区分局" → 番禺区); a city-level
        # agency has none and gets its city.
        rest = _CITY.sub("", out["agency"])
        # a district right after the city may have three characters (重庆市九龙坡区…)
        m = _DISTRICT_START.match(rest) or _DISTRICT.search(rest) or _CITY.search(out["agency"])
        out["district"] = m.group(1) if m else None
    return out
