"""The source catalog: loading, merging and one clear message per kind of mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from scraper.sources import CatalogError, load_catalog
from tests.helpers.processes import run_attache, run_scrapy, write_catalog

GOOD = """
[sources.my-site]
name = "My site"
kind = "html"
start_urls = ["https://example.org/news/"]
article_pattern = '/news/\\d+'
"""


def test_builtin_catalog_loads_and_has_the_seed_source() -> None:
    catalog = load_catalog()
    difesa = catalog["difesa-smd-news-italia"]
    assert difesa.kind == "html" and difesa.country == "IT" and difesa.language == "it"
    seed = "https://www.difesa.it/smd/news-italia/sesto-incontro-bilaterale-di-cooperazione-tra-italia-azerbaijan/27579.html"
    import re

    assert re.search(difesa.article_pattern or "", seed)
    assert {s.kind for s in catalog.values()} >= {"html", "feed"}


def test_user_catalog_adds_and_overrides(tmp_path: Path) -> None:
    path = write_catalog(tmp_path / "s.toml", GOOD + """
[sources.mod-gov-az]
enabled = false

[sources.difesa-smd-news-italia]
max_pages = 9
""")
    catalog = load_catalog(path)
    assert catalog["my-site"].origin == str(path)
    assert "mod-gov-az" not in catalog
    assert "mod-gov-az" in load_catalog(path, include_disabled=True)
    assert catalog["difesa-smd-news-italia"].max_pages == 9
    assert catalog["difesa-smd-news-italia"].language == "it"  # other keys kept


MISTAKES = [
    ("bad toml", "[sources.x\nname = 1", "not valid TOML"),
    ("bad id", GOOD.replace("my-site", "My Site!").replace("[sources.My Site!]", '[sources."My Site!"]'),
     "source id 'My Site!' is invalid"),
    ("unknown key", GOOD + "start_url = 'x'\n", "key 'start_url': unknown key (did you mean 'start_urls'?)"),
    ("missing name", GOOD.replace('name = "My site"\n', ""), "missing required key 'name'"),
    ("bad kind", GOOD.replace('"html"', '"rss"'), "key 'kind': must be one of html, feed, sitemap, got 'rss'"),
    ("relative url", GOOD.replace("https://example.org/news/", "/news/"),
     "key 'start_urls': '/news/' is not an absolute http(s) URL"),
    ("bad regex", GOOD.replace("'/news/\\d+'", "'/news/(['"), "key 'article_pattern': not a valid regular expression"),
    ("no pattern", GOOD.replace("article_pattern = '/news/\\d+'\n", ""), "missing required key 'article_pattern'"),
    ("bad country", GOOD + 'country = "Italy"\n', "key 'country': must be an ISO 3166-1 alpha-2 code"),
    ("bad language", GOOD + 'language = "Italian"\n', "key 'language': 'Italian' is not a language code"),
    ("bad timezone", GOOD + 'timezone = "Mars/Olympus"\n', "key 'timezone': 'Mars/Olympus' is not an IANA time zone"),
    ("bad css", GOOD + 'next_page = "a[rel=next"\n', "key 'next_page': 'a[rel=next' is not a valid CSS selector"),
    ("bad selector field", GOOD + '[sources.my-site.selectors]\nheadline = "h1"\n',
     "key 'selectors': unknown field 'headline'"),
    ("bad max_pages", GOOD + "max_pages = 0\n", "key 'max_pages': must be a whole number ≥ 1, got 0"),
    ("huge max_pages", GOOD + "max_pages = 1000000\n",
     "line 7: source 'my-site', key 'max_pages': must be at most 100, got 1000000"),
    ("huge max_articles", GOOD + "max_articles = 5000\n", "key 'max_articles': must be at most 1000, got 5000"),
    ("bad schedule", GOOD + "[sources.my-site.schedule]\ninterval = 5\n",
     "interval must be a whole number of seconds ≥ 60"),
    ("bad cron", GOOD + '[sources.my-site.schedule]\ncron = "99 * * * *"\n',
     "key 'schedule': cron '99 * * * *' is invalid"),
    ("top-level key", "title = 'x'\n" + GOOD, "unknown top-level key 'title'"),
]


@pytest.mark.parametrize(("case", "text", "expected"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_each_mistake_has_its_message(tmp_path: Path, case: str, text: str, expected: str) -> None:
    path = write_catalog(tmp_path / "user.toml", text)
    with pytest.raises(CatalogError) as info:
        load_catalog(path)
    message = str(info.value)
    assert message.startswith(str(path)), message
    assert expected in message, message
    if case not in ("bad toml", "top-level key"):
        assert "'my-site'" in message or "My Site!" in message


def test_message_names_the_line(tmp_path: Path) -> None:
    path = write_catalog(tmp_path / "user.toml", GOOD + 'kind2 = "x"\n')
    with pytest.raises(CatalogError, match=r"user\.toml, line 7: source 'my-site', key 'kind2'"):
        load_catalog(path)


def test_missing_catalog_file(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="source catalog not found"):
        load_catalog(tmp_path / "nope.toml")


@pytest.mark.e2e
def test_cli_and_scrapy_report_catalog_errors_without_traceback(tmp_path: Path, attache_env: dict[str, str]) -> None:
    attache_env["ATTACHE_SOURCES"] = str(write_catalog(tmp_path / "bad.toml", GOOD.replace('"html"', '"rss"')))
    for result in (run_attache(attache_env, "sources"), run_scrapy(attache_env, "list")):
        assert result.returncode == 2
        assert "key 'kind': must be one of html, feed, sitemap" in result.stderr
        assert "Traceback" not in result.stderr


@pytest.mark.e2e
def test_sources_command_lists_catalog(attache_env: dict[str, str], tmp_path: Path) -> None:
    attache_env["ATTACHE_SOURCES"] = str(write_catalog(tmp_path / "s.toml", GOOD))
    result = run_attache(attache_env, "sources")
    assert result.returncode == 0, result.stderr
    assert "my-site" in result.stdout and "difesa-smd-news-italia" in result.stdout


@pytest.mark.e2e
def test_bad_environment_setting_is_reported_by_both_commands(attache_env: dict[str, str]) -> None:
    attache_env["ATTACHE_HTTP_PORT"] = "eighty"
    for result in (run_attache(attache_env, "sources"), run_scrapy(attache_env, "list")):
        assert result.returncode == 2
        assert "ATTACHE_HTTP_PORT must be a whole number, got 'eighty'" in result.stderr
        assert "Traceback" not in result.stderr
