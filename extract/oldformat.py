"""Reports from before the national templates (2008–2018): sections and the figures stated in prose.

Why: the Regulations took effect in 2008 and every site still carries reports of 2008–2018
(REAL_SITES.md, "Real documents"). They follow the 2008 Regulations' art. 32 outline —
一、概述, 二、主动公开政府信息的情况, 三、依申请公开政府信息（和不予公开）的情况,
四、政府信息公开的收费及减免情况, 五、因政府信息公开申请提起行政复议、行政诉讼的情况,
六、存在的主要问题及改进情况, 七、其他需要报告的事项 — with no common tables, so they are never
mapped onto the 2019/2021 keys (``template`` = ``pre-2019``). What they state in sentences
("共受理政府信息公开申请23件", "未发生因政府信息公开申请提起的行政复议、行政诉讼") is read
best-effort into ``old_figures``, each figure with the sentence it came from, so a reader can
check it; a figure not stated stays null.
"""

from __future__ import annotations

import re

from extract.labels import compact, nfkc

PRE_TEMPLATE = "pre-2019"
FIRST_TEMPLATE_YEAR = 2019  # the 2019 template applies from the 2019 reports on
MAX_EVIDENCE = 200  # characters kept of each sentence a figure came from

# heading keywords → section key, tried in this order (the fees and review headings also say 申请)
_HEADING_KEYS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("fees", ("收费", "减免")),
    ("review_litigation", ("行政复议", "行政诉讼", "复议", "诉讼")),
    ("applications", ("依申请", "申请公开", "申请情况")),
    ("active_disclosure", ("主动公开",)),
    ("problems", ("问题", "改进", "不足")),
    ("other", ("其他需要", "其它需要", "其他事项", "其他")),
    ("overview", ("概述", "概况", "基本情况", "总体情况", "工作情况", "组织", "总体")),
)
_NUMERALS = "一二三四五六七八九十"
_HEADING = re.compile(r"^\s*([一二三四五六七八九十]{1,2})\s*[、.．]\s*(\S.{0,58})$")
# the old outline's own words: enough of them (and no template table) mark an old report
_OLD_MARKS = ("收费及减免", "依申请公开政府信息", "因政府信息公开申请提起行政复议", "其他需要报告的事项", "概述",
              "主动公开政府信息")


def is_pre_template(year: int | None, text: str, *, template_signs: str | None = None) -> bool:
    """A report before the national templates: its year is before 2019, or (year unknown)
    its words follow the old outline and no template's table is there (``template_signs``:
    what ``meta.detect_template`` found from the content alone)."""
    if year is not None:
        return year < FIRST_TEMPLATE_YEAR
    if template_signs:
        return False
    c = compact(text)
    old_only = "收费及减免" in c or "因政府信息公开申请提起行政复议" in c  # parts the templates dropped
    return old_only and sum(m in c for m in _OLD_MARKS) >= 3


def _heading_key(label: str, numeral: str, taken: set[str]) -> str | None:
    for key, words in _HEADING_KEYS:
        if key not in taken and any(w in label[:30] for w in words):
            return key
    if numeral == "一" and "overview" not in taken:
        return "overview"
    return None


def find_headings(text: str) -> list[tuple[str, int, int]]:
    """(section key, start of the heading line, end of the heading line), in order: top-level
    headings ``一、…`` whose numerals increase and whose words name one of the old parts."""
    found: list[tuple[str, int, int]] = []
    taken: set[str] = set()
    last = 0
    pos = 0
    for line in text.splitlines(keepends=True):
        start, pos = pos, pos + len(line)
        m = _HEADING.match(nfkc(line.rstrip("\r\n")))
        if not m:
            continue
        n = _numeral_value(m.group(1))
        if n <= last:
            continue
        key = _heading_key(m.group(2), m.group(1), taken)
        if key is None:
            continue
        found.append((key, start, start + len(line.rstrip("\r\n"))))
        taken.add(key)
        last = n
    return found


def _numeral_value(s: str) -> int:
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _NUMERALS.index(s[1]) + 1
    if len(s) == 2 and s[1] == "十":
        return (_NUMERALS.index(s[0]) + 1) * 10
    return _NUMERALS.index(s[0]) + 1


