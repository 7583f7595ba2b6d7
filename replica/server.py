"""The replica's HTTP server: a forward proxy that answers for the replica's host names.

Clients reach the replica exactly as they would reach the real sites through a proxy
(``GET http://www.panyu.gov.cn/path``), so crawl code and recorded URLs are the same
offline and live. Direct requests are answered for their ``Host:`` header; requests to
any other host get 502 (nothing is ever forwarded), and ``CONNECT`` gets 501 so clients
fall back to http. What is served comes from ``replica/data/manifest.json`` (one state at
a time); the fault modes of ``replica.faults`` are switched per host at run time.
"""

from __future__ import annotations

import http.client
import json
import re
import secrets
import socket
import struct
import sys
import threading
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from replica import county_api
from replica import faults as fm

DATA_DIR = Path(__file__).resolve().parent / "data"
LOG_LIMIT = 20_000
CST = timezone(timedelta(hours=8))
COUNTER_RE = re.compile(rb'(<span id="visit-count">)\d+(</span>)')
TIME_RE = re.compile(rb'(<span id="page-time">)[^<]*(</span>)')
TOKEN_RE = re.compile(rb'(<input type="hidden" name="csrf_token" value=")[0-9a-f]*(">)')


class ReplicaData:
    """The manifest and the files it names, read once and kept in memory."""

    def __init__(self, data_dir: Path):
        self.dir = Path(data_dir)
        path = self.dir / "manifest.json"
        if not path.exists():
            raise FileNotFoundError(f"{path} is missing: run `nianbao replica generate` first")
        self.manifest = json.loads(path.read_text(encoding="utf-8"))
        self.hosts = {urlsplit(u).hostname for st in self.manifest["states"].values() for u in st["routes"]}
        # gkmlpt installations: (host, prefix) -> SID, to answer API requests with or without sid
        self.sids = {(c["host"], c["prefix"]): c["sid"] for s in self.manifest["sites"]
                     for c in s.get("catalogues", [])}
        self._files: dict[str, bytes] = {}
        self._datasets: dict[str, dict] = {}
        self._lock = threading.Lock()

    def file(self, rel: str) -> bytes:
        with self._lock:
            if rel not in self._files:
                self._files[rel] = (self.dir / rel).read_bytes()
            return self._files[rel]

    def dataset(self, rel: str) -> dict:
        """A list API's records (county sites), parsed once."""
        with self._lock:
            if rel not in self._datasets:
                self._datasets[rel] = json.loads((self.dir / rel).read_bytes())
            return self._datasets[rel]

    def state(self, name: str) -> dict:
        try:
            return self.manifest["states"][name]
        except KeyError:
            raise ValueError(f"unknown state {name!r}; known: {sorted(self.manifest['states'])}") from None


def canonical_url(host: str, path: str, query: str, sids: dict[tuple[str, str], str] | None = None) -> str:
    """The manifest's key for a request: lower-case host, query parameters sorted.

    gkmlpt API requests are keyed ``?page=N``: the installation's own ``sid`` may be
    given or left out (another sid finds nothing), and page 0 or no page means page 1.
    """
    host = host.lower()
    url = f"http://{host}{path or '/'}"
    params = parse_qsl(query, keep_blank_values=True)
    if "/gkmlpt/api/" in path and sids is not None:
        prefix = path.split("gkmlpt/api/", 1)[0] + "gkmlpt/"
        sid = sids.get((host, prefix))
        rest = [(k, v) for k, v in params if k != "sid"]
        if sid is not None and all(v == sid for k, v in params if k == "sid"):
            page = dict(rest).get("page", "1")
            params = [(k, v) for k, v in rest if k != "page"] + [("page", "1" if page in ("0", "") else page)]
    if params:
        url += "?" + urlencode(sorted(params))
    return url


