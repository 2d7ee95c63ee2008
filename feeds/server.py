"""The HTTP server: the feeds directory plus filtered feeds answered from the store.

aiohttp's low-level server on its own uvloop event loop in a background thread (`start()` / `stop()`, as
many times as a process likes), so the daemon runs it beside APScheduler and `attache serve` alone.
Every connection starts on the fast path (`feeds.fast_path`), which answers plain GET/HEAD requests for
published files from prepared bytes and hands anything else to aiohttp's handler (`_handle`).

Static files (`feeds.static_files`) get validators cached per file version (a 304 never reads the
file), the gzip copy made at publish when the client accepts gzip, and small bodies from memory. Filtered feeds
(`/all.atom?q=frigate&country=IT`) are rendered like published ones in a small thread pool, get an ETag
of their bytes and the newest entry's time as Last-Modified, and are cached by (feed, canonical query,
`scraper.store.changes.change_marker`), so a repeated query costs one index lookup until a crawl
changes the store. Everything answers conditional requests with 304, gzip when asked, and HEAD. Paths
never leave the feeds directory; hidden files are never served.

Two pages are answered from the store as well: `/search` (the filter form and its items) and `/story`
(one story's reports), see `feeds.browse`. An RSS/Atom feed requested by a browser (its Accept names
text/html) is sent as application/xml so the browser applies the feed stylesheet (`feeds.stylesheet`).

A feed of a family that is always there (`all`, `cooperation`, any valid pair or country) is answered
even before it has articles: a valid, empty feed a reader can subscribe to ahead of the news. A path
under such a family that names no feed (`pairs/AZ-QQ`) gets 404 with the reason.

Resource bounds (`ServerLimits`, see docs/reliability.md): a connection must send a whole request's
headers within `idle_timeout` of opening or of its previous response, and an idle keep-alive connection
is closed after the same time; past `max_connections` open connections a new one is answered 503 and
closed; the listen backlog is `backlog`; a client that stops reading a body is dropped after
`send_timeout`. Client disconnects are not errors and log no traceback.
"""

from __future__ import annotations

import asyncio
import errno
import gzip
import hashlib
import logging
import socket
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus

import uvloop
from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from scraper import __version__
from scraper.config import Config
from scraper.store import Store
from scraper.store.changes import ChangeMarker, change_marker
from scraper.store.feed_queries import FeedFilter

from .browse import PAGES, answer_page
from .build import build_feed
from .catalog import family_of, spec_for_slug, split_feed_path
from .connection_cap import CappedSite, descriptor_cap
from .fast_path import FastPath
from .params import FilterError, parse_filters
from .publishers import publisher_names
from .static_files import (
    CACHE_CONTROL,
    CONTENT_TYPES,
    StaticFiles,
    gzip_etag,
    http_date,
    not_modified,
    safe_relative,
    wants_gzip,
)
from .story_groups import StoryGroups
from .stylesheet import browser_content_type
from .webpage import CSP

logger = logging.getLogger(__name__)

SERVER_NAME = f"Attache/{__version__}"
GZIP_LEVEL = 1
"""For filtered feeds, compressed once per cached answer, when a client first asks for gzip (level 1, as
nginx's default: 10× faster than level 6 on a feed, for a body about a quarter larger)."""


@dataclass(frozen=True)
class ServerLimits:
    """The server's resource bounds (docs/reliability.md, "Feed server")."""

    idle_timeout: float = 15.0
    """Seconds a connection may take to send a request's headers, counted from its opening or its previous
    response; an idle keep-alive connection is closed after the same time."""
    max_connections: int = 2048
    """Open connections served at once; more are answered 503 and closed (lowered to fit the open-files limit)."""
    backlog: int = 2048
    """Listen backlog (the kernel caps it at net.core.somaxconn)."""
    send_timeout: float = 60.0
    """Seconds a client may stall reading a file's body before it is dropped."""
    refusal_linger: float = 1.0
    """Seconds a refused connection is kept to read the client's request, so the 503 is not lost to a reset."""
    shutdown_timeout: float = 2.0
    """Seconds `stop()` lets requests in progress finish."""
    cached_answers: int = 256
    """Filtered-feed answers kept (least recently used dropped first)."""
    store_threads: int = 2
    """Threads that render filtered feeds from the store (the event loop never waits on the database)."""
    memory_bytes: int = 64 * 1024 * 1024
    """Bytes of small published files kept in memory (`feeds.static_files.SMALL_FILE`); 0: every body from disk."""


@dataclass
class Body:
    """A rendered answer (a filtered feed); its gzip variant is made when first asked for (`gzip`)."""

    data: bytes
    content_type: str
    last_modified: datetime
    etag: str
    entries: int = -1
    """Number of feed entries."""
    gzipped: bytes | None = None

    def gzip(self) -> bytes:
        """The gzip variant (made once; two threads making it at once make the same bytes)."""
        if self.gzipped is None:
            self.gzipped = gzip.compress(self.data, compresslevel=GZIP_LEVEL, mtime=0)
        return self.gzipped


