"""`attache serve` as a real subprocess: it says when the published links point at another address."""

from __future__ import annotations

from tests.helpers.processes import ServeProcess


def _first_lines(env: dict[str, str], *args: str) -> list[str]:
    """What serve prints up to "serving …" and until it is stopped by Ctrl-C."""
    with ServeProcess(env, *args) as server:
        server.started()
        assert server.stop() in (0, 130)  # stopped by Ctrl-C (130 when it came before the wait began)
    return [line for line in server.lines if line]


def test_serve_on_another_port_republishes_so_links_work_there(attache_env: dict[str, str]) -> None:
    """Without a configured base URL, links follow the served address: serve republishes for it first."""
    lines = _first_lines(attache_env, "--port", "0")
    serving = next(line for line in lines if line.startswith("serving "))
    served_at = serving.split(" at ", 1)[1].split(" ", 1)[0]
    assert served_at.startswith("http://127.0.0.1:") and served_at != "http://127.0.0.1:8787/"
    assert lines[0].startswith(f"publishing for {served_at}: ")
    assert not any(line.startswith(("note:", "warning:")) for line in lines)


def test_serve_with_another_public_base_url_warns_and_keeps_it(attache_env: dict[str, str]) -> None:
    """A configured base URL (a proxy in front) is kept, with a warning naming both addresses."""
    env = {**attache_env, "ATTACHE_PUBLIC_BASE_URL": "https://feeds.example.org/attache/"}
    lines = _first_lines(env, "--port", "0")
    assert lines[0].startswith("warning: the feeds link to https://feeds.example.org/attache/")
    assert "this server listens at http://127.0.0.1:" in lines[0]
    assert any(line.startswith("serving ") for line in lines)
    assert not any(line.startswith("publishing for ") for line in lines)
