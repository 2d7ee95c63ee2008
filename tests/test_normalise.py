"""normalise() on the project's own small pages (tests/fixtures/pages): one signal per test."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from scraper.items import Article
from scraper.normalise import normalise
from scraper.normalise.canonical import choose_canonical_url
from scraper.normalise.dates import parse_date
from scraper.normalise.decode import decode_html
from scraper.normalise.sanitise import clean_unicode, markup_to_text
from scraper.sources import Source

PAGES = Path(__file__).parent / "fixtures" / "pages"
NOW = datetime(2026, 1, 1, tzinfo=UTC)
URL = "https://www.defence-gazette.example/news/2024/03/navies-sign-joint-patrol-accord"


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def run(name: str, url: str = URL, **kwargs) -> Article:
    return normalise(page(name), url, now=NOW, **kwargs)


def test_jsonld_graph_article() -> None:
    article = run("jsonld-article.html", url=URL + "?utm_campaign=x")
    assert article.title == "Navies sign joint patrol accord"
    assert article.summary.startswith("Italy and Greece agreed")
    # JSON-LD says 08:30Z, article:published_time says 09:30+01:00: same instant, page offset kept.
    assert article.published == datetime(2024, 3, 5, 9, 30, tzinfo=UTC) + timedelta(hours=-1)
    assert article.published.utcoffset() == timedelta(hours=1)
    assert article.updated == datetime(2024, 3, 6, 9, 0, tzinfo=UTC)
    # "By" prefix, role and case-insensitive duplicate removed.
    assert article.authors == ["Jane Doe", "Marco Rossi"]
    assert article.tags == ["Navy", "Italy", "Greece", "Maritime security"]
    assert article.language == "en"
    lead = article.images[0]
    assert lead.url == "https://www.defence-gazette.example/img/patrol-lead.jpg"
    assert (lead.caption, lead.credit) == ("Frigates in the Ionian Sea", "Hellenic Navy")


def test_body_keeps_lead_and_subheadings_drops_furniture() -> None:
    article = run("jsonld-article.html")
    lines = article.body_text.split("\n")
    assert lines[0].startswith("Italy and Greece agreed")
    assert "Training for boarding teams" in lines
    assert lines[-1].startswith("“This is a practical step")
    for junk in ("cookies", "Share on", "Related", "Army chiefs meet", "All rights reserved", "Home"):
        assert junk not in article.body_text
    assert "Navies sign joint patrol accord" not in article.body_text  # the headline is not body
    assert "<h2>Training for boarding teams</h2>" in article.body_html
    assert ('maintenance of <a href="https://www.defence-gazette.example/glossary/frigate" '
            'rel="noopener noreferrer nofollow">frigates</a> of the same class') in article.body_html


def test_canonical_url_without_tracking_or_fragment() -> None:
    article = run("jsonld-article.html", url=URL + "?fbclid=abc")
    assert article.url == "https://www.defence-gazette.example/news/2024/03/navies-sign-joint-patrol-accord?id=42"
    assert choose_canonical_url("https://a.example/x?gclid=1&b=2&utm_source=z#frag", []) == "https://a.example/x?b=2"
    # A canonical link to another site is not trusted.
    assert choose_canonical_url("https://a.example/x", ["https://other.example/y"]) == "https://a.example/x"


def test_microdata_article() -> None:
    article = run("microdata-article.html", url="https://news.example/politik/uebung")
    assert article.title == "Bundeswehr übt mit Litauen an der Ostflanke"
    assert article.published == datetime(2024, 5, 14, 14, 45, tzinfo=UTC)
    assert article.published.utcoffset() == timedelta(hours=2)
    assert article.authors == ["Anna Schmidt", "Peter Weber"]
    assert article.language == "de"
    assert article.tags == ["Bundeswehr", "Litauen", "Übung"]
    assert article.body_text.startswith("Rund tausend Soldatinnen")
    assert "Newsletter" not in article.body_text


def test_italian_page_date_licence_and_wrong_lang_attribute() -> None:
    url = "https://www.difesa.example/smd/news-italia/sesto-incontro/27579.html"
    article = run("italian-cc-licence.html", url=url)
    assert article.title == "Sesto incontro bilaterale di cooperazione tra Italia-Azerbaijan"
    assert article.language == "it"  # <html lang="en"> is wrong; the text is Italian
    assert article.published is not None
    assert article.published.date().isoformat() == "2023-10-11"
    assert article.published.tzinfo is not None
    assert article.rights == "CC BY-NC-SA 4.0"
    assert "Staff Talks tra Italia e Azerbaijan" in article.body_text


def test_italian_date_with_source_language_hint() -> None:
    parsed = parse_date("11 ottobre 2023", language="it", now=NOW)
    assert parsed is not None and parsed.value == datetime(2023, 10, 11, tzinfo=UTC)
    assert not parsed.has_time


def test_wrong_declared_charset_still_decodes() -> None:
    raw = page("wrong-charset.html")
    assert b"charset=iso-8859-1" in raw
    article = normalise(raw, "https://defense.example/fr/coop", hints={"encoding": "iso-8859-1"}, now=NOW)
    assert article.title == "Coopération franco-allemande : exercice commun à Münster"
    assert "l’interopérabilité" in article.body_text
    assert "Ã" not in article.body_text + article.title
    assert article.language == "fr"
    # Real latin-1 bytes still decode with their declared charset.
    assert decode_html("Défense".encode("latin-1"), "text/html; charset=ISO-8859-1") == "Défense"


def test_control_characters_and_invalid_unicode_removed() -> None:
    article = run("control-chars.html", url="https://marynarka.example/a")
    assert article.title == "Ćwiczenia sojusznicze na Bałtyku"
    assert "Okręty z pięciu państw NATO" in article.body_text
    bad = [chr(c) for c in range(32) if chr(c) not in "\t\n"] + ["\x7f"]
    for text in (article.title, article.body_text, article.body_html, article.summary):
        assert not any(ch in text for ch in bad)
    surrogate = "<html><body><h1>Bad \ud800 text \ufffe here</h1><p>x</p></body></html>"
    assert normalise(surrogate, "https://a.example/", now=NOW).title == "Bad text here"
    assert clean_unicode("a\x00b\x1bc\ud83d\uffffd\te\nf") == "abcd\te\nf"


def test_hostile_markup_is_sanitised() -> None:
    article = run("hostile.html", url="https://mod.example/news/exercise")
    assert article.title == "Exercise report"
    html = article.body_html
    for forbidden in ("<script", "<iframe", "onclick", "onmouseover", "onerror", "onload", "style=",
                      "javascript:", "alert("):
        assert forbidden not in html
    assert "quick reaction alerts" in article.body_text
    assert "alert(" not in article.body_text
    assert ('<a href="https://mod.example/reports/baltic-air-policing.pdf" rel="noopener noreferrer nofollow">'
            'full report</a> on the ministry website') in html
    assert '<img alt="Jets on the apron" src="https://mod.example/img/jets.jpg">' in html
    selected = normalise(page("hostile.html"), "https://mod.example/news/exercise", now=NOW, source=Source(
        id="mod", name="MoD", kind="html", start_urls=("https://mod.example/",), selectors={"body": "article"}))
    for forbidden in ("<script", "<iframe", "onclick", "onmouseover", "onerror", "javascript:", "style="):
        assert forbidden not in selected.body_html
    assert 'href="https://mod.example/reports/baltic-air-policing.pdf"' in selected.body_html
    assert 'src="https://mod.example/img/jets.jpg"' in selected.body_html
    assert 'alt="Jets on the apron"' in selected.body_html


def test_future_date_rejected() -> None:
    article = run("future-date.html", url="https://mod.example/news/talks")
    assert article.published is None and article.updated is None
    assert article.title == "Joint staff talks scheduled"
    assert parse_date("2025-12-31T23:55:00+00:00", now=NOW) is not None
    assert parse_date("2026-01-01T01:00:00+00:00", now=NOW) is None


def test_source_selectors_override_everything() -> None:
    source = Source(
        id="gazette", name="Defence Gazette", kind="html", start_urls=("https://www.defence-gazette.example/",),
        language="en",
        selectors={"title": "h2", "authors": ".share-bar a", "body": "article p.lead", "published": "footer p"},
    )
    article = run("jsonld-article.html", source=source)
    assert article.source == "gazette"
    assert article.title == "Training for boarding teams"
    assert article.authors == ["Share on X", "Share on Facebook"]
    assert article.body_text == (
        "Italy and Greece agreed on joint patrols in the Ionian Sea and a shared training programme for "
        "boarding teams."
    )
    # The selector's text holds no date: the generic signals decide that field.
    assert article.published is not None and article.published.year == 2024


def test_hints_fill_what_the_page_does_not_say() -> None:
    hints = {
        "title": "Ausschuss berät über Transportflugzeuge",
        "published": "2024-06-12T10:15:00+02:00",
        "updated": datetime(2024, 6, 12, 12, 0, tzinfo=UTC),
        "authors": ["Von Karl Huber"],
        "summary": "Der Ausschuss hat beraten.",
        "tags": ["Luftwaffe"],
    }
    article = run("silent.html", url="https://bundestag.example/a", hints=hints)
    assert article.title == "Ausschuss berät über Transportflugzeuge"
    assert article.published == datetime(2024, 6, 12, 8, 15, tzinfo=UTC)
    assert article.updated == datetime(2024, 6, 12, 12, 0, tzinfo=UTC)
    assert article.authors == ["Karl Huber"]
    assert article.summary == "Der Ausschuss hat beraten."
    assert article.tags == ["Luftwaffe"]
    assert article.language == "de"
    # The page's own evidence wins over hints.
    own = run("microdata-article.html", url="https://news.example/x", hints=hints)
    assert own.title == "Bundeswehr übt mit Litauen an der Ostflanke"


def test_content_hash_is_stable_and_countries_left_to_tagging() -> None:
    first, second = run("jsonld-article.html"), run("jsonld-article.html")
    expected = hashlib.sha256(f"{first.title}\n{first.body_text}".encode()).hexdigest()
    assert first.content_hash == second.content_hash == expected
    assert first.countries == [] and first.cooperation == [] and first.cooperation_score == 0.0


@pytest.mark.parametrize("html", ["", b"", "<html>", b"\x00\x01\xff\xfe", "<?xml version='1.0'?><p>x</p>",
                                  "<!-- only a comment -->", "   \n", b"\xef\xbb\xbf",
                                  "<html><body><script>var a = '<p>';</script></body></html>"])
def test_garbage_never_raises(html: str | bytes) -> None:
    article = normalise(html, "https://a.example/x?utm_source=q", now=NOW)
    assert article.url == "https://a.example/x"
    assert article.published is None


def test_bad_field_does_not_lose_the_record() -> None:
    broken = page("jsonld-article.html").replace(b'"author": [', b'"author": [{"name": {"x": 1}}, ')
    broken = broken.replace(b'"datePublished": "2024-03-05T08:30:00Z"', b'"datePublished": {"bad": true}')
    article = run_bytes(broken)
    assert article.title == "Navies sign joint patrol accord"
    assert article.published is not None  # from article:published_time
    assert "Jane Doe" in article.authors


def run_bytes(data: bytes) -> Article:
    return normalise(data, URL, now=NOW)


def test_a_description_with_encoded_markup_becomes_text_and_text_that_looks_like_markup_stays() -> None:
    """One rule (issue 13, item 6): a description is text unless it holds HTML elements, literal or entity-encoded;
    then it is decoded first and its markup removed after, so encoded markup never comes back live."""
    encoded = "&lt;p&gt;Allies train&lt;/p&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;x()&lt;/script&gt;"
    html_page = ("<html><head><title>Allies train</title><script type='application/ld+json'>"
                 + json.dumps({"@type": "NewsArticle", "headline": "Allies train", "description": encoded})
                 + "</script></head><body><article><h1>Allies train</h1><p>" + "Body text. " * 30
                 + "</p></article></body></html>")
    article = normalise(html_page, "https://news.example.org/a/1")
    assert article.summary == "Allies train"
    assert markup_to_text("<p>AP text</p><script>evil()</script>") == "AP text"
    for text in ("Exercise <Steadfast Defender> begins", "R&amp;D", "a < b and c > d", "AT&T"):
        assert markup_to_text(text) == text
