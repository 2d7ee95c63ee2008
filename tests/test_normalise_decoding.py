"""Decoding degrades per character: a few invalid bytes in a UTF-8 page become
replacement characters, never a page of mojibake; the choice is logged."""

from __future__ import annotations

import logging

import pytest

from scraper.normalise import normalise
from scraper.normalise.decode import decode_page
from scraper.safe_text import xml_forbidden
from tests.helpers.record_pages import BODY, NOW, TITLE, URL, page


def _with_stray_byte(html: str) -> bytes:
    """The page's UTF-8 bytes with one lone 0xE9 (a latin-1 'é') in the middle of the body."""
    data = html.encode("utf-8")
    cut = data.index(b"collaborazione")
    return data[:cut] + b"\xe9 " + data[cut:]


def test_declared_utf8_with_one_invalid_byte_keeps_every_other_character(caplog) -> None:
    raw = _with_stray_byte(page())
    with caplog.at_level(logging.INFO, logger="scraper.normalise.decode"):
        article = normalise(raw, URL, now=NOW)
    assert article.title == TITLE
    assert "Azərbaycan və İtaliya" in article.body_text and "Şuşa" in article.body_text
    assert "è già più" in article.body_text
    assert (article.title + article.body_text).count("\ufffd") == 1
    assert "Ã" not in article.title + article.summary + article.body_text
    assert article.tags == ["Marina", "Azərbaycan", "Difesa"]
    assert any("utf-8 with replacement" in r.getMessage() for r in caplog.records)


def test_undeclared_mostly_valid_utf8_is_utf8_even_against_a_declared_charset(caplog) -> None:
    raw = _with_stray_byte(page().replace("<meta charset='utf-8'>", ""))
    with caplog.at_level(logging.INFO, logger="scraper.normalise.decode"):
        text, _ = decode_page(raw, "text/html; charset=windows-1252")
    assert TITLE in text and "Şuşa" in text and text.count("\ufffd") == 1
    assert any("utf-8 with replacement" in r.getMessage() for r in caplog.records)


def test_a_page_really_in_a_single_byte_charset_still_decodes_with_it() -> None:
    raw = ("<html><head><title>Coopération à Münster</title></head><body><p>"
           + "Défense européenne, sécurité et coopération. " * 10 + "</p></body></html>").encode("cp1252")
    text, _ = decode_page(raw, None)
    assert "Coopération à Münster" in text and "\ufffd" not in text
    # A wrong UTF-8 declaration does not turn every accent into a replacement character.
    declared, _ = decode_page(raw.replace(b"<head>", b"<head><meta charset='utf-8'>"), "utf-8")
    assert "Coopération à Münster" in declared and "\ufffd" not in declared


def test_valid_utf8_decodes_without_a_degraded_choice(caplog) -> None:
    with caplog.at_level(logging.INFO, logger="scraper.normalise.decode"):
        text, data = decode_page(page().encode("utf-8"), "utf-8")
    assert TITLE in text and data is not None
    assert not caplog.records


def test_text_decoded_with_a_wrong_meta_charset_is_read_as_the_utf8_it_was(caplog) -> None:
    """Scrapy's response.text without an HTTP charset trusts the meta tag: UTF-8 bytes behind an
    iso-8859-15 declaration arrive as mojibake ("Ã¨ giÃ ") and are turned back."""
    html = page().replace("<meta charset='utf-8'>", "<meta charset='iso-8859-15'>")
    assert "iso-8859-15" in html
    misread = html.encode("utf-8").decode("iso-8859-15")
    assert "è già" not in misread
    with caplog.at_level(logging.INFO, logger="scraper.normalise.decode"):
        article = normalise(misread, URL, now=NOW)
    assert article.title == TITLE and "è già più" in article.body_text and "Ã" not in article.body_text
    assert any("was UTF-8" in r.getMessage() for r in caplog.records)
    # A page really in that charset stays as it is.
    latin = ("<html><head><meta charset='iso-8859-15'><title>Coopération à Münster</title></head><body><p>"
             + "Défense européenne, sécurité et coopération. " * 10 + "</p></body></html>")
    assert decode_page(latin)[0] == latin


FORBIDDEN_CODE_POINTS = [*range(1, 9), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, *range(0xFDD0, 0xFDF0),
                         0xFFFE, 0xFFFF, 0x1FFFE, 0x1FFFF, 0x2FFFE, 0x2FFFF, 0x10FFFE, 0x10FFFF]
"""Code points XML 1.0 forbids or validators flag, as a reference in a page (issue 13, item 1)."""
OUT_OF_RANGE = [0, 0xD800, 0xDFFF, 0x110000]
"""References that name no character: NUL, lone surrogates, beyond U+10FFFF."""


def _reference_forms(code: int) -> list[str]:
    return [f"&#{code};", f"&#x{code:x};", f"&#X{code:04X};", f"&#000{code};", f"&#{code} "]


@pytest.mark.parametrize("code", FORBIDDEN_CODE_POINTS + OUT_OF_RANGE, ids=lambda c: f"U+{c:04X}")
def test_a_reference_to_a_forbidden_code_point_keeps_the_whole_article(code: int) -> None:
    """A word processor's `&#11;` (or any reference XML forbids) in the main text once became that character in
    the tree, and the body extractor dropped the node: body_text came back empty and the record was dropped.
    Now the reference goes the way a raw control byte goes; every word around it is kept."""
    for form in _reference_forms(code):
        body = BODY.replace("collaborazione", f"colla{form}borazione").replace("Şuşa", f"Şuşa{form}")
        article = normalise(page(body=body, title=TITLE + form), URL, now=NOW)
        assert article.title.startswith(TITLE), form
        assert "Il ministro della Difesa ha dichiarato" in article.body_text, form
        assert "nümayəndə heyəti Şuşa" in article.body_text, form
        assert "interoperabilità delle due flotte" in article.body_text, form
        assert not any(xml_forbidden(c) for c in article.title + article.body_text + article.body_html), form
        assert "&#" not in article.body_html, form


def test_references_to_allowed_code_points_are_left_alone() -> None:
    text = "<p>Tab&#9;newline&#10;cr&#13; euro &#128; &#x20AC; &#8364; &#x1F600; &amp;#1; &#12345678901;</p>"
    assert decode_page(text)[0] == text
    assert decode_page("a &#1; b &#x0C; c &#xFFFE;d")[0] == "a  b   c d"
