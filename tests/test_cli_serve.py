"""`attache serve --port N`: the published index page, OPML list and self links follow the served port; a given
base URL that names another port gives a warning; SIGINT (even when the shell ignores it, as for a background
job) and SIGTERM stop the server cleanly."""

from __future__ import annotations

import signal
import socket
import urllib.request
from pathlib import Path

import pytest

from tests.helpers.processes import ServeProcess, run_attache

pytestmark = pytest.mark.e2e


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize(("sig", "ignore_sigint"), [(signal.SIGINT, True), (signal.SIGTERM, False)])
def test_serve_links_follow_the_port_and_it_stops_on_signals(sig: int, ignore_sigint: bool,
                                                             attache_env: dict[str, str]) -> None:
    attache_env.pop("ATTACHE_PUBLIC_BASE_URL", None)
    assert run_attache(attache_env, "init", "--no-builtins").returncode == 0
    assert run_attache(attache_env, "publish").returncode == 0  # published for the default port
    port = _free_port()
    with ServeProcess(attache_env, "--port", str(port), ignore_sigint=ignore_sigint) as server:
        server.started()
        base = f"http://127.0.0.1:{port}/"
        assert any(line.startswith(f"publishing for {base}: published ") for line in server.lines), server.lines
        with urllib.request.urlopen(base, timeout=10) as response:
            index = response.read().decode()
        with urllib.request.urlopen(base + "feeds.opml", timeout=10) as response:
            opml = response.read().decode()
        assert f"{base}all.atom" in index and ":8787/" not in index
        assert f"{base}all.atom" in opml and ":8787/" not in opml
        atom = (Path(attache_env["ATTACHE_DATA_DIR"]) / "feeds" / "all.atom").read_text()
        assert f'href="{base}all.atom" rel="self"' in atom
        rc = server.stop(sig)
    out = "\n".join(server.lines)
    assert rc == 0 and f"stopped by {signal.Signals(sig).name}" in out and "Traceback" not in out, out


def test_serve_warns_when_the_given_base_url_names_another_port(attache_env: dict[str, str]) -> None:
    attache_env["ATTACHE_PUBLIC_BASE_URL"] = "http://127.0.0.1:8787/"
    port = _free_port()
    with ServeProcess(attache_env, "--port", str(port)) as server:
        server.started()
        rc = server.stop(signal.SIGTERM)
    text = "\n".join(server.lines)
    assert "warning: the feeds link to http://127.0.0.1:8787/" in text and f":{port}/" in text, text
    assert "publishing for" not in text and rc == 0


def test_a_signal_sent_as_soon_as_serving_is_printed_stops_it_cleanly(attache_env: dict[str, str]) -> None:
    """"serving …" announces that the server is up and its signal handlers are in place: a SIGTERM sent the
    moment the line is read is a clean stop (exit 0), never a death by the signal (-15, seen on a loaded CI)."""
    for _ in range(5):
        with ServeProcess(attache_env, "--port", "0") as server:
            server.started()
            rc = server.stop(signal.SIGTERM)
        assert rc == 0 and "stopped by SIGTERM" in "\n".join(server.lines), (rc, server.lines)
