"""Feed server benchmark: `attache serve` against nginx on the same published directory, with wrk.

    .venv/bin/python -m bench.bench_server [--articles 3000] [--rounds 3] [--duration 3] [--connections 64]
                                           [--idle 500] [--files 60] [--json FILE] [--also TREE]

A store of synthetic articles (`bench.bench_feeds.synthetic_articles`, through the project's `Store`) is
published into a temporary directory (gzip copies included). Two servers serve it on 127.0.0.1:
`attache serve` in a subprocess (the real command) and nginx as a non-daemon child with its own
configuration (`gzip_static on`, `etag on`, `sendfile on`, one worker: wrk and the servers share the
machine's cores). wrk (one thread, `--connections` connections) asks for `--files` published files in
turn, in three rows: plain GETs; conditional GETs with each server's own ETag (all 304); GETs that accept
gzip (the `.gz` copies). A fourth row repeats the plain GETs while `--idle` connections hold half-sent
requests open (issue 13: p99 ≤ 50 ms), against each server. The rows run interleaved, the server order
alternating, for `--rounds` rounds; each figure is the median with its range, the ratio is ours / nginx
per round.

`--also TREE` serves the same directory with a third server, `attache serve` run from another source
tree (another commit's files: `mkdir /tmp/main && git archive main | tar -x -C /tmp/main`), in the same
interleaved rounds, and prints its table too: a before/after of the server under the same load. The
targets judge ours only.

Targets (exit status 1 when one is missed): on every row, req/s ≥ 0.3 × nginx's and our p99 ≤ 50 ms.

The bench raises its own open-files soft limit to hold the idle connections (the server raises its own:
`feeds.server.ServerLimits`). Needs /usr/bin/wrk and /usr/sbin/nginx (Debian packages wrk, nginx).
"""

from __future__ import annotations

import argparse
import http.client
import json
import logging
import os
import random
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.bench_feeds import synthetic_articles
from feeds.publish import publish
from scraper.config import load_config
from scraper.store import Store, upsert_article

WRK = shutil.which("wrk") or "/usr/bin/wrk"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MIN_RATIO = 0.3
MAX_P99_MS = 50.0
ROWS = ("plain", "304", "gzip", "plain, idle held")
HALF_SENT = b"GET /all.rss HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow"

NGINX_CONF = """\
{user}worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
    types {{ application/rss+xml rss; application/atom+xml atom; application/feed+json json;
             text/x-opml opml; text/html html; }}
    charset utf-8;
    charset_types application/rss+xml application/atom+xml application/feed+json text/x-opml;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        gzip_static on;
        etag on;
        add_header Cache-Control "public, max-age=300";
        add_header Vary Accept-Encoding;
    }}
}}
"""

LUA = """\
local paths = {{{paths}}}
local etags = {{{etags}}}
local gzip = {gzip}
local i = 0
request = function()
  i = i % #paths + 1
  local headers = {{}}
  if #etags > 0 then headers["If-None-Match"] = etags[i] end
  if gzip then headers["Accept-Encoding"] = "gzip" end
  return wrk.format("GET", paths[i], headers)
end
"""


@dataclass
class Run:
    rps: float
    p99_ms: float


