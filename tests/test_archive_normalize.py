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
