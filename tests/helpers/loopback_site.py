"""A real HTTP site on 127.0.0.1 for end-to-end tests.

Pages are a mutable dict of path → (bytes, content type); every request is
logged (method, path, status, request headers). Responses carry ETag and
Last-Modified and answer conditional requests with 304, like a real server.
Scripted responses (`script`) let a test return e.g. 503 with Retry-After once.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class LoggedRequest:
    method: str
    path: str
    status: int
    headers: dict[str, str]
    time: float


@dataclass
class Page:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    last_modified: float = field(default_factory=lambda: time.time() - 3600)
    headers: dict[str, str] = field(default_factory=dict)
    """Further response headers (e.g. Content-Encoding)."""


class LoopbackSite:
    """A threaded HTTP server on an ephemeral loopback port."""

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.log: list[LoggedRequest] = []
        self.script: dict[str, list[tuple[int, dict[str, str], bytes]]] = {}
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

            def do_HEAD(self) -> None:
                self.do_GET(head=True)

            def do_GET(self, head: bool = False) -> None:
                status, headers, body = site._respond(self.path, dict(self.headers.items()))
                with site._lock:
                    site.log.append(LoggedRequest(self.command, self.path, status, dict(self.headers.items()),
                                                  time.monotonic()))
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if not head and status != 304:
                    self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        # shutdown() waits for serve_forever's next poll: 0.5 s by default, on every test's teardown
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8",
            headers: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.pages[path] = Page(data, content_type, headers=dict(headers or {}))

    def requests_for(self, prefix: str = "", method: str = "GET") -> list[LoggedRequest]:
        with self._lock:
            return [r for r in self.log if r.path.startswith(prefix) and r.method == method]

    def clear_log(self) -> None:
        with self._lock:
            self.log.clear()

    def _respond(self, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        with self._lock:
            queue = self.script.get(path)
            if queue:
                return queue.pop(0)
        page = self.pages.get(path.split("?", 1)[0])
        if page is None:
            if path == "/robots.txt":
                return 200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"
            return 404, {"Content-Type": "text/plain"}, b"not found"
        etag = '"' + hashlib.sha256(page.body).hexdigest()[:20] + '"'
        out = {"Content-Type": page.content_type, "ETag": etag,
               "Last-Modified": formatdate(page.last_modified, usegmt=True), "Cache-Control": "no-cache",
               **page.headers}
        if headers.get("If-None-Match") == etag:
            return 304, out, b""
        return 200, out, page.body

    def start(self) -> LoopbackSite:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class SlowSite(LoopbackSite):
    """A loopback site whose listed paths answer only after a delay (or when `release` is set)."""

    def __init__(self) -> None:
        super().__init__()
        self.delays: dict[str, float] = {}
        self.release = threading.Event()

    def _respond(self, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        delay = self.delays.get(path.split("?", 1)[0])
        if delay:
            with self._lock:  # visible to the test as soon as the slow request arrives
                self.log.append(LoggedRequest("SLOW", path, 0, {}, time.monotonic()))
            self.release.wait(delay)
        return super()._respond(path, headers)

    def stop(self) -> None:
        self.release.set()
        super().stop()
