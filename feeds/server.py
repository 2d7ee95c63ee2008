"""The HTTP server: the feeds directory plus filtered feeds answered from the store.

Static files get ETag (content hash) and Last-Modified (mtime); filtered feeds
(`/all.atom?q=frigate&country=IT`) are rendered like published ones and get an
ETag of their bytes and the newest entry's time as Last-Modified. Both answer
conditional requests with 304, gzip when asked, and HEAD. Paths never leave the
feeds directory; hidden files are never served.

A feed of a family that is always there (`all`, `cooperation`, any valid pair or country) is answered
even before it has articles: a valid, empty feed a reader can subscribe to ahead of the news. A path
under such a family that names no feed (`pairs/AZ-QQ`) gets 404 with the reason.
"""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import logging
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from scraper import __version__
from scraper.config import Config
from scraper.store import Store

from .build import build_feed
from .catalog import family_of, spec_for_slug, split_feed_path
from .params import FilterError, parse_filters
from .publish import INDEX_NAME
from .publishers import publisher_names
from .story_groups import StoryGroups

logger = logging.getLogger(__name__)

CONTENT_TYPES = {
    ".rss": "application/rss+xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".json": "application/feed+json; charset=utf-8",
    ".opml": "text/x-opml; charset=utf-8",
    ".html": "text/html; charset=utf-8",
}
CACHE_CONTROL = "public, max-age=300"


@dataclass(frozen=True)
class Body:
    data: bytes
    content_type: str
    last_modified: datetime
    etag: str
    entries: int = -1
    """Number of feed entries (rendered feeds only)."""


class NoSuchFeed(LookupError):
    """A feed path names no feed; the message says why (answered 404)."""


def _etag(data: bytes) -> str:
    return '"' + hashlib.sha256(data).hexdigest()[:32] + '"'


def _safe_relative(raw_path: str) -> str | None:
    """The percent-decoded path relative to the feeds directory, or None if it could escape or is hidden."""
    path = unquote(raw_path, errors="strict") if "%" in raw_path else raw_path
    if "\x00" in path or "\\" in path:
        return None
    parts = [p for p in path.split("/") if p]
    if any(p in (".", "..") or p.startswith(".") for p in parts):
        return None
    return "/".join(parts) or INDEX_NAME


