"""Published files over HTTP: validators cached per file version, conditional GET, gzip copies.

A file version is its `stat` (inode, size, mtime in ns). Its validators are made from the `stat` alone
(ETag `"<size>-<mtime_ns>"` in hex, Last-Modified from the mtime) and kept while the version lasts, so
answering a 304 costs one `stat` and never reads the file. Publishing rewrites a file only when its
bytes change (`feeds.publish.write_if_changed`), so the validators move exactly when the bytes do.
The gzip variant — the `.gz` copy written at publish (`feeds.precompress`), used only while it is not
older than its file — carries the same ETag with `-gz` before the closing quote.

Bodies: a file up to `SMALL_FILE` bytes is read once per version into a bounded memory cache and sent
in one write with its headers; a larger one is streamed from the open file in `CHUNK` pieces. Measured
(`make bench-server`): for feed-sized files (tens of KB) asyncio's sendfile path (pause reading, wait for
an empty buffer, `sendfile`, resume) cost more per request than the copy it saves, and uvloop, the
server's loop since, has none.

`StaticFiles.quick` serves the fast path (`feeds.fast_path`): the status line and fixed headers of a 200
or a 304, prepared once per file version and variant (`Prepared`), and the body from memory.
"""

from __future__ import annotations

import asyncio
import email.utils
import os
import stat
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO
from urllib.parse import unquote

from aiohttp import web
from aiohttp.abc import AbstractStreamWriter

from . import precompress
from .publish import INDEX_NAME

CONTENT_TYPES = {
    ".rss": "application/rss+xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".json": "application/feed+json; charset=utf-8",
    ".opml": "text/x-opml; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".xsl": "text/xsl; charset=utf-8",
}
CACHE_CONTROL = "public, max-age=300"
MAX_CACHED_FILES = 16_384
"""Validators kept (one small entry per served path); the cache starts afresh past this."""
SMALL_FILE = 512 * 1024
"""Files up to this size are served from memory (read once per version); larger ones streamed from disk."""
CHUNK = 256 * 1024
"""Bytes read and written at a time when a file is streamed from disk."""

FileKey = tuple[int, int, int]


def safe_relative(raw_path: str) -> str | None:
    """The percent-decoded path relative to the feeds directory, or None if it could escape or is hidden.

    Raises UnicodeDecodeError when the percent-decoded bytes are not UTF-8.
    """
    path = unquote(raw_path, errors="strict") if "%" in raw_path else raw_path
    if "\x00" in path or "\\" in path:
        return None
    parts = [p for p in path.split("/") if p]
    if any(p in (".", "..") or p.startswith(".") for p in parts):
        return None
    return "/".join(parts) or INDEX_NAME


def file_key(st: os.stat_result) -> FileKey:
    """The version of a file: (inode, size, mtime in ns)."""
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def http_date(when: datetime) -> str:
    """An IMF-fixdate (`Mon, 10 Mar 2025 12:00:00 GMT`)."""
    return email.utils.format_datetime(when.astimezone(UTC), usegmt=True)


def gzip_etag(etag: str) -> str:
    """The ETag of the gzip variant of a representation whose ETag is `etag`."""
    return etag[:-1] + '-gz"'


def not_modified(headers: Mapping[str, str], etag: str, last_modified: str, mtime: int) -> bool:
    """True when the request's validators match (RFC 9110: If-None-Match wins over If-Modified-Since).

    Either variant's ETag matches: a cache holding the gzip variant may revalidate without gzip.
    """
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:
        offered = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return "*" in offered or etag in offered or gzip_etag(etag) in offered
    since = headers.get("If-Modified-Since")
    if not since:
        return False
    if since == last_modified:
        return True
    try:
        when = email.utils.parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return mtime <= when.timestamp()


def wants_gzip(headers: Mapping[str, str]) -> bool:
    """True when `Accept-Encoding` accepts gzip (`q=0` refuses it)."""
    for item in headers.get("Accept-Encoding", "").split(","):
        name, _, params = item.strip().partition(";")
        if name.strip().lower() in ("gzip", "x-gzip"):
            q = params.strip().removeprefix("q=")
            try:
                return not params or float(q) > 0
            except ValueError:
                return True
    return False


@dataclass(frozen=True)
class FileVersion:
    """One version of one published file and its validators."""

    key: FileKey
    path: str
    content_type: str
    etag: str
    last_modified: str
    mtime: int
    """Whole seconds (HTTP dates have no fraction)."""


