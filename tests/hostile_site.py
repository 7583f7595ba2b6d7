"""A tiny hostile government site for the hardening tests (issue 12), built at test time.

One portal column on ``127.0.0.1:<port>`` whose articles are: a GBK page labelled UTF-8, a
report titled with ``<script>``, a ``window._CONFIG`` that loops forever, an endless page,
a redirect to another port of the same host, and a work plan (not a report). A second
server on another port counts every request that reaches it (it must get none).
"""

from __future__ import annotations

import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

GBK_TITLE = "广州市测试区编码局2022年政府信息公开工作年度报告"
XSS_TITLE = "广州市测试区<script>alert(1)</script>局2022年政府信息公开工作年度报告"
LOOP_TITLE = "广州市测试区死循环局2022年政府信息公开工作年度报告"
BIG_TITLE = "广州市测试区无尽页局2022年政府信息公开工作年度报告"
MOVED_TITLE = "广州市测试区跳转局2022年政府信息公开工作年度报告"
PLAN_TITLE = "广州市测试区2023年政务公开工作要点"
NESTED_TITLE = "广州市测试区嵌套局2022年政府信息公开工作年度报告"


def _article(title: str, *, extra_head: str = "", charset: str = "utf-8") -> str:
    from html import escape

    agency = re.sub(r"^广州市测试区|2022年.*$", "", title) or "测试"

    body = "".join(f"<p>（{i}）本年度依申请公开情况良好，共收到申请{i}件，均已按期答复。</p>" for i in range(1, 30))
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{escape(title)}</title>'
            f'<meta name="ArticleTitle" content="{escape(title)}"><meta name="PubDate" content="2023-01-20 10:00">'
            f"{extra_head}</head><body><div class=\"text_con\"><div class=\"text_con_tit\"><h1>{escape(title)}</h1>"
            "<div class=\"text_con_info\"><span>时间：2023-01-20 10:00</span>"
            f"<span>来源：广州市测试区{escape(agency)}</span></div></div>"
            f"<div class=\"text_con_main\" id=\"zoomcon\"><p>{escape(title)}</p>{body}</div></div></body></html>")


ARTICLES = {  # path → (listing title, kind)
    "/col/content/post_1.html": (GBK_TITLE, "gbk"),
    "/col/content/post_2.html": (XSS_TITLE, "xss"),
    "/col/content/post_3.html": (LOOP_TITLE, "loop"),
    "/col/content/post_4.html": (BIG_TITLE, "endless"),
    "/col/content/post_5.html": (MOVED_TITLE, "redirect"),
    "/col/content/post_6.html": ("广州市测试区计划局2022年政府信息公开工作年度报告", "plan"),
    "/col/content/post_7.html": (NESTED_TITLE, "nested"),
}


def listing(base: str) -> str:
    from html import escape

    rows = "".join(f'<div class="list_li"><a href="{base}{path}" title="{escape(t)}">{escape(t)}</a>'
                   f"<span>2023-01-20</span></div>" for path, (t, _) in ARTICLES.items())
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body>'
            f'<div class="column-title"><h2>政府信息公开年报</h2></div><div class="list_box">{rows}</div></body></html>')


class HostileSite:
    """Both servers; ``.url`` is the site, ``.other_hits`` the requests the other port got."""

    def __init__(self) -> None:
        self.other_hits: list[str] = []
        self.endless_bytes = 0
        site = self

        class Other(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                site.other_hits.append(self.path)
                body = _article(MOVED_TITLE + "（镜像）").encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: object) -> None:
                pass

        self.other = ThreadingHTTPServer(("127.0.0.1", 0), Other)

        class Site(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                path = self.path.split("?")[0]
                if path in ("/", "/col/index.html"):
                    return self._send(listing(site.url).encode())
                if path == "/robots.txt":
                    return self._send(b"", ctype="text/plain")
                kind = ARTICLES.get(path, (None, None))[1]
                if kind == "gbk":
                    return self._send(_article(GBK_TITLE).encode("gbk"))  # says utf-8 (header and meta)
                if kind == "xss":
                    return self._send(_article(XSS_TITLE).encode())
                if kind == "loop":
                    head = "<script>window._CONFIG = (function(){while(true){}})();</script>"
                    return self._send(_article(LOOP_TITLE, extra_head=head).encode())
                if kind == "nested":  # a _CONFIG nested 200,000 deep: the parser's recursion bomb
                    head = "<script>window._CONFIG = {a: " + "[" * 200000 + "]" * 200000 + "};</script>"
                    return self._send(_article(NESTED_TITLE, extra_head=head).encode())
                if kind == "plan":
                    return self._send(_article(PLAN_TITLE).encode())
                if kind == "redirect":
                    self.send_response(302)
                    self.send_header("Location", f"http://127.0.0.1:{site.other.server_address[1]}{path}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
                if kind == "endless":
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Connection", "close")
                    self.end_headers()
                    self.close_connection = True
                    chunk = _article(BIG_TITLE).encode() + b"<p>" + b"x" * 65536 + b"</p>"
                    try:
                        while site.endless_bytes < 512 * 1024 * 1024:
                            self.wfile.write(chunk)
                            site.endless_bytes += len(chunk)
                    except OSError:
                        pass
                    return None
                self.send_error(404)
                return None

            def _send(self, body: bytes, ctype: str = "text/html; charset=utf-8") -> None:
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
        self.server.daemon_threads = self.other.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        for srv in (self.server, self.other):
            threading.Thread(target=srv.serve_forever, daemon=True).start()
        time.sleep(0.05)

    def registry(self, path: Path) -> Path:
        """An operator's registry file naming this site (key ``hostile``)."""
        host = self.url.removeprefix("http://")
        path.write_text(
            "sites:\n"
            "  - key: hostile\n"
            "    name: 广州市测试区人民政府\n"
            "    district: 测试区\n"
            f"    host: '{host}'\n"
            "    scheme: http\n"
            "    portal:\n"
            "      columns: [/col/index.html]\n", encoding="utf-8")
        return path

    def stop(self) -> None:
        for srv in (self.server, self.other):
            srv.shutdown()
            srv.server_close()
