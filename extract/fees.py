"""The information-processing fee (信息处理费) sentences of section 六.

From the 2021 reports on, agencies state in prose how many fee notices they sent and what
they collected ('本年度未收取信息处理费', '实际收取信息处理费共计400元'). We keep every
sentence that mentions the fee and read the three figures only when they are stated.
"""

from __future__ import annotations

import re
from decimal import Decimal

from extract.labels import nfkc

_SENTENCE = re.compile(r"[^。；;！!\n]*(?:信息处理费|收费通知)[^。；;！!\n]*[。；;！!]?")
_MONEY = r"(\d+(?:\.\d+)?)\s*(万元|万|元)"
_NONE = re.compile(r"(?:未|没有|无|不)(?:收取|收费|产生|发生|发出|涉及)|收取[^，,。]*?为?\s*0\s*元|情况[。]?$")


def _yuan(num: str, unit: str) -> int | float:
    d = Decimal(num) * (10000 if unit.startswith("万") else 1)
    return int(d) if d == d.to_integral_value() else float(d)


def extract_fees(text: str) -> dict:
    """{'fee_notices', 'fee_notices_amount_yuan', 'fee_collected_yuan', 'sentences'}."""
    flat = re.sub(r"[ \t\r\f\v]+", "", nfkc(text)).replace("\n", "")
    # the 2021 table's own row label mentions 收费通知: a table is not a fee sentence
    flat = flat.replace("申请人逾期未按收费通知要求缴纳费用", "")
    sentences = [s.strip() for s in _SENTENCE.findall(flat) if s.strip() and len(s.strip()) <= 300]
    fees: dict = {"fee_notices": None, "fee_notices_amount_yuan": None, "fee_collected_yuan": None,
                  "sentences": sentences}
    for s in sentences:
        m = re.search(r"(?:发出|开具|送达)?收费通知(?:书)?[^0-9。]{0,6}?(\d+)\s*[件份次]", s) or \
            re.search(r"(\d+)\s*[件份次]收费通知", s)
        if m and fees["fee_notices"] is None:
            fees["fee_notices"] = int(m.group(1))
        m = re.search(r"收费通知[^。]*?(?:总?金额|合计|共计)[^0-9。]{0,6}?" + _MONEY, s)
        if m and fees["fee_notices_amount_yuan"] is None:
            fees["fee_notices_amount_yuan"] = _yuan(m.group(1), m.group(2))
        m = re.search(r"(?:实际)?收取[^0-9。，,]{0,12}?" + _MONEY, s)
        if m and fees["fee_collected_yuan"] is None:
            fees["fee_collected_yuan"] = _yuan(m.group(1), m.group(2))
        elif fees["fee_collected_yuan"] is None and "信息处理费" in s and _NONE.search(s):
            fees["fee_collected_yuan"] = 0
    return fees
