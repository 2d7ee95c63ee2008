"""Subject-country, country-pair and cooperation feeds; publisher names; logo/icon; pair= and cooperation=.

The articles' tags are set directly (this tests publishing, not tagging): pair and country feeds follow
the parties of cooperation items."""

from __future__ import annotations

import hashlib
import http.client
import json
from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from lxml import etree

from feeds.build import build_feed
from feeds.catalog import catalog, spec_for_slug
from feeds.params import FilterError, parse_filters
from feeds.publish import publish
from feeds.server import make_server
from feeds.story_groups import StoryGroups
from scraper.items import Article
from scraper.store import Store, upsert_article
from tests.helpers.feed_store import make_config

T0 = datetime(2025, 5, 2, 9, 0, tzinfo=UTC)

# (n, source, publisher country, language, countries, cooperation, title, body, parties, mentioned)
ARTICLES = [
    (1, "difesa-smd-news-estero", "IT", "it", ["AZ", "IT"], ["visit"],
     "Il Capo di Stato Maggiore della Difesa in visita a Baku",
     "Visita ufficiale in Azerbaijan: incontri con il Ministro della Difesa azero e il Capo di Stato Maggiore.",
     ["AZ", "IT"], []),
    (2, "azernews", "AZ", "en", ["AZ", "IT", "TR"], [],
     "Italy and Azerbaijan sign energy cooperation agreements",
     "Energy ministers signed memoranda on gas supplies and renewable projects in Rome, as Turkey did last year.",
     [], ["TR"]),
    (3, "uk-mod", "GB", "en", ["GB", "IT", "JP"], ["agreement", "multilateral"],
     "UK, Italy and Japan sign treaty to establish GCAP organisation",
     "Defence ministers signed the convention establishing the GCAP International Government Organisation.",
     ["GB", "IT", "JP"], []),
    (4, "ansa", "IT", "it", ["FR", "IT"], [],
     "Rugby: la Francia domina l'Italia al Sei Nazioni",
     "Partita senza storia allo Stade de France, la Francia vince con cinque mete.", [], []),
    (5, "de-bmvg", "DE", "de", ["DE"], [],
     "Neue Ausbildungsjahrgänge in der Bundeswehr",
     "Mehr Rekrutinnen und Rekruten als im Vorjahr haben ihre Grundausbildung begonnen.", [], []),
]


def _article(n, source, language, countries, cooperation, title, body, parties, mentioned) -> Article:
    article = Article(
        url=f"https://{source}.example.org/news/{n}", source=source, title=title, summary=body[:80],
        body_text=body, body_html=f"<p>{body}</p>", published=T0 - timedelta(days=n), language=language,
        countries=countries, cooperation=cooperation, cooperation_score=0.9 if cooperation else 0.0,
        primary_kind=cooperation[0] if cooperation else None, parties=parties, mentioned=mentioned,
        authors=["Redazione"],
    )
    article.content_hash = hashlib.sha256(f"{n}{title}{body}".encode()).hexdigest()
    return article


def fill(store: Store) -> None:
    with store.session() as session:
        for n, source, country, language, countries, cooperation, title, body, parties, mentioned in ARTICLES:
            article = _article(n, source, language, countries, cooperation, title, body, parties, mentioned)
            upsert_article(session, article, T0 + timedelta(minutes=n), publisher_country=country)


@pytest.fixture
def store(config, database_url):
    store = Store(database_url)  # SQLite and PostgreSQL (tests/conftest.py)
    fill(store)
    yield store
    store.close()


def ids(data: bytes) -> list[int]:
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return [int(e.id.rsplit("/", 1)[1]) for e in parsed.entries]


def test_catalog_has_subject_country_pair_and_cooperation_feeds(store):
    with store.session() as session:
        slugs = [s.slug for s in catalog(session)]
    # Countries that are parties of a cooperation item; not DE, FR (no cooperation) nor TR (only mentioned).
    assert [s for s in slugs if s.startswith("countries/")] == [
        "countries/AZ", "countries/GB", "countries/IT", "countries/JP"]
    # Pairs of parties of one cooperation item, most recent first: AZ-IT (the visit), then the GCAP trio;
    # not FR-IT (rugby) nor AZ-TR (energy, a mention).
    assert [s for s in slugs if s.startswith("pairs/")] == ["pairs/AZ-IT", "pairs/GB-IT", "pairs/GB-JP", "pairs/IT-JP"]
    assert "cooperation" in slugs


