"""The feed model and the feedgen adapter: one test per trap in FEEDGEN.md, plus feedparser round trips."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from lxml import etree
from lxml import html as lxml_html

from feeds.build import build_feed, feed_doc
from feeds.catalog import FeedSpec, catalog, spec_for_slug
from feeds.clean import language_tag, sanitise_html
from feeds.jsonfeed import VERSION, feed_object
from feeds.model import Entry, build_entries, unique_updated
from feeds.render import FORMATS, Renderer, _feed_entry, _generator, render
from feeds.story_groups import StoryGroups
from scraper.safe_text import xml_safe_text
from scraper.store.feed_queries import FeedFilter
from scraper.store.schema import ArticleRow
from tests.helpers.feed_store import HOSTILE_BODY, NOW

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "http://127.0.0.1:8787/"


def hostile_row(n: int = 9, **fields: object) -> ArticleRow:
    """An unsaved row with what the database itself cannot hold: naive dates, lone surrogates."""
    values: dict[str, object] = dict(
        url=f"https://hostile.example.net/a/{n}", source="hostile", title="Bad \ud800 title \x00\ufffe\uffff",
        summary="Sum\x1bmary \udfff", body_text="text", body_html=HOSTILE_BODY,
        published=datetime(2025, 3, 1, 9, 30), updated=None, authors=[], language="it_IT",
        images=[{"url": "../pics/p.jpeg", "caption": "cap\x01"}], rights=None, tags=["t\x02ag"],
        countries=["IT"], cooperation=[], first_seen=datetime(2025, 3, 2, 10, 0), last_seen=NOW, changed=NOW,
    )
    values.update(fields)
    return ArticleRow(**values)


def render_rows(config, rows, fmt, spec=None):
    from feeds.build import feed_doc

    spec = spec or FeedSpec("all", "All", "Everything")
    entries = build_entries(rows, config.public_base_url)
    return render(feed_doc(config, spec, entries), entries, fmt), entries


def xml(data: bytes) -> etree._Element:
    return etree.fromstring(data)


# --- feedparser round trips ------------------------------------------------------------------------------


def test_feedparser_reads_every_field(config, store):
    with store.session() as session:
        built = build_feed(config, session, catalog(session)[0], stories=StoryGroups(store))
    for fmt in ("rss", "atom"):
        parsed = feedparser.parse(built.files[fmt])
        assert parsed.bozo == 0, (fmt, parsed.get("bozo_exception"))
        assert parsed.feed.title == "Attaché: all articles"
        assert parsed.feed.link == BASE
        first = next(e for e in parsed.entries if e.id == "https://news.example.org/articles/1")
        assert first.title == "Defence cooperation story 1"
        assert first.link == "https://news.example.org/articles/1"
        assert first.published_parsed[:5] == (2025, 3, 10, 11, 0)
        assert "Full text of story 1" in first.content[0].value
        assert first.summary == "Summary of story 1."
        assert first.author == "Reporter 1"
        assert {"navy", "training", "example-news", "IT", "AZ"} <= {t.term for t in first.tags}
        enclosure = first.enclosures[0]
        assert enclosure.href == "https://news.example.org/img/lead1.jpg"
        assert enclosure.type == "image/jpeg" and str(enclosure.length) == "12345"
        for entry in parsed.entries:
            assert entry.published_parsed and entry.title and entry.content[0].value


def test_rss_and_atom_carry_the_same_items_in_the_same_order(config, store):
    with store.session() as session:
        for spec in catalog(session):
            built = build_feed(config, session, spec, stories=StoryGroups(store))
            rss, atom = (feedparser.parse(built.files[f]) for f in ("rss", "atom"))
            assert [e.id for e in rss.entries] == [e.id for e in atom.entries] != []
            js = json.loads(built.files["json"])
            assert [i["id"] for i in js["items"]] == [e.id for e in rss.entries]


def test_newest_first_published_else_first_seen(config, store):
    """add_entry() prepends by default; entries must come out in input (newest-first) order."""
    with store.session() as session:
        built = build_feed(config, session, catalog(session)[0], stories=StoryGroups(store))
    # article 3 has no published date: it sorts by first seen (NOW + 2 s), i.e. first.
    assert [e.id.rsplit("/", 1)[1] for e in built.entries] == ["3", "1", "2", "4", "5"]
    atom_ids = [e.findtext(f"{ATOM}id") for e in xml(built.files["atom"]).iter(f"{ATOM}entry")]
    assert atom_ids == [e.id for e in built.entries]


def test_json_feed_1_1_required_fields_and_types(config, store):
    with store.session() as session:
        built = build_feed(config, session, catalog(session)[0], stories=StoryGroups(store))
    feed = json.loads(built.files["json"])
    assert feed["version"] == VERSION == "https://jsonfeed.org/version/1.1"
    assert isinstance(feed["title"], str) and isinstance(feed["items"], list)
    assert feed["feed_url"] == BASE + "all.json" and feed["home_page_url"] == BASE
    for author in feed["authors"]:
        assert isinstance(author["name"], str)
    for item in feed["items"]:
        assert isinstance(item["id"], str) and item["id"].startswith("https://")
        assert isinstance(item["content_html"], str) and isinstance(item["summary"], str)
        for key in ("date_published", "date_modified"):
            assert datetime.fromisoformat(item[key]).tzinfo is not None
        for attachment in item.get("attachments", []):
            assert isinstance(attachment["url"], str) and "/" in attachment["mime_type"]
            assert isinstance(attachment.get("size_in_bytes", 0), int)
        assert all(isinstance(t, str) for t in item.get("tags", []))
    assert built.files["json"] == json.dumps(feed, ensure_ascii=False, sort_keys=True, indent=2).encode() + b"\n"


# --- one test per trap -----------------------------------------------------------------------------------


def test_atom_entry_links_keep_rel_type_and_length(config, store):
    with store.session() as session:
        data = build_feed(config, session, catalog(session)[0], stories=StoryGroups(store)).files["atom"]
    entry = next(e for e in xml(data).iter(f"{ATOM}entry") if e.findtext(f"{ATOM}id").endswith("/1"))
    links = [dict(link.attrib) for link in entry.findall(f"{ATOM}link")]
    assert links == [
        {"href": "https://news.example.org/articles/1", "rel": "alternate", "type": "text/html"},
        {"href": "https://news.example.org/img/lead1.jpg", "rel": "enclosure", "type": "image/jpeg",
         "length": "12345"},
    ]
    parsed = feedparser.parse(data)
    assert all(e.link == e.id for e in parsed.entries)  # the image never becomes the article link


def test_content_is_type_html_never_cdata(config, store):
    with store.session() as session:
        data = build_feed(config, session, catalog(session)[0], stories=StoryGroups(store)).files["atom"]
    types = {c.get("type") for c in xml(data).iter(f"{ATOM}content")}
    assert types == {"html"}
    assert b"CDATA" not in data


def test_each_format_has_its_own_absolute_self_link_and_rss_link_is_the_site(config, store):
    with store.session() as session:
        built = build_feed(config, session, spec_for_slug("sources/bund-de"), stories=StoryGroups(store))
    rss = xml(built.files["rss"]).find("channel")
    assert rss.find(f"{ATOM}link").attrib == {"href": BASE + "sources/bund-de.rss", "rel": "self",
                                              "type": "application/rss+xml"}
    assert rss.findtext("link") == BASE
    atom_self = [li for li in xml(built.files["atom"]).findall(f"{ATOM}link") if li.get("rel") == "self"]
    assert [li.get("href") for li in atom_self] == [BASE + "sources/bund-de.atom"]
    assert json.loads(built.files["json"])["feed_url"] == BASE + "sources/bund-de.json"


def test_every_url_is_absolute(config):
    data, _ = render_rows(config, [hostile_row()], "rss")
    item = xml(data).find("channel/item")
    content = item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    urls = re.findall(r'(?:href|src)="([^"]*)"', content)
    assert urls and all(u.startswith(("http://", "https://")) for u in urls)
    assert "https://hostile.example.net/relative/page" in urls
    assert item.find("enclosure").get("url") == "https://hostile.example.net/pics/p.jpeg"
    assert item.findtext("link") == "https://hostile.example.net/a/9"


def test_guid_is_the_canonical_url_as_permalink_and_ids_are_unique(config):
    rows = [hostile_row(1), hostile_row(1, title="Same URL twice"), hostile_row(2)]
    data, entries = render_rows(config, rows, "rss")
    guids = xml(data).findall("channel/item/guid")
    assert [(g.text, g.get("isPermaLink")) for g in guids] == [
        ("https://hostile.example.net/a/1", "true"), ("https://hostile.example.net/a/2", "true")]
    atom, _ = render_rows(config, rows, "atom")
    ids = [e.findtext(f"{ATOM}id") for e in xml(atom).iter(f"{ATOM}entry")]
    assert ids == [g.text for g in guids]


def test_updated_seconds_are_unique_and_stable(config, store):
    with store.session() as session:
        built = build_feed(config, session, catalog(session)[0], stories=StoryGroups(store))
    updated = [e.findtext(f"{ATOM}updated") for e in xml(built.files["atom"]).iter(f"{ATOM}entry")]
    assert len(set(updated)) == len(updated)  # articles 4 and 5 share their time in the store

    def entry(n: int, seen: int) -> Entry:
        return Entry(id=f"u{n}", link="", title="", summary="", content_html="", published=None,
                     updated=NOW, first_seen=NOW + timedelta(seconds=seen))

    older = unique_updated([entry(1, 0), entry(2, 1)])
    newer = unique_updated([entry(3, 5), entry(1, 0), entry(2, 1)])
    assert [e.updated for e in older] == [NOW, NOW + timedelta(seconds=1)]
    assert [e.updated for e in newer[1:]] == [e.updated for e in older]  # a newcomer moves no one
    assert newer[0].updated == NOW + timedelta(seconds=2)


def test_enclosure_without_size_has_length_zero_and_a_mime_type(config):
    data, _ = render_rows(config, [hostile_row()], "rss")
    enclosure = xml(data).find("channel/item/enclosure")
    assert enclosure.attrib == {"url": "https://hostile.example.net/pics/p.jpeg", "length": "0",
                                "type": "image/jpeg"}
    assert b'length="None"' not in data
    atom, _ = render_rows(config, [hostile_row()], "atom")
    link = [li for li in xml(atom).iter(f"{ATOM}link") if li.get("rel") == "enclosure"][0]
    assert "length" not in link.attrib and link.get("type") == "image/jpeg"


def test_feed_level_author_covers_entries_without_one(config):
    data, _ = render_rows(config, [hostile_row()], "atom")
    root = xml(data)
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "Attaché"
    assert root.find(f"{ATOM}entry/{ATOM}author") is None
    assert feedparser.parse(data).bozo == 0


def test_language_codes_and_category_schemes(config):
    assert [language_tag(v) for v in ("it_IT", "IT", "it-it", "pt_BR", "english", "")] == [
        "it-IT", "it", "it-IT", "pt-BR", None, None]
    spec = FeedSpec("lang/it", "Italian", "In Italian", FeedFilter(languages=("it",)), language="it")
    data, _ = render_rows(config, [hostile_row()], "rss", spec)
    assert xml(data).findtext("channel/language") == "it"
    assert json.loads(render_rows(config, [hostile_row()], "json", spec)[0])["items"][0]["language"] == "it-IT"
    for cat in xml(data).iter("category"):
        domain = cat.get("domain")
        assert domain is None or domain.startswith(BASE)


def test_active_content_and_bad_characters_are_removed():
    html = sanitise_html(HOSTILE_BODY, "https://news.example.org/a/1")
    for bad in ("<script", "alert(", "<iframe", "evil.example", "onclick", "steal", "\x07", "\x0c"):
        assert bad not in html
    assert "“quotes”" in html  # C1 controls from cp1252 text read as latin-1 are repaired
    assert xml_safe_text("a\x00b\x1fc\ud800d\ufffee\uffff\x85") == "abcde…"


def test_hostile_record_renders_in_every_format(config):
    """Naive dates, control characters, U+FFFE/U+FFFF and lone surrogates raise inside feedgen/lxml."""
    rows = [hostile_row(), hostile_row(2, title="", summary="", body_html="", body_text="", authors=None,
                                         images=[{"url": "javascript:alert(1)"}], tags=None, countries=None)]
    for fmt in ("rss", "atom", "json"):
        data, entries = render_rows(config, rows, fmt)
        data.decode("utf-8")
        if fmt != "json":
            assert feedparser.parse(data).bozo == 0
    first, second = entries
    assert first.title == "Bad title"
    assert first.published == datetime(2025, 3, 1, 9, 30, tzinfo=UTC)  # naive: taken as UTC
    assert second.title == second.link and second.enclosure is None  # no title: the URL, never empty


def test_rss_has_description_content_encoded_dc_creator_and_pubdate(config, store):
    with store.session() as session:
        data = build_feed(config, session, catalog(session)[0], stories=StoryGroups(store)).files["rss"]
    item = next(i for i in xml(data).iter("item") if i.findtext("guid").endswith("/1"))
    assert item.findtext("description") == "Summary of story 1."
    assert "<p>Full text of story 1." in item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Reporter 1"
    assert item.find("author") is None
    assert item.findtext("pubDate") == "Mon, 10 Mar 2025 11:00:00 +0000"
    assert item.findtext("{http://purl.org/dc/elements/1.1/}rights") == "© Example News, CC BY 4.0"


def test_dates_come_from_the_data_so_builds_are_byte_identical(config, store):
    with store.session() as session:
        spec = catalog(session)[0]
        first = build_feed(config, session, spec, stories=StoryGroups(store)).files
        second = build_feed(config, session, spec, stories=StoryGroups(store)).files
    assert first == second
    channel = xml(first["rss"]).find("channel")
    assert channel.findtext("lastBuildDate") == "Mon, 10 Mar 2025 12:00:02 +0000"
    assert xml(first["atom"]).findtext(f"{ATOM}updated") == "2025-03-10T12:00:02+00:00"


def test_lead_image_is_in_the_content(config, store):
    with store.session() as session:
        built = build_feed(config, session, catalog(session)[0], stories=StoryGroups(store))
    first = next(e for e in built.entries if e.id.endswith("/1"))
    assert first.content_html.startswith('<figure><img src="https://news.example.org/img/lead1.jpg"')
    assert "<figcaption>Lead &lt;b&gt;one&lt;/b&gt;</figcaption>" in first.content_html  # a caption is text


# --- text is text (issue 13, item 6) ---------------------------------------------------------------------

TEXTS = ["Exercise <Steadfast Defender> begins", "R&amp;D budget rises", "AT&T & Lockheed: a < b > c",
         "&lt;p&gt;encoded&lt;/p&gt; &#38; &copy;", "<img src=x onerror=alert(1)> drills", "<b>not bold</b>"]


def read_back(data: bytes, fmt: str) -> tuple[str, str]:
    """(title, summary as text) of the first entry, as a reader shows them: feedparser for RSS and Atom (a field
    feedparser reads as HTML shows as the HTML unescaped), json for JSON Feed."""
    if fmt == "json":
        item = json.loads(data)["items"][0]
        return item["title"], item["summary"]
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0
    entry = parsed.entries[0]
    title, summary = (html.unescape(entry[key]) if entry[f"{key}_detail"].type == "text/html" else entry[key]
                      for key in ("title", "summary"))
    return title, summary


@pytest.mark.parametrize("text", TEXTS)
def test_titles_and_summaries_are_text_in_every_format(config, text: str) -> None:
    """"Exercise <Steadfast Defender> begins" and a literal "R&amp;D" survive exactly; markup-looking text is
    escaped once for each format's layer and never becomes live markup (before: stripped or decoded as HTML)."""
    row = hostile_row(title=text, summary=text, body_html="<p>Body.</p>")
    for fmt in FORMATS:
        data, entries = render_rows(config, [row], fmt)
        assert entries[0].title == text and entries[0].summary == text
        assert read_back(data, fmt) == (text, text), fmt
        if fmt == "rss":  # the elements readers may take as HTML
            for element in xml(data).iter("description", "title"):
                markup = lxml_html.fragment_fromstring(element.text or "", create_parent="div")
                assert not markup.xpath(".//img | .//b | .//p"), element.text


