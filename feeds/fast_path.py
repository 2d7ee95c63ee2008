"""The feed server's fast path: published files answered by the connection's own protocol.

Every connection starts with a `FastProtocol`. It reads a request's head and, when it is a plain GET or HEAD
of a published file (no query, no body, nothing unusual) whose answer is a 304 or a body kept in memory,
writes the answer straight from bytes prepared once per file version (`feeds.static_files.Prepared`): no
aiohttp request, response or header objects. Anything else — a query, a page, a file not kept in memory, a
path that is no file, a malformed or unusual request — hands the connection, with the bytes read so far,
to aiohttp's request handler, which keeps it from then on; so aiohttp answers every case the fast path
does not, with the same behaviour as before (`feeds.server`).

The fast path keeps the server's bounds: a connection must send a request's whole head within
`idle_timeout` of opening or of its previous response (an idle keep-alive connection is closed after the
same time); a head larger than aiohttp's limit is handed over (aiohttp answers 400); a client that stops
reading for `send_timeout` seconds is dropped; the connection cap counts these connections too.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from email.utils import formatdate
from typing import NamedTuple, cast

from aiohttp import web

from .browse import PAGES
from .static_files import StaticFiles, safe_relative, wants_gzip
from .stylesheet import browser_content_type

MAX_HEAD = 8190
"""A head longer than this goes to aiohttp (its limit is 8190 bytes per line: it answers 400 past it)."""

_REQUEST_LINE = re.compile(rb"(GET|HEAD) (/[!-~]*) HTTP/1\.([01])\r\n")
_HEADER_LINES = re.compile(rb"(?:[!#$%&'*+.^_`|~0-9A-Za-z-]+:[\t -~]*\r\n)*")
CACHED_HEAD = 2048
"""Request heads up to this many bytes are kept parsed (`CACHED_HEADS` of them; the cache starts afresh past it)."""
CACHED_HEADS = 4096
_HANDED_OVER = frozenset({b"content-length", b"transfer-encoding", b"upgrade", b"expect"})
"""Headers of requests the fast path leaves to aiohttp (a body, a protocol switch)."""
_CONTENT_TYPE_PREFIX = b"\r\nContent-Type: "
_BROWSER_VARY = (b"\r\nVary: Accept-Encoding\r\n", b"\r\nVary: Accept, Accept-Encoding\r\n")


class FastPath:
    """What the fast connections share; called as the listening socket's protocol factory."""

    def __init__(self, files: StaticFiles, server: web.Server, idle_timeout: float, send_timeout: float,
                 access_log: logging.Logger) -> None:
        self.files = files
        self.server = server
        self.idle_timeout = idle_timeout
        self.send_timeout = send_timeout
        self.access_log = access_log
        self.connections: set[FastProtocol] = set()
        self.heads: dict[bytes, Request] = {}
        self.logging = access_log.isEnabledFor(logging.INFO)
        """Whether requests are logged (checked again once a second)."""
        self._second = 0
        self._date = b""

    def __call__(self) -> FastProtocol:
        return FastProtocol(self)

    @property
    def open_connections(self) -> int:
        """Connections open on either path (the cap counts both)."""
        return len(self.connections) + len(self.server.connections)

    def date_line(self) -> bytes:
        """The `Date:` header line, formatted once a second."""
        now = int(time.time())
        if now != self._second:
            self._second = now
            self._date = b"Date: " + formatdate(now, usegmt=True).encode() + b"\r\n"
            self.logging = self.access_log.isEnabledFor(logging.INFO)
        return self._date

    def close_all(self) -> None:
        """Close every connection still on the fast path (the server stops)."""
        for connection in list(self.connections):
            connection.close()