def test_titles_use_english_country_names_and_slugs_are_canonical():
    pair = spec_for_slug("pairs/AZ-IT")
    assert pair is not None and pair.title == "Defence cooperation: Azerbaijan – Italy"
    assert "Azerbaijan (AZ)" in pair.description and "Italy (IT)" in pair.description
    assert spec_for_slug("countries/DE").title == "Attaché: about Germany"
    assert spec_for_slug("cooperation").filter.cooperation_only
    for slug in ("pairs/IT-AZ", "pairs/AZ-AZ", "pairs/az-it", "pairs/AZ-IT-DE", "countries/ITA", "cooperation/x",
                 "pairs/AZ-QQ", "pairs/EU-IT", "countries/ZZ", "countries/QO", "countries/EU"):
        assert spec_for_slug(slug) is None, slug


def test_published_feeds_carry_the_right_articles(config, store):
    publish(config, store)
    root = config.feeds_dir
    # Cooperation items with both countries as parties, whoever published them (not the energy deal).
    assert ids((root / "pairs/AZ-IT.atom").read_bytes()) == [1]
    assert ids((root / "pairs/AZ-IT.rss").read_bytes()) == [1]
    assert [i["id"] for i in json.loads((root / "pairs/AZ-IT.json").read_bytes())["items"]] == [
        "https://difesa-smd-news-estero.example.org/news/1"]
    # About the country, cooperation or not (not what only mentions it).
    assert ids((root / "countries/IT.atom").read_bytes()) == [1, 2, 3, 4]
    assert ids((root / "countries/AZ.atom").read_bytes()) == [1, 2]
    assert not (root / "countries/TR.atom").exists()
    assert ids((root / "cooperation.rss").read_bytes()) == [1, 3]
    parsed = feedparser.parse((root / "pairs/AZ-IT.atom").read_bytes())
    assert parsed.feed.title == "Defence cooperation: Azerbaijan – Italy"
    assert parsed.feed.links[0].href == config.public_base_url + "pairs/AZ-IT.atom"


def test_opml_and_index_list_the_new_feeds(config, store):
    publish(config, store)
    opml = etree.parse(str(config.feeds_dir / "feeds.opml")).getroot()
    folders = {o.get("text"): [c.get("xmlUrl") for c in o] for o in opml.find("body")}
    base = config.public_base_url
    assert folders["By country pair (cooperation)"] == [f"{base}pairs/{p}.atom" for p in
                                                        ("AZ-IT", "GB-IT", "GB-JP", "IT-JP")]
    assert f"{base}countries/AZ.atom" in folders["By country (subject)"]
    assert folders["Defence cooperation"] == [f"{base}cooperation.atom"]
    page = (config.feeds_dir / "index.html").read_text()
    assert "Defence cooperation: Azerbaijan – Italy" in page
    for path in ("pairs/AZ-IT.rss", "pairs/AZ-IT.atom", "pairs/AZ-IT.json", "countries/JP.json", "cooperation.rss"):
        assert f'href="{base}{path}"' in page


def test_source_feeds_are_titled_with_the_publishers_name(config, store):
    publish(config, store)
    parsed = feedparser.parse((config.feeds_dir / "sources/azernews.atom").read_bytes())
    assert parsed.feed.title == "Attaché: AzerNews" and parsed.feed.subtitle == "Articles from AzerNews (azernews)"
    page = (config.feeds_dir / "index.html").read_text()
    assert '<span class="source">AzerNews</span>' in page


