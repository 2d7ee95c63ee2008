"""Pair and country feeds a subscriber wants (issue 10): only what the parties of cooperation items support.

The complaint: 5 ordinary articles published 93 feeds, 63 of them pair feeds such as "Australia – Cocos
(Keeling) Islands", and importing the OPML added 95 feeds to a reader. Here the articles' tags are set
directly (this tests publishing, not tagging): an election story naming 20 countries, a trade story and a
territory's news make no feed; two cooperation items make exactly the pairs of their parties.
"""

from __future__ import annotations

import http.client
import json
from datetime import timedelta
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from feeds.activity import PAIRS_ON_INDEX, QUIET_DAYS
from feeds.catalog import catalog
from feeds.publish import feeds_touching, publish
from feeds.server import make_server
from scraper.app.cli import main
from scraper.country_codes import country_name
from scraper.items import Article
from scraper.store import Store, row_to_article, upsert_article
from scraper.store.schema import ArticleRow
from scraper.tagging import tag_article
from scraper.tagging.pairs import party_pairs
from tests.helpers.cooperation_store import EXERCISE, ORDINARY, STAFF_TALKS, T0, article, fill
from tests.helpers.feed_store import make_config


@pytest.fixture
def ordinary(config):
    store = Store(config.database_url)
    fill(store, ORDINARY)
    yield store
    store.close()


def opml_feeds(path: Path) -> dict[str, list[str]]:
    """xmlUrls of the OPML list by folder, as a reader importing it sees them."""
    body = etree.parse(str(path)).getroot().find("body")
    return {folder.get("text"): [o.get("xmlUrl") for o in folder if o.get("xmlUrl")] for folder in body}


def test_five_ordinary_articles_make_the_pairs_their_parties_support_not_dozens(config, ordinary):
    report = publish(config, ordinary)
    root = config.feeds_dir
    supported = {f"pairs/{a}-{b}" for item in ORDINARY for a, b in party_pairs(item)}
    assert supported == {"pairs/AZ-IT", "pairs/FR-IT"}  # the rule's answer for these tags
    published_pairs = {str(p.relative_to(root)).removesuffix(".atom") for p in root.glob("pairs/*.atom")}
    assert published_pairs == supported
    assert {s for s in report.feeds if s.startswith("countries/")} == {"countries/AZ", "countries/FR", "countries/IT"}
    assert not [p for p in root.rglob("*") if p.stem in ("CC", "SY", "TR", "GE") or "-CC" in p.name]
    # The OPML a reader imports lists each published feed once, and no more.
    folders = opml_feeds(root / "feeds.opml")
    listed = [url for urls in folders.values() for url in urls]
    assert sorted(listed) == sorted(f"{config.public_base_url}{s}.atom" for s in report.feeds)
    assert len(folders["By country pair (cooperation)"]) == len(supported)
    assert len(listed) == len(report.feeds) < 20
    for path in root.rglob("*.atom"):
        assert feedparser.parse(path.read_bytes()).bozo == 0, path


def test_pair_and_country_feeds_carry_cooperation_between_parties_only(config, ordinary):
    publish(config, ordinary)
    root = config.feeds_dir

    def links(path: str) -> list[str]:
        return [e.link for e in feedparser.parse((root / path).read_bytes()).entries]

    assert links("pairs/AZ-IT.atom") == [STAFF_TALKS.url]
    assert links("pairs/FR-IT.rss") == [EXERCISE.url]
    # About Italy: both cooperation items; the election story only mentions Italy.
    assert links("countries/IT.atom") == [STAFF_TALKS.url, EXERCISE.url]


def test_entries_carry_kind_party_and_org_categories_and_the_json_extension(config, ordinary):
    publish(config, ordinary)
    root, base = config.feeds_dir, config.public_base_url
    for fmt in ("rss", "atom"):
        parsed = feedparser.parse((root / f"all.{fmt}").read_bytes())
        assert parsed.bozo == 0
        entries = {e.link: e for e in parsed.entries}
        terms = [t.term for t in entries[STAFF_TALKS.url].tags]
        assert [t for t in terms if ":" in t] == ["kind:staff_talks", "kind:training", "party:AZ", "party:IT",
                                                  "org:NATO"]
        assert {"AZ", "GE", "IT", "TR"} <= set(terms)  # every country named keeps its category, as before
        scheme = {t.term: t.get("scheme") for t in entries[STAFF_TALKS.url].tags}
        assert scheme["IT"] == f"{base}countries/"
        election = entries[ORDINARY[2].url]
        assert not [t.term for t in election.tags if t.term.startswith(("kind:", "party:", "org:"))]
    doc = json.loads((root / "all.json").read_bytes())
    items = {i["url"]: i for i in doc["items"]}
    ext = items[STAFF_TALKS.url]["_attache"]
    assert {k: ext[k] for k in ("parties", "mentioned", "primary_kind", "kinds", "organisations",
                                "cooperation_score")} == {
        "parties": ["AZ", "IT"], "mentioned": ["GE", "TR"], "primary_kind": "staff_talks",
        "kinds": ["staff_talks", "training"], "organisations": ["NATO"], "cooperation_score": 0.94}
    assert "kind:staff_talks" in items[STAFF_TALKS.url]["tags"]
    plain = items[ORDINARY[3].url]["_attache"]
    assert (plain["parties"], plain["primary_kind"], plain["kinds"]) == ([], None, [])
    assert plain["mentioned"] == ["CN", "DE", "US"]


