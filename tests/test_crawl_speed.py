"""Issue 14, point 5: the crawl's CPU and waits (page reading, Playwright started only when needed)
and `make bench`'s runner."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from parsel import Selector

from spiders import page as P

ROOT = Path(__file__).resolve().parent.parent

HOSTILE = """<html><head><title>t</title><script>var x = "发布日期：2099-01-01";</script>
<style>.a{content:"来源：x"}</style></head><body>
<header><a href="/h.pdf">header pdf</a><img src="/attachment/h.png"></header>
<div id="top"><a href="/top.pdf">top</a></div>
<div class=" share  box"><a href="/share.pdf">share</a></div>
<div class="topic"><a href="/topic.pdf">not chrome: class token is 'topic'</a></div>
<nav><div><span><a href="/deep-nav.doc">nav</a></span></div></nav>
<div class="article-content"><p>发布机构：广州市番禺区人民政府办公室   发布日期：2021-01-28</p>
<table><tr><th>索引号</th><td>007-1/2021-00012</td></tr></table>
<p>正文提到发布日期的一句话。</p>
<a href="/attachment/0/1/1/2.pdf"><b>年度</b>报告.pdf</a><a title="t" href="/x.docx"></a>
<img src="/img/2021/table1.png" alt="表一"><img src="/images/logo.png">
<footer><a href="/f.xls">footer</a></footer></div></body></html>"""


def _reference_links(area: Selector, base: str) -> list[str]:
    """The old one-XPath implementation, kept here as the reference the fast one must equal."""
    from urllib.parse import urljoin

    out = []
    for a in area.xpath(f".//a[@href][{P._NOT_CHROME}]"):
        url = urljoin(base, a.attrib["href"]).split("#")[0]
        if P.is_document_url(url) and url not in out:
            out.append(url)
    return out


def test_document_links_skip_chrome_like_the_xpath_rule() -> None:
    sel = Selector(text=HOSTILE)
    base = "http://www.panyu.gov.cn/zwgk/a/content/post_1.html"
    links = [a["url"] for a in P.document_links(sel, base)]
    assert links == _reference_links(sel, base)
    assert "http://www.panyu.gov.cn/topic.pdf" in links
    assert not any(x in u for u in links for x in ("/h.pdf", "/top.pdf", "/share.pdf", "deep-nav", "/f.xls"))
    named = {a["url"].rsplit("/", 1)[-1]: a["name"] for a in P.document_links(sel, base)}
    assert named["2.pdf"] == "年度报告.pdf" and named["x.docx"] == "t"


def test_content_images_and_text_skip_chrome_scripts_and_styles() -> None:
    sel = Selector(text=HOSTILE)
    body = P.content_container(sel)
    assert body is not None and "article-content" in body.attrib["class"]
    images = P.content_images(body, "http://www.panyu.gov.cn/a.html")
    assert [i["url"] for i in images] == ["http://www.panyu.gov.cn/img/2021/table1.png"]
    text = P.page_text(sel)
    assert "2099" not in text and "content:" not in text and "索引号" in text


def test_labelled_values_ignore_scripts_and_prose() -> None:
    values = P.labelled_values(Selector(text=HOSTILE))
    assert values["发布机构"] == "广州市番禺区人民政府办公室"
    assert values["发布日期"] == "2021-01-28"
    assert values["索引号"] == "007-1/2021-00012"
    assert "来源" not in values


def test_playwright_starts_only_for_a_browser_page(tmp_path: Path) -> None:
    """A crawl with the browser handler installed that renders nothing starts no Playwright driver."""
    (tmp_path / "index.html").write_text("<html><body><h1>ok</h1></body></html>")
    script = textwrap.dedent(f"""
        import functools, http.server, threading, sys
        sys.path.insert(0, {str(ROOT)!r})
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory={str(tmp_path)!r})
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        import scrapy
        from scrapy.crawler import CrawlerProcess
        seen = []
        class One(scrapy.Spider):
            name = "one"
            start_urls = [f"http://127.0.0.1:{{server.server_address[1]}}/index.html"]
            def parse(self, response):
                seen.append(response.status)
        process = CrawlerProcess({{"TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
            "DOWNLOAD_HANDLERS": {{"http": "spiders.browser_handler.LazyPlaywrightDownloadHandler"}},
            "LOG_LEVEL": "INFO", "TELNETCONSOLE_ENABLED": False}})
        crawler = process.create_crawler(One)
        process.crawl(crawler)
        process.start()
        handler = crawler.engine.downloader.handlers._handlers["http"] if crawler.engine else None
        print("STATUS", seen, "LAUNCHED", getattr(handler, "_launched", "?"),
              "PROVIDER", hasattr(handler, "browser_provider"))
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert "STATUS [200]" in proc.stdout, proc.stderr[-3000:]
    assert "PROVIDER False" in proc.stdout
    assert "Starting download handler" not in proc.stderr


def test_run_all_collects_goal_lines_and_survives_a_failing_bench(tmp_path: Path, monkeypatch, capsys) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    import run_all

    (tmp_path / "bench_a.py").write_text("print('hello')\nprint('bench: a_ratio 0.4 (goal >= 0.5)')\n")
    (tmp_path / "bench_b.py").write_text("import sys\nprint('bench: b_half 1')\nsys.exit(3)\n")
    (tmp_path / "bench_c.py").write_text("import time\nprint('bench: c_slow 1', flush=True)\ntime.sleep(30)\n")
    monkeypatch.setattr(run_all, "BENCH_DIR", tmp_path)
    monkeypatch.setattr(run_all, "TIME_LIMITS", {"bench_c.py": 2})
    assert run_all.main([]) == 1
    out = capsys.readouterr().out
    tail = out.split("goal lines:\n", 1)[1].splitlines()
    assert tail == ["bench: a_ratio 0.4 (goal >= 0.5)", "bench: b_half 1", "bench: bench_b FAILED (exit 3)",
                    "bench: c_slow 1", "bench: bench_c FAILED (stopped after 2 s)"]


def test_run_all_leaves_the_big_database_benches_to_be_run_by_name(tmp_path: Path, monkeypatch, capsys) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    import run_all

    for name in ("bench_a.py", "bench_publish.py"):
        (tmp_path / name).write_text("")
    monkeypatch.setattr(run_all, "BENCH_DIR", tmp_path)
    assert [p.name for p in run_all.benches([])] == ["bench_a.py"]
    assert "bench_publish.py: not in the goal run" in capsys.readouterr().out
    assert [p.name for p in run_all.benches(["publish"])] == ["bench_publish.py"]


def test_scrapy_bench_rate_is_read_from_its_log_stats() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_crawl import scrapy_bench_rate

    log = "\n".join(f"2026-12-01 20:15:3{i} [scrapy.extensions.logstats] INFO: Crawled {i * 10} pages "
                    f"(at {r} pages/min), scraped 0 items (at 0 items/min)" for i, r in enumerate([60, 600, 1200]))
    assert scrapy_bench_rate(log) == 15.0