@pytest.mark.parametrize("text", [
    "[sources.azernews\nname = 'x'\n",  # not TOML
    "[sources.azernews]\nkind = 'carrier-pigeon'\n",  # TOML, but an invalid entry
    None,  # no such file
], ids=["syntax", "entry", "missing"])
def test_a_broken_source_catalog_falls_back_to_ids(tmp_path, caplog, text):
    broken = tmp_path / "sources.toml"
    if text is not None:
        broken.write_text(text, encoding="utf-8")
    config = make_config(tmp_path, ATTACHE_SOURCES=str(broken))
    store = Store(config.database_url)
    fill(store)
    report = publish(config, store)
    store.close()
    assert "sources/azernews" in report.feeds
    parsed = feedparser.parse((config.feeds_dir / "sources/azernews.atom").read_bytes())
    assert parsed.bozo == 0 and parsed.feed.title == "Attaché: azernews"
    assert "source catalog did not load" in caplog.text and str(broken) in caplog.text


def test_logo_and_icon_from_the_configuration(tmp_path):
    logo, icon = "https://feeds.example.org/static/logo.png", "https://feeds.example.org/static/icon.png"
    config = make_config(tmp_path, ATTACHE_FEED_LOGO=logo, ATTACHE_FEED_ICON=icon)
    store = Store(config.database_url)
    fill(store)
    with store.session() as session:
        built = build_feed(config, session, spec_for_slug("pairs/AZ-IT"), stories=StoryGroups(store))
    store.close()
    atom = etree.fromstring(built.files["atom"])
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert atom.findtext("a:logo", namespaces=ns) == logo and atom.findtext("a:icon", namespaces=ns) == icon
    image = etree.fromstring(built.files["rss"]).find("channel/image")
    assert image.findtext("url") == logo and image.findtext("link") == config.public_base_url
    assert image.findtext("title") == "Defence cooperation: Azerbaijan – Italy"  # the channel's title, as RSS wants
    rss, atom_parsed = (feedparser.parse(built.files[fmt]) for fmt in ("rss", "atom"))
    assert rss.bozo == 0 and rss.feed.image.href == logo
    assert atom_parsed.bozo == 0 and (atom_parsed.feed.logo, atom_parsed.feed.icon) == (logo, icon)
    doc = json.loads(built.files["json"])
    assert doc["icon"] == logo and doc["favicon"] == icon


def test_no_logo_or_icon_unless_configured(config, store):
    with store.session() as session:
        built = build_feed(config, session, spec_for_slug("all"), stories=StoryGroups(store))
    assert b"<logo>" not in built.files["atom"] and b"<icon>" not in built.files["atom"]
    assert b"<image>" not in built.files["rss"]
    assert not {"icon", "favicon"} & set(json.loads(built.files["json"]))


def test_pair_and_cooperation_parameters():
    request = parse_filters("pair=it-az&cooperation=true", 50)
    assert request.filter.subject_countries == ("AZ", "IT") and request.filter.cooperation_only
    assert request.query == "cooperation=1&pair=AZ-IT"
    for query, message in (("pair=IT", "pair must be two different ISO 3166-1 alpha-2 codes"),
                           ("pair=IT-IT", "pair must be two different"), ("pair=AZ-IT-DE", "pair must be"),
                           ("cooperation=0", "cooperation takes 1"), ("cooperation=maybe", "cooperation takes 1")):
        with pytest.raises(FilterError, match=message):
            parse_filters(query, 50)


def test_server_answers_pair_and_cooperation_filters(config, store):
    publish(config, store)
    server = make_server(config, store, port=0)
    server.start()
    try:
        host, port = server.server_address[:2]

        def get(path):
            conn = http.client.HTTPConnection(host, port, timeout=10)
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                return response.status, response.read()
            finally:
                conn.close()

        status, body = get("/all.atom?pair=IT-AZ")
        assert status == 200 and ids(body) == [1, 2]
        assert b'all.atom?pair=AZ-IT" rel="self"' in body
        status, body = get("/countries/IT.rss?cooperation=1")
        assert status == 200 and ids(body) == [1, 3]
        status, body = get("/all.json?pair=IT-IT")
        assert status == 400 and b"pair must be two different ISO 3166-1 alpha-2 codes" in body
        status, body = get("/all.rss?cooperation=no")
        assert status == 400 and b"cooperation takes 1" in body
        status, body = get("/pairs/IT-AZ.atom")  # only the canonical (sorted) pair path names a feed
        assert status == 404 and b"pair codes go in alphabetical order: pairs/AZ-IT" in body
    finally:
        server.stop()