def test_one_renderer_shared_by_feeds_gives_the_bytes_of_separate_generators(config, store):
    """Entries rendered once per run (RSS, Atom, JSON) and one generator for RSS and Atom: every feed's bytes
    are those of a generator per format built for that feed alone, and of `json.dumps` of the document."""
    shared = Renderer()
    with store.session() as session:
        built = [build_feed(config, session, spec, stories=StoryGroups(store)) for spec in catalog(session)]
    for feed in built * 2:  # twice: entry elements taken from one feed's tree by the next
        doc = feed_doc(config, feed.spec, feed.entries)
        files = shared.render(doc, feed.entries)
        assert files["rss"] == render(doc, feed.entries, "rss") == _separate(doc, feed.entries, "rss")
        assert files["atom"] == render(doc, feed.entries, "atom") == _separate(doc, feed.entries, "atom")
        whole = json.dumps(feed_object(doc, feed.entries), ensure_ascii=False, sort_keys=True, indent=2) + "\n"
        assert files["json"] == whole.encode("utf-8")


def _separate(doc, entries, fmt):  # type: ignore[no-untyped-def]
    """The feed as one feedgen generator holding all its entries serialises it (what render.py did before entries
    were serialised once and spliced): a new generator and new entries."""
    fg = _generator(doc, fmt)
    for item in entries:
        fg.add_entry(_feed_entry(item), order="append")
    if fmt == "rss":
        return fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)
    return fg.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)


