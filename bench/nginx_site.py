"""A folder served by nginx on 127.0.0.1 for benchmarks: a web server that costs the measured process
nothing (the Python loopback server of the tests would take a core of its own at these rates).

`NginxSite(folder)` starts Debian's nginx (`/usr/sbin/nginx`, `apt-get install nginx`) in the
foreground, with a configuration of its own in a temporary folder, on a free port; `.stop()` ends it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

NGINX = "/usr/sbin/nginx"

_CONF = """
{user}
worker_processes 1;
daemon off;
error_log {tmp}/error.log warn;
pid {tmp}/nginx.pid;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    types {{ text/html html; application/xml xml; application/rss+xml rss; }}
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port} backlog=4096;
        root {root};
        index index.html;
        etag on;
    }}
}}
"""


def nginx_available() -> bool:
    """True when Debian's nginx is installed."""
    return Path(NGINX).is_file() or shutil.which("nginx") is not None


def free_port() -> int:
    """A port free on 127.0.0.1 right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class NginxSite:
    """nginx serving `root` on 127.0.0.1 (a free port) until `stop()`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = free_port()
        self._tmp = Path(tempfile.mkdtemp(prefix="attache-nginx-"))
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> NginxSite:
        conf = self._tmp / "nginx.conf"
        # As root, nginx's workers would run as nobody and could not read a private temporary folder.
        user = "user root root;" if os.geteuid() == 0 else ""
        conf.write_text(_CONF.format(user=user, tmp=self._tmp, port=self.port, root=self.root.resolve()),
                        encoding="utf-8")
        binary = NGINX if Path(NGINX).is_file() else shutil.which("nginx") or NGINX
        self._process = subprocess.Popen([binary, "-c", str(conf), "-p", str(self._tmp)],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                if self._process.poll() is not None:
                    message = self._process.stderr.read().decode()[-500:] if self._process.stderr else ""
                    raise RuntimeError(f"nginx did not start: {message}") from None
                time.sleep(0.05)
        raise RuntimeError("nginx did not answer on its port within 10 s")

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(10)
            self._process = None
        shutil.rmtree(self._tmp, ignore_errors=True)