class ReplicaServer:
    """A running replica (``start_in_thread``) or one about to ``serve_forever``."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, state: str = "night1",
                 data_dir: Path | None = None, faults: dict | None = None):
        self.data = ReplicaData(data_dir or DATA_DIR)
        self.data.state(state)
        self.state = state
        self.faults = fm.Faults.from_dict(self.data.manifest.get("default_faults", {}) if faults is None else faults)
        self.limiter = fm.RateLimiter(float(self.data.manifest.get("rate_limit_seconds", 0.5)))
        self.stopping = threading.Event()
        self.visits = 100_000
        self.log: list[dict] = []
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.httpd = _HTTPServer((host, port), _Handler)
        self.httpd.replica = self

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def set_state(self, name: str) -> None:
        self.data.state(name)
        self.state = name

    def set_faults(self, spec: dict) -> None:
        """Replace the fault settings (``{}`` clears all, default faults included)."""
        self.faults = fm.Faults.from_dict(spec)

    def manifest(self) -> dict:
        """The manifest of the current state (what ``/_replica/manifest`` answers)."""
        m = self.data.manifest
        return {"state": self.state, "sites": m["sites"], "county_sites": m.get("county_sites", []),
                "offsite_hosts": m.get("offsite_hosts", []),
                "faults": self.faults.to_dict(),
                "default_faults": m.get("default_faults", {}), **m["states"][self.state]}

    def record(self, entry: dict) -> None:
        with self._lock:
            self.log.append(entry)
            del self.log[:-LOG_LIMIT]

    def requests(self, clear: bool = False) -> list[dict]:
        """The requests served so far (oldest first); ``clear`` empties the log after reading."""
        with self._lock:
            out = list(self.log)
            if clear:
                self.log.clear()
            return out

    def next_visit(self) -> int:
        with self._lock:
            self.visits += 1
            return self.visits

    def serve_forever(self) -> None:
        self.httpd.serve_forever(poll_interval=0.2)

    def start(self) -> ReplicaServer:
        self._thread = threading.Thread(target=self.serve_forever, name="replica", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self.httpd.server_close()

    def __enter__(self) -> ReplicaServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 128  # the default 5 drops SYNs under a concurrent crawl (1 s retries)
    replica: ReplicaServer


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 60  # idle keep-alive connections give their thread back
    server: _HTTPServer

    # ------------------------------------------------------------------ plumbing

    def version_string(self) -> str:
        return "nginx"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass  # requests are kept in the replica's own log (/_replica/log)

    @property
    def replica(self) -> ReplicaServer:
        return self.server.replica

    def _target(self) -> tuple[str, str, str, bool]:
        """(host, path, query, proxied) of the request line."""
        if self.path.startswith(("http://", "https://")):
            parts = urlsplit(self.path)
            return (parts.hostname or "").lower(), parts.path or "/", parts.query, True
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]").lower()
        path, _, query = self.path.partition("?")
        return host, path, query, False

    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None, *,
              mime: str = "text/html; charset=utf-8", truncate: bool = False) -> None:
        self.send_response(status)
        headers = {"Content-Type": mime, **(headers or {})}
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        if truncate:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command == "HEAD" or status == 304:
            return
        if truncate:
            self.wfile.write(body[: len(body) // 2])
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        self.wfile.write(body)

    def _json(self, status: int, obj: object) -> None:
        self._send(status, json.dumps(obj, ensure_ascii=False).encode(), mime="application/json; charset=utf-8")

    def _reset(self) -> None:
        """Abort the connection with a TCP RST, as some sites do to non-browsers."""
        self.close_connection = True
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()

    def _log(self, url: str, status: int, proxied: bool, fault: str | None = None) -> None:
        self.replica.record({"time": datetime.now(UTC).isoformat(timespec="milliseconds"),
                             "client": self.client_address[0], "method": self.command, "url": url,
                             "status": status, "proxied": proxied, "fault": fault,
                             "user_agent": self.headers.get("User-Agent", "")})

    # ------------------------------------------------------------------ methods

    def do_CONNECT(self) -> None:
        self._log(self.path, 501, True, None)
        self._send(501, b"CONNECT is not supported: use http://", mime="text/plain; charset=utf-8")

    def do_GET(self) -> None:
        self._handle()

    def do_HEAD(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def _handle(self) -> None:
        host, path, query, proxied = self._target()
        if host not in self.replica.data.hosts:
            if not proxied and path.startswith("/_replica/"):
                return self._control(path)
            status = 502 if proxied else 404
            self._log(self.path, status, proxied, None)
            return self._send(status, f"replica does not serve {host or 'this host'}".encode(),
                              mime="text/plain; charset=utf-8")
        url = canonical_url(host, path, query, self.replica.data.sids)
        datasets = self.replica.data.state(self.replica.state).get("datasets", {})
        dataset = datasets.get(f"http://{host}{path}")
        if self.command not in ("GET", "HEAD") and not (dataset and self.command == "POST"):
            self._log(url, 405, proxied)
            return self._send(405, b"method not allowed", {"Allow": "GET, HEAD"}, mime="text/plain")
        form = self._form() if dataset and self.command == "POST" else []
        if form:
            url = canonical_url(host, path, "&".join(filter(None, [query, urlencode(form)])))
        fault = self._fault(host, path)
        if fault == "reset_non_browser":
            self._log(url, 0, proxied, fault)
            return self._reset()
        if fault is not None:
            return self._fault_answer(fault, host, url, proxied)
        if dataset:
            return self._serve_dataset(dataset, query, form, url, proxied)
        self._serve(host, url, proxied)

    def _form(self) -> list[tuple[str, str]]:
        """A POST's urlencoded form (Hanweb's dataproxy.jsp gets the column's ajaxParam this way)."""
        length = min(int(self.headers.get("Content-Length") or 0), 65_536)
        raw = self.rfile.read(length) if length else b""
        # names may be percent-encoded GBK (the page's own charset): only the ids are compared
        return parse_qsl(raw.decode("latin-1"), keep_blank_values=True, errors="replace")

    def _serve_dataset(self, route: dict, query: str, form: list[tuple[str, str]], url: str, proxied: bool) -> None:
        """A list API of a county site: the answer is sliced from the column's records per request."""
        params = dict(parse_qsl(query, keep_blank_values=True))
        params.update(dict(form))
        status, mime, body = county_api.answer(self.replica.data.dataset(route["file"]), params)
        self._log(url, status, proxied)
        self._send(status, body, {"Cache-Control": "no-cache"}, mime=mime)

    def _fault(self, host: str, path: str) -> str | None:
        """The fault this request runs into, if any (slow only delays, then answers)."""
        f = self.replica.faults
        if f.on("reset_non_browser", host) and not fm.is_browser(self.headers.get("User-Agent")):
            return "reset_non_browser"
        if f.on("slow", host):
            self.replica.stopping.wait(f.slow_seconds)
        if f.on("http500", host):
            return "http500"
        for mode in ("challenge521", "challenge412"):
            if f.on(mode, host) and fm.challenge(mode, self.headers.get("Cookie"), host) is not None:
                return mode
        if (f.on("gkmlpt_rate_limit", host) and "/gkmlpt/api/" in path
                and self.replica.limiter.too_fast(self.client_address[0], host)):
            return "gkmlpt_rate_limit"
        return None

    def _fault_answer(self, fault: str, host: str, url: str, proxied: bool) -> None:
        if fault == "http500":
            self._log(url, 500, proxied, fault)
            return self._send(500, b"<html><body><h1>500 Internal Server Error</h1></body></html>")
        if fault in ("challenge521", "challenge412"):
            status, body, headers = fm.challenge(fault, self.headers.get("Cookie"), host)
            self._log(url, status, proxied, fault)
            return self._send(status, body, headers)
        self._log(url, 404, proxied, fault)  # gkmlpt_rate_limit
        self._send(404, b'{"code":404,"msg":"not found"}', mime="application/json; charset=utf-8")

    def _serve(self, host: str, url: str, proxied: bool) -> None:
        routes = self.replica.data.state(self.replica.state)["routes"]
        route = routes.get(url)
        if route is None and url.endswith("/"):
            url += "index.html"
            route = routes.get(url)
        if route is None:
            self._log(url, 404, proxied)
            return self._send(404, NOT_FOUND)
        if route.get("status") in (301, 302):
            self._log(url, route["status"], proxied)
            return self._send(route["status"], b"", {"Location": route["location"]})
        cookie = route.get("cookie")
        if cookie and fm.cookies(self.headers.get("Cookie")).get(cookie["name"]) != cookie["value"]:
            self._log(url, 403, proxied, "cookie")
            return self._send(403, b'{"code":403,"msg":"forbidden"}', mime="application/json; charset=utf-8")
        broken = self.replica.faults.on("broken_layout", host) and "broken_file" in route
        body = self.replica.data.file(route["broken_file"] if broken else route["file"])
        headers: dict[str, str] = dict(route.get("headers") or {})
        if route.get("dynamic"):
            body = self._dynamic(body)
            headers["Cache-Control"] = "no-cache"
        else:
            headers["ETag"] = f'"{route["sha256"]}"' if not broken else f'"broken-{route["sha256"][:32]}"'
            if "last_modified" in route:
                headers["Last-Modified"] = route["last_modified"]
            if self._not_modified(headers):
                self._log(url, 304, proxied)
                return self._send(304, body, headers, mime=route["mime"])  # body is not sent
        truncate = self.replica.faults.on("truncate", host)
        self._log(url, 200, proxied, "truncate" if truncate else ("broken_layout" if broken else None))
        self._send(200, body, headers, mime=route["mime"], truncate=truncate)

    def _dynamic(self, body: bytes) -> bytes:
        """Rewrite the chrome's visit counter, generation time and form token, as a live CMS would."""
        now = datetime.now(CST).strftime("%Y-%m-%d %H:%M:%S").encode()
        body = COUNTER_RE.sub(rb"\g<1>" + str(self.replica.next_visit()).encode() + rb"\g<2>", body, count=1)
        body = TIME_RE.sub(rb"\g<1>" + now + rb"\g<2>", body, count=1)
        return TOKEN_RE.sub(rb"\g<1>" + secrets.token_hex(8).encode() + rb"\g<2>", body, count=1)

    def _not_modified(self, headers: dict[str, str]) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
            return "*" in tags or headers["ETag"] in tags
        ims, lm = self.headers.get("If-Modified-Since"), headers.get("Last-Modified")
        if ims and lm:
            try:
                return parsedate_to_datetime(lm) <= parsedate_to_datetime(ims)
            except (TypeError, ValueError):
                return False
        return False

    # ------------------------------------------------------------------ control

    def _body_json(self) -> object:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        return json.loads(raw or b"{}")

    def _control(self, path: str) -> None:
        r = self.replica
        self._log(self.path, 200, False, "control")
        try:
            if path == "/_replica/manifest":
                return self._json(200, r.manifest())
            if path == "/_replica/state":
                if self.command == "POST":
                    r.set_state(str(self._body_json().get("state")))
                return self._json(200, {"state": r.state, "states": sorted(r.data.manifest["states"])})
            if path == "/_replica/faults":
                if self.command == "POST":
                    r.set_faults(self._body_json())
                return self._json(200, r.faults.to_dict())
            if path == "/_replica/log":  # DELETE (or POST) reads and clears
                return self._json(200, r.requests(clear=self.command in ("DELETE", "POST")))
        except (ValueError, AttributeError, fm.FaultConfigError) as exc:
            return self._json(400, {"error": str(exc)})
        self._json(404, {"error": f"unknown control endpoint {path}",
                         "endpoints": ["/_replica/manifest", "/_replica/state", "/_replica/faults", "/_replica/log"]})

    def handle(self) -> None:
        try:
            super().handle()
        except (ConnectionError, OSError):
            pass  # the client went away (or we reset it on purpose)


