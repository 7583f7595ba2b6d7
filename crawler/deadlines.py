"""When an annual report is due: one rule for the ledger, the report page and the agency page.

Regulations on Open Government Information, 2019 revision (in force 15 May 2019, so from the
reports for 2019), art. 49: departments of governments at county level and above publish the
previous year's report by 31 January; a local government's own report (published by its
disclosure office) by 31 March. Art. 50 sets the contents. The 2007 Regulations (art. 31) gave
every agency until 31 March, which covers the reports for 2008–2018. (Text of the Regulations
e.g. http://www.jxln.gov.cn/lnxxxgk/c114874/202105/84ebe36d86b049a7a499732136322761.shtml; the
2007 rule as quoted in 琼府办〔2011〕214号.)
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

# dates as Chinese sites print them: 2024-01-15, 2024/1/15, 2024.01.15, 2024年1月15日
DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
MAX_DATE_TEXT = 200  # a publish date longer than this is not a date; shown cut, not parsed

RULE_2007 = "2007年条例第三十一条：每年3月31日前 / 2007 Regulations art. 31: by 31 March"
RULE_GOVERNMENT = "条例第四十九条第二款：本级政府年度报告于3月31日前公布 / art. 49(2): 31 March"
RULE_DEPARTMENT = "条例第四十九条：每年1月31日前公布上一年度报告 / art. 49: by 31 January"


def is_government(agency: str | None) -> bool:
    """A local government's own report (人民政府), not one of its departments'."""
    return (agency or "").strip().endswith("人民政府")


def deadline(year: int, agency: str | None = None) -> tuple[dt.date, str]:
    """The last day the report for ``year`` may be published, and the rule that says so."""
    if year <= 2018:
        return dt.date(year + 1, 3, 31), RULE_2007
    if is_government(agency):
        return dt.date(year + 1, 3, 31), RULE_GOVERNMENT
    return dt.date(year + 1, 1, 31), RULE_DEPARTMENT


def parse_date(text: Any) -> dt.date | None:
    """The first plausible calendar date in ``text`` (a site's publication date), else None."""
    if not isinstance(text, str):
        return None
    m = DATE.search(text[:MAX_DATE_TEXT])
    if not m:
        return None
    try:
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
    return day if 1990 <= day.year <= 2100 else None
