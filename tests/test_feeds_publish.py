"""Publishing: every file valid, deterministic, only changed feeds rewritten, OPML and index page, CLI."""

from __future__ import annotations

import gzip
import itertools
import json
import stat
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from feeds.build import build_feed
from feeds.catalog import FeedFamily, FeedSpec, catalog, country_name, spec_for_slug
from feeds.publish import feeds_touching, publish
from feeds.story_groups import StoryGroups
from scraper.app.cli import main
from scraper.app.crawls import CrawlOutcome
from scraper.app.daemon.service import CrawlService
from scraper.store import Store
from scraper.store.feed_queries import FeedFilter, distinct_list_values
from tests.helpers.feed_store import NOW, add_article, fill_store, make_config

ALL_SLUGS = {
    "all", "sources/bund-de", "sources/difesa-it", "sources/example-news", "from/DE", "from/GB", "from/IT",
    "lang/de", "lang/en", "lang/it", "cooperation", "countries/AZ", "countries/IT", "pairs/AZ-IT",
}
PAGES = {"feeds.opml", "index.html", "pairs.html", "feed.xsl"}


def snapshot(root):
    """Published files (their gzip copies aside) -> (bytes, mtime)."""
    return {str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file() and not p.name.startswith(".") and p.suffix != ".gz"}


def test_publish_writes_every_feed_valid_in_every_format(config, store):
    report = publish(config, store)
    root = config.feeds_dir
    assert set(report.feeds) == ALL_SLUGS
    expected = {f"{s}.{ext}" for s in ALL_SLUGS for ext in ("rss", "atom", "json")} | PAGES
    assert set(snapshot(root)) == expected == set(report.written)
    gzipped = {str(p.relative_to(root)).removesuffix(".gz"): p for p in root.rglob("*.gz")}
    assert set(gzipped) == expected  # a gzip copy beside every file, holding its bytes
    assert all(gzip.decompress(p.read_bytes()) == (root / name).read_bytes() for name, p in gzipped.items())
    for path in sorted(root.rglob("*")):
        if path.suffix in (".rss", ".atom"):
            parsed = feedparser.parse(path.read_bytes())
            assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
            assert parsed.entries and all(e.link.startswith("https://") for e in parsed.entries)
        elif path.suffix == ".json":
            assert json.loads(path.read_bytes())["version"] == "https://jsonfeed.org/version/1.1"
        if path.is_file():
            assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert not [p for p in root.rglob("*.tmp")]  # no temporary file left behind
    it = feedparser.parse((root / "lang/it.atom").read_bytes())
    assert [e.id for e in it.entries] == ["https://news.example.org/articles/2"]
    assert max(report.sizes.values()) < 2_000_000


def test_republishing_unchanged_data_rewrites_nothing(config, store):
    publish(config, store)
    before = snapshot(config.feeds_dir)
    report = publish(config, store)
    assert report.written == [] and len(report.unchanged) == len(before)
    assert snapshot(config.feeds_dir) == before  # same bytes and same mtimes


def test_the_collector_skips_older_objects_during_a_publish_only(config, store, monkeypatch):
    """While feeds are built the objects made before the publish are frozen out of the cyclic collector's reach
    (`gc.freeze`); afterwards, and after a publish that failed, nothing is left frozen (so nothing uncollected)."""
    import gc

    import feeds.publish

    seen, real = [], feeds.publish.build_feed

    def counting(*args, **kwargs):
        seen.append(gc.get_freeze_count())
        return real(*args, **kwargs)

    monkeypatch.setattr(feeds.publish, "build_feed", counting)
    assert gc.get_freeze_count() == 0
    publish(config, store)
    assert seen and min(seen) > 0 and gc.get_freeze_count() == 0

    def failing(*args, **kwargs):
        raise RuntimeError("a feed failed")

    monkeypatch.setattr(feeds.publish, "build_feed", failing)
    with pytest.raises(RuntimeError, match="a feed failed"):
        publish(config, store)
    assert gc.get_freeze_count() == 0


