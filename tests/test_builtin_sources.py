"""The built-in catalog against the page shapes it expects: `attache sources --check` on loopback copies.

Each built-in source has `tests/fixtures/sources/<id>/`: a start page (listing, RSS or Atom) and one
article page modelled on the real site, plus `fixture.toml` saying at which real paths they are served
(`[serve]`) and what the check must report (`[expect]`). Every source gets its own loopback site
(so sources of one publisher cannot see each other's pages); a user catalog moves only the source's
`start_urls` to that site, keeping the built-in path and query. `{base}` in a fixture file becomes the
loopback base URL. All checks run in one `attache sources --check ID ...` subprocess whose table is
parsed per source.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from scraper.sources import load_catalog
from tests.helpers.loopback_site import LoopbackSite
from tests.helpers.processes import run_attache, write_catalog

pytestmark = pytest.mark.e2e

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "sources"
BUILTIN = load_catalog(None, include_disabled=True)
SOURCE_IDS = sorted(BUILTIN)
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".rss": "application/rss+xml; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
}


def fixture_of(sid: str) -> dict:
    manifest = FIXTURES / sid / "fixture.toml"
    assert manifest.is_file(), f"built-in source {sid!r} has no fixture: {manifest} is missing"
    return tomllib.loads(manifest.read_text("utf-8"))


def path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def serve(site: LoopbackSite, sid: str, replace: dict[str, str] | None = None) -> None:
    """Put the source's fixture files on `site` at the paths its fixture.toml names."""
    for path, name in fixture_of(sid)["serve"].items():
        file = FIXTURES / sid / name
        text = (replace or {}).get(name) or file.read_text("utf-8")
        site.add(path, text.replace("{base}", site.base), CONTENT_TYPES[file.suffix])


def override(sid: str, site: LoopbackSite) -> str:
    """A user-catalog entry moving `sid`'s start URLs (same path and query) to `site`."""
    urls = ", ".join(json.dumps(site.url(path_and_query(u))) for u in BUILTIN[sid].start_urls)
    return f"[sources.{sid}]\nstart_urls = [{urls}]\n"


def parse_check_table(stdout: str) -> dict[str, dict[str, str]]:
    """Rows of the `attache sources --check` table by source id (columns cut where the rule's dashes are)."""
    lines = stdout.splitlines()
    header_at = next((i for i, line in enumerate(lines) if line.startswith("source ") and "result" in line), None)
    assert header_at is not None, f"no check table in output:\n{stdout}"
    rule = lines[header_at + 1]
    spans, start = [], 0
    for chunk in rule.split("  "):
        spans.append((start, start + len(chunk)))
        start += len(chunk) + 2
    names = [lines[header_at][a:b].strip() for a, b in spans]
    rows = {}
    for line in lines[header_at + 2:]:
        if not line.strip():
            continue
        cells = [line[a:b if i < len(spans) - 1 else None].strip() for i, (a, b) in enumerate(spans)]
        rows[cells[0]] = dict(zip(names, cells, strict=True))
    return rows


@dataclass
class CheckRun:
    result: subprocess.CompletedProcess[str]
    rows: dict[str, dict[str, str]]
    sites: dict[str, LoopbackSite]


@pytest.fixture(scope="module")
def check_all(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CheckRun]:
    """One `attache sources --check` run over every built-in source, each on its own loopback site."""
    tmp = tmp_path_factory.mktemp("builtin-check")
    sites: dict[str, LoopbackSite] = {}
    try:
        for sid in SOURCE_IDS:
            sites[sid] = LoopbackSite().start()
            if (FIXTURES / sid / "fixture.toml").is_file():
                serve(sites[sid], sid)
        catalog = write_catalog(tmp / "sources.toml", "\n".join(override(sid, sites[sid]) for sid in SOURCE_IDS))
        env = _env(tmp)
        result = run_attache(env, "--sources", str(catalog), "sources", "--check", *SOURCE_IDS, timeout=240)
        yield CheckRun(result, parse_check_table(result.stdout), sites)
    finally:
        for site in sites.values():
            site.stop()