class FastProtocol(asyncio.Protocol):
    """One connection, answered here while its requests are plain GETs/HEADs of files kept in memory."""

    def __init__(self, shared: FastPath) -> None:
        self._shared = shared
        self._loop = asyncio.get_running_loop()
        self._transport: asyncio.Transport | None = None
        self._buffer = b""
        self._deadline = 0.0
        self._idle_timer: asyncio.TimerHandle | None = None
        self._send_timer: asyncio.TimerHandle | None = None
        self._paused = False

    # -- connection events -----------------------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = cast(asyncio.Transport, transport)  # uvloop's transports are no subclasses
        self._shared.connections.add(self)
        self._deadline = self._loop.time() + self._shared.idle_timeout
        self._idle_timer = self._loop.call_at(self._deadline, self._check_idle)

    def connection_lost(self, exc: Exception | None) -> None:
        self._forget()

    def data_received(self, data: bytes) -> None:
        self._buffer = self._buffer + data if self._buffer else data
        if not self._paused:
            self._process()

    def pause_writing(self) -> None:
        self._paused = True
        if self._transport is not None:
            self._transport.pause_reading()
            self._send_timer = self._loop.call_later(self._shared.send_timeout, self._transport.abort)

    def resume_writing(self) -> None:
        self._paused = False
        if self._send_timer is not None:
            self._send_timer.cancel()
            self._send_timer = None
        if self._transport is not None and not self._transport.is_closing():
            self._deadline = self._loop.time() + self._shared.idle_timeout
            self._transport.resume_reading()
            if self._buffer:
                self._loop.call_soon(self._process)

    def close(self) -> None:
        """Close the connection (what is written is still sent)."""
        if self._transport is not None:
            self._transport.close()
        self._forget()

    def _forget(self) -> None:
        self._shared.connections.discard(self)
        for timer in (self._idle_timer, self._send_timer):
            if timer is not None:
                timer.cancel()
        self._idle_timer = self._send_timer = None

    def _check_idle(self) -> None:
        """The idle timer: close when no whole head came by the deadline (which each response moves on)."""
        if self._transport is None or self._transport.is_closing():
            return
        now = self._loop.time()
        if self._paused:  # a slow reader is the send timeout's business
            self._idle_timer = self._loop.call_at(now + self._shared.idle_timeout, self._check_idle)
            return
        if now < self._deadline:
            self._idle_timer = self._loop.call_at(self._deadline, self._check_idle)
            return
        self.close()

    # -- requests --------------------------------------------------------------------------------------------

    def _process(self) -> None:
        transport = self._transport
        while self._buffer and not self._paused and transport is not None and not transport.is_closing():
            buffer = self._buffer
            if not (b"GET /".startswith(buffer[:5]) or b"HEAD /".startswith(buffer[:6])):  # another method, TLS…
                self._hand_over()
                return
            end = buffer.find(b"\r\n\r\n", 0, MAX_HEAD + 4)
            if end < 0 or end + 2 > MAX_HEAD:
                if len(buffer) > MAX_HEAD:
                    self._hand_over()
                return
            try:
                answer = self._answer(buffer[:end + 2])
            except Exception:  # a bug here must not cost the request: aiohttp answers it (a 500 at worst)
                self._shared.access_log.exception("fast path: error answering %r", buffer[:200])
                answer = None
            if answer is None:
                self._hand_over()
                return
            data, keep_alive = answer
            self._buffer = buffer[end + 4:]
            transport.write(data)
            if not keep_alive:
                self.close()
                return
            self._deadline = self._loop.time() + self._shared.idle_timeout

    def _answer(self, head: bytes) -> tuple[bytes, bool] | None:
        """The whole answer to the request whose head (request line and header lines) is `head`, and whether the
        connection stays open; None when aiohttp must answer."""
        shared = self._shared
        request = shared.heads.get(head)
        if request is None:
            request = _parse(head)
            if request is None:
                return None
            if len(head) <= CACHED_HEAD:
                if len(shared.heads) >= CACHED_HEADS:
                    shared.heads.clear()
                shared.heads[head] = request
        found = shared.files.quick(request.relative, request.gzip, request.conditions)
        if found is None:
            return None
        status_head, body = found
        parts = [status_head]
        if body is not None:
            if request.browser_type is not None:
                parts[0] = _with_content_type(status_head, request.browser_type)
            parts.append(b"Content-Length: %d\r\n" % len(body))
        parts += (shared.date_line(), request.connection_line, b"\r\n")
        if body is not None and request.send_body:
            parts.append(body)
        if shared.logging:
            self._log(head, status_head, len(body) if body is not None and request.send_body else 0)
        return b"".join(parts), request.keep_alive

    def _hand_over(self) -> None:
        """Give the connection, and what it sent so far, to aiohttp's request handler for good."""
        transport = self._transport
        buffer, self._buffer = self._buffer, b""
        self._forget()
        self._transport = None
        if transport is None or transport.is_closing():
            return
        handler = self._shared.server()
        transport.set_protocol(handler)
        handler.connection_made(transport)
        if buffer:
            handler.data_received(buffer)

    def _log(self, head: bytes, status_head: bytes, size: int) -> None:
        """An access-log line in aiohttp's format (`%a %t "%r" %s %b "%{Referer}i" "%{User-Agent}i"`)."""
        lines = head.decode("latin-1").split("\r\n")
        fields = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
        peer = self._transport.get_extra_info("peername") if self._transport is not None else None
        when = time.strftime("[%d/%b/%Y:%H:%M:%S +0000]", time.gmtime())
        self._shared.access_log.info('%s %s "%s" %s %d "%s" "%s"', peer[0] if peer else "-", when, lines[0],
                                     status_head[9:12].decode(), size, fields.get("referer", "-"),
                                     fields.get("user-agent", "-"))


