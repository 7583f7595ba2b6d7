"""Label normalisation and loose matching of printed labels to the template's labels.

Real reports vary the wording (spacing, characters stacked one per line, full/half-width
brackets, 规范性文件 vs 行政规范性文件, 需要另行制作 vs 需另行制作) and OCR garbles
characters, so labels are compared as in-order character coverage of the template
label's distinctive part ("core"), never by equality.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from rapidfuzz.distance import LCSseq

from extract import spec

_DROP = re.compile(r"[\s\W_]+", re.UNICODE)
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|\d+[.．、])")


def nfkc(text: str) -> str:
    """NFKC folds full-width digits, letters and brackets to their ASCII forms."""
    return unicodedata.normalize("NFKC", text)


# The label and cell caches below keep only texts up to this long, so a hostile document's huge
# cells cannot fill memory through them (their entry counts are bounded too).
CACHED_CHARS = 256


def _compact(text: str) -> str:
    return _DROP.sub("", nfkc(text))


_compact_cached = lru_cache(maxsize=1 << 14)(_compact)


def compact(text: str) -> str:
    """Letters and digits only: no whitespace, punctuation or brackets (NFKC first)."""
    text = text or ""
    return _compact_cached(text) if len(text) <= CACHED_CHARS else _compact(text)


def strip_numbering(label: str) -> str:
    """Drop leading enumerators such as 一、 （三） 2. (repeatedly)."""
    label = nfkc(label).strip()
    label = label.replace("(", "（").replace(")", "）")
    prev = None
    while prev != label:
        prev = label
        label = _NUMBERING.sub("", label).strip()
    return label


@cache
def _group_labels() -> tuple[str, ...]:
    groups = spec.spec()["tables"]["applications"]["groups"]
    return tuple(strip_numbering(g["label"]) for g in groups)


@cache
def core(label: str) -> str:
    """The distinctive part of a template label: without group prefixes and numbering.

    '（三）不予公开 1.属于国家秘密' → '属于国家秘密'; '（六）其他处理' (2019's own row)
    keeps '其他处理' because nothing would remain without it.
    """
    text = re.sub(r"\s+", "", strip_numbering(label))
    prev = None
    while prev != text:
        prev = text
        for g in _group_labels():
            if text.startswith(g) and len(text) > len(g):
                text = strip_numbering(text[len(g):])
    return compact(text) or compact(label)


def lcs_len(a: str, b: str) -> int:
    """Length of the longest common subsequence, in C (rapidfuzz's bit-parallel LCSseq; the
    hand-written Python DP it replaces was 31% of a text-layer PDF's time, issue 14)."""
    if not a or not b:
        return 0
    return LCSseq.similarity(a, b)


def score(printed: str, template_core: str) -> float:
    """How well a printed label (compacted) covers a template core, 0…1.

    Coverage of the core counts most; a small penalty for a long printed label keeps a
    short core such as 其他 from claiming every row that merely contains it. Cached: every
    printed row is scored against every template row, and rows repeat.
    """
    return _score_cached(printed, template_core) if len(printed) <= CACHED_CHARS else _score(printed, template_core)


def _score(printed: str, template_core: str) -> float:
    if not printed or not template_core:
        return 0.0
    if template_core in printed:
        cover = 1.0
    else:
        window = printed[-(len(template_core) * 3 + 6):]
        cover = lcs_len(template_core, window) / len(template_core)
    extra = max(0, len(printed) - len(template_core))
    return cover - min(0.15, 0.004 * extra)


_score_cached = lru_cache(maxsize=1 << 16)(_score)


def cover_bounds(printed: list[str], cores: list[str]) -> list[list[float]]:
    """For every (printed label, core) pair, an upper bound of ``score``: the share of the core
    found in order in the whole printed label (``score`` looks only at its end and subtracts a
    penalty), all pairs in one call into rapidfuzz's C code.

    Why: a report's rows against a template's rows is about a thousand pairs, most of them
    hopeless; a pair whose bound is under the threshold is never scored, with the same result."""
    from rapidfuzz import process

    if not printed or not cores:
        return [[0.0] * len(cores) for _ in printed]
    common = process.cdist(printed, cores, scorer=LCSseq.similarity, workers=1).tolist()
    sizes = [max(1, len(c)) for c in cores]
    return [[n / size for n, size in zip(row, sizes, strict=True)] for row in common]


def clear_caches() -> None:
    """Empty the label and cell caches (a benchmark that measures a document as new)."""
    from extract.values import _normalise_cached

    for cached in (_compact_cached, _score_cached, _normalise_cached):
        cached.cache_clear()


@cache
def header_noise() -> tuple[str, ...]:
    """Header phrases repeated at the top of a table (and after page breaks), longest first.

    Removed from a row's printed label before matching so that a repeated header does not
    make the following row look like 总计 or 其他.
    """
    t = spec.spec()
    phrases = set(t["tables"]["applications"]["header_labels"])
    phrases |= {c["label"] for c in t["applicant_columns"]}
    phrases |= {"法人或其他组织", "申请人情况", "信息内容", "本列数据的勾稽关系为第一项加第二项之和等于第三项加第四项之和"}
    phrases |= set(t["tables"]["review_litigation"]["header_labels"])
    phrases |= {c["label"] for c in t["tables"]["review_litigation"]["columns"]}
    for tpl in spec.TEMPLATES:
        for item in t["tables"]["active_disclosure"]["templates"][tpl]:
            phrases.add(item["label"])
            phrases |= {c["label"] for c in item["columns"]}
    out = {compact(p) for p in phrases}
    return tuple(sorted((p for p in out if len(p) >= 3), key=len, reverse=True))


def clean_label(printed: str) -> str:
    """Compact a printed label and remove repeated-header phrases from it."""
    c = compact(printed)
    for phrase in header_noise():
        if phrase in c:
            c = c.replace(phrase, "")
    return c
