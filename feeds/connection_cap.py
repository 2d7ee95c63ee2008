"""The feed server's connection cap: past it, a new connection is answered 503 and closed.

aiohttp has no cap of its own; `CappedSite` is its `SockSite` with a protocol factory that counts the
server's open connections (those on the fast path, `feeds.fast_path`, and those aiohttp handles).
`descriptor_cap` raises the process's open-files soft limit so the cap fits beside a reserve of descriptors
for everything else (docs/reliability.md, "Feed server").
"""

from __future__ import annotations

import asyncio
import logging
import resource
import socket
import time
from typing import Protocol, cast

from aiohttp import web

logger = logging.getLogger(__name__)

DESCRIPTOR_RESERVE = 256
"""Descriptors kept free for everything else in the process (crawl pipes, the database, files)."""

_REFUSAL_BODY = b"503 Service Unavailable: too many open connections\n"
_REFUSAL = (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
            b"Content-Length: %d\r\nRetry-After: 5\r\nConnection: close\r\n\r\n%s"
            % (len(_REFUSAL_BODY), _REFUSAL_BODY))


class _Refusal(asyncio.Protocol):
    """A connection past the cap: answered 503 at once, its request read and dropped, closed within `linger`."""

    def __init__(self, linger: float) -> None:
        self._linger = linger
        self._timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        transport = cast(asyncio.Transport, transport)  # uvloop's transports are no subclasses
        transport.write(_REFUSAL)
        transport.write_eof()
        self._timer = asyncio.get_running_loop().call_later(self._linger, transport.abort)

    def data_received(self, data: bytes) -> None:
        pass  # the request is read so that closing sends FIN, not a reset that could lose the 503

    def connection_lost(self, exc: Exception | None) -> None:
        if self._timer is not None:
            self._timer.cancel()


class _CappedFactory:
    """Protocol factory: the server's protocol while under the cap, a `_Refusal` past it."""

    def __init__(self, protocol: CountedFactory, cap: int, linger: float) -> None:
        self._protocol = protocol
        self._cap = cap
        self._linger = linger
        self._warned = 0.0
        self.refused = 0

    def __call__(self) -> asyncio.Protocol:
        if self._protocol.open_connections < self._cap:
            return self._protocol()
        self.refused += 1
        now = time.monotonic()
        if now - self._warned > 60:
            self._warned = now
            logger.warning("feed server: %d connections open (the cap): refusing new ones with 503 "
                           "(%d refused so far)", self._cap, self.refused)
        return _Refusal(self._linger)


class CountedFactory(Protocol):
    """A protocol factory that knows how many of its connections are open."""

    @property
    def open_connections(self) -> int: ...

    def __call__(self) -> asyncio.BaseProtocol: ...


class CappedSite(web.BaseSite):
    """aiohttp's SockSite with the connection cap, serving `protocol`'s connections."""

    def __init__(self, runner: web.BaseRunner, sock: socket.socket, protocol: CountedFactory, *, backlog: int,
                 cap: int, linger: float) -> None:
        super().__init__(runner, backlog=backlog)
        self._sock = sock
        self._protocol = protocol
        self._cap = cap
        self._linger = linger

    @property
    def name(self) -> str:
        host, port = self._sock.getsockname()[:2]
        return f"http://{host}:{port}"

    async def start(self) -> None:
        await super().start()
        factory = _CappedFactory(self._protocol, self._cap, self._linger)
        self._server = await asyncio.get_running_loop().create_server(factory, sock=self._sock, backlog=self._backlog)


def descriptor_cap(wanted: int) -> int:
    """Raise the open-files soft limit towards `wanted` + the reserve (up to the hard limit); the cap that fits."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    need = wanted + DESCRIPTOR_RESERVE
    if soft != resource.RLIM_INFINITY and soft < need:
        target = need if hard == resource.RLIM_INFINITY else min(need, hard)
        if target > soft:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            logger.info("feed server: open-files limit raised from %d to %d", soft, target)
            soft = target
    if soft == resource.RLIM_INFINITY:
        return wanted
    return max(1, min(wanted, soft - DESCRIPTOR_RESERVE))