def free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def raise_open_files(needed: int) -> None:
    """Raise this process's open-files soft limit to `needed` (up to the hard limit)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        if target < needed:
            sys.exit(f"bench_server: needs {needed} open files, the hard limit is {hard} (ulimit -Hn)")


def build_site(tmp: Path, articles: int, seed: int):  # type: ignore[no-untyped-def]
    config = load_config(env={"ATTACHE_DATA_DIR": str(tmp / "data"), "ATTACHE_PUBLIC_BASE_URL": "http://127.0.0.1:8787/"})
    store = Store(config.database_url)
    with store.session() as session:
        for article, country, seen in synthetic_articles(articles, seed):
            upsert_article(session, article, seen, publisher_country=country)
    started = time.perf_counter()
    publish(config, store)
    store.close()
    print(f"published {articles} articles in {time.perf_counter() - started:.1f} s", flush=True)
    return config


@contextmanager
def ours(config, tree: str | None = None):  # type: ignore[no-untyped-def]
    """`attache serve` on the published directory; from the source tree `tree` when given (else this one)."""
    env = {**os.environ, "ATTACHE_DATA_DIR": str(config.data_dir), "ATTACHE_PUBLIC_BASE_URL": config.public_base_url}
    if tree is not None:
        env["PYTHONPATH"] = tree
    # A bench started in the background (`make bench-server &`) ignores Ctrl-C, and so would the child: give it
    # Python's own, so that SIGINT stops it the way Ctrl-C does.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        proc = subprocess.Popen([sys.executable, "-m", "scraper.app.cli", "serve", "--port", "0"], env=env, cwd=tree,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    finally:
        signal.signal(signal.SIGINT, previous)
    try:
        seen = ""
        for _ in range(10):  # a note (another port than the configured base URL's) may come first
            line = proc.stdout.readline() if proc.stdout else ""
            seen += line
            if line.startswith("serving ") or not line:
                break
        if not line.startswith("serving ") or " at http://" not in line:
            stderr = proc.stderr.read() if proc.stderr else ""
            raise SystemExit(f"bench_server: attache serve did not start: {seen}{stderr}")
        yield line.split(" at ")[1].split()[0].rstrip("/")
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            print("  attache serve did not stop on SIGINT within 20 s: killed", file=sys.stderr)
            proc.kill()
            proc.wait()
        stderr = proc.stderr.read() if proc.stderr else ""
        if "Traceback" in stderr:
            print(f"attache serve printed a traceback:\n{stderr}", file=sys.stderr)


@contextmanager
def nginx(root: Path, tmp: Path):  # type: ignore[no-untyped-def]
    port = free_port()
    conf = tmp / "nginx.conf"
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the private temporary directory
    conf.write_text(NGINX_CONF.format(user=user, tmp=tmp, port=port, root=root))
    proc = subprocess.Popen([NGINX, "-p", str(tmp), "-c", str(conf), "-e", str(tmp / "nginx-error.log")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"bench_server: nginx did not start: {proc.stderr.read() if proc.stderr else ''}"
                                     ) from None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.send_signal(signal.SIGQUIT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def head(base: str, path: str, **headers: str) -> tuple[int, dict[str, str]]:
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        conn.request("GET", path, headers={k.replace("_", "-"): v for k, v in headers.items()})
        response = conn.getresponse()
        response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}
    finally:
        conn.close()


def scripts(base: str, paths: list[str], tmp: Path, name: str) -> dict[str, Path]:
    """The wrk script of each row for the server at `base`, after checking it answers each row as expected."""
    etags = []
    for path in paths:
        status, headers = head(base, path)
        if status != 200 or "etag" not in headers:
            raise SystemExit(f"bench_server: {base}{path} answered {status} without an ETag")
        if head(base, path, If_None_Match=headers["etag"])[0] != 304:
            raise SystemExit(f"bench_server: {base}{path} does not answer 304 to its own ETag")
        if head(base, path, Accept_Encoding="gzip")[1].get("content-encoding") != "gzip":
            raise SystemExit(f"bench_server: {base}{path} does not send gzip")
        etags.append(headers["etag"])
    quoted = ", ".join(f'"{p}"' for p in paths)
    out = {}
    for row, tags, gz in (("plain", [], "false"), ("304", etags, "false"), ("gzip", [], "true")):
        lua = LUA.format(paths=quoted, etags=", ".join("'" + t + "'" for t in tags), gzip=gz)
        out[row] = tmp / f"{name}-{row}.lua"
        out[row].write_text(lua)
    out["plain, idle held"] = out["plain"]
    return out


_LATENCY_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(base: str, script: Path, connections: int, duration: int) -> Run:
    result = subprocess.run([WRK, "-t1", f"-c{connections}", f"-d{duration}s", "--latency", "-s", str(script), base],
                            capture_output=True, text=True, timeout=duration + 60)
    out = result.stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE)
    if result.returncode or rps is None or p99 is None:
        raise SystemExit(f"bench_server: wrk failed against {base}:\n{out}{result.stderr}")
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    if bad or errors:
        print(f"  warning, {base}: {bad.group(0) if bad else ''} {errors.group(0) if errors else ''}", flush=True)
    return Run(float(rps.group(1)), float(p99.group(1)) * _LATENCY_UNITS[p99.group(2)])


@contextmanager
def idle_connections(base: str, count: int):  # type: ignore[no-untyped-def]
    """`count` connections holding a half-sent request; checks at the end that they were still open."""
    host, port = base.removeprefix("http://").split(":")
    socks = []
    try:
        for _ in range(count):
            sock = socket.create_connection((host, int(port)), timeout=10)
            sock.sendall(HALF_SENT)
            socks.append(sock)
        time.sleep(1.0)  # accepted and parsed by the server: the row measures connections held, not their opening
        yield
        for sock in socks:
            sock.setblocking(False)
        still_open = 0
        for sock in socks:
            try:
                still_open += sock.recv(1) != b""
            except BlockingIOError:
                still_open += 1
            except OSError:
                pass
        if still_open < count:
            print(f"  note, {base}: {count - still_open} of {count} idle connections were closed during the run",
                  flush=True)
    finally:
        for sock in socks:
            sock.close()


def fmt(values: list[float], digits: int = 0) -> str:
    return f"{statistics.median(values):,.{digits}f} ({min(values):,.{digits}f}–{max(values):,.{digits}f})"


def table(runs: dict[tuple[str, str], list[Run]], server: str) -> list[str]:
    """Print the rows of `server` against nginx; the rows whose target it missed."""
    print(f"| row | nginx req/s | {server} req/s | ratio {server}/nginx | nginx p99 ms | {server} p99 ms | target "
          "| met |")
    print("|---|---|---|---|---|---|---|---|")
    missed = []
    for row in ROWS:
        theirs, mine = runs[row, "nginx"], runs[row, server]
        ratios = [m.rps / t.rps for m, t in zip(mine, theirs, strict=True)]
        p99 = [m.p99_ms for m in mine]
        ok = statistics.median(ratios) >= MIN_RATIO and statistics.median(p99) <= MAX_P99_MS
        if not ok:
            missed.append(row)
        print(f"| {row} | {fmt([t.rps for t in theirs])} | {fmt([m.rps for m in mine])} | {fmt(ratios, 2)} | "
              f"{fmt([t.p99_ms for t in theirs], 1)} | {fmt(p99, 1)} | ≥ {MIN_RATIO}×, p99 ≤ {MAX_P99_MS:g} ms | "
              f"{'yes' if ok else 'NO'} |")
    print()
    return missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=3, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--idle", type=int, default=500, help="half-sent connections held in the last row")
    parser.add_argument("--files", type=int, default=60, help="published files asked for in turn")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", metavar="FILE", help="also write every round's figures to FILE as JSON")
    parser.add_argument("--also", metavar="TREE", help="also serve with `attache serve` from this source tree")
    args = parser.parse_args()
    if args.also and not (Path(args.also) / "scraper" / "app" / "cli.py").is_file():
        print(f"bench_server: --also {args.also}: not an Attaché source tree (no scraper/app/cli.py)", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING)
    for tool in (WRK, NGINX):
        if not Path(tool).exists():
            print(f"bench_server: {tool} is missing (apt-get install -y wrk nginx)", file=sys.stderr)
            return 2
    raise_open_files(args.idle + args.connections + 512)
    with tempfile.TemporaryDirectory(prefix="bench-server-") as name, ExitStack() as stack:
        tmp = Path(name)
        config = build_site(tmp, args.articles, args.seed)
        root = config.feeds_dir.resolve()
        files = sorted(str(p.relative_to(root)) for p in root.rglob("*")
                       if p.is_file() and p.suffix in (".rss", ".atom", ".json", ".html", ".opml"))
        rng = random.Random(args.seed)
        paths = ["/" + p for p in rng.sample(files, min(args.files, len(files)))]
        sizes = [(root / p.lstrip("/")).stat().st_size for p in paths]
        gz_sizes = [(root / (p.lstrip("/") + ".gz")).stat().st_size for p in paths]
        print(f"{len(files)} published files; asking for {len(paths)} of them, median {statistics.median(sizes):,.0f}"
              f" bytes (gzip copies: median {statistics.median(gz_sizes):,.0f})", flush=True)
        bases = {"nginx": stack.enter_context(nginx(root, tmp)), "ours": stack.enter_context(ours(config))}
        if args.also:
            bases["also"] = stack.enter_context(ours(config, str(Path(args.also).resolve())))
        rows = {server: scripts(base, paths, tmp, server) for server, base in bases.items()}
        runs: dict[tuple[str, str], list[Run]] = {(row, server): [] for row in ROWS for server in bases}
        load_before = os.getloadavg()[0]
        for number in range(args.rounds):
            order = list(bases) if number % 2 == 0 else list(reversed(bases))
            for row in ROWS:
                for server in order:
                    if row == "plain, idle held":
                        with idle_connections(bases[server], args.idle):
                            runs[row, server].append(wrk(bases[server], rows[server][row], args.connections,
                                                         args.duration))
                    else:
                        runs[row, server].append(wrk(bases[server], rows[server][row], args.connections,
                                                     args.duration))
            print(f"round {number + 1}/{args.rounds} done", flush=True)
    print()
    print(f"wrk -t1 -c{args.connections} -d{args.duration:g}s, {len(paths)} files in turn, {args.rounds} interleaved "
          f"rounds: median (range); ratio = ours / nginx per round; idle row: {args.idle} half-sent connections held")
    print(f"machine: {os.cpu_count()} cores, load average {load_before:.1f} before the rounds, "
          f"{os.getloadavg()[0]:.1f} after (other processes weigh on both servers alike)")
    print()
    missed = table(runs, "ours")
    if args.also:
        print(f"the same rounds, `attache serve` from {args.also}:")
        print()
        table(runs, "also")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "connections": args.connections, "duration": args.duration, "rounds": args.rounds,
            "target_ratio": MIN_RATIO, "target_p99_ms": MAX_P99_MS, "missed": missed,
            "rows": {row: {server: {"rps": [r.rps for r in runs[row, server]],
                                    "p99_ms": [r.p99_ms for r in runs[row, server]]}
                           for server in bases} for row in ROWS},
        }, indent=1), encoding="utf-8")
    if missed:
        print(f"target missed: {', '.join(missed)}")
        return 1
    print("all targets met")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
