"""Terminal progress: one line a person can follow; silent when disabled."""

from __future__ import annotations

import io

from crawler.progress import Progress, ProgressExtension


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_disabled_progress_writes_nothing() -> None:
    out = io.StringIO()
    p = Progress(False, stream=out)
    p.site_started("by")
    p.item("by")
    p.document(True)
    p.close()
    assert out.getvalue() == ""


def test_line_counts_sites_items_and_documents() -> None:
    p = Progress(True, stream=io.StringIO(), every=0)
    p.set_sites_total(3)
    p.site_started("by")
    p.site_started("hp")
    for _ in range(4):
        p.item("by")
    p.site_done("by")
    p.stage("extracting")
    p.document(True)
    p.document(False)
    line = p.line()
    assert "[extracting] sites 1/3 done" in line
    assert "4 reports" in line and "1 documents extracted (1 failed)" in line and "now: hp" in line


def test_terminal_redraws_in_place_and_pipe_gets_lines() -> None:
    tty = Tty()
    p = Progress(True, stream=tty, every=0)
    p.item("by")
    p.item("by")
    p.close()
    assert tty.getvalue().count("\r") >= 2 and tty.getvalue().endswith("\n")
    pipe = io.StringIO()
    p = Progress(True, stream=pipe, every=3600)
    for _ in range(100):
        p.item("by")
    p.close()
    assert len(pipe.getvalue().splitlines()) <= 2  # throttled, not one line per item


def test_scrapy_extension_is_off_without_progress_and_counts_signals() -> None:
    import pytest
    from scrapy.exceptions import NotConfigured
    from scrapy.utils.test import get_crawler

    with pytest.raises(NotConfigured):
        ProgressExtension.from_crawler(get_crawler(settings_dict={}))
    p = Progress(True, stream=io.StringIO(), every=3600)
    ext = ProgressExtension.from_crawler(get_crawler(settings_dict={"NIANBAO_PROGRESS": p}))

    class Spider:
        name = "portal"
        site_key = "by"

    ext.spider_opened(Spider())
    ext.response_received(None, None, Spider())
    ext.item_scraped({"site": "by"}, None, Spider())
    ext.spider_closed(Spider(), "finished")
    assert (p.requests, p.items, p.done) == (1, 1, {"by"})


def test_terminal_log_handler_is_quieted_and_clears_the_line(monkeypatch) -> None:
    import logging

    from crawler.progress import quiet_log_handlers

    monkeypatch.delenv("NIANBAO_LOG_LEVEL", raising=False)
    tty = Tty()
    handler = logging.StreamHandler(tty)
    handler.setLevel(logging.INFO)
    root = logging.getLogger()
    old_level = root.level
    root.setLevel(logging.INFO)  # as Scrapy's LOG_LEVEL = INFO sets it
    root.addHandler(handler)
    try:
        p = Progress(True, stream=tty, every=0)
        quiet_log_handlers(p)
        p.item("by")
        logging.getLogger("scrapy.core.engine").info("Spider opened")
        logging.getLogger("nianbao").warning("site by: layout mismatch")
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    out = tty.getvalue()
    assert "Spider opened" not in out
    assert "\r\x1b[Ksite by: layout mismatch" in out
