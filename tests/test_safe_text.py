"""The one definition of publishable text and HTML."""

from __future__ import annotations

from scraper.safe_text import sanitise_fragment, xml_safe_text


def test_forbidden_characters_go_and_c1_controls_are_repaired() -> None:
    assert xml_safe_text("a\x00b\x0bc\ud800d\ufffee\U0010ffff\tf\ng") == "abcde\tf\ng"
    assert xml_safe_text("\x93quoted\x94 \x85") == "“quoted” …"
    assert xml_safe_text("\x81") == ""  # no cp1252 character behind it
    assert xml_safe_text(None) == "" and xml_safe_text(42) == "42"


def test_fragment_keeps_only_the_allow_list() -> None:
    html = ('<p onclick="x()">Hi <a href="javascript:alert(1)">a</a> <a href="https://ok.example/">b</a></p>'
            "<script>alert(1)</script><iframe src='https://evil.example'>frame text</iframe><!-- note -->"
            "<div><span>kept text</span></div>")
    out = sanitise_fragment(html, tags={"p", "a"}, attributes={"a": {"href"}}, url_schemes={"https"},
                            link_rel="noopener")
    assert out == ('<p>Hi <a rel="noopener">a</a> <a href="https://ok.example/" rel="noopener">b</a></p>'
                   "kept text")
