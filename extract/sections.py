"""Split a report's text into its six sections (一 … 六) for full-text search.

Headings are found in the compacted text (no whitespace or punctuation), in order, so
headings broken over lines or with stray spaces are still found.
"""

from __future__ import annotations

import re
from functools import cache

from extract import spec
from extract.labels import nfkc

_KEEP = re.compile(r"[^\W_]+", re.UNICODE)


def _compact_with_map(text: str) -> tuple[str, list[int]]:
    """The text's letters and digits, and where each stood in the text (taken run by run)."""
    runs = list(_KEEP.finditer(nfkc(text)))
    index: list[int] = []
    for m in runs:
        index.extend(range(m.start(), m.end()))
    return "".join(m.group() for m in runs), index


@cache
def _patterns() -> tuple[tuple[str, re.Pattern], ...]:
    out = []
    for sec in spec.spec()["sections"]:
        labels = [sec["label"], *sec.get("variants", [])]
        alts = []
        for label in labels:
            body = re.sub(r"\W", "", nfkc(label))
            numeral, rest = body[0], body[1:]
            alts.append(re.escape(numeral) + re.escape(rest))
        out.append((sec["key"], re.compile("|".join(alts))))
    return tuple(out)


def find_headings(text: str) -> dict[str, tuple[int, int]]:
    """Section key → (start, end) character offsets in `text` (NFKC offsets equal the
    original ones for the BMP text reports use)."""
    comp, index = _compact_with_map(text)
    found: list[tuple[str, int]] = []
    pos = 0
    for key, pat in _patterns():
        m = pat.search(comp, pos)
        if m:
            found.append((key, index[m.start()]))
            pos = m.end()
    spans = {}
    for n, (key, start) in enumerate(found):
        end = found[n + 1][1] if n + 1 < len(found) else len(text)
        spans[key] = (start, end)
    return spans


def split_sections(text: str) -> dict[str, str]:
    """Section key → its text (heading included); sections not found are absent."""
    return {key: text[a:b].strip() for key, (a, b) in find_headings(text).items()}


def tables_region(text: str) -> str:
    """The part of the text holding the three tables: from section 二 to section 五."""
    spans = find_headings(text)
    start = spans.get("active_disclosure", spans.get("applications", (0, 0)))[0]
    end = spans.get("problems", spans.get("other", (len(text), 0)))[0]
    return text[start:end] if end > start else text[start:]
