"""The feed server's resource bounds over real sockets on 127.0.0.1: idle and half-sent connections,
the idle/read timeout, the connection cap, client disconnects, restarts, gzip copies, the answer cache."""

from __future__ import annotations

import gzip
import http.client
import logging
import os
import resource
import socket
import struct
import time
from datetime import timedelta

import pytest

from feeds.precompress import gzip_path
from feeds.server import make_server
from scraper.store import Store
from tests.helpers.feed_store import NOW, add_article, make_config

HALF_SENT = b"GET /all.rss HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow"


def get(server, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    host, port = server.server_address
    conn = http.client.HTTPConnection(host, port, timeout=10)
    try:
        conn.request("GET", path, headers={k.replace("_", "-"): v for k, v in headers.items()})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def connect(server) -> socket.socket:
    return socket.create_connection(server.server_address, timeout=10)


def closed_by_server(sock: socket.socket, within: float) -> bool:
    """True when the server closes `sock` (EOF or reset) within `within` seconds."""
    sock.settimeout(within)
    try:
        while sock.recv(65536):
            pass
        return True
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


def _descriptors_for(count: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    need = count + 512
    if soft != resource.RLIM_INFINITY and soft < need:
        if hard != resource.RLIM_INFINITY and hard < need:
            pytest.skip(f"needs {need} open files; the hard limit is {hard} (raise it with ulimit -Hn)")
        resource.setrlimit(resource.RLIMIT_NOFILE, (need, hard))


def test_500_half_sent_connections_do_not_block_a_normal_request(limited_site):
    _descriptors_for(1000)
    server = limited_site()
    idle = []
    try:
        for _ in range(500):
            sock = connect(server)
            sock.sendall(HALF_SENT)
            idle.append(sock)
        started = time.monotonic()
        status, _, body = get(server, "/all.rss")
        elapsed = time.monotonic() - started
        assert status == 200 and body.startswith(b"<?xml")
        assert elapsed < 2.0, f"a normal request took {elapsed:.2f} s beside 500 idle connections"
    finally:
        for sock in idle:
            sock.close()


def test_idle_and_half_sent_connections_are_closed_after_the_idle_timeout(limited_site):
    server = limited_site(idle_timeout=0.5)
    silent = connect(server)
    half = connect(server)
    half.sendall(HALF_SENT)
    drip = connect(server)
    kept = connect(server)
    kept.sendall(b"GET /all.atom HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert kept.recv(12) == b"HTTP/1.1 200"
    dripped = 0
    for _ in range(15):  # a header dripped byte by byte: the timeout counts from the opening, not the last byte
        try:
            drip.sendall(b"X")
        except (BrokenPipeError, ConnectionResetError):
            break
        dripped += 1
        time.sleep(0.2)
    assert dripped < 15, "a connection dripping its headers was never closed"
    try:
        for sock in (silent, half, drip, kept):
            assert closed_by_server(sock, within=3.0)
        assert get(server, "/all.rss")[0] == 200  # the server itself is fine
    finally:
        for sock in (silent, half, drip, kept):
            sock.close()


def test_connections_past_the_cap_get_503_and_are_closed_cleanly(limited_site):
    server = limited_site(max_connections=3)
    held = [connect(server) for _ in range(3)]
    try:
        time.sleep(0.2)  # accepted by the loop
        extra = connect(server)
        extra.sendall(b"GET /all.rss HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        answer = b""
        extra.settimeout(5)
        while chunk := extra.recv(4096):
            answer += chunk
        extra.close()
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 503 ") and body == b"503 Service Unavailable: too many open connections\n"
        assert f"Content-Length: {len(body)}".encode() in head.split(b"\r\n")
    finally:
        for sock in held:
            sock.close()
    time.sleep(0.2)
    assert get(server, "/all.rss")[0] == 200  # slots come back when connections close


def test_client_disconnects_log_no_traceback(limited_site, caplog):
    caplog.set_level(logging.DEBUG)
    server = limited_site()
    big = server.config.feeds_dir / "big.html"
    big.write_bytes(b"<p>" + os.urandom(4_000_000).hex().encode() + b"</p>")
    for _ in range(20):
        sock = connect(server)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.sendall(b"GET /big.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        sock.recv(100)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # reset, not FIN
        sock.close()
    for path in ("/all.atom?q=frigate", "/all.rss"):
        sock = connect(server)
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
    time.sleep(0.5)
    assert get(server, "/all.rss")[0] == 200
    noisy = [r for r in caplog.records if r.exc_info or r.levelno >= logging.WARNING]
    assert not noisy, [r.getMessage() for r in noisy]


def test_the_server_starts_and_stops_many_times_in_one_process(limited_site):
    for _ in range(5):
        server = limited_site()
        assert get(server, "/feeds.opml")[0] == 200
        server.stop()
        with pytest.raises(OSError):
            get(server, "/feeds.opml")


def test_bad_addresses_raise_oserror(tmp_path):
    config = make_config(tmp_path)
    store = Store(config.database_url)
    try:
        with pytest.raises(OSError, match="port must be 0 to 65535"):
            make_server(config, store, port=99999)
        taken = make_server(config, store, port=0)
        with pytest.raises(OSError):
            make_server(config, store, port=taken.server_address[1])
        taken.stop()
    finally:
        store.close()


def test_gzip_is_the_copy_made_at_publish_and_a_stale_copy_is_ignored(limited_site):
    server = limited_site()
    path = server.config.feeds_dir / "all.rss"
    copy = gzip_path(path)
    status, headers, body = get(server, "/all.rss", Accept_Encoding="gzip")
    assert status == 200 and headers["content-encoding"] == "gzip" and body == copy.read_bytes()
    stat = path.stat()
    os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns - 1_000_000_000))  # older than its file
    status, headers, body = get(server, "/all.rss", Accept_Encoding="gzip")
    assert status == 200 and "content-encoding" not in headers and body == path.read_bytes()
    assert headers["vary"] == "Accept-Encoding"


def test_a_304_never_reads_the_file(limited_site, monkeypatch):
    server = limited_site(memory_bytes=0)  # every 200 opens its file (sendfile), so the spy sees each read
    _, plain, _ = get(server, "/all.atom")
    _, gzipped, _ = get(server, "/all.atom", Accept_Encoding="gzip")
    opened = []
    real_open = open

    def spy(file, *args, **kwargs):  # the server's thread opens files with the builtin open()
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", spy)
    assert get(server, "/all.atom", If_None_Match=plain["etag"])[0] == 304
    assert get(server, "/all.atom", Accept_Encoding="gzip", If_None_Match=gzipped["etag"])[0] == 304
    assert get(server, "/all.atom", If_Modified_Since=plain["last-modified"])[0] == 304
    assert not [p for p in opened if "all.atom" in p]
    assert get(server, "/all.atom")[0] == 200 and [p for p in opened if p.endswith("all.atom")]  # the spy works


def test_filtered_answers_are_cached_until_the_store_changes(limited_site):
    server = limited_site()
    status, first, body = get(server, "/all.atom?q=frigate")
    assert status == 200 and b"/articles/40" not in body
    assert get(server, "/all.atom?q=frigate")[1]["etag"] == first["etag"]
    add_article(server.store, 40, now=NOW + timedelta(minutes=5), published=NOW + timedelta(minutes=5))
    status, after, body = get(server, "/all.atom?q=frigate", If_None_Match=first["etag"])
    assert status == 200 and after["etag"] != first["etag"] and b"/articles/40" in body
    _, gz_headers, gz = get(server, "/all.atom?q=frigate", Accept_Encoding="gzip")
    assert gzip.decompress(gz) == body and gz_headers["etag"].endswith('-gz"')


@pytest.mark.parametrize("memory_bytes", [0, 64 * 1024 * 1024])
def test_bodies_by_sendfile_and_from_memory_are_the_files_bytes(limited_site, memory_bytes):
    server = limited_site(memory_bytes=memory_bytes)
    root = server.config.feeds_dir
    (root / "big.html").write_bytes(os.urandom(3_000_000).hex().encode())  # past SMALL_FILE: sendfile
    for path in ("/big.html", "/all.json", "/pairs/AZ-IT.rss", "/big.html"):
        status, headers, body = get(server, path)
        assert status == 200 and body == (root / path.lstrip("/")).read_bytes()
        assert int(headers["content-length"]) == len(body)
    status, headers, body = get(server, "/all.json", Accept_Encoding="gzip")
    assert gzip.decompress(body) == (root / "all.json").read_bytes()
    (root / "all.json").write_bytes(b'{"changed": true}')  # a new version is never answered from the old one
    status, headers, body = get(server, "/all.json")
    assert body == b'{"changed": true}' and int(headers["content-length"]) == len(body)


@pytest.mark.parametrize("request_bytes", [
    b"GET / HTTP/1.1\r\nX-Long: " + b"a" * 10_000 + b"\r\n\r\n",  # a header past 8190 bytes
    b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n",  # TLS sent to the plain port
    b"GET /\x00 HTTP/1.1\r\n\r\n",
    b"GET / HTTP/1.1\r\nContent-Length: zz\r\n\r\n",
    b"GET / HTTP/9.9\r\n\r\n",
])
def test_malformed_requests_get_400_and_log_one_line_without_traceback(limited_site, caplog, request_bytes):
    caplog.set_level(logging.DEBUG)
    server = limited_site()
    sock = connect(server)
    try:
        sock.sendall(request_bytes)
        assert sock.recv(200).startswith(b"HTTP/1.0 400 Bad Request")
    finally:
        sock.close()
    time.sleep(0.2)
    assert get(server, "/all.rss")[0] == 200
    # (aiohttp itself logs TLS or other non-HTTP first bytes at DEBUG, with the exception)
    assert not [r for r in caplog.records if r.levelno >= logging.INFO and r.exc_info or r.levelno >= logging.WARNING]
