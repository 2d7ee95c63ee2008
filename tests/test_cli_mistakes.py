"""User mistakes on the command line, in the environment and on the disk give one clear line on stderr and exit 2,
never a traceback. The read-only and full-disk cases use a real tmpfs (they skip, saying why, where mounting is not
permitted)."""

from __future__ import annotations

import gzip
import socket
from pathlib import Path

import feedparser
import pytest

from scraper.app.cli import main
from scraper.sources import load_catalog
from scraper.store import Store
from tests.helpers.feed_store import fill_store, make_config
from tests.helpers.mounts import fill, read_only, tmpfs
from tests.helpers.processes import run_attache, write_catalog


def _data(tmp_path: Path) -> Path:
    """An existing data folder (an explicit one that does not exist is refused)."""
    (tmp_path / "data").mkdir(exist_ok=True)
    return tmp_path / "data"


def _one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.parametrize("content", [b"just some notes, no markup\n", bytes(range(256)) * 8,
                                     gzip.compress(b"plain text inside a gzip file\n", mtime=0)])
def test_extract_refuses_a_file_that_is_not_an_html_page(content: bytes, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "notes.txt"
    page.write_bytes(content)
    assert main(["--data-dir", str(tmp_path), "extract", str(page), "--url", "https://news.example/a"]) == 2
    assert _one_error_line(capsys) == f"attache: {page}: not an HTML page (no HTML tag found); " \
                                      "give a saved web page (.html or .html.gz)"


def test_extract_reads_a_utf16_page_and_refuses_a_url_that_is_not_http(tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.html"
    page.write_bytes("<html><body><h1>Joint exercise</h1><p>Text.</p></body></html>".encode("utf-16"))
    assert main(["--data-dir", str(tmp_path), "extract", str(page), "--url", "https://news.example/a"]) == 0
    assert '"title": "Joint exercise"' in capsys.readouterr().out
    assert main(["--data-dir", str(tmp_path), "extract", str(page), "--url", "news.example/a"]) == 2
    assert "--url 'news.example/a' is not an absolute http(s) URL" in _one_error_line(capsys)


@pytest.mark.parametrize("command", [["articles"], ["status"], ["retag"]])
def test_a_data_dir_that_cannot_be_created_is_one_line_naming_it(command: list[str], tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert main(["--data-dir", str(blocker / "data"), "--init", *command]) == 2
    line = _one_error_line(capsys)
    assert line.startswith("attache: configuration error: cannot create the data folder "
                           f"{blocker / 'data'}:"), line


def test_a_feeds_dir_that_cannot_be_created_is_one_line_naming_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("ATTACHE_FEEDS_DIR", str(blocker / "feeds"))
    assert main(["--data-dir", str(_data(tmp_path)), "publish", "--quiet"]) == 2
    line = _one_error_line(capsys)
    assert line.startswith(f"attache: {blocker / 'feeds'}") and "ATTACHE_FEEDS_DIR" in line, line


# --- configuration and environment mistakes: one line, exit 2 -------------------------------------------------
def _blocker(tmp_path: Path) -> Path:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    return blocker


ENV_MISTAKES = [  # (variable, value or a function of tmp_path, what the line must say)
    ("ATTACHE_HTTP_PORT", "99999", "ATTACHE_HTTP_PORT must be at most 65535, got 99999"),
    ("ATTACHE_HTTP_PORT", "http", "ATTACHE_HTTP_PORT must be a whole number, got 'http'"),
    ("ATTACHE_DATABASE_URL", "nonsense", "ATTACHE_DATABASE_URL must be a database URL"),
    ("ATTACHE_DATABASE_URL", "nosuchdb://x/y", "(ATTACHE_DATABASE_URL): Can't load plugin: sqlalchemy.dialects:"),
    ("ATTACHE_DATA_DIR", _blocker, "is a file, not a folder (check --data-dir or ATTACHE_DATA_DIR)"),
    ("ATTACHE_DOWNLOAD_DELAY", "abc", "ATTACHE_DOWNLOAD_DELAY must be a number of seconds, got 'abc'"),
    ("ATTACHE_CRAWL_INTERVAL", "0", "ATTACHE_CRAWL_INTERVAL must be at least 1, got 0"),
]


@pytest.mark.parametrize("command", [["status"], ["articles"], ["publish", "--quiet"]])
@pytest.mark.parametrize(("variable", "value", "expected"), ENV_MISTAKES,
                         ids=[f"{v}={x if isinstance(x, str) else 'file'}" for v, x, _ in ENV_MISTAKES])
def test_an_environment_mistake_is_one_line_naming_the_variable(
    variable: str, value: object, expected: str, command: list[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "data").mkdir()
    monkeypatch.setenv("ATTACHE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv(variable, str(value(tmp_path) if callable(value) else value))
    assert main(command) == 2
    line = _one_error_line(capsys)
    assert line.startswith("attache: ") and expected in line, line



def test_a_read_only_database_is_one_line_even_for_read_only_commands(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    with tmpfs(tmp_path / "ro", "4m") as folder:
        Store(f"sqlite:///{folder / 'attache.sqlite3'}").close()  # a real database, then its disk turns read-only
        read_only(folder)
        for command in (["status"], ["articles"], ["publish", "--quiet"]):
            assert main(["--data-dir", str(folder), *command]) == 2
            line = _one_error_line(capsys)
            assert line.startswith(f"attache: configuration error: cannot open the database sqlite:///{folder}"), line
            assert "must be writable, even to read" in line, line


def test_publish_into_a_read_only_folder_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    with tmpfs(tmp_path / "feeds", "1m") as folder:
        read_only(folder)
        monkeypatch.setenv("ATTACHE_FEEDS_DIR", str(folder / "out"))
        assert main(["--data-dir", str(_data(tmp_path)), "publish", "--quiet"]) == 2
        line = _one_error_line(capsys)
        assert line.startswith(f"attache: {folder / 'out'}: Read-only file system (check"), line


def test_publish_on_a_full_disk_is_one_line_and_leaves_no_half_written_feed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store(make_config(tmp_path).database_url)
    fill_store(store)
    store.close()
    with tmpfs(tmp_path / "feeds", "1m") as folder:
        fill(folder, leave=8192)
        monkeypatch.setenv("ATTACHE_FEEDS_DIR", str(folder))
        monkeypatch.setenv("ATTACHE_PUBLIC_BASE_URL", "http://127.0.0.1:8787/")
        assert main(["--data-dir", str(_data(tmp_path)), "publish", "--quiet"]) == 2
        line = _one_error_line(capsys)
        assert "No space left on device: free some space on the disk (the data folder" in line, line
        assert str(folder) in line, line
        left = sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))
        assert not left, f"temporary files left on the full disk: {left}"
        for feed in (*folder.rglob("*.atom"), *folder.rglob("*.rss")):
            parsed = feedparser.parse(feed.read_bytes())
            assert not parsed.bozo, (feed, parsed.get("bozo_exception"))


def _builtins_off(tmp_path: Path) -> Path:
    off = "".join(f"[sources.{sid}]\nenabled = false\n\n" for sid in load_catalog())
    return write_catalog(tmp_path / "off.toml", off)


@pytest.mark.e2e
def test_the_daemon_refuses_a_bad_or_busy_port_before_it_publishes_anything(attache_env: dict[str, str],
                                                                            tmp_path: Path) -> None:
    attache_env["ATTACHE_SOURCES"] = str(_builtins_off(tmp_path))
    feeds = Path(attache_env["ATTACHE_DATA_DIR"]) / "feeds"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        for port, expected in (("99999", "ATTACHE_HTTP_PORT must be at most 65535, got 99999"),
                               (str(busy), f"cannot serve feeds on 127.0.0.1:{busy}: Address already in use")):
            attache_env["ATTACHE_HTTP_PORT"] = port
            result = run_attache(attache_env, "daemon", timeout=60)
            assert result.returncode == 2, result.stdout + result.stderr
            assert "Traceback" not in result.stderr, result.stderr
            assert result.stderr.strip().splitlines()[-1].startswith("attache: configuration error: " + expected), \
                result.stderr
            published = sorted(p.name for p in feeds.iterdir()) if feeds.exists() else []
            assert not [name for name in published if not name.startswith(".")], published


@pytest.mark.parametrize(("schedule", "line", "problem"), [
    ('[sources.x.schedule]\ncron = "61 * * * *"\n', 6, "cron '61 * * * *' is invalid"),
    ("[sources.x.schedule]\ninterval = 5\n", 6, "interval must be a whole number of seconds ≥ 60"),
    ('schedule = { cron = "* * *" }\n', 6, "cron '* * *' is invalid"),
])
def test_a_schedule_mistake_names_the_catalog_file_and_line(schedule: str, line: int, problem: str, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    catalog = write_catalog(tmp_path / "mine.toml", '[sources.x]\nname = "X"\nkind = "feed"\ncountry = "IT"\n'
                            f'start_urls = ["http://127.0.0.1:9/feed.xml"]\n{schedule}')
    assert main(["--sources", str(catalog), "--data-dir", str(tmp_path / "data"), "sources"]) == 2
    text = _one_error_line(capsys)
    assert text.startswith(f"attache: {catalog}, line {line}: source 'x', key 'schedule': {problem}"), text