def split_old_sections(text: str) -> dict[str, str]:
    """Section key → its text (heading included), for the old outline; empty when fewer than
    two of its headings are found (the caller then tries the template's headings)."""
    heads = find_headings(text)
    if len(heads) < 2:
        return {}
    out = {}
    for i, (key, start, _end) in enumerate(heads):
        stop = heads[i + 1][1] if i + 1 < len(heads) else len(text)
        out[key] = text[start:stop].strip()
    return out


# ------------------------------------------------------------------ figures stated in prose

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
NUM = r"(\d[\d,]*(?:\.\d+)?|[零〇一二两三四五六七八九十百千万]+)"
COUNT_UNIT = r"(?:件|宗|条|份|个|项|次|起|篇|人次)"


def cn_number(s: str) -> int | float | None:
    """'1,234' → 1234, '二十三' → 23, '一百零五' → 105, '3.5' → 3.5; None when unreadable."""
    s = s.replace(",", "")
    if re.fullmatch(r"\d+", s):
        return int(s)
    if re.fullmatch(r"\d+\.\d+", s):
        return float(s)
    total, section, digit = 0, 0, None
    for ch in s:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        elif ch == "万":
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def _sentences(text: str) -> list[str]:
    flat = re.sub(r"[ \t\r\f\v\u3000]+", "", nfkc(text))
    flat = re.sub(r"\n+", "\n", flat)
    out = []
    for part in re.split(r"[。；;！!\n]", flat):
        if part:
            out.append(part[:1000])  # bounded: a hostile "sentence" never runs away
    return out


_NEG = r"(?:未|没有|无|不存在|均未|并未|尚未)"

# "行政复议、行政诉讼均为0件": one number for both
_BOTH = r"行政复议[、和及与]?(?:提起)?行政诉讼[^，,；。0-9]{0,8}?(?:均|都|各)[为是有]?" + NUM + COUNT_UNIT + "?"

# (figure, patterns that give the number, pattern that states zero)
_COUNT_RULES: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("active_disclosed", (r"主动公开[^，,；。]{0,16}?(?:共计?|合计|累计|总计)?" + NUM + r"(?:余)?" + r"(?:条|件|篇|项|份)",),
     None),
    ("applications_received", (
        r"(?:受理|收到|接收|接到|办理)[^，,；。]{0,20}?申请[^，,；。0-9]{0,8}?(?:共计?|合计|总计)?" + NUM + COUNT_UNIT,
        r"(?:受理|收到|接收|接到)[^，,；。]{0,6}?" + NUM + COUNT_UNIT + r"[^，,；。]{0,16}?申请",
        r"申请[^，,；。]{0,10}?(?:共计?|合计|总计)" + NUM + COUNT_UNIT,
    ), _NEG + r"(?:受理|收到|接收|接到)[^，,；。0-9]{0,20}?申请(?!提起|人提起|行政)"),
    ("applications_handled", (
        r"(?:已?办结|已?答复|已?处理完毕|已?处理)[^，,；。0-9]{0,6}?(?:共计?|合计)?" + NUM + COUNT_UNIT,
        NUM + COUNT_UNIT + r"已?(?:办结|答复完毕)",
    ), None),
    ("granted", (
        r"(?:同意公开|予以公开|全部公开|同意提供|已主动公开|属于已公开)[^，,；。0-9]{0,6}?(?:的)?" + NUM + COUNT_UNIT,
        NUM + COUNT_UNIT + r"[^，,；。0-9]{0,4}?(?:同意公开|予以公开|全部公开)",
    ), None),
    ("partially_granted", (
        r"部分公开[^，,；。0-9]{0,6}?(?:的)?" + NUM + COUNT_UNIT,
        NUM + COUNT_UNIT + r"[^，,；。0-9]{0,4}?部分公开",
    ), None),
    ("refused", (
        r"(?:不予公开|不同意公开|不予提供)[^，,；。0-9]{0,6}?(?:的)?" + NUM + COUNT_UNIT,
        NUM + COUNT_UNIT + r"[^，,；。0-9]{0,4}?(?:不予公开|不同意公开)",
    ), None),
    ("reconsiderations", (
        _BOTH,
        r"行政复议[^，,；。、0-9]{0,8}?(?:共计?|合计)?" + NUM + COUNT_UNIT,
        NUM + COUNT_UNIT + r"[^，,；。0-9]{0,6}?行政复议",
    ), _NEG + r"[^，,；。0-9]{0,30}?行政复议|行政复议[^，,；。0-9]{0,10}?(?:为零|为0|均为0|均为零)"),
    ("lawsuits", (
        _BOTH,
        r"行政诉讼[^，,；。、0-9]{0,8}?(?:共计?|合计)?" + NUM + COUNT_UNIT,
        NUM + COUNT_UNIT + r"[^，,；。0-9]{0,6}?行政诉讼",
    ), _NEG + r"[^，,；。0-9]{0,40}?行政诉讼|行政诉讼[^，,；。0-9]{0,10}?(?:为零|为0|均为0|均为零)"),
)
_FEE = r"(?:收取|收费|费用|收入)[^，,；。]{0,20}?" + r"(\d+(?:\.\d+)?)\s*(万元|元)"
_FEE_ZERO = (_NEG + r"[^，,；。0-9]{0,6}?(?:收取|收费|产生)[^，,；。0-9]{0,20}?费|费[^，,；。0-9]{0,10}?(?:为零|为0)"
             r"|免收|均未收费|不收取")

