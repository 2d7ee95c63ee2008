"""The remembered configuration (`<data dir>/attache.toml`): `attache init` writes it, every command and
`scrapy crawl` read it, the environment and the command line override it, its mistakes are one line naming the
file, line and key; a data folder that does not exist is refused unless `--init` is given."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scraper.app.cli import build_parser, main
from scraper.config import load_config
from scraper.config_file import config_file_path
from tests.helpers.processes import run_scrapy, write_catalog

MINE = ('[sources.my-ministry]\nname = "My Ministry"\nkind = "html"\ncountry = "IT"\nlanguage = "it"\n'
        'start_urls = ["http://127.0.0.1:9/news/"]\narticle_pattern = "/news/\\\\d+"\n')


def _err_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.fixture
def initialised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    """A data directory made by `attache init` remembering a user catalog, built-in sources off, port 9876."""
    monkeypatch.delenv("ATTACHE_SOURCES", raising=False)
    monkeypatch.delenv("ATTACHE_HTTP_PORT", raising=False)
    monkeypatch.delenv("ATTACHE_PUBLIC_BASE_URL", raising=False)
    catalog = write_catalog(tmp_path / "mine.toml", MINE)
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "--sources", str(catalog), "init", "--port", "9876", "--no-builtins"]) == 0
    assert f"created {config_file_path(data)}" in capsys.readouterr().out
    return data


def test_init_remembers_the_catalog_port_and_builtins_for_every_command(
        initialised: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = load_config({"ATTACHE_DATA_DIR": str(initialised)}, env={})
    assert [p.name for p in config.sources] == ["mine.toml"]
    assert (config.http_port, config.public_base_url, config.builtins) == (9876, "http://127.0.0.1:9876/", False)
    assert config.config_file == config_file_path(initialised)
    assert main(["--data-dir", str(initialised), "sources", "--json"]) == 0
    assert [s["id"] for s in json.loads(capsys.readouterr().out)] == ["my-ministry"]  # built-ins off
    assert main(["--data-dir", str(initialised), "status", "--json"]) == 0
    assert [r["source"] for r in json.loads(capsys.readouterr().out)["sources"]] == ["my-ministry"]
    # The environment overrides the file; the command line overrides the environment.
    assert load_config({"ATTACHE_DATA_DIR": str(initialised)}, env={"ATTACHE_HTTP_PORT": "5000"}).http_port == 5000
    over = load_config({"ATTACHE_DATA_DIR": str(initialised), "ATTACHE_SOURCES": "/x.toml"},
                       env={"ATTACHE_SOURCES": "/y.toml"})
    assert over.sources == (Path("/x.toml"),)


def test_sources_and_data_dir_work_after_the_command(initialised: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    other = write_catalog(tmp_path / "other.toml", MINE.replace("my-ministry", "other-one"))
    assert main(["sources", "--json", "--data-dir", str(initialised), "--sources", str(other)]) == 0
    assert [s["id"] for s in json.loads(capsys.readouterr().out)] == ["other-one"]
    args = build_parser().parse_args(["--sources", "a.toml", "status", "--json"])
    assert args.sources == "a.toml"  # a value given before the command is kept
    args = build_parser().parse_args(["sources", "add", "http://127.0.0.1:9/", "--sources", "b.toml"])
    assert args.sources == "b.toml"


def test_a_typo_in_a_crawled_source_says_did_you_mean(initialised: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(initialised), "crawl", "my-minstry"]) == 2
    line = _err_line(capsys)
    assert "unknown source(s): my-minstry (did you mean 'my-ministry'?)" in line, line


def test_without_a_user_catalog_the_unknown_source_line_says_how_to_give_one(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ATTACHE_SOURCES", raising=False)
    (tmp_path / "data").mkdir()
    assert main(["--data-dir", str(tmp_path / "data"), "crawl", "my-ministry"]) == 2
    line = _err_line(capsys)
    assert "no user catalog is configured: pass --sources FILE, set ATTACHE_SOURCES" in line, line


THEIRS = ('[sources.their-ministry]\nname = "Their Ministry"\nkind = "feed"\ncountry = "FR"\nlanguage = "fr"\n'
          'start_urls = ["http://127.0.0.1:9/rss.xml"]\n'
          '[sources.my-ministry]\nname = "My Ministry (renamed by the second catalog)"\n')


def test_several_user_catalogs_merge_in_order_from_the_file_the_environment_and_the_command_line(
        initialised: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`sources` may list several catalogs: a later one adds sources and overrides keys of an earlier one."""
    mine, theirs = tmp_path / "mine.toml", write_catalog(tmp_path / "theirs.toml", THEIRS)
    config_file_path(initialised).write_text('builtins = false\nsources = ["../mine.toml", "../theirs.toml"]\n')
    config = load_config({"ATTACHE_DATA_DIR": str(initialised)}, env={})
    assert config.sources == (mine.resolve(), theirs.resolve())
    assert main(["--data-dir", str(initialised), "sources", "--json"]) == 0
    listed = {s["id"]: s["name"] for s in json.loads(capsys.readouterr().out)}
    assert listed == {"my-ministry": "My Ministry (renamed by the second catalog)", "their-ministry": "Their Ministry"}
    assert main(["--data-dir", str(initialised), "status", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["catalogs"] == [str(mine.resolve()), str(theirs.resolve())]
    # The same list from the command line (':'-separated, like PATH), in the other order: the first one wins.
    assert main(["--data-dir", str(initialised), "--sources", f"{theirs}:{mine}", "sources", "--json"]) == 0
    assert {s["id"]: s["name"] for s in json.loads(capsys.readouterr().out)}["my-ministry"] == "My Ministry"
    # `attache init` remembers the list as an array that reads back the same.
    assert main(["--data-dir", str(initialised), "--sources", f"{mine}:{theirs}", "init"]) == 0
    capsys.readouterr()
    assert load_config({"ATTACHE_DATA_DIR": str(initialised)}, env={}).sources == (mine, theirs)
    # A mistake in the second catalog names that file.
    theirs.write_text(THEIRS.replace('kind = "feed"', 'kind = "rss"'))
    assert main(["--data-dir", str(initialised), "sources"]) == 2
    assert str(theirs) in _err_line(capsys)


@pytest.mark.parametrize(("text", "expected"), [
    ('sources = []\n', "line 1: key 'sources': must be a path or an array of paths"),
    ("builtins = false\nport = 99999\n", "line 2: key 'port': must be a whole number from 0 to 65535, got 99999"),
    ("\nbuiltin = false\n", "line 2: key 'builtin': unknown key (did you mean 'builtins'?"),
    ('public_base_url = "example.org"\n', "line 1: key 'public_base_url': must be an absolute http(s) URL"),
    ("port = [\n", "not valid TOML"),
])
def test_a_mistake_in_the_file_names_file_line_and_key(text: str, expected: str, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    data.mkdir()
    config_file_path(data).write_text(text)
    assert main(["--data-dir", str(data), "status"]) == 2
    line = _err_line(capsys)
    assert line.startswith(f"attache: configuration error: {config_file_path(data)}") and expected in line, line


def test_a_data_dir_that_does_not_exist_is_refused_unless_init(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "typo"
    for command in (["status"], ["articles"], ["publish"], ["crawl", "x"]):
        assert main(["--data-dir", str(missing), *command]) == 2
        line = _err_line(capsys)
        assert line == (f"attache: configuration error: the data folder {missing} does not exist (check --data-dir "
                        "or ATTACHE_DATA_DIR; `attache init` or --init creates it)"), line
        assert not missing.exists()
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    assert main(["--data-dir", str(a_file), "status"]) == 2
    assert "is a file, not a folder" in _err_line(capsys)
    assert main(["--data-dir", str(missing), "--init", "status", "--json"]) == 0
    assert config_file_path(missing).is_file()


@pytest.mark.e2e
def test_scrapy_reads_the_file_and_names_the_catalogs_of_an_unknown_spider(initialised: Path,
                                                                           attache_env: dict[str, str]) -> None:
    attache_env["ATTACHE_DATA_DIR"] = str(initialised)
    attache_env.pop("ATTACHE_DATABASE_URL")
    listed = run_scrapy(attache_env, "list", timeout=120)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.split() == ["my-ministry"]  # the user catalog from attache.toml, built-ins off
    unknown = run_scrapy(attache_env, "crawl", "my-minstry", timeout=120)
    assert unknown.returncode == 2 and "Traceback" not in unknown.stderr, unknown.stderr
    assert unknown.stderr.strip().splitlines()[-1] == (
        "attache: unknown source 'my-minstry' (did you mean 'my-ministry'?); searched the built-in catalog "
        f"(off: builtins = false), {initialised.parent / 'mine.toml'}")


def test_typos_in_articles_and_status_are_mistakes_with_the_closest_id(
        initialised: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(initialised), "articles", "--source", "my-minstry"]) == 2
    assert "unknown source(s): my-minstry (did you mean 'my-ministry'?)" in _err_line(capsys)
    assert main(["--data-dir", str(initialised), "articles", "--source", "my-ministry"]) == 0
