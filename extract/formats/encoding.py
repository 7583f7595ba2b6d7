"""Bytes → str for Chinese government pages: BOM, declared charset, UTF-8, then GB18030."""

from __future__ import annotations

import codecs
import re

_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)
_GB = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "gb18030"}


def decode(data: bytes) -> str:
    """Decode with the BOM or declared charset when they work, else UTF-8, else GB18030
    (a superset of GBK/GB2312, which sites often declare wrongly)."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data[len(bom):].decode(enc, errors="replace")
    m = _META.search(data[:4096])
    declared = m.group(1).decode("ascii", "ignore").lower() if m else None
    if declared in _GB:
        declared = "gb18030"
    for enc in filter(None, (declared, "utf-8", "gb18030")):
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("gb18030", errors="replace")