@dataclass(frozen=True)
class Prepared:
    """One variant (plain or gzip copy) of one file version as the fast path sends it: the status line and
    fixed header lines of its 200 and of its 304, ready to write (`feeds.fast_path` adds Content-Length, Date
    and Connection)."""

    version: FileVersion
    served_path: str
    served_key: FileKey
    ok: bytes
    not_modified: bytes


def _header_lines(status: bytes, headers: Mapping[str, str]) -> bytes:
    return status + b"".join(f"{name}: {value}\r\n".encode("latin-1") for name, value in headers.items())


class FileResponse(web.StreamResponse):
    """A 200 whose body is an open file, streamed in `CHUNK` pieces; the file is closed when done.

    (uvloop, the server's loop, has no `loop.sendfile`; only files over `SMALL_FILE` come here.) A client
    gone mid-body raises `ConnectionError`, which aiohttp takes as a disconnect (no traceback); a client
    that has not taken the whole body within `send_timeout` seconds is disconnected the same way.
    """

    def __init__(self, handle: IO[bytes], size: int, headers: Mapping[str, str], send_timeout: float) -> None:
        super().__init__(headers=headers)
        self.content_length = size
        self._handle = handle
        self._size = size
        self._send_timeout = send_timeout

    async def prepare(self, request: web.BaseRequest) -> AbstractStreamWriter | None:
        try:
            writer = await super().prepare(request)
            if request.method == "HEAD" or self._size == 0:
                return writer
            transport = request.transport
            if transport is None or transport.is_closing():
                raise ConnectionResetError("client gone")
            try:
                async with asyncio.timeout(self._send_timeout):
                    left = self._size
                    while left > 0 and (chunk := self._handle.read(min(CHUNK, left))):
                        left -= len(chunk)
                        await self.write(chunk)
            except TimeoutError:
                transport.abort()
                raise ConnectionResetError("client stopped reading") from None
            await super().write_eof()
            return writer
        finally:
            self._handle.close()


