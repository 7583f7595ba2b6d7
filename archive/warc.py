"""One WARC file per run (``<warc_dir>/<run_id>.warc.gz``): every fetch as request+response.

Why: web archivists replay and audit with their own tools (pywb, warcio, ReplayWeb.page);
a standard WARC of each night is the exchange format they trust, independent of our
database. Each record is its own gzip member, flushed at once, so a killed run leaves
every complete record readable.
"""

from __future__ import annotations

import http
import io
from collections.abc import Iterable, Mapping
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

# Scrapy hands us decoded bodies, so headers describing the transfer encoding would lie.
_DROP_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


def _reason(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def _header_pairs(headers: Mapping[str, object] | Iterable[tuple[str, str]] | None) -> list[tuple[str, str]]:
    """Headers as (name, value) pairs, from a dict of str/list/bytes values."""
    if not headers:
        return []
    items = headers.items() if isinstance(headers, Mapping) else headers
    pairs: list[tuple[str, str]] = []
    for name, value in items:
        name = name.decode("latin-1") if isinstance(name, bytes) else str(name)
        values = value if isinstance(value, (list, tuple)) else [value]
        for v in values:
            pairs.append((name, v.decode("latin-1") if isinstance(v, bytes) else str(v)))
    return pairs


class RunWarc:
    """Appends request/response record pairs of one run to its WARC file."""

    def __init__(self, warc_dir: Path, run_id: str) -> None:
        warc_dir.mkdir(parents=True, exist_ok=True)
        self.path = warc_dir / f"{run_id}.warc.gz"
        new = not self.path.exists()
        self._fh = open(self.path, "ab")
        self._writer = WARCWriter(self._fh, gzip=True)
        if new:
            info = self._writer.create_warcinfo_record(
                self.path.name, {"software": "nianbao", "format": "WARC File Format 1.1", "run-id": run_id})
            self._write(info)

    def _write(self, record: object) -> None:
        self._writer.write_record(record)
        self._fh.flush()

    def write_exchange(self, *, url: str, status: int, headers: object, body: bytes, fetched_at: str,
                       request_headers: object = None, method: str = "GET") -> None:
        """Record one HTTP exchange (a 304 or an error answer is recorded as well)."""
        resp_headers = [(k, v) for k, v in _header_pairs(headers) if k.lower() not in _DROP_HEADERS]
        resp_headers.append(("Content-Length", str(len(body))))
        http_headers = StatusAndHeaders(f"{status} {_reason(status)}", resp_headers, protocol="HTTP/1.1")
        response = self._writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=http_headers,
            warc_headers_dict={"WARC-Date": fetched_at})
        path = "/" + url.split("://", 1)[-1].split("/", 1)[-1] if "://" in url else url
        req_headers = StatusAndHeaders(f"{method} {path} HTTP/1.1", _header_pairs(request_headers),
                                       is_http_request=True)
        request = self._writer.create_warc_record(
            url, "request", payload=io.BytesIO(b""), http_headers=req_headers,
            warc_headers_dict={"WARC-Date": fetched_at,
                               "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID")})
        self._write(response)
        self._write(request)

    def close(self) -> None:
        self._fh.close()
