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

# site key -> extra patterns (the registry's `normalize:` list is added to these)
SITE_RULES: dict[str, list[str]] = {}


@lru_cache(maxsize=64)
def _compile(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


def _rules_for(site: str | None, extra: Iterable[str] = ()) -> tuple[str, ...]:
    return tuple(GENERIC_RULES) + tuple(SITE_RULES.get(site or "", ())) + tuple(extra)


def normalize_html(body: bytes, *, site: str | None = None, extra_rules: Iterable[str] = ()) -> bytes:
    """The page with volatile parts removed and whitespace collapsed (for hashing only)."""
    text = body.decode("utf-8", errors="replace")
    for pattern in _compile(_rules_for(site, extra_rules)):
        text = pattern.sub("", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text.encode("utf-8")


def normalized_sha256(body: bytes, *, site: str | None = None, extra_rules: Iterable[str] = ()) -> str:
    """sha256 of the normalised page: equal hashes mean no real change."""
    return hashlib.sha256(normalize_html(body, site=site, extra_rules=extra_rules)).hexdigest()


def is_html(mime: str | None, body: bytes) -> bool:
    """Whether normalisation applies (by Content-Type, else by sniffing the first bytes)."""
    if mime and ("html" in mime.lower() or "xml" in mime.lower()):
        return True
    head = body[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<meta"))
