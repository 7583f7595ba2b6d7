"""HTML normalisation: volatile parts do not make a new version, real edits do."""

from __future__ import annotations

from archive.normalize import normalized_sha256

PAGE = """<html><body><div class="info">浏览次数：<span id="views">{views}</span> 当前时间：{clock}</div>
<a href="/zwgk/post_1.html;jsessionid={session}">上一篇</a>
<input type="hidden" name="_csrf" value="{session}">
<script>var serverTime = {ts};</script>
<div class="article-content"><p>本机关共收到政府信息公开申请{n}件。</p></div></body></html>"""


def page(**kw: object) -> bytes:
    values = {"views": 10, "clock": "2024-01-01 10:00:00", "session": "ABCDEF123456", "ts": 1700000000000, "n": 12}
    values.update(kw)
    return PAGE.format(**values).encode()


def test_counters_clocks_and_tokens_are_ignored() -> None:
    assert normalized_sha256(page()) == normalized_sha256(
        page(views=11, clock="2024-01-02 09:13:59", session="ZZZZ99998888", ts=1700000999999))


def test_a_real_change_changes_the_hash() -> None:
    assert normalized_sha256(page()) != normalized_sha256(page(n=13))


def test_site_rules_apply_only_to_their_site() -> None:
    a, b = b"<p>build 1</p><p>text</p>", b"<p>build 2</p><p>text</p>"
    from archive import normalize

    normalize.SITE_RULES["demo"] = [r"build \d+"]
    try:
        assert normalized_sha256(a, site="demo") == normalized_sha256(b, site="demo")
        assert normalized_sha256(a, site="other") != normalized_sha256(b, site="other")
    finally:
        del normalize.SITE_RULES["demo"]


def test_generation_stamp_in_a_span_is_ignored() -> None:
    body = '<p>总访问量：<span id="visit-count">{}</span>　页面生成时间：<span id="page-time">{}</span></p><p>正文</p>'
    a = body.format(77, "2024-03-01 02:00:00").encode()
    b = body.format(78, "2024-03-02 02:13:41").encode()
    assert normalized_sha256(a) == normalized_sha256(b)


# Issue 14: the rules are skipped when their probe says they cannot match; the result must be
# the same as applying every rule in turn (the hash decides whether a page is a new version).
def _every_rule(body: bytes) -> bytes:
    import re

    from archive import normalize

    text = body.decode("utf-8", errors="replace")
    for pattern in normalize._compile(normalize._rules_for(None)):
        text = pattern.sub("", text)
    return re.sub(r"\s+", " ", text).strip().encode("utf-8")


VOLATILE = [
    "访问量：<b>12</b>", "浏览：3", '<span class="page-time">2024</span>', "当前时间：2024年1月1日", "页面生成时间： 10:00",
    "2024-01-01 10:00:00", "<!-- generated 10:00:01 -->", "/a;jsessionid=ABC123", "/a?_t=1700000000&v=abcdef1",
    '<input name="_csrf" value="x">', '<input value="x" id="__VIEWSTATE">', '<meta name="csrf-token" content="x">',
    'nonce="abc"', "var now = 1700000000000;", 'renderTime: "10:00"',
    # what IGNORECASE matches beyond str.lower(): the long s, the Kelvin sign, dotless and dotted i
    "ſerverTime = 1700000000000", "\u212aount", 'ıd="_token" value="x"', "VIEWS: 9",
]


def test_skipping_rules_changes_nothing() -> None:
    from archive.normalize import normalize_html

    for i, part in enumerate(VOLATILE):
        for body in (part, f"<p>正文{i}</p>{part}<p>尾</p>", f"{part} {VOLATILE[i - 1]}", "no" + part + "w:=1700000000"):
            raw = body.encode()
            assert normalize_html(raw) == _every_rule(raw), body


def test_each_rule_has_its_probe_and_probes_accept_its_matches() -> None:
    import re

    from archive import normalize

    assert len(normalize.GENERIC_PROBES) == len(normalize.GENERIC_RULES)
    probes = normalize._generic_probes()
    for part in VOLATILE:
        for i, rule in enumerate(normalize.GENERIC_RULES):
            for m in re.finditer(rule, part, re.IGNORECASE):
                seen = part[max(0, m.start() - 1):m.end()]  # with the character a lookbehind saw
                lower = None if any(c in part for c in normalize._FOLDS_TO_ASCII) else seen.lower()
                assert normalize._may_match(probes[i], seen, lower), (rule, part)


def test_the_case_folds_str_lower_misses_are_all_listed() -> None:
    import re

    from archive.normalize import _FOLDS_TO_ASCII

    letter = re.compile("[a-z]", re.IGNORECASE)
    odd = {chr(c) for c in range(0x80, 0x30000) if letter.fullmatch(chr(c)) and not chr(c).lower().isascii()}
    assert odd <= set(_FOLDS_TO_ASCII)


def test_rules_tried_where_they_can_start_find_what_subn_finds() -> None:
    import re

    from archive import normalize

    assert len(normalize.GENERIC_STARTS) == len(normalize.GENERIC_RULES)
    pages = [" ".join(VOLATILE), "<p>" + "</p><p>".join(VOLATILE) + "</p>", "&&?;" + "&amp;".join(VOLATILE) * 3]
    for i, rule in enumerate(normalize.GENERIC_RULES):
        starts = normalize.GENERIC_STARTS[i]
        if starts is None:
            continue
        pattern = re.compile(rule, re.IGNORECASE)
        for page in pages:
            if any(c in page for c in normalize._FOLDS_TO_ASCII):
                page = page.translate({ord(c): "x" for c in normalize._FOLDS_TO_ASCII})
            assert normalize._sub_at(pattern, page, page.lower(), starts) == pattern.subn("", page), rule


def test_whitespace_collapses_as_the_regex_did() -> None:
    import re
    import sys

    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert re.findall(r"\s", every) == list(filter(str.isspace, every))