class _RequestErrorLog(logging.LoggerAdapter):  # type: ignore[type-arg]
    """aiohttp's connection logger: a malformed request (400) is one INFO line naming the problem, never a
    traceback (hostile clients must not fill the log); any other error keeps its traceback."""

    def exception(self, msg: object, *args: object, exc_info: object = True, **kwargs: object) -> None:  # type: ignore[override]
        if isinstance(exc_info, HttpProcessingError):
            problem = (str(exc_info.message).strip().splitlines() or [""])[0]
            self.info("bad request (%d %s) %s", exc_info.code, problem[:200], str(msg) % args)
            return
        super().exception(msg, *args, exc_info=exc_info, **kwargs)  # type: ignore[arg-type]


class NoSuchFeed(LookupError):
    """A feed path names no feed; the message says why (answered 404)."""


def _etag(data: bytes) -> str:
    return '"' + hashlib.sha256(data).hexdigest()[:32] + '"'


def _text(status: HTTPStatus, message: str) -> web.Response:
    return web.Response(status=status.value, body=f"{status.value} {status.phrase}: {message}\n".encode(),
                        headers={"Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff",
                                 "Server": SERVER_NAME})


class FeedServer:
    """The feed server over `config.feeds_dir`, filtered feeds from `store`; bound by `make_server`."""

    def __init__(self, sock: socket.socket, config: Config, store: Store, limits: ServerLimits) -> None:
        self.config = config
        self.store = store
        self.limits = limits
        self.root = config.feeds_dir.resolve()
        self.server_address: tuple[str, int] = sock.getsockname()[:2]
        self.max_connections = descriptor_cap(limits.max_connections)
        self._sock = sock
        self._files = StaticFiles(str(self.root), SERVER_NAME, limits.send_timeout, limits.memory_bytes)
        self._answers: OrderedDict[tuple[str, str, str], tuple[ChangeMarker, Body]] = OrderedDict()
        self._answers_lock = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._fast: FastPath | None = None

    @property
    def url(self) -> str:
        host, port = self.server_address
        return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"

    # -- lifecycle -------------------------------------------------------------------------------------------

    def start(self) -> threading.Thread:
        """Serve in a background thread with its own event loop; returns once the server accepts connections."""
        if self._thread is not None:
            raise RuntimeError("the feed server is already running")
        self._executor = ThreadPoolExecutor(self.limits.store_threads, thread_name_prefix="attache-http-store")
        ready = threading.Event()
        failure: list[BaseException] = []
        self._thread = threading.Thread(target=self._serve, args=(ready, failure), name="attache-http", daemon=True)
        self._thread.start()
        ready.wait()
        if failure:
            self._thread.join()
            self._thread = None
            raise failure[0]
        return self._thread

    def stop(self) -> None:
        """Stop serving: close the socket and every connection (requests in progress get `shutdown_timeout`)."""
        if self._thread is not None and self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join()
            self._thread = None
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
        self._sock.close()

    def _serve(self, ready: threading.Event, failure: list[BaseException]) -> None:
        loop = uvloop.new_event_loop()
        self._loop = loop
        runner = None
        try:
            try:
                runner = loop.run_until_complete(self._open())
            except BaseException as exc:  # reported by start()
                failure.append(exc)
                return
            finally:
                ready.set()
            loop.run_forever()
        finally:
            if self._fast is not None:
                self._fast.close_all()
                self._fast = None
            if runner is not None:
                loop.run_until_complete(runner.cleanup())
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()
            self._loop = None

    async def _open(self) -> web.ServerRunner:
        server = web.Server(self._handle, access_log=logger, logger=_RequestErrorLog(logger, {}),
                            keepalive_timeout=self.limits.idle_timeout)
        runner = web.ServerRunner(server, shutdown_timeout=self.limits.shutdown_timeout)
        await runner.setup()
        self._fast = FastPath(self._files, server, self.limits.idle_timeout, self.limits.send_timeout, logger)
        site = CappedSite(runner, self._sock, self._fast, backlog=self.limits.backlog, cap=self.max_connections,
                          linger=self.limits.refusal_linger)
        await site.start()
        return runner

    # -- requests --------------------------------------------------------------------------------------------

    async def _handle(self, request: web.BaseRequest) -> web.StreamResponse:
        if request.method not in ("GET", "HEAD"):
            return _text(HTTPStatus.NOT_IMPLEMENTED, f"method {request.method[:20]!r} is not supported")
        path, _, query = request.raw_path.partition("?")
        try:
            response = await self._resolve(path, query, request)
        except FilterError as exc:
            return _text(HTTPStatus.BAD_REQUEST, str(exc))
        except NoSuchFeed as exc:
            return _text(HTTPStatus.NOT_FOUND, str(exc))
        except Exception:
            logger.exception("error answering %s", request.raw_path[:300])
            return _text(HTTPStatus.INTERNAL_SERVER_ERROR, "internal error")
        if response is None:
            return _text(HTTPStatus.NOT_FOUND, "not found")
        browser_type = browser_content_type(path, request.headers.get("Accept", ""))
        if browser_type is not None and response.status == 200:  # a feed opened in a browser: shown as a page
            response.headers["Content-Type"] = browser_type
            response.headers["Vary"] = "Accept, Accept-Encoding"
        return response

    async def _resolve(self, path: str, query: str, request: web.BaseRequest) -> web.StreamResponse | None:
        try:
            relative = safe_relative(path)
        except UnicodeDecodeError:
            relative = None
        if relative is None:
            return None
        if relative in PAGES:  # the search and story pages (feeds.browse)
            return await self._page(relative, query)
        if not query:  # a published file first: the common case costs no feed-name parsing
            static = self._files.answer(relative, request.headers)
            if static is not None:
                return static
        feed = split_feed_path(relative)
        family = family_of(feed[0]) if feed is not None else None
        if feed is not None and family is not None and family.always and spec_for_slug(feed[0]) is None:
            raise NoSuchFeed(f"no feed {feed[0][:80]!r}: {family.problem(feed[0])}")
        if query:
            if feed is None or spec_for_slug(feed[0]) is None:
                raise FilterError("filter parameters apply to feed URLs only (.rss, .atom, .json)")
            return await self._answer(await self._filtered(feed[0], feed[1], query), request)
        if feed is not None and family is not None and spec_for_slug(feed[0]) is not None:
            body = await self._filtered(feed[0], feed[1], "")  # not published yet: render from the store
            return await self._answer(body, request) if body.entries > 0 or family.always else None
        return None

    async def _page(self, name: str, query: str) -> web.Response:
        loop = asyncio.get_running_loop()
        page = await loop.run_in_executor(self._executor, answer_page, self.config, self.store, name, query)
        headers = {"Server": SERVER_NAME, "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache",
                   "X-Content-Type-Options": "nosniff", "Content-Security-Policy": CSP + "; frame-ancestors 'none'"}
        return web.Response(status=page.status, body=page.body, headers=headers)

    async def _filtered(self, slug: str, fmt: str, query: str) -> Body:
        request = parse_filters(query, self.config.feed_limit)
        key = (slug, fmt, request.query)
        loop = asyncio.get_running_loop()
        marker = await loop.run_in_executor(self._executor, self._marker)
        with self._answers_lock:
            cached = self._answers.get(key)
            if cached is not None and cached[0] == marker:
                self._answers.move_to_end(key)
                return cached[1]
        body = await loop.run_in_executor(self._executor, self._render, slug, fmt, request.filter, request.limit,
                                          request.query)
        with self._answers_lock:
            self._answers[key] = (marker, body)
            self._answers.move_to_end(key)
            while len(self._answers) > self.limits.cached_answers:
                self._answers.popitem(last=False)
        return body

    def _marker(self) -> ChangeMarker:
        with self.store.session() as session:
            return change_marker(session)

    def _render(self, slug: str, fmt: str, extra: FeedFilter, limit: int | None, query: str) -> Body:
        config = self.config
        names = publisher_names(config)
        spec = spec_for_slug(slug, names=names)
        assert spec is not None
        with self.store.session() as session:
            built = build_feed(config, session, spec, (fmt,), extra=extra, limit=limit, query=query, names=names,
                               stories=StoryGroups(self.store, compute=False))
        data = built.files[fmt]
        updated = max((e.updated for e in built.entries), default=datetime(1970, 1, 1, tzinfo=UTC))
        return Body(data, CONTENT_TYPES["." + fmt], updated, _etag(data), len(built.entries))

    async def _answer(self, body: Body, request: web.BaseRequest) -> web.Response:
        gz = wants_gzip(request.headers)
        last_modified = http_date(body.last_modified)
        headers = {"Server": SERVER_NAME, "ETag": gzip_etag(body.etag) if gz else body.etag,
                   "Last-Modified": last_modified, "Cache-Control": CACHE_CONTROL, "Vary": "Accept-Encoding"}
        if not_modified(request.headers, body.etag, last_modified, int(body.last_modified.timestamp())):
            return web.Response(status=304, headers=headers)
        headers["Content-Type"] = body.content_type
        headers["X-Content-Type-Options"] = "nosniff"
        if gz:
            headers["Content-Encoding"] = "gzip"
            data = body.gzipped or await asyncio.get_running_loop().run_in_executor(self._executor, body.gzip)
            return web.Response(body=data, headers=headers)
        return web.Response(body=body.data, headers=headers)


def make_server(config: Config, store: Store, host: str | None = None, port: int | None = None, *,
                limits: ServerLimits | None = None) -> FeedServer:
    """A bound, listening, not yet started server (`host`/`port` default to the configuration; port 0 picks one).

    Raises OSError when the address cannot be used (a port out of range included).
    """
    host = host or config.http_host
    port = config.http_port if port is None else port
    limits = limits or ServerLimits()
    if not 0 <= port <= 65535:
        raise OSError(errno.EINVAL, f"port must be 0 to 65535, got {port}")
    family, _, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(limits.backlog)
    except BaseException:
        sock.close()
        raise
    return FeedServer(sock, config, store, limits)
