"""User mistakes on the command line give one clear line on stderr and exit 2, never a traceback."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from scraper.app.cli import main


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
    assert main(["--data-dir", str(blocker / "data"), *command]) == 2
    line = _one_error_line(capsys)
    assert line.startswith("attache: configuration error: cannot create the database folder "
                           f"{blocker / 'data'}:"), line


def test_a_feeds_dir_that_cannot_be_created_is_one_line_naming_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("ATTACHE_FEEDS_DIR", str(blocker / "feeds"))
    assert main(["--data-dir", str(tmp_path / "data"), "publish", "--quiet"]) == 2
    line = _one_error_line(capsys)
    assert line.startswith(f"attache: {blocker / 'feeds'}") and "ATTACHE_FEEDS_DIR" in line, line
