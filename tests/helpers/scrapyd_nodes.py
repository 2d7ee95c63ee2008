"""Real Scrapyd processes on 127.0.0.1 for the e2e test and the bench: each in its own folder (its
scrapyd.conf, eggs, logs and dbs), started in its own process group so killing the group kills the node with
the crawls it runs — a machine that dies."""

from __future__ import annotations

import base64
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

START_TIMEOUT_SECONDS = 20.0

CONF = """[scrapyd]
bind_address = 127.0.0.1
http_port = {port}
eggs_dir = {root}/eggs
logs_dir = {root}/logs
dbs_dir = {root}/dbs
items_dir =
jobs_to_keep = 20
finished_to_keep = 100
poll_interval = {poll}
max_proc = {max_proc}
username = {username}
password = {password}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ScrapydProcess:
    url: str
    root: Path
    proc: subprocess.Popen[bytes]

    def kill(self) -> None:
        """SIGKILL the node's whole process group (Scrapyd and its crawls) and reap it."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=10)

    def log(self) -> str:
        path = self.root / "scrapyd.out"
        return path.read_text(errors="replace") if path.exists() else ""


def start_node(root: Path, env: dict[str, str], *, poll: float = 0.2, max_proc: int = 4,
               auth: tuple[str, str] | None = None) -> ScrapydProcess:
    """Start `scrapyd` in `root` on a free loopback port and wait (bounded) until it answers daemonstatus.json.
    With `auth` (user, password) the node requires HTTP basic auth (Scrapyd's `username` / `password`)."""
    root.mkdir(parents=True, exist_ok=True)
    port = free_port()
    user, password = auth or ("", "")
    (root / "scrapyd.conf").write_text(CONF.format(port=port, root=root, poll=poll, max_proc=max_proc,
                                                   username=user, password=password))
    out = open(root / "scrapyd.out", "wb")  # noqa: SIM115 (the node writes it for its whole life)
    proc = subprocess.Popen([sys.executable, "-m", "scrapyd", "--pidfile="], cwd=root, env=env, stdout=out,
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    out.close()
    node = ScrapydProcess(f"http://127.0.0.1:{port}", root, proc)
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"scrapyd in {root} exited with {proc.returncode}:\n{node.log()[-2000:]}")
        probe = urllib.request.Request(f"{node.url}/daemonstatus.json")
        if auth:
            probe.add_header("Authorization", "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode())
        try:
            with urllib.request.urlopen(probe, timeout=2) as response:
                if response.status == 200:
                    return node
        except OSError:
            time.sleep(0.1)
    node.kill()
    raise RuntimeError(f"scrapyd in {root} did not answer within {START_TIMEOUT_SECONDS:.0f} s:\n{node.log()[-2000:]}")


def node_environment(base: dict[str, str], data_dir: Path) -> dict[str, str]:
    """A node's environment: its own data folder, and nothing of the scheduler's store or catalog (the crawl gets
    those from `attache deploy`'s egg and the job's settings)."""
    env = {k: v for k, v in base.items() if k not in ("ATTACHE_DATABASE_URL", "ATTACHE_SOURCES",
                                                         "SCRAPY_SETTINGS_MODULE", "ATTACHE_SCRAPYD_URLS")}
    data_dir.mkdir(parents=True, exist_ok=True)
    env["ATTACHE_DATA_DIR"] = str(data_dir)
    env["PYTHONUNBUFFERED"] = "1"
    return env