def _env(tmp: Path) -> dict[str, str]:
    """Like conftest's `attache_env`, for a module-scoped run."""
    env = dict(os.environ)
    env.update({
        "ATTACHE_DATA_DIR": str(tmp / "data"), "ATTACHE_DATABASE_URL": f"sqlite:///{tmp / 'data' / 'a.sqlite3'}",
        "ATTACHE_DOWNLOAD_DELAY": "0", "SCRAPY_SETTINGS_MODULE": "scraper.settings", "HOME": str(tmp / "home"),
        "PYTHONUNBUFFERED": "1",
    })
    env.pop("ATTACHE_SOURCES", None)
    return env


@pytest.mark.parametrize("sid", SOURCE_IDS)
def test_fixture_models_the_real_paths(sid: str) -> None:
    """The fixture serves every built-in start path, and its article paths have the real shape."""
    source = BUILTIN[sid]
    served = fixture_of(sid)["serve"]
    starts = {urlsplit(u).path for u in source.start_urls}
    assert starts <= set(served), f"{sid}: start paths not in the fixture: {sorted(starts - set(served))}"
    articles = [p for p in served if p not in starts]
    assert articles, f"{sid}: the fixture has no article page"
    if source.article_pattern:
        for path in articles:
            assert re.search(source.article_pattern, "https://example.org" + path), (
                f"{sid}: fixture article path {path} does not match the built-in pattern {source.article_pattern!r}")


@pytest.mark.parametrize("sid", SOURCE_IDS)
def test_builtin_source_check_is_ok(check_all: CheckRun, sid: str) -> None:
    expect = fixture_of(sid)["expect"]
    row = check_all.rows.get(sid)
    assert row is not None, f"{sid}: no row in the check table:\n{check_all.result.stdout}"
    assert row["result"] == "ok", f"{sid}: {row}\n{check_all.result.stdout[-3000:]}"
    # `links` counts the start page's article links. A listing's next page (?page=2) is the same page on
    # the loopback site, which ignores queries, so a source that follows it counts every link twice.
    pages = 2 if BUILTIN[sid].next_page and BUILTIN[sid].max_pages > 1 else 1
    assert int(row["article links"]) == expect["links"] * pages, f"{sid}: {row}"
    title = expect["title"]
    shown = title if len(title) <= 50 else title[:49] + "…"
    assert row["title"] == shown, f"{sid}: {row}"
    assert row["published"].startswith(expect["published"]), f"{sid}: {row}"
    assert int(row["body chars"]) >= expect.get("body_chars", 200), f"{sid}: {row}"
    article_paths = [p for p in fixture_of(sid)["serve"]
                     if p not in {urlsplit(u).path for u in BUILTIN[sid].start_urls}]
    fetched = {r.path.split("?", 1)[0] for r in check_all.sites[sid].requests_for("/") if r.status == 200}
    assert set(article_paths) & fetched, f"{sid}: the fixture article was not fetched: {sorted(fetched)}"


def test_check_of_all_builtin_sources_exits_zero(check_all: CheckRun) -> None:
    assert check_all.result.returncode == 0, check_all.result.stdout[-3000:] + check_all.result.stderr[-2000:]
    assert set(check_all.rows) == set(SOURCE_IDS)


def test_changed_listing_shape_is_reported_broken(site: LoopbackSite, attache_env: dict[str, str],
                                                  tmp_path: Path) -> None:
    """A listing whose links no longer have the article shape: BROKEN, 'no article links found', exit 1."""
    sid = "difesa-smd-news-italia"
    listing = (FIXTURES / sid / "listing.html").read_text("utf-8")
    # The site moves its articles to /smd/notizie/<slug>-<id> (no longer /smd/news-italia/<slug>/<id>.html).
    changed = listing.replace("/smd/news-italia/", "/smd/notizie/").replace("/27579.html", "-27579")
    assert changed != listing
    serve(site, sid, replace={"listing.html": changed})
    catalog = write_catalog(tmp_path / "sources.toml", override(sid, site))
    result = run_attache(attache_env, "--sources", str(catalog), "sources", "--check", sid)
    assert result.returncode == 1, result.stdout + result.stderr[-2000:]
    row = parse_check_table(result.stdout)[sid]
    assert row["result"] == "BROKEN", row
    assert row["article links"] == "0", row
    assert row["problem"].startswith("no article links found"), row
    assert not site.requests_for("/smd/notizie/"), "no article should have been fetched"
