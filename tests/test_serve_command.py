"""`attache serve` as a real subprocess: it says when the published links point at another address."""

from __future__ import annotations

import signal
import subprocess
import sys

from tests.helpers.processes import REPO


def _first_lines(env: dict[str, str], *args: str) -> list[str]:
    with subprocess.Popen([sys.executable, "-m", "scraper.app.cli", "serve", *args], env=env, cwd=REPO,
                          stdout=subprocess.PIPE, text=True) as proc:
        assert proc.stdout is not None
        try:
            lines = [proc.stdout.readline()]  # "serving …", the note in the same write
        finally:
            proc.send_signal(signal.SIGINT)
            out = proc.stdout.read()
            proc.wait(timeout=30)
    assert proc.returncode in (0, 130)  # stopped by Ctrl-C (130 when it came before the wait began)
    return [line.rstrip("\n") for line in lines + out.splitlines() if line]


def test_serve_on_another_port_says_how_to_publish_links_that_work_there(attache_env: dict[str, str]) -> None:
    lines = _first_lines(attache_env, "--port", "0")
    served_at = lines[0].split(" at ", 1)[1].split(" ", 1)[0]
    assert served_at.startswith("http://127.0.0.1:") and served_at != "http://127.0.0.1:8787/"
    assert lines[1] == ("note: the published index page and feeds link to http://127.0.0.1:8787/; for links to "
                        f"this server run `ATTACHE_PUBLIC_BASE_URL={served_at} attache publish` (or set "
                        "ATTACHE_HTTP_HOST/ATTACHE_HTTP_PORT instead of --host/--port)")


def test_serve_with_a_public_base_url_prints_no_note(attache_env: dict[str, str]) -> None:
    env = {**attache_env, "ATTACHE_PUBLIC_BASE_URL": "https://feeds.example.org/attache/"}
    lines = _first_lines(env, "--port", "0")
    assert lines[0].startswith("serving ") and not any(line.startswith("note:") for line in lines)
