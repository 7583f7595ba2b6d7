"""Item validation and the crawl-summary adapter of the runner."""

from __future__ import annotations

import pytest
from scrapy.exceptions import DropItem

from crawler.items import ReportItem
from crawler.runner import summary_outcomes
from pipelines.validate import clean_item


def item(**kw: object) -> ReportItem:
    base = {"site": "by", "url": "http://www.by.gov.cn/a/content/post_1.html", "year": "2022年度",
            "agency": "某局", "district": "白云区",
            "page": {"url": "http://www.by.gov.cn/a/content/post_1.html",
                     "final_url": "http://www.by.gov.cn/a/content/post_1.html"},
            "attachments": [{"url": "/attachment/1.pdf", "name": "年报.pdf"}, "/attachment/1.pdf",
                            {"name": "no url"}, {"url": "javascript:void(0)"}]}
    base.update(kw)
    return ReportItem(**base)


def test_clean_item_resolves_and_deduplicates_attachments() -> None:
    out = clean_item(item())
    assert out["year"] == 2022
    assert [a["url"] for a in out["attachments"]] == ["http://www.by.gov.cn/attachment/1.pdf"]


@pytest.mark.parametrize("kw", [{"url": None}, {"site": ""}, {"url": "ftp://x/y"}, {"page": "not a dict"}])
def test_unusable_items_are_dropped_with_a_reason(kw: dict) -> None:
    with pytest.raises(DropItem):
        clean_item(item(**kw))


def test_summary_adapter_reads_site_results_and_flags_silence() -> None:
    from crawler.crawl import CrawlSummary, SiteResult

    summary = CrawlSummary(sites={"by": SiteResult(site="by", status="ok", requests=10, bytes=500, reports_found=3),
                                  "hp": SiteResult(site="hp", status="broken", reason="layout changed")})
    out = summary_outcomes(summary, ["by", "hp", "gz"])
    assert (out["by"].status, out["by"].requests, out["by"].bytes, out["by"].reports_found) == ("ok", 10, 500, 3)
    assert (out["hp"].status, out["hp"].reason) == ("broken", "layout changed")
    assert out["gz"].status == "unreachable"  # the crawl said nothing about it: never evidence of removal
