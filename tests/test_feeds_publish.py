"""Publishing: every file valid, deterministic, only changed feeds rewritten, OPML and index page, CLI."""

from __future__ import annotations

import itertools
import json
import stat
from datetime import timedelta

import feedparser
from lxml import etree

from feeds.build import build_feed
from feeds.catalog import FeedFamily, FeedSpec, catalog, country_name, spec_for_slug
from feeds.publish import feeds_touching, publish
from feeds.story_groups import StoryGroups
from scraper.app.cli import main
from scraper.store import Store
from scraper.store.feed_queries import FeedFilter, distinct_list_values
from tests.helpers.feed_store import NOW, add_article, fill_store, make_config

ALL_SLUGS = {
    "all", "sources/bund-de", "sources/difesa-it", "sources/example-news", "from/DE", "from/GB", "from/IT",
    "lang/de", "lang/en", "lang/it", "cooperation", "countries/AZ", "countries/IT", "pairs/AZ-IT",
}
PAGES = {"feeds.opml", "index.html", "pairs.html"}


def snapshot(root):
    return {str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file() and not p.name.startswith(".")}


def test_publish_writes_every_feed_valid_in_every_format(config, store):
    report = publish(config, store)
    root = config.feeds_dir
    assert set(report.feeds) == ALL_SLUGS
    expected = {f"{s}.{ext}" for s in ALL_SLUGS for ext in ("rss", "atom", "json")} | PAGES
    assert set(snapshot(root)) == expected == set(report.written)
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
    assert "<script" not in page and "alert(" not in page and "<img" not in page
    assert "Tom &amp; Jerry &lt;3 &quot;quotes&quot;</a>" in page and "a &lt; b</li>" in page
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
    assert "wrote      all.atom (" in out and "45 file(s) written, 0 unchanged" in out
    assert main(["--data-dir", str(config.data_dir), "publish"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.strip().endswith("0 file(s) written, 45 unchanged"), out  # one line
    assert main(["--data-dir", str(config.data_dir), "publish", "sources/difesa-itt"]) == 2
    err = capsys.readouterr().err
    assert "no such feed: sources/difesa-itt (did you mean 'sources/difesa-it'?)" in err, err
    atom = (config.feeds_dir / "all.atom").read_text()
    assert 'href="https://feeds.example.org/attache/all.atom" rel="self"' in atom