class Request(NamedTuple):
    """What the fast path needs of a request head (cached by the head's bytes: clients repeat theirs)."""

    relative: str
    send_body: bool
    gzip: bool
    conditions: dict[str, str]
    browser_type: str | None
    keep_alive: bool
    connection_line: bytes


def _parse(head: bytes) -> Request | None:
    """The request whose head is `head`; None when it is not a plain GET or HEAD of a path inside the directory
    without a query (aiohttp answers it)."""
    request = _REQUEST_LINE.match(head)
    if request is None:
        return None
    lines = head[request.end():]
    if not _HEADER_LINES.fullmatch(lines):
        return None
    method, target, minor = request.groups()
    if b"?" in target or b"#" in target:
        return None
    conditions: dict[str, str] = {}
    accept_encoding = accept = connection = b""
    host = False
    for line in lines.split(b"\r\n")[:-1]:
        name, _, value = line.partition(b":")
        name = name.lower()
        if name in _HANDED_OVER:
            return None
        if name == b"if-none-match":
            conditions.setdefault("If-None-Match", value.strip().decode("latin-1"))
        elif name == b"if-modified-since":
            conditions.setdefault("If-Modified-Since", value.strip().decode("latin-1"))
        elif name == b"accept-encoding":
            accept_encoding = accept_encoding or value
        elif name == b"accept":
            accept = accept or value
        elif name == b"connection":
            connection = connection or value.lower()
        elif name == b"host":
            host = True
    if minor == b"1" and not host:
        return None  # aiohttp answers 400 (RFC 9112: Host is required in HTTP/1.1)
    path = target.decode("ascii")
    try:
        relative = safe_relative(path)
    except UnicodeDecodeError:
        return None
    if relative is None or relative in PAGES:
        return None
    if minor == b"1":
        keep_alive = b"close" not in connection
        connection_line = b"" if keep_alive else b"Connection: close\r\n"
    else:
        keep_alive = b"keep-alive" in connection
        connection_line = b"Connection: keep-alive\r\n" if keep_alive else b""
    return Request(relative, method == b"GET", _accepts_gzip(accept_encoding), conditions,
                   browser_content_type(path, accept.decode("latin-1")) if accept else None, keep_alive,
                   connection_line)


def _accepts_gzip(value: bytes) -> bool:
    """`feeds.static_files.wants_gzip` for a raw Accept-Encoding value."""
    if not value:
        return False
    if value.strip().lower() == b"gzip":
        return True
    return wants_gzip({"Accept-Encoding": value.decode("latin-1")})


def _with_content_type(status_head: bytes, content_type: str) -> bytes:
    """`status_head` with another Content-Type, and Vary naming Accept (a feed a browser opens as a page)."""
    start = status_head.index(_CONTENT_TYPE_PREFIX) + len(_CONTENT_TYPE_PREFIX)
    end = status_head.index(b"\r\n", start)
    changed = status_head[:start] + content_type.encode("latin-1") + status_head[end:]
    return changed.replace(*_BROWSER_VARY)

