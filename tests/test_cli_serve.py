"""`attache serve --port N`: the published index page, OPML list and self links follow the served port; a given
base URL that names another port gives a warning; SIGINT (even when the shell ignores it, as for a background
job) and SIGTERM stop the server cleanly."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.helpers.processes import REPO, run_attache

pytestmark = pytest.mark.e2e


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(env: dict[str, str], port: int, ignore_sigint: bool = False) -> tuple[subprocess.Popen[str], list[str]]:
    def ignore() -> None:  # what a shell does for a command started with `&`
        signal.signal(signal.SIGINT, signal.SIG_IGN)

    proc = subprocess.Popen([sys.executable, "-m", "scraper.app.cli", "serve", "--port", str(port)], cwd=REPO,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            preexec_fn=ignore if ignore_sigint else None)
    lines: list[str] = []
    assert proc.stdout is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip())
        if line.startswith("serving "):
            return proc, lines
    proc.kill()
    raise AssertionError("serve did not start:\n" + "\n".join(lines))


def _stop(proc: subprocess.Popen[str], sig: int) -> tuple[int, str]:
    proc.send_signal(sig)
    try:
        out, _ = proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise AssertionError(f"serve did not stop on {signal.Signals(sig).name}") from None
    return proc.returncode, out


@pytest.mark.parametrize(("sig", "ignore_sigint"), [(signal.SIGINT, True), (signal.SIGTERM, False)])
def test_serve_links_follow_the_port_and_it_stops_on_signals(sig: int, ignore_sigint: bool,
                                                             attache_env: dict[str, str]) -> None:
    attache_env.pop("ATTACHE_PUBLIC_BASE_URL", None)
    assert run_attache(attache_env, "init", "--no-builtins").returncode == 0
    assert run_attache(attache_env, "publish").returncode == 0  # published for the default port
    port = _free_port()
    proc, lines = _serve(attache_env, port, ignore_sigint)
    try:
        base = f"http://127.0.0.1:{port}/"
        assert any(line.startswith(f"publishing for {base}: published ") for line in lines), lines
        with urllib.request.urlopen(base, timeout=10) as response:
            index = response.read().decode()
        with urllib.request.urlopen(base + "feeds.opml", timeout=10) as response:
            opml = response.read().decode()
        assert f"{base}all.atom" in index and ":8787/" not in index
        assert f"{base}all.atom" in opml and ":8787/" not in opml
        atom = (Path(attache_env["ATTACHE_DATA_DIR"]) / "feeds" / "all.atom").read_text()
        assert f'href="{base}all.atom" rel="self"' in atom
    finally:
        rc, out = _stop(proc, sig)
    assert rc == 0 and f"stopped by {signal.Signals(sig).name}" in out and "Traceback" not in out, out


def test_serve_warns_when_the_given_base_url_names_another_port(attache_env: dict[str, str]) -> None:
    attache_env["ATTACHE_PUBLIC_BASE_URL"] = "http://127.0.0.1:8787/"
    port = _free_port()
    proc, lines = _serve(attache_env, port)
    rc, out = _stop(proc, signal.SIGTERM)
    text = "\n".join(lines) + out
    assert "warning: the feeds link to http://127.0.0.1:8787/" in text and f":{port}/" in text, text
    assert "publishing for" not in text and rc == 0
