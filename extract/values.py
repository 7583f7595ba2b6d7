"""Cell text → number: counts, signed changes and money with units.

Placeholders agencies print for "nothing" ('/', '—', '无', blank) become null; the raw
text is always kept beside the value by the caller.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from extract.labels import CACHED_CHARS, nfkc

NULL_MARKS = {"", "/", "\\", "-", "--", "—", "——", "–", "－", "无", "N/A", "NA", "空", "×", "*"}
# A unit written in the cell: money (万元, 亿元…) or a count's measure word (7项, 12件). Without the
# measure words a count cell such as '7项' read as a label and shifted the row's values left
# (issue 14, point 6: the project count took the amount beside it).
MONEY_UNITS = ("亿元", "万元", "亿", "万", "元")
COUNT_UNITS = ("人次", "个", "项", "件", "次", "条", "家", "人", "篇", "份", "起", "宗", "户")
_NUM = re.compile(r"^([+-]?)(\d+(?:\.\d+)?)(" + "|".join(MONEY_UNITS + COUNT_UNITS) + r")?$")


_SPACE = re.compile(r"\s+")


def normalise_raw(raw: str | None) -> str:
    """NFKC, no whitespace or thousands separators, unified minus signs.

    Cached: a report's cells are tested many times over (split, classify, align, parse), and a
    night's cells repeat ('0', '/', '1')."""
    if raw is None:
        return ""
    return _normalise_cached(raw) if len(raw) <= CACHED_CHARS else _normalise(raw)


def _normalise(raw: str) -> str:
    s = _SPACE.sub("", nfkc(raw)).replace(",", "").replace("，", "")
    return s.replace("−", "-").replace("－", "-").replace("﹣", "-")


_normalise_cached = lru_cache(maxsize=1 << 16)(_normalise)


def is_value_text(raw: str | None) -> bool:
    """True for a cell that holds a number, a null placeholder, or nothing."""
    s = normalise_raw(raw)
    return s in NULL_MARKS or s in {"0.00"} or bool(_NUM.match(s))


def is_number_text(raw: str | None) -> bool:
    """True for a cell that holds an actual number (not blank, not a placeholder)."""
    s = normalise_raw(raw)
    return s not in NULL_MARKS and bool(_NUM.match(s))


def _decimal(raw: str | None) -> tuple[Decimal | None, str | None]:
    s = normalise_raw(raw)
    if s in NULL_MARKS:
        return None, None
    m = _NUM.match(s)
    if not m:
        return None, None
    try:
        d = Decimal(m.group(2))
    except InvalidOperation:
        return None, None
    return (-d if m.group(1) == "-" else d), m.group(3)


def _number(d: Decimal) -> int | float:
    return int(d) if d == d.to_integral_value() else float(d)


_MONEY_FACTOR = {"万": 10000, "万元": 10000, "亿": 100000000, "亿元": 100000000}


def parse_count(raw: str | None) -> int | float | None:
    """A count (or 2019's signed 本年增/减): int when integral; units ignored."""
    d, _unit = _decimal(raw)
    return None if d is None else _number(d)


def parse_yuan(raw: str | None, header_unit: str = "元") -> int | float | None:
    """Money in yuan: '3522.436287万' → 35224362.87; a bare number takes the header's unit."""
    d, unit = _decimal(raw)
    if d is None:
        return None
    unit = unit if unit in MONEY_UNITS else header_unit
    d = d * _MONEY_FACTOR.get(unit, 1)
    return _number(d.quantize(Decimal("0.01")) if d != d.to_integral_value() else d)


def parse_10k_yuan(raw: str | None) -> int | float | None:
    """Money in 万元 (the 2021 fee column): a value written in 元 is converted to 万元."""
    d, unit = _decimal(raw)
    if d is None:
        return None
    if unit == "元":
        d = d / 10000
    elif unit in ("亿", "亿元"):
        d = d * 10000
    return _number(d)
