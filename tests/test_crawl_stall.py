"""A crawl child that stops talking is killed, and the crawl fails with the reason (never a hang).

The site accepts connections and never answers; the download timeout is set far beyond the
stall bound, so the only thing that can end the crawl is the parent's watchdog.
"""

from __future__ import annotations

import socket
import threading
import time

import pytest

from crawler.config import Config
from crawler.crawl import crawl
from crawler.registry import Site

FAST = {"NIANBAO_DOWNLOAD_DELAY": 0, "ROBOTSTXT_OBEY": False, "RETRY_ENABLED": False, "LOG_LEVEL": "WARNING",
        "DOWNLOAD_TIMEOUT": 600, "NIANBAO_BROWSER": False}


@pytest.fixture
def silent_server():
    """127.0.0.1:<port> that accepts every connection and says nothing."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        sock.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(sock.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"127.0.0.1:{sock.getsockname()[1]}"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    sock.close()


def test_a_silent_crawl_child_is_killed_and_the_crawl_fails_with_the_reason(silent_server, tmp_path):
    site = Site(key="silent", name="广州市测试区人民政府", district="测试区", host=silent_server, scheme="http",
                portal_columns=("/col/index.html",))
    items: list[dict] = []
    started = time.monotonic()
    with pytest.raises(RuntimeError, match=r"crawl stalled: no request finished and no item for 6 s"):
        crawl(Config(tmp_path), sites=[site], item_sink=items.append, settings_overrides=FAST, isolate=True,
              stall_seconds=6)
    took = time.monotonic() - started
    assert took < 60, took  # the bound, plus the child's start-up; not the 600 s download timeout
    assert items == []