@pytest.mark.parametrize("hub", [None, "https://hub.example.net/"])
def test_spliced_entries_give_the_bytes_of_one_generator_holding_them(hub):
    """Entries serialised once and spliced into each feed: byte for byte what one feedgen generator holding the
    feed's entries gives, whatever the entries' text looks like (element tags, the splice markers, newlines and
    indentation), in any order and subset, with a hub link after the RSS items or not, with no entries, and when
    the run's budget drops some of them."""
    from dataclasses import replace

    from feeds.model import Category, Enclosure, FeedDoc
    when = datetime(2025, 3, 1, tzinfo=UTC)
    texts = ["plain", "\n    <item>\n  <entry>", "</item></channel>\n</feed>", "a\n\n  b & <c> ]]> \"q\"",
             '    <atom:link href="x" rel="hub"/>', "Ünïcödé — 日本語 🛰"]
    entries = [
        Entry(id=f"https://news.example.org/{n}", link=f"https://news.example.org/{n}", title=text,
              summary=f"{text} summary", content_html=f"<p>{html.escape(text)}</p>\n<p>{n}</p>",
              published=when + timedelta(hours=n) if n % 2 else None, updated=when + timedelta(hours=n, minutes=1),
              authors=(text, "Desk") if n % 3 else (), categories=(Category(text), Category("IT", "https://s/c/")),
              enclosure=Enclosure(f"https://news.example.org/{n}.jpg", "image/jpeg", 10, 800, 600) if n == 1 else None,
              rights=text if n == 2 else None)
        for n, text in enumerate(texts)
    ]
    urls = {fmt: f"https://s.example.org/all.{fmt}" for fmt in FORMATS}
    doc = FeedDoc(id=urls["atom"], title="All <things>", description="d\n  e", site_url="https://s.example.org/",
                  self_urls=urls, updated=when, author="Attaché", language="en", alternates=urls, hub=hub)
    later = [replace(e, updated=e.updated + timedelta(seconds=1)) for e in entries]  # another feed's variant
    feeds = (entries, entries[::-1], entries[2:4], [], later, entries[1:], [*later[:2], *entries[3:]])
    for renderer, feed in ((r, f) for r in (Renderer(), Renderer(budget=3000)) for f in feeds):  # a budget: dropped
        files = renderer.render(doc, feed)                                                    # and rendered again
        for fmt in ("rss", "atom"):
            assert files[fmt] == _separate(doc, feed, fmt), (fmt, [e.title for e in feed])
            parsed = feedparser.parse(files[fmt])
            assert parsed.bozo == 0 and [e.link for e in parsed.entries] == [e.link for e in feed]