def test_articles_json_includes_the_cooperation_fields(config, ordinary, capsys):
    assert main(["--data-dir", str(config.data_dir), "articles", "--source", "wire", "--json"]) == 0
    records = {r["url"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    record = records[STAFF_TALKS.url]
    assert (record["parties"], record["mentioned"], record["primary_kind"], record["organisations"],
            record["cooperation_score"]) == (["AZ", "IT"], ["GE", "TR"], "staff_talks", ["NATO"], 0.94)
    assert main(["--data-dir", str(config.data_dir), "articles", "--source", "wire"]) == 0
    table = capsys.readouterr().out
    assert "staff_talks" in table and "AZ,IT" in table


def _get(server, path: str) -> tuple[int, bytes]:
    host, port = server.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def test_any_valid_pair_or_country_is_an_empty_feed_and_a_bad_code_a_clear_404(config, ordinary):
    publish(config, ordinary)
    server = make_server(config, ordinary, port=0)
    server.start()
    try:
        for fmt in ("rss", "atom"):  # a pair only mentioned together: no file, but subscribable ahead of news
            status, body = _get(server, f"/pairs/GE-TR.{fmt}")
            parsed = feedparser.parse(body)
            assert status == 200 and parsed.bozo == 0 and parsed.entries == []
            assert parsed.feed.title == f"Defence cooperation: {country_name('GE')} – {country_name('TR')}"
            assert "Georgia" in parsed.feed.title
        status, body = _get(server, "/countries/CC.json")
        doc = json.loads(body)
        assert status == 200 and doc["items"] == [] and doc["title"] == "Attaché: about Cocos (Keeling) Islands"
        status, body = _get(server, "/pairs/DE-FR.atom?q=frigate")  # filters apply to such feeds too
        assert status == 200 and feedparser.parse(body).entries == []
        for path, reason in (("/pairs/AZ-QQ.atom", b"'QQ' is not an ISO 3166-1 alpha-2 country code"),
                             ("/countries/EU.rss", b"'EU' is not an ISO 3166-1 alpha-2 country code"),
                             ("/countries/ZZ.json", b"'ZZ' is not an ISO 3166-1 alpha-2"),
                             ("/pairs/IT-QO.atom", b"'QO' is not an ISO 3166-1 alpha-2"),
                             ("/countries/001.atom", b"'001' is not an ISO 3166-1 alpha-2 country code"),
                             ("/pairs/az-it.atom", b"'az-it' is not two different ISO 3166-1 alpha-2"),
                             ("/pairs/IT-AZ.rss", b"alphabetical order: pairs/AZ-IT"),
                             ("/pairs/AZ-QQ.atom?q=x", b"'QQ' is not")):
            status, body = _get(server, path)
            assert status == 404 and reason in body, (path, body)
        status, body = _get(server, "/countries/" + "%3Cb%3E" * 100 + ".atom")  # hostile input, clipped
        assert status == 404 and b"is not an ISO 3166-1 alpha-2 country code" in body and len(body) < 400
    finally:
        server.stop()


def test_index_and_opml_list_pairs_by_activity_and_the_long_tail_goes_to_pairs_html(config):
    store = Store(config.database_url)
    codes = sorted(c for c in ("AR", "BR", "CL", "CO", "EC", "MX", "PE", "PY", "UY", "VE"))
    pairs = [(a, b) for i, a in enumerate(codes) for b in codes[i + 1:]][:40]
    items = []
    for n, (a, b) in enumerate(pairs):
        # One pair a day, newest first; the last five are older than the quiet window.
        when = T0 - timedelta(days=n + (QUIET_DAYS if n >= 35 else 0))
        items.append(article(100 + n, f"Staff talks {a}-{b}", when=when, countries=[a, b], parties=[a, b],
                             cooperation=["staff_talks"], primary_kind="staff_talks"))
    # The 20th pair gets two more (older) items: counts show, its place follows its newest item.
    a, b = pairs[20]
    items += [article(200 + k, f"Exercise {a}-{b} {k}", when=T0 - timedelta(days=50 + k), countries=[a, b],
                      parties=[a, b], cooperation=["exercise"], primary_kind="exercise") for k in range(2)]
    fill(store, items)
    publish(config, store)
    store.close()
    root, base = config.feeds_dir, config.public_base_url
    expected = [f"pairs/{a}-{b}" for a, b in pairs]  # most recent first
    in_opml = opml_feeds(root / "feeds.opml")["By country pair (cooperation)"]
    assert in_opml == [f"{base}{slug}.atom" for slug in expected[:PAIRS_ON_INDEX]]
    assert sorted(p.name for p in root.glob("pairs/*.json")) == sorted(f"{s[6:]}.json" for s in expected)
    index = (root / "index.html").read_text()
    assert index.count(f'href="{base}pairs/') == 3 * PAIRS_ON_INDEX  # RSS, Atom, JSON links of each listed pair
    assert f'href="{base}pairs.html"' in index and "10 more, quieter, only there" in index
    assert "3 cooperation items, latest" in index and "1 cooperation item, latest" in index
    page = (root / "pairs.html").read_text()
    recent, tail = page.split('<section id="long-tail">')
    positions = [recent.find(f"{base}{slug}.atom") for slug in expected[:PAIRS_ON_INDEX]]
    assert all(p > 0 for p in positions) and positions == sorted(positions)
    assert all(f"{base}{slug}.atom" in tail for slug in expected[PAIRS_ON_INDEX:])
    assert f"latest {(T0 - timedelta(days=20)).date().isoformat()}" in recent  # the 20th pair, by its newest item


def test_touched_feeds_follow_parties_and_unlisted_feed_files_go(config, ordinary):
    publish(config, ordinary)
    root = config.feeds_dir
    retagged = article(2, EXERCISE.title, source="marina", countries=["FR", "IT"], parties=["FR", "IT"],
                       cooperation=["exercise"], primary_kind="exercise", cooperation_score=0.88)
    retagged.parties = ["ES", "FR"]  # a better tagger: Spain and France were the parties; same text
    retagged.countries = ["ES", "FR", "IT"]
    retagged.mentioned = ["IT"]
    with ordinary.session() as session:
        assert upsert_article(session, retagged, T0 + timedelta(hours=1), "IT") == "updated"
    touched = feeds_touching(ordinary, ["marina"])
    assert {s for s in touched if s.startswith(("pairs/", "countries/"))} == {"pairs/ES-FR", "countries/ES",
                                                                             "countries/FR"}
    report = publish(config, ordinary, only=touched)
    assert {p for p in report.written if p.startswith("pairs/")} == {f"pairs/ES-FR.{e}" for e in ("rss", "atom",
                                                                                                   "json")}
    assert sorted(report.removed) == [f"pairs/FR-IT.{e}" for e in ("atom", "json", "rss")]
    assert not list(root.glob("pairs/FR-IT.*")) and (root / "pairs/ES-FR.atom").is_file()
    with ordinary.session() as session:
        assert "pairs/FR-IT" not in {s.slug for s in catalog(session)}
    server = make_server(config, ordinary, port=0)
    server.start()
    try:  # a subscriber of the old pair now gets a valid, empty feed, not a stale file
        status, body = _get(server, "/pairs/FR-IT.atom")
        assert status == 200 and feedparser.parse(body).entries == []
    finally:
        server.stop()


def test_a_store_without_cooperation_items_lists_no_pair_or_country(tmp_path):
    config = make_config(tmp_path)
    store = Store(config.database_url)
    fill(store, ORDINARY[2:])
    report = publish(config, store)
    store.close()
    assert not [s for s in report.feeds if s.startswith(("pairs/", "countries/"))]
    assert "By country pair" not in (config.feeds_dir / "index.html").read_text()
    assert "<h2>Long tail" in (config.feeds_dir / "pairs.html").read_text()


def test_retag_gives_stored_articles_the_current_taggers_tags(config, capsys):
    """`attache retag` runs the current tagger over stored text (known pages are not fetched again)."""
    body = ("Il Capo di Stato Maggiore della Difesa italiano ha incontrato a Baku il Ministro della Difesa "
            "dell'Azerbaijan per i colloqui di cooperazione militare bilaterale (staff talks) tra Italia e "
            "Azerbaijan, con un piano di addestramento congiunto per il 2026.")
    stale = article(50, "Staff talks tra Italia e Azerbaijan a Baku", source="difesa", body_text=body,
                    language="it", countries=[], cooperation=[], cooperation_score=0.0)
    store = Store(config.database_url)
    fill(store, [stale, ORDINARY[2]])
    expected = tag_article(Article.from_dict(stale.to_dict()), "IT")
    assert expected.countries  # the current tagger finds the countries the stale record lacks
    with store.session() as session:
        before = {r.url: (r.last_seen, r.updated, r.content_hash) for r in session.query(ArticleRow)}
    assert main(["--data-dir", str(config.data_dir), "retag", "--source", "difesa"]) == 0
    assert "retagged 1 article(s): 1 changed, 0 unchanged" in capsys.readouterr().out
    with store.session() as session:
        row = session.query(ArticleRow).filter_by(url=stale.url).one()
        got = row_to_article(row)
        assert (got.countries, got.cooperation, got.parties, got.primary_kind) == (
            expected.countries, expected.cooperation, expected.parties, expected.primary_kind)
        assert (row.last_seen, row.updated, row.content_hash) == before[stale.url]  # not a new fetch or version
    assert main(["--data-dir", str(config.data_dir), "retag"]) == 0  # every source: the election story too
    assert "retagged 2 article(s): " in capsys.readouterr().out
    assert main(["--data-dir", str(config.data_dir), "retag"]) == 0
    assert "retagged 2 article(s): 0 changed, 2 unchanged" in capsys.readouterr().out  # nothing moves twice
    store.close()