FIGURES = tuple(rule[0] for rule in _COUNT_RULES) + ("fees_yuan",)
# where each figure is looked for first (then in the whole text)
_HOME = {"active_disclosed": "active_disclosure", "applications_received": "applications",
         "applications_handled": "applications", "granted": "applications", "partially_granted": "applications",
         "refused": "applications", "reconsiderations": "review_litigation", "lawsuits": "review_litigation",
         "fees_yuan": "fees"}


def _first_count(sentences: list[str], patterns: tuple[str, ...], zero: str | None) -> tuple[int | float, str] | None:
    for sentence in sentences:
        for pat in patterns:
            m = re.search(pat, sentence)
            if m:
                value = cn_number(m.group(1))
                if value is not None:
                    return value, sentence
        # zero only from a clause that states no number ("未发生行政复议，发生行政诉讼1起")
        if zero and any(re.search(zero, c) and not re.search(r"\d\s*" + COUNT_UNIT, c)
                        for c in re.split(r"[，,；;]", sentence)):
            return 0, sentence
    return None


def _all_handled(sentences: list[str]) -> str | None:
    """'均已按时答复' / '全部办结': every application received was answered."""
    for s in sentences:
        if re.search(r"(?:均|全部|都)(?:已|已经)?(?:按时|依法|按期)?(?:办结|答复|予以答复|处理完毕)", s):
            return s
    return None


def _fees(sentences: list[str]) -> tuple[int | float, str] | None:
    for s in sentences:
        if "费" not in s:
            continue
        m = re.search(_FEE, s)
        if m:
            value = float(m.group(1)) * (10000 if m.group(2).startswith("万") else 1)
            return (int(value) if value.is_integer() else value), s
        if re.search(_FEE_ZERO, s):
            return 0, s
    return None


def old_figures(text: str, sections: dict[str, str] | None = None) -> dict:
    """Figures an old report states in prose: ``{figure: number | None, ..., "evidence":
    {figure: sentence}}``; each figure is looked for in its own section first."""
    sections = sections or {}
    everywhere = _sentences(text)
    out: dict = dict.fromkeys(FIGURES)
    evidence: dict[str, str] = {}

    def places(fig: str) -> list[list[str]]:
        home = sections.get(_HOME[fig])
        return ([_sentences(home)] if home else []) + [everywhere]

    for fig, patterns, zero in _COUNT_RULES:
        for sentences in places(fig):
            got = _first_count(sentences, patterns, zero)
            if got:
                out[fig], evidence[fig] = got[0], got[1][:MAX_EVIDENCE]
                break
    if out["applications_handled"] is None and out["applications_received"] is not None:
        for sentences in places("applications_handled"):
            s = _all_handled(sentences)
            if s:
                out["applications_handled"], evidence["applications_handled"] = out["applications_received"], \
                    s[:MAX_EVIDENCE]
                break
    for sentences in places("fees_yuan"):
        got = _fees(sentences)
        if got:
            out["fees_yuan"], evidence["fees_yuan"] = got[0], got[1][:MAX_EVIDENCE]
            break
    out["evidence"] = evidence
    return out