def test_only_changed_feeds_are_rewritten(config, store):
    publish(config, store)
    before = snapshot(config.feeds_dir)
    add_article(store, 20, now=NOW + timedelta(seconds=60), country="IT", source="difesa-it", language="it",
                published=NOW + timedelta(seconds=30), countries=["IT"])
    report = publish(config, store)
    changed = {p.rsplit(".", 1)[0] for p in report.written}
    assert changed == {"all", "sources/difesa-it", "from/IT", "lang/it", "countries/IT", "cooperation", "feeds",
                       "index", "pairs"}
    after = snapshot(config.feeds_dir)
    for path in before:
        if path.rsplit(".", 1)[0] not in changed:
            assert after[path] == before[path]


def test_publish_only_named_feeds(config, store):
    publish(config, store)
    add_article(store, 21, country="DE", source="bund-de", language="de", published=NOW + timedelta(seconds=5))
    touched = feeds_touching(store, ["bund-de"])
    assert touched == {"all", "sources/bund-de", "from/DE", "lang/de", "cooperation", "countries/AZ",
                       "countries/IT", "pairs/AZ-IT"}
    report = publish(config, store, only={"sources/bund-de", "nonexistent/feed"})
    assert report.feeds == ["sources/bund-de"]
    assert {p for p in report.written if not p.startswith(("index", "feeds", "pairs.html"))} == {
        "sources/bund-de.rss", "sources/bund-de.atom", "sources/bund-de.json"}
    assert "https://news.example.org/articles/21" not in (config.feeds_dir / "all.rss").read_text()
    assert "https://news.example.org/articles/21" in (config.feeds_dir / "index.html").read_text()


def test_feed_limit_caps_entries(tmp_path):
    config = make_config(tmp_path, ATTACHE_FEED_LIMIT="3")
    store = Store(config.database_url)
    fill_store(store)
    publish(config, store)
    assert len(feedparser.parse((config.feeds_dir / "all.atom").read_bytes()).entries) == 3
    store.close()