class StaticFiles:
    """The published directory: answers a path with 200, 304 or None (no such file)."""

    def __init__(self, root: str, server_name: str, send_timeout: float, memory_bytes: int) -> None:
        self.root = os.path.realpath(root)
        self._server_name = server_name
        self._send_timeout = send_timeout
        self._versions: dict[str, FileVersion] = {}
        self._prepared: dict[tuple[str, bool], Prepared] = {}
        self._bodies: OrderedDict[tuple[str, FileKey], bytes] = OrderedDict()
        self._body_bytes = 0
        self._memory_bytes = memory_bytes

    def version(self, relative: str, st: os.stat_result) -> FileVersion | None:
        """The cached validators of `relative` at version `st`; None when the path resolves outside the root."""
        key = file_key(st)
        known = self._versions.get(relative)
        if known is not None and known.key == key:
            return known
        path = os.path.realpath(os.path.join(self.root, relative))
        if os.path.commonpath((path, self.root)) != self.root:
            return None  # a symbolic link out of the directory
        mtime = int(st.st_mtime)
        version = FileVersion(key, path, CONTENT_TYPES.get(os.path.splitext(relative)[1], "application/octet-stream"),
                              f'"{st.st_size:x}-{st.st_mtime_ns:x}"', http_date(datetime.fromtimestamp(mtime, UTC)),
                              mtime)
        if len(self._versions) >= MAX_CACHED_FILES:
            self._versions.clear()
        self._versions[relative] = version
        return version

    def _regular_file(self, relative: str) -> os.stat_result | None:
        """The stat of `relative` when it is a regular file inside the root, else None."""
        try:
            st = os.stat(os.path.join(self.root, relative))
        except (OSError, ValueError):
            return None
        return st if stat.S_ISREG(st.st_mode) else None

    def answer(self, relative: str, headers: Mapping[str, str]) -> web.StreamResponse | None:
        """200 (from memory or streamed from the file), 304, or None when `relative` is no regular file inside
        the root (the fast path, `quick`, answers the common cases before this)."""
        st = self._regular_file(relative)
        if st is None:
            return None
        version = self.version(relative, st)
        if version is None:
            return None
        served_path, served = version.path, st
        gzipped = False
        if wants_gzip(headers):
            try:
                gz = os.stat(version.path + precompress.SUFFIX)
                if stat.S_ISREG(gz.st_mode) and precompress.is_fresh(st, gz):
                    served_path, served, gzipped = version.path + precompress.SUFFIX, gz, True
            except OSError:
                pass
        common = {"Server": self._server_name, "ETag": gzip_etag(version.etag) if gzipped else version.etag,
                  "Last-Modified": version.last_modified, "Cache-Control": CACHE_CONTROL, "Vary": "Accept-Encoding"}
        if not_modified(headers, version.etag, version.last_modified, version.mtime):
            return web.Response(status=304, headers=common)
        common["Content-Type"] = version.content_type
        common["X-Content-Type-Options"] = "nosniff"
        if gzipped:
            common["Content-Encoding"] = "gzip"
        if served.st_size <= SMALL_FILE and self._memory_bytes:
            body = self._body(served_path, file_key(served))
            return None if body is None else web.Response(body=body, headers=common)
        try:
            handle = open(served_path, "rb")  # noqa: SIM115 (closed by the response)
        except OSError:
            return None
        opened = os.fstat(handle.fileno())
        if not gzipped and file_key(opened) != version.key:  # replaced since the stat: its own validators
            newer = self.version(relative, opened)
            if newer is not None:
                common["ETag"], common["Last-Modified"] = newer.etag, newer.last_modified
        return FileResponse(handle, opened.st_size, common, self._send_timeout)

    def quick(self, relative: str, accept_gzip: bool,
              conditions: Mapping[str, str]) -> tuple[bytes, bytes | None] | None:
        """For the fast path (`feeds.fast_path`): the status line and fixed headers of the answer, with the body
        (None for a 304); None when the regular path must answer (no regular file inside the root, or a body
        that is not kept in memory). `conditions` holds the request's If-None-Match / If-Modified-Since."""
        st = self._regular_file(relative)
        if st is None:
            return None
        key = file_key(st)
        gz: os.stat_result | None = None
        if accept_gzip:
            try:
                gz = os.stat(os.path.join(self.root, relative) + precompress.SUFFIX)
                if not (stat.S_ISREG(gz.st_mode) and precompress.is_fresh(st, gz)):
                    gz = None
            except OSError:
                gz = None
        served = gz or st
        prepared = self._prepared.get((relative, gz is not None))
        if prepared is None or prepared.version.key != key or prepared.served_key != file_key(served):
            prepared = self._prepare(relative, st, gz)
            if prepared is None:
                return None
        version = prepared.version
        if conditions and not_modified(conditions, version.etag, version.last_modified, version.mtime):
            return prepared.not_modified, None
        if served.st_size > SMALL_FILE or not self._memory_bytes:
            return None
        body = self._body(prepared.served_path, prepared.served_key)
        return None if body is None else (prepared.ok, body)

    def _prepare(self, relative: str, st: os.stat_result, gz: os.stat_result | None) -> Prepared | None:
        version = self.version(relative, st)
        if version is None:
            return None
        common = {"Server": self._server_name, "ETag": gzip_etag(version.etag) if gz else version.etag,
                  "Last-Modified": version.last_modified, "Cache-Control": CACHE_CONTROL, "Vary": "Accept-Encoding"}
        not_modified_head = _header_lines(b"HTTP/1.1 304 Not Modified\r\n", common)
        common["Content-Type"] = version.content_type
        common["X-Content-Type-Options"] = "nosniff"
        if gz:
            common["Content-Encoding"] = "gzip"
        served_path = version.path + precompress.SUFFIX if gz else version.path
        prepared = Prepared(version, served_path, file_key(gz or st), _header_lines(b"HTTP/1.1 200 OK\r\n", common),
                            not_modified_head)
        if len(self._prepared) >= MAX_CACHED_FILES:
            self._prepared.clear()
        self._prepared[(relative, gz is not None)] = prepared
        return prepared

    def _body(self, path: str, key: FileKey) -> bytes | None:
        """The bytes of `path` at version `key`, from memory or read once (least recently used dropped first)."""
        cache_key = (path, key)
        body = self._bodies.get(cache_key)
        if body is not None:
            self._bodies.move_to_end(cache_key)
            return body
        try:
            with open(path, "rb") as handle:
                body = handle.read()
                if file_key(os.fstat(handle.fileno())) != key:
                    return body  # replaced meanwhile: served once, not kept under the wrong version
        except OSError:
            return None
        self._bodies[cache_key] = body
        self._body_bytes += len(body)
        while self._body_bytes > self._memory_bytes and self._bodies:
            _, dropped = self._bodies.popitem(last=False)
            self._body_bytes -= len(dropped)
        return body