class FeedRequestHandler(BaseHTTPRequestHandler):
    """Answers GET and HEAD; `server` is a `FeedServer`."""

    server: FeedServer
    server_version = f"Attache/{__version__}"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        self._answer(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(head=True)

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        logger.info("%s %s", self.address_string(), format % args)

    def _answer(self, head: bool) -> None:
        try:
            body = self._resolve()
        except FilterError as exc:
            self._error(HTTPStatus.BAD_REQUEST, str(exc), head)
            return
        except NoSuchFeed as exc:
            self._error(HTTPStatus.NOT_FOUND, str(exc), head)
            return
        except Exception:
            logger.exception("error answering %s", self.path)
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, "internal error", head)
            return
        if body is None:
            self._error(HTTPStatus.NOT_FOUND, "not found", head)
            return
        self._send(body, head)

    def _resolve(self) -> Body | None:
        parts = urlsplit(self.path)
        try:
            relative = _safe_relative(parts.path)
        except UnicodeDecodeError:
            relative = None
        if relative is None:
            return None
        feed = split_feed_path(relative)
        family = family_of(feed[0]) if feed is not None else None
        if feed is not None and family is not None and family.always and spec_for_slug(feed[0]) is None:
            raise NoSuchFeed(f"no feed {feed[0][:80]!r}: {family.problem(feed[0])}")
        if parts.query:
            if feed is None or spec_for_slug(feed[0]) is None:
                raise FilterError("filter parameters apply to feed URLs only (.rss, .atom, .json)")
            return self._filtered(feed[0], feed[1], parts.query)
        body = self.server.static_body(relative)
        if body is None and feed is not None and family is not None and spec_for_slug(feed[0]) is not None:
            body = self._filtered(feed[0], feed[1], "")  # not published yet: render from the store
            return body if body.entries > 0 or family.always else None
        return body

    def _filtered(self, slug: str, fmt: str, query: str) -> Body:
        config = self.server.config
        request = parse_filters(query, config.feed_limit)
        names = publisher_names(config)
        spec = spec_for_slug(slug, names=names)
        assert spec is not None
        store = self.server.store
        with store.session() as session:
            built = build_feed(config, session, spec, (fmt,), extra=request.filter, limit=request.limit,
                               query=request.query, names=names, stories=StoryGroups(store))
        data = built.files[fmt]
        updated = max((e.updated for e in built.entries), default=datetime(1970, 1, 1, tzinfo=UTC))
        return Body(data, CONTENT_TYPES["." + fmt], updated, _etag(data), len(built.entries))

    def _not_modified(self, body: Body, etags: tuple[str, ...]) -> bool:
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            offered = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
            return "*" in offered or any(t in offered for t in etags)
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_modified_since:
            try:
                since = email.utils.parsedate_to_datetime(if_modified_since)
            except (TypeError, ValueError):
                return False
            if since.tzinfo is None:
                since = since.replace(tzinfo=UTC)
            return body.last_modified.replace(microsecond=0) <= since
        return False

    def _wants_gzip(self) -> bool:
        for item in self.headers.get("Accept-Encoding", "").split(","):
            name, _, params = item.strip().partition(";")
            if name.strip().lower() in ("gzip", "x-gzip"):
                q = params.strip().removeprefix("q=")
                try:
                    return not params or float(q) > 0
                except ValueError:
                    return True
        return False

    def _send(self, body: Body, head: bool) -> None:
        gz = self._wants_gzip()
        etag = body.etag[:-1] + '-gz"' if gz else body.etag
        common = {
            "ETag": etag,
            "Last-Modified": email.utils.format_datetime(body.last_modified.astimezone(UTC), usegmt=True),
            "Cache-Control": CACHE_CONTROL,
            "Vary": "Accept-Encoding",
        }
        if self._not_modified(body, (body.etag, body.etag[:-1] + '-gz"')):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            for key, value in common.items():
                self.send_header(key, value)
            self.end_headers()
            return
        data = gzip.compress(body.data, mtime=0) if gz else body.data
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", body.content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Content-Type-Options", "nosniff")
        if gz:
            self.send_header("Content-Encoding", "gzip")
        for key, value in common.items():
            self.send_header(key, value)
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def _error(self, status: HTTPStatus, message: str, head: bool) -> None:
        data = f"{status.value} {status.phrase}: {message}\n".encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if not head:
            self.wfile.write(data)


class FeedServer(ThreadingHTTPServer):
    """A threading HTTP server over `config.feeds_dir` with filtered feeds from `store`."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], config: Config, store: Store) -> None:
        self.config = config
        self.store = store
        self.root = config.feeds_dir.resolve()
        self._etags: dict[tuple[str, int, int], str] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        super().__init__(address, FeedRequestHandler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/"

    def static_body(self, relative: str) -> Body | None:
        """The file at `relative` under the feeds directory, with its validators; None if absent."""
        path = (self.root / relative).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            return None
        stat = path.stat()
        data = path.read_bytes()
        key = (relative, stat.st_mtime_ns, len(data))
        with self._lock:
            etag = self._etags.get(key)
            if etag is None:
                if len(self._etags) > 4096:
                    self._etags.clear()
                etag = self._etags[key] = _etag(data)
        content_type = CONTENT_TYPES.get(Path(relative).suffix, "application/octet-stream")
        return Body(data, content_type, datetime.fromtimestamp(int(stat.st_mtime), UTC), etag)

    def start(self) -> threading.Thread:
        """Serve in a background thread (for the daemon and tests)."""
        self._thread = threading.Thread(target=self.serve_forever, args=(0.1,), name="attache-http", daemon=True)
        self._thread.start()
        return self._thread

    def stop(self) -> None:
        """Stop serving, wait for the loop to end and close the socket."""
        if self._thread is not None:
            self.shutdown()
            self._thread.join()
            self._thread = None
        self.server_close()


def make_server(config: Config, store: Store, host: str | None = None, port: int | None = None) -> FeedServer:
    """A bound, not yet started server (`host`/`port` default to the configuration; port 0 picks one)."""
    return FeedServer((host or config.http_host, config.http_port if port is None else port), config, store)