def test_oversized_feeds_drop_old_entries_to_fit(config, store):
    with store.session() as session:
        spec = catalog(session)[0]
        full = build_feed(config, session, spec, stories=StoryGroups(store))
        small = build_feed(config, session, spec, max_bytes=len(full.files["atom"]) * 6 // 10,
                           stories=StoryGroups(store))
    assert 1 <= len(small.entries) < len(full.entries)
    assert [e.id for e in small.entries] == [e.id for e in full.entries[: len(small.entries)]]
    assert all(len(data) <= len(full.files["atom"]) * 6 // 10 for data in small.files.values())


def test_opml_lists_every_feed_once(config, store):
    publish(config, store)
    root = etree.parse(str(config.feeds_dir / "feeds.opml")).getroot()
    assert root.tag == "opml" and root.get("version") == "2.0"
    assert root.findtext("head/title") and root.findtext("head/dateModified")
    urls = [o.get("xmlUrl") for o in root.iter("outline") if o.get("xmlUrl")]
    assert sorted(urls) == sorted(f"{config.public_base_url}{s}.atom" for s in ALL_SLUGS)
    assert all(o.get("type") == "rss" and o.get("text") for o in root.iter("outline") if o.get("xmlUrl"))


def test_index_page_escapes_scraped_text_and_has_autodiscovery(config, store):
    add_article(store, 30, title='<script>alert("t")</script>Tom & Jerry <3 "quotes"',
                summary="<img src=x onerror=alert(1)> a < b", published=NOW + timedelta(seconds=10), source="bund-de")
    rows = [{"source": "bund-de", "status": "<b>failed</b>", "last run": "2025-03-10"}]
    publish(config, store, health_rows=rows)
    page = (config.feeds_dir / "index.html").read_text()
    assert "<script" not in page and "<img" not in page  # titles are text: escaped, never markup
    assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;Tom &amp; Jerry &lt;3 &quot;quotes&quot;</a>" in page
    assert "&lt;img src=x onerror=alert(1)&gt; a &lt; b</li>" in page
    assert '<link rel="alternate" type="application/atom+xml"' in page
    assert f'href="{config.public_base_url}all.rss"' in page
    assert f'href="{config.public_base_url}feeds.opml"' in page
    assert '<section id="source-health">' in page and "&lt;b&gt;failed&lt;/b&gt;" in page
    for slug in ALL_SLUGS:
        assert f'{config.public_base_url}{slug}.json"' in page
    publish(config, store)
    assert '<section id="source-health">' not in (config.feeds_dir / "index.html").read_text()


def test_a_new_family_is_a_few_lines(config, store):
    """Country-pair feeds (pairs/AZ-IT) as another engineer would add them."""
    pairs = FeedFamily(
        name="pairs", prefix="pairs/", heading="By country pair", pattern=r"[A-Z]{2}-[A-Z]{2}",
        keys=lambda s: sorted({f"{a}-{b}" for cs in distinct_list_values(s, "countries")
                               for a, b in itertools.combinations(cs, 2)}),
        make=lambda k: FeedSpec(f"pairs/{k}", f"{country_name(k[:2])} and {country_name(k[3:])}",
                                "Articles about both countries", FeedFilter(subject_countries=(k[:2], k[3:])),
                                family="pairs"),
    )
    with store.session() as session:
        specs = catalog(session, [pairs])
        assert [s.slug for s in specs] == ["pairs/AZ-IT"]
        assert spec_for_slug("pairs/AZ-IT", [pairs]) == specs[0]
        assert spec_for_slug("pairs/../x", [pairs]) is None
        built = build_feed(config, session, specs[0], stories=StoryGroups(store))
    assert specs[0].title == "Azerbaijan and Italy"
    assert sorted(e.id.rsplit("/", 1)[1] for e in built.entries) == ["1", "2", "5"]


def test_cli_publish_prints_what_it_wrote(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("ATTACHE_PUBLIC_BASE_URL", "https://feeds.example.org/attache/")
    config = make_config(tmp_path, ATTACHE_PUBLIC_BASE_URL="https://feeds.example.org/attache/")
    store = Store(config.database_url)
    fill_store(store)
    store.close()
    assert main(["--data-dir", str(config.data_dir), "publish", "-v"]) == 0
    out = capsys.readouterr().out
    assert "wrote      all.atom (" in out and "46 file(s) written, 0 unchanged" in out
    assert main(["--data-dir", str(config.data_dir), "publish"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.strip().endswith("0 file(s) written, 46 unchanged"), out  # one line
    assert main(["--data-dir", str(config.data_dir), "publish", "sources/difesa-itt"]) == 2
    err = capsys.readouterr().err
    assert "no such feed: sources/difesa-itt (did you mean 'sources/difesa-it'?)" in err, err
    atom = (config.feeds_dir / "all.atom").read_text()
    assert 'href="https://feeds.example.org/attache/all.atom" rel="self"' in atom


def test_a_publish_of_changed_feeds_rebuilds_only_what_the_store_marks(config, store):
    publish(config, store)  # a full publish clears every mark
    before = snapshot(config.feeds_dir)
    add_article(store, 22, country="DE", source="bund-de", language="de", published=NOW + timedelta(seconds=9),
                countries=["DE"], parties=[], cooperation=[], primary_kind=None)
    report = publish(config, store, changed=True)
    assert set(report.feeds) == {"all", "sources/bund-de", "from/DE", "lang/de"}
    after = snapshot(config.feeds_dir)
    assert "https://news.example.org/articles/22" in (config.feeds_dir / "sources/bund-de.rss").read_text()
    untouched = [p for p in before if p.split(".")[0] not in report.feeds and p not in PAGES]
    assert untouched and all(after[p] == before[p] for p in untouched)
    assert publish(config, store, changed=True).feeds == []  # marks cleared (`all` is built for the index only)
    # The same bytes as a full publish of the same data.
    other = make_config(config.data_dir.parent / "full", ATTACHE_DATABASE_URL=config.database_url)
    publish(other, store)
    for path in after:
        assert (other.feeds_dir / path).read_bytes() == (config.feeds_dir / path).read_bytes(), path


def test_the_daemon_publishes_what_a_hand_crawl_stored(config, store):
    """Issue: `attache crawl x` stored an article while the daemon ran; its next crawl found `new 0` and the
    static feed kept the old items. The crawl's marks in the store make the daemon's publish pick it up."""
    service = CrawlService(config, store, {})
    service.publish_all()
    add_article(store, 23, country="DE", source="bund-de", language="de", published=NOW + timedelta(seconds=7))
    service.publish_after(CrawlOutcome(source="difesa-it", returncode=0, status="ok", duration=1.0,
                                       run=None))  # another source's crawl, nothing new
    assert "https://news.example.org/articles/23" in (config.feeds_dir / "sources/bund-de.atom").read_text()


def test_a_publish_removes_the_temporary_files_a_killed_publish_left(config, store):
    publish(config, store)
    (config.feeds_dir / "sources").mkdir(exist_ok=True)
    left = [Path(tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=config.feeds_dir / folder)[1])
            for folder, name in (("", "all.atom"), ("sources", "bund-de.rss"), ("", "index.html"))]
    other = config.feeds_dir / ".notes.tmp"  # not a name `write_if_changed` makes: kept
    other.write_text("mine")
    publish(config, store)
    assert not any(p.exists() for p in left)
    assert other.exists() and (config.feeds_dir / "all.atom").exists()


def test_an_empty_feed_is_dated_when_it_was_built_never_1970(tmp_path):
    """A fresh install publishes empty feeds: their date is the publish time, which readers show."""
    config = make_config(tmp_path)
    store = Store(config.database_url)
    try:
        before = datetime.now(UTC).replace(microsecond=0)
        publish(config, store)
    finally:
        store.close()
    for name in ("all.atom", "all.rss"):
        parsed = feedparser.parse((config.feeds_dir / name).read_bytes())
        assert parsed.bozo == 0 and parsed.entries == []
        stamp = parsed.feed.get("updated_parsed")
        assert stamp is not None, name
        assert datetime(*stamp[:6], tzinfo=UTC) >= before, (name, parsed.feed.get("updated"))
    opml = etree.parse(str(config.feeds_dir / "feeds.opml"))
    assert opml.find("head/dateModified") is None  # no date before any article, rather than 1970


def test_a_file_that_cannot_be_written_fails_the_publish_and_keeps_the_marks(config, store):
    """Files are written on a background thread while the next feed is built: a write that fails still
    fails the publish, after the other files, and the feeds stay marked for the next one."""
    from scraper.store.dirty import dirty_feeds

    publish(config, store)
    add_article(store, 24, country="DE", source="bund-de", language="de", published=NOW + timedelta(seconds=11),
                countries=["DE"], parties=[], cooperation=[], primary_kind=None)
    blocker = config.feeds_dir / "lang" / "de.json"
    blocker.unlink()
    blocker.mkdir()  # os.replace cannot put a file there
    try:
        publish(config, store, changed=True)
    except OSError as exc:
        assert "de.json" in str(exc), exc
    else:
        raise AssertionError("the publish did not fail")
    assert "https://news.example.org/articles/24" in (config.feeds_dir / "sources/bund-de.rss").read_text()
    with store.session() as session:
        assert "lang/de" in dirty_feeds(session)
    blocker.rmdir()
    assert "lang/de" in publish(config, store, changed=True).feeds
    assert "articles/24" in (config.feeds_dir / "lang/de.json").read_text()
