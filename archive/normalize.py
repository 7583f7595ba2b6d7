"""Normalise an HTML page before hashing, so that a new version means a real change.

Government pages carry text that changes on every load: visit counters (访问量/浏览次数),
the current date and time, session ids in links, CSRF tokens, cache-busting query
strings, script nonces. Hashing the raw bytes would then create a "new version" every
night. The raw bytes are still archived; only the *comparison* uses the normalised hash.

Rules are generic (every site) plus per-site regular expressions, given in
``crawler/sites.yaml`` as ``normalize: [regex, ...]`` on a site entry or in
``SITE_RULES`` below; every match is deleted.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache

_COUNTER_WORDS = r"(?:访问量|访问次数|浏览量|浏览次数|阅读量|阅读次数|点击量|点击数|点击率|点击次数|访问人次|Hits|Views)"
_SHORT_COUNTER_WORDS = r"(?:浏览|阅读|点击|访问)"
_NUM_TAGS = r"(?:\s|&nbsp;|<[^>]{0,200}>)*"

GENERIC_RULES: list[str] = [
    # visit counters: "浏览次数：<span id=x>123</span>", "[访问量: 45]"
    _COUNTER_WORDS + r"\s*[:：]?" + _NUM_TAGS + r"\d[\d,]*",
    _SHORT_COUNTER_WORDS + r"\s*[:：]" + _NUM_TAGS + r"\d[\d,]*",
    # elements whose id/class names a counter; their content is the count
    r"<(\w+)[^>]*\b(?:id|class)\s*=\s*[\"'][^\"']*(?:count|visit|hits|views|pv|clicks|page-?time|gen-?time|server-?time|clock)[^\"']*[\"'][^>]*>[^<]{0,40}</\1>",
    # clocks: 当前时间 / 今天是 2024年1月1日 星期一 / generated-at comments
    r"(?:当前时间|今天是|现在时间)\s*[:：]?\s*[^<]{0,40}",
    r"(?:页面生成时间|生成时间|生成于|页面更新时间|刷新时间)\s*[:：]?" + _NUM_TAGS + r"[^<]{0,40}",
    # any clock reading to the second (generation stamps; publish dates rarely carry seconds)
    r"\d{4}[-/年]\d{1,2}[-/月]\d{1,2}日?\s*\d{1,2}:\d{2}:\d{2}(?:\.\d+)?",
    r"<!--[^>]{0,80}(?:\d{1,2}:\d{2}:\d{2}|generated|耗时|publish time)[^>]{0,80}-->",
    # session ids and tokens in links and forms
    r";jsessionid=[0-9A-Za-z._-]+",
    r"(?<=[?&;])(?:jsessionid|sessionid|sid_token|token|csrf[_-]?token|_csrf|_t|t|_|v|ts|timestamp|nonce|rnd|random)=[0-9A-Za-z._%-]{6,}",
    r"(?:name|id)\s*=\s*[\"'](?:_?csrf[^\"']*|_token|__VIEWSTATE|__EVENTVALIDATION|authenticity_token)[\"']\s+value\s*=\s*[\"'][^\"']*[\"']",
    r"value\s*=\s*[\"'][^\"']*[\"']\s+(?:name|id)\s*=\s*[\"'](?:_?csrf[^\"']*|_token|__VIEWSTATE|__EVENTVALIDATION|authenticity_token)[\"']",
    r"<meta[^>]+name\s*=\s*[\"']csrf[^\"']*[\"'][^>]*>",
    r"\bnonce\s*=\s*[\"'][^\"']*[\"']",
    # unix timestamps assigned in scripts (var now = 1700000000000; serverTime: "…")
    r"(?:servertime|now|timestamp|nowtime|curtime|_ts)\s*[:=]\s*[\"']?\d{10,13}[\"']?",
    r"(?:servertime|nowtime|curtime|rendertime)\s*[:=]\s*[\"'][^\"']{0,40}[\"']",
]

# What each generic rule cannot match without, checked before the rule runs (a rule whose
# probe fails is skipped; the result is the same byte for byte). Why: the 16 rules ran as 16
# full scans of every page on the crawl's one thread, 3.7 s for the replica's 9 MB of HTML,
# and most pages hold none of the words they look for. A probe is a tuple of lower-case
# literals (any one present in the lower-cased page), or a regex that any match of the rule
# also matches; a rule without a probe (site rules, the registry's) always runs.
Probe = tuple[str, ...] | str
GENERIC_PROBES: list[Probe | None] = [
    ("访问量", "访问次数", "浏览量", "浏览次数", "阅读量", "阅读次数", "点击量", "点击数", "点击率", "点击次数",
     "访问人次", "hits", "views"),
    ("浏览", "阅读", "点击", "访问"),
    ("count", "visit", "hits", "views", "pv", "clicks", "pagetime", "page-time", "gentime", "gen-time",
     "servertime", "server-time", "clock"),
    ("当前时间", "今天是", "现在时间"),
    ("生成时间", "生成于", "更新时间", "刷新时间"),
    r":\d{2}:",
    ("<!--",),
    (";jsessionid=",),
    r"[?&;][a-z_-]{1,10}=[0-9a-z._%-]{6}",
    ("csrf", "_token", "__viewstate", "__eventvalidation"),
    ("csrf", "_token", "__viewstate", "__eventvalidation"),
    ("csrf",),
    ("nonce",),
    ("servertime", "now", "timestamp", "curtime", "_ts"),
    ("servertime", "nowtime", "curtime", "rendertime"),
]
# Where every match of a generic rule starts: at one of these lower-case literals, plus an offset
# (rule 8 starts just after ? & or ;). Such a rule is tried only there (``_sub_at``) instead of
# at every position of the page: the same matches, 5x cheaper on the replica's pages.
GENERIC_STARTS: list[tuple[tuple[str, ...], int] | None] = [
    (GENERIC_PROBES[0], 0), (GENERIC_PROBES[1], 0), None, (GENERIC_PROBES[3], 0),
    (("页面生成时间", "生成时间", "生成于", "页面更新时间", "刷新时间"), 0), None, (("<!--",), 0), ((";jsessionid=",), 0),
    (("?", "&", ";"), 1), (("name", "id"), 0), (("value",), 0), (("<meta",), 0), (("nonce",), 0),
    (("servertime", "now", "timestamp", "curtime", "_ts"), 0), (("servertime", "nowtime", "curtime", "rendertime"), 0),
]
# The characters outside ASCII that re.IGNORECASE matches to an ASCII letter (İ ı → i, ſ → s,
# K → k): str.lower() does not map them all, so a page holding one runs every rule.
_FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"

# site key -> extra patterns (the registry's `normalize:` list is added to these)
SITE_RULES: dict[str, list[str]] = {}


@lru_cache(maxsize=64)
def _compile(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


@lru_cache(maxsize=1)
def _generic_probes() -> tuple[tuple[str, ...] | re.Pattern[str] | None, ...]:
    return tuple(re.compile(p, re.IGNORECASE) if isinstance(p, str) else p for p in GENERIC_PROBES)


def _rules_for(site: str | None, extra: Iterable[str] = ()) -> tuple[str, ...]:
    return tuple(GENERIC_RULES) + tuple(SITE_RULES.get(site or "", ())) + tuple(extra)


def _may_match(probe: tuple[str, ...] | re.Pattern[str] | None, text: str, lower: str | None) -> bool:
    if probe is None or lower is None:
        return True
    if isinstance(probe, tuple):
        return any(word in lower for word in probe)
    return probe.search(text) is not None


def _sub_at(pattern: re.Pattern[str], text: str, lower: str, starts: tuple[tuple[str, ...], int]) -> tuple[str, int]:
    """``pattern.subn("", text)`` for a rule whose matches can only start at ``starts``: the same
    leftmost, non-overlapping matches (each tried where ``subn`` would have found it; a
    lookbehind still sees the text before), found without scanning every position."""
    words, offset = starts
    candidates: set[int] = set()
    for word in words:
        at = lower.find(word)
        while at != -1:
            candidates.add(at + offset)
            at = lower.find(word, at + 1)
    pieces, last, n = [], 0, 0
    for start in sorted(candidates):
        if start < last:
            continue
        m = pattern.match(text, start)
        if m is not None and m.end() > start:  # the generic rules never match empty
            pieces.append(text[last:start])
            last, n = m.end(), n + 1
    if not n:
        return text, 0
    pieces.append(text[last:])
    return "".join(pieces), n


def normalize_html(body: bytes, *, site: str | None = None, extra_rules: Iterable[str] = ()) -> bytes:
    """The page with volatile parts removed and whitespace collapsed (for hashing only).

    Rules apply one after another, each to what the previous left; ``GENERIC_PROBES`` skips
    those that cannot match and ``GENERIC_STARTS`` tries the others only where a match can
    start: the same result as every rule's ``sub`` over the whole page."""
    text = body.decode("utf-8", errors="replace")
    probes = _generic_probes()
    folds = any(ch in text for ch in _FOLDS_TO_ASCII)
    lower: str | None = None if folds else text.lower()
    for i, pattern in enumerate(_compile(_rules_for(site, extra_rules))):
        if not _may_match(probes[i] if i < len(probes) else None, text, lower):
            continue
        starts = GENERIC_STARTS[i] if i < len(GENERIC_STARTS) else None
        if starts is not None and lower is not None and len(lower) == len(text):
            text, n = _sub_at(pattern, text, lower, starts)
        else:
            text, n = pattern.subn("", text)
        if n and lower is not None:
            lower = text.lower()
    # = re.sub(r"\s+", " ", text).strip(): both split on str.isspace(), 5x faster
    return " ".join(text.split()).encode("utf-8")


def normalized_sha256(body: bytes, *, site: str | None = None, extra_rules: Iterable[str] = ()) -> str:
    """sha256 of the normalised page: equal hashes mean no real change."""
    return hashlib.sha256(normalize_html(body, site=site, extra_rules=extra_rules)).hexdigest()


def is_html(mime: str | None, body: bytes) -> bool:
    """Whether normalisation applies (by Content-Type, else by sniffing the first bytes)."""
    if mime and ("html" in mime.lower() or "xml" in mime.lower()):
        return True
    head = body[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<meta"))
