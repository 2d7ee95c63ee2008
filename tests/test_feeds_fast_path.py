"""The feed server's fast path (`feeds.fast_path`) over real sockets on 127.0.0.1: keep-alive and pipelined
requests moving from it to aiohttp mid-connection, HTTP/1.0 and `Connection: close`, a feed opened by a
browser, a client that stops reading, the access log."""

from __future__ import annotations

import logging
import socket
import time


class Reader:
    """Reads HTTP/1.x responses one after another from one socket (pipelining)."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.file = sock.makefile("rb")

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.file.close()
        self.sock.close()

    def response(self, head_only: bool = False) -> tuple[int, dict[str, str], bytes]:
        status_line = self.file.readline()
        assert status_line.startswith(b"HTTP/1."), status_line
        headers = {}
        while (line := self.file.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        length = 0 if head_only or status_line.split()[1] == b"304" else int(headers["content-length"])
        return int(status_line.split()[1]), headers, self.file.read(length)

    def at_eof(self, within: float = 3.0) -> bool:
        self.sock.settimeout(within)
        try:
            return self.file.read(1) == b""
        except (ConnectionResetError, TimeoutError):
            return False


def connect(server) -> socket.socket:
    return socket.create_connection(server.server_address, timeout=10)


def test_pipelined_requests_move_from_the_fast_path_to_aiohttp_in_order(limited_site):
    server = limited_site()
    root = server.config.feeds_dir
    with Reader(connect(server)) as reader:
        sock = reader.sock
        sock.sendall(b"GET /all.rss HTTP/1.1\r\nHost: x\r\n\r\n")
        status, first, body = reader.response()
        assert status == 200 and body == (root / "all.rss").read_bytes() and first["date"].endswith("GMT")
        etag = first["etag"]
        sock.sendall(b"GET /all.rss HTTP/1.1\r\nHost: x\r\nIf-None-Match: " + etag.encode() + b"\r\n\r\n"  # fast: 304
                     b"HEAD /all.json HTTP/1.1\r\nHost: x\r\n\r\n"  # fast: headers only
                     b"GET /all.atom?q=frigate HTTP/1.1\r\nHost: x\r\n\r\n"  # a query: aiohttp from here on
                     b"GET /all.rss HTTP/1.1\r\nHost: x\r\nIf-None-Match: " + etag.encode() + b"\r\n\r\n"
                     b"GET /all.rss HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n")
        status, headers, body = reader.response()
        assert (status, body, headers["etag"]) == (304, b"", etag) and "content-length" not in headers
        status, headers, body = reader.response(head_only=True)
        assert status == 200 and int(headers["content-length"]) == len((root / "all.json").read_bytes())
        status, headers, body = reader.response()
        assert status == 200 and headers["content-type"].startswith("application/atom+xml") and b"<feed" in body
        status, headers, _ = reader.response()
        assert (status, headers["etag"]) == (304, etag)
        status, headers, body = reader.response()
        assert status == 200 and headers["content-encoding"] == "gzip"
        assert body == (root / "all.rss.gz").read_bytes()


def test_http_1_0_and_connection_close(limited_site):
    server = limited_site()
    with Reader(connect(server)) as reader:  # HTTP/1.1 needs Host: aiohttp's 400, as before
        reader.sock.sendall(b"GET /all.rss HTTP/1.1\r\n\r\n")
        assert reader.response()[0] == 400
    with Reader(connect(server)) as reader:  # HTTP/1.0 without keep-alive: one answer, then closed
        sock = reader.sock
        sock.sendall(b"GET /all.rss HTTP/1.0\r\n\r\n")
        status, headers, _ = reader.response()
        assert status == 200 and "connection" not in headers and reader.at_eof()
    with Reader(connect(server)) as reader:  # HTTP/1.0 keep-alive: kept open
        sock = reader.sock
        for _ in range(2):
            sock.sendall(b"GET /all.rss HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            status, headers, _ = reader.response()
            assert status == 200 and headers["connection"] == "keep-alive"
    with Reader(connect(server)) as reader:
        sock = reader.sock
        sock.sendall(b"GET /all.rss HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        status, headers, _ = reader.response()
        assert status == 200 and headers["connection"] == "close" and reader.at_eof()


def test_a_feed_opened_by_a_browser_is_sent_as_xml(limited_site):
    server = limited_site()
    with Reader(connect(server)) as reader:
        sock = reader.sock
        accept = b"Accept: text/html,application/xhtml+xml,*/*;q=0.8\r\n"
        sock.sendall(b"GET /all.atom HTTP/1.1\r\nHost: x\r\n" + accept + b"\r\n")
        status, headers, _ = reader.response()
        assert headers["content-type"] == "application/xml; charset=utf-8"
        assert headers["vary"] == "Accept, Accept-Encoding"
        sock.sendall(b"GET /all.json HTTP/1.1\r\nHost: x\r\n" + accept + b"\r\n")
        status, headers, _ = reader.response()
        assert headers["content-type"].startswith("application/feed+json") and headers["vary"] == "Accept-Encoding"


def test_a_client_that_stops_reading_is_dropped_after_the_send_timeout(limited_site):
    server = limited_site(send_timeout=0.5)
    size = 400_000  # kept in memory: the fast path answers it
    (server.config.feeds_dir / "big.html").write_bytes(b"x" * size)
    sock = connect(server)
    try:
        sock.sendall(b"GET /big.html HTTP/1.1\r\nHost: x\r\n\r\n" * 100)  # 40 MB of answers, none read
        time.sleep(2.0)
        received = 0
        sock.settimeout(10)
        try:
            while chunk := sock.recv(1 << 20):  # what the kernel's buffers held when the server dropped it
                received += len(chunk)
        except ConnectionResetError:
            pass
        assert received < 40 * size, f"read {received} bytes: the stalled client was not dropped"
    finally:
        sock.close()
    with Reader(connect(server)) as reader:  # the server itself is fine
        reader.sock.sendall(b"GET /all.rss HTTP/1.1\r\nHost: x\r\n\r\n")
        assert reader.response()[0] == 200


def test_the_fast_path_writes_the_access_log_line_aiohttp_writes(limited_site, caplog):
    caplog.set_level(logging.INFO, logger="feeds.server")
    server = limited_site()
    with Reader(connect(server)) as reader:
        sock = reader.sock
        sock.sendall(b"GET /all.rss HTTP/1.1\r\nHost: x\r\nUser-Agent: reader/1\r\n\r\n")
        _, _, body = reader.response()
        time.sleep(1.1)  # the fast path checks the log level once a second
        sock.sendall(b"GET /all.atom HTTP/1.1\r\nHost: x\r\nUser-Agent: reader/1\r\n\r\n"
                     b"GET /all.atom?q=frigate HTTP/1.1\r\nHost: x\r\nUser-Agent: reader/1\r\n\r\n")
        _, _, atom = reader.response()
        reader.response()
    time.sleep(0.2)
    lines = [r.getMessage() for r in caplog.records if r.name == "feeds.server"]
    assert any(f'"GET /all.atom HTTP/1.1" 200 {len(atom)} "-" "reader/1"' in line for line in lines), lines
    assert any('"GET /all.atom?q=frigate HTTP/1.1" 200' in line and '"reader/1"' in line for line in lines), lines