NOT_FOUND = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>404 页面不存在</title></head>"
             "<body><h1>404</h1><p>您访问的页面不存在或已被删除。</p></body></html>").encode()


def start_in_thread(port: int = 0, state: str = "night1", *, host: str = "127.0.0.1",
                    data_dir: Path | None = None, faults: dict | None = None) -> ReplicaServer:
    """Start a replica on a background thread; ``faults=None`` means the manifest's defaults."""
    return ReplicaServer(host, port, state, data_dir, faults).start()


def serve_forever(host: str = "127.0.0.1", port: int = 8900, state: str = "night1") -> None:
    """Serve until interrupted (``nianbao replica serve``)."""
    server = ReplicaServer(host, port, state)
    print(f"replica ({state}) at {server.url} — use it as an HTTP proxy; control: {server.url}/_replica/manifest",
          file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()



def proxy_get(proxy_url: str, url: str, headers: dict[str, str] | None = None, *, method: str = "GET",
              timeout: float = 10.0) -> tuple[int, dict[str, str], bytes]:
    """One request through the replica as a proxy, redirects not followed (for tests/scripts)."""
    parts = urlsplit(proxy_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.request(method, url, headers={"User-Agent": BROWSER_UA, **(headers or {})})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


BROWSER_UA = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/124.0 Safari/537.36")
