"""Body and headline rules added for the dev set's harder pages (own fixtures, general signals)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from scraper.normalise import normalise
from scraper.normalise.body import Body
from scraper.normalise.cleanup import tidy_body

PAGES = Path(__file__).parent / "fixtures" / "pages"
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def run(name: str, url: str = "https://news.example/a"):
    return normalise((PAGES / name).read_bytes(), url, now=NOW)


def test_ruby_reading_kept_inline_and_paywall_promotion_cut() -> None:
    article = run("ja-ruby-paywall.html")
    lines = article.body_text.split("\n")
    assert "安圭伯（アンギュベク）" in lines[0]
    assert len(lines) == 3, lines  # the promotion and the short lines after it are gone
    assert "会員" not in article.body_text


def test_article_html_only_inside_a_script() -> None:
    article = run("script-rendered.html")
    lines = article.body_text.split("\n")
    assert lines[0].startswith("The navies of Estonia, Latvia and Lithuania agreed")
    assert "A permanent command" in lines
    assert lines[-1].startswith("Officials said the group")
    assert "Navy photo" not in article.body_text  # the image caption is no body text
    assert "Loading" not in article.body_text
    assert "<h3>A permanent command</h3>" in article.body_html


def test_og_title_wins_when_title_tag_repeats_the_h1() -> None:
    assert run("og-headline.html").title == "Deutsche Basketballer beeindrucken bei Olympia"


def test_leaked_css_is_dropped() -> None:
    from lxml import html

    tree = html.document_fromstring("<html><body><p>x</p></body></html>")
    body = Body(lines=[
        "@media only screen and (min-width:1024px){ .x{margin-top: 55% !important;} }",
        "The two defence ministers met in Tokyo and agreed to deepen cooperation between their navies.",
        "They will hold a joint exercise before the end of the year, the ministry said on Monday.",
    ])
    body.elements = [None] * len(body.lines)
    tidy_body(body, tree=tree, title="Ministers meet", description="", authors=[])
    assert body.lines == [
        "The two defence ministers met in Tokyo and agreed to deepen cooperation between their navies.",
        "They will hold a joint exercise before the end of the year, the ministry said on Monday.",
    ]


def test_embeds_fact_boxes_and_teasers_are_left_out() -> None:
    article = run("embeds-boxes-teasers.html")
    lines = article.body_text.split("\n")
    assert lines[0].startswith("The navies of Estonia, Latvia and Lithuania agreed")
    assert "What the talks covered" in lines  # a sub-heading stays although the table of contents links it
    assert lines[-1].startswith("A permanent command centre")
    for gone in ("Big day in Riga", "@someaccount", "READ ALSO", "Finland opens", "Facts about",
                 "twenty vessels", "Estonia buys", "Swedish supplier"):
        assert gone not in article.body_text, gone


def test_skipped_link_lists_restored_between_kept_paragraphs() -> None:
    from lxml import html

    tree = html.document_fromstring((PAGES / "skipped-paragraphs.html").read_bytes())
    main = tree.find(".//article")
    body = Body(lines=[
        "The Japan Meteorological Agency said an earthquake of magnitude 6.9 struck off the coast of Kyushu"
        " on Monday evening and issued a tsunami advisory for two prefectures.",
        "The intensity in each area was as follows.",
        "No damage was reported in the first hours, the agency said, and the advisory was lifted shortly"
        " before midnight after waves of up to twenty centimetres.",
    ])
    body.elements = [None] * len(body.lines)
    body.root = None
    from bs4 import BeautifulSoup

    soup = BeautifulSoup("".join(f"<p>{line}</p>" for line in body.lines), "html.parser")
    body.root, body.elements = soup, soup.find_all("p")
    tidy_body(body, tree=tree, title="Earthquake off Kyushu", description="", authors=[], main=main)
    assert body.lines[2:4] == ["Miyazaki: Takanabe, Shintomi, Miyazaki City", "Kumamoto: Aso, Yatsushiro"]
    assert "Photo:" not in body.text  # a caption between the paragraphs is no text
    assert "Read also" not in body.text and "Tsunami drills" not in body.text  # a teaser for one other page
    assert len(body.lines) == 5
    assert "<p>Kumamoto: Aso, Yatsushiro</p><p>No damage" in body.html  # in place, not on top


def test_link_list_kept_and_one_link_teaser_dropped_on_a_whole_page() -> None:
    article = run("skipped-paragraphs.html")
    assert "Miyazaki: Takanabe, Shintomi, Miyazaki City" in article.body_text.split("\n")
    assert "Tsunami drills" not in article.body_text
