"""body_html as a reader expects it: the article's links and inline images, nothing around them."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import feedparser
from lxml import html as lxml_html

from feeds.publish import publish
from scraper.normalise import normalise
from scraper.normalise.image_source import image_source, pick_srcset
from tests.helpers.feed_store import add_article

PAGES = Path(__file__).parent / "fixtures" / "pages"
NOW = datetime(2026, 1, 1, tzinfo=UTC)
URL = "https://harbour-chronicle.example/defence/2024/hub"
SITE = "https://harbour-chronicle.example"


def _article():
    return normalise((PAGES / "links-images.html").read_bytes(), URL, now=NOW)


def _parsed(fragment: str):
    return lxml_html.fragment_fromstring(fragment, create_parent="div")


def test_links_of_the_article_are_kept_absolute_in_paragraphs_lists_quotes_and_tables() -> None:
    root = _parsed(_article().body_html)
    links = {a.text_content(): a.get("href") for a in root.iter("a")}
    assert links == {
        "Vigo": f"{SITE}/places/vigo",  # relative, in a paragraph
        "the agreement signed last year": "https://www.defence-ministry.example/press/hub-agreement",
        "cost report": f"{SITE}/defence/2024/reports/hub-costs.pdf",  # relative to the page's folder
        "F100 class": f"{SITE}/ships/f100",  # in a list
        "Joint Atlantic exercise": f"{SITE}/exercises/joint-atlantic",
        "allied cooperation": "https://www.nato.example/cooperation",  # in a block quote
        "annex A": f"{SITE}/budget/annex-staff",  # in a table cell
        "annex B": f"{SITE}/budget/annex-storage",
        "Bay of Biscay": f"{SITE}/places/biscay",
    }
    assert all(a.get("rel") == "noopener noreferrer nofollow" for a in root.iter("a"))
    assert [li.text_content()[:10] for li in root.xpath("//ul/li")] == ["Spare part", "Fuel for u", "Training a"]
    assert root.xpath("//blockquote/p/a")
    assert [[c.text_content().strip() for c in tr] for tr in root.xpath("//table//tr")][1] == [
        "Staff", "4.2 million euros", "annex A"]


def test_lazy_images_resolved_absolute_with_alt_in_reading_order() -> None:
    article = _article()
    root = _parsed(article.body_html)
    images = [(img.get("src"), img.get("alt")) for img in root.iter("img")]
    assert images == [
        (f"{SITE}/media/2024/hub-aerial.jpg", "The new hub seen from the air"),  # data-src over a data: URI
        (f"{SITE}/media/2024/quay-960.webp", "Supply ships moored at the quay"),  # <picture><source srcset>
        (f"{SITE}/media/2024/crane-1200.jpg", "A crane loading containers"),  # data-srcset over a blank gif
        (f"{SITE}/media/2024/ceremony.jpg", "The opening ceremony on the quay"),  # <noscript> fallback
        (f"{SITE}/media/2024/convoy.jpg", "A convoy at sea"),  # <noscript> fallback inside a paragraph
    ]
    assert root.xpath("//figure/figcaption")[0].text_content() == "The new hub seen from the air"
    order = [el.tag for el in root if el.tag in ("img", "figure", "h2", "ul", "blockquote")]
    assert order == ["figure", "img", "h2", "ul", "img", "blockquote", "img"]
    assert [image.url for image in article.images][1:] == [src for src, _ in images]  # after the og:image


def test_navigation_share_bar_teasers_and_hostile_markup_left_out() -> None:
    article = _article()
    html = article.body_html
    for absent in ("World", "/defence/older-story", "/defence/other-story", "older.jpg", "other.jpg",
                   "Frigate crews train together", "facebook", "twitter", "logo.png", "/about", "Related",
                   "quote-mark.svg"):
        assert absent not in html, absent
    for hostile in ("javascript:", "script:", "data:", "onclick", "onmouseover", "style=", "<script", "track()",
                    "alert"):
        assert hostile not in html, hostile
    assert "The ministry published a hostile link, an inline document and a <a " in html  # text kept


def test_body_text_stays_plain() -> None:
    text = _article().body_text
    assert not re.search(r"<[a-z/]|&[a-z]+;|https?://", text)
    assert "F100 class" in text and "annex A" in text
    assert "Frigate crews train together" not in text


def test_image_source_reads_lazy_attributes_srcset_and_picture() -> None:
    def first_img(markup: str):
        return next(lxml_html.document_fromstring(f"<html><body>{markup}</body></html>").iter("img"))

    assert image_source(first_img('<img src="/blank.gif" data-lazy-src="/a.jpg">')) == "/a.jpg"
    assert image_source(first_img('<img src="data:image/png;base64,AA" data-original="/b.jpg">')) == "/b.jpg"
    assert image_source(first_img('<img src="/real.jpg">')) == "/real.jpg"
    assert image_source(first_img('<img srcset="/s.jpg 1x, /l.jpg 2x">')) == "/s.jpg"
    assert image_source(first_img('<picture><source data-srcset="/p-320.jpg 320w, /p-640.jpg 640w"><img></picture>')
                        ) == "/p-640.jpg"  # narrower than the reading width: the widest
    assert image_source(first_img('<img src="data:image/gif;base64,R0lG">')) is None
    assert pick_srcset("/a.jpg 400w, /b.jpg 800w, /c.jpg 1600w") == "/b.jpg"
    assert pick_srcset("https://x.example/i.jpg?w=1,2 300w") == "https://x.example/i.jpg?w=1,2"
    assert pick_srcset("/one.jpg, /two.jpg 2x") == "/one.jpg"


def test_published_feed_entry_keeps_the_links_and_images(config, store) -> None:
    article = _article()
    add_article(store, 90, url=URL, title=article.title, body_html=article.body_html, body_text=article.body_text)
    publish(config, store, only={"all"})
    for name in ("all.atom", "all.rss"):
        parsed = feedparser.parse((config.feeds_dir / name).read_bytes())
        assert parsed.bozo == 0, parsed.get("bozo_exception")
        entry = next(e for e in parsed.entries if e.link == URL)
        content = _parsed(entry.content[0].value if "content" in entry else entry.summary)
        hrefs = {a.get("href") for a in content.iter("a")}
        assert {f"{SITE}/places/vigo", "https://www.nato.example/cooperation", f"{SITE}/budget/annex-staff"} <= hrefs
        assert f"{SITE}/media/2024/ceremony.jpg" in {img.get("src") for img in content.iter("img")}
        assert not any("javascript" in (h or "") for h in hrefs)


def test_relative_links_resolve_against_the_base_element() -> None:
    paragraphs = "".join(
        f"<p>Paragraph {n} of the report on the joint naval exercise describes the manoeuvres of the day"
        f" and the crews taking part in them, with <a href='notes/{n}.html'>notes {n}</a> attached.</p>"
        for n in range(1, 5))
    page = (f"<html><head><base href='https://archive.example/2024/'><title>Report</title></head>"
            f"<body><article><h1>Report</h1>{paragraphs}</article></body></html>")
    article = normalise(page, "https://news.example/report", now=NOW)
    hrefs = [a.get("href") for a in _parsed(article.body_html).iter("a")]
    assert hrefs == [f"https://archive.example/2024/notes/{n}.html" for n in range(1, 5)]
