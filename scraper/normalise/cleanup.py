"""Body clean-up by general signals: restore the lead the extractor missed, drop the headline,
dateline/byline/reading-time lines above the text and boilerplate (share, newsletter, ads) lines."""

from __future__ import annotations

import logging
import re
from typing import Any

from .body import Body
from .gaps import fill_gaps
from .sanitise import clean_line
from .teasers import teaser_keys
from .text_key import text_key

logger = logging.getLogger(__name__)

HEAD_ZONE = 6
"""How many first lines may be page furniture (kicker, date, byline, reading time)."""
TAIL_ZONE = 6

_BOILERPLATE = re.compile(
    r"^(?:advertisement|anzeige|werbung|publicidad|publicité|annons|reklame|reklama|pubblicità|"
    r"article content|story continues below|recommended videos?|read more|read next|related|more:?|"
    r"lesen sie (?:auch|mehr)|mehr zum thema|mehr dazu|weiterlesen|das könnte sie auch interessieren|"
    r"empfohlener redaktioneller inhalt|externer inhalt(?: nicht verfügbar)?|embed|"
    r"share(?: this)?(?: article)?|teilen|compartir|partager|condividi|del|dela|"
    r"sign up(?: for)?.*|subscribe.*|newsletter|jetzt abonnieren|join our .*|comments?|kommentare|"
    r"follow us.*|folgen sie uns.*|síguenos.*|follow \S+ on .*|"
    r"(?:les også|läs också|læs også|lue myös|read also|see also|siehe auch|lire aussi|leggi anche|"
    r"lee también|czytaj (?:też|także|więcej)|čtěte také|přečtěte si|ayrıca okuyun)\s*:.*|"
    r"ein klick für den datenschutz|.{0,40}infografik|"
    r"(?:photo|foto|bild|image|picture)s?\s*:.{0,80}|\(?(?:photo|foto|bild)\s*:.{0,80}\)?|"
    r"(?:quelle|source|fuente|fonte|kilde|källa|źródło)\s*:.{0,60}|©.{0,100}|copyright.{0,100}|"
    r"\d+\s*(?:min\.?|minuten?|minutes?)\s*(?:lesezeit|read(?:ing time)?|lesedauer)|"
    r"(?:lesezeit|lesedauer|reading time)\s*:?\s*\d+\s*(?:min\.?|minuten?|minutes?))$",
    re.I,
)
_DATELINE = re.compile(
    r"^(?:(?:stand|veröffentlicht|aktualisiert|updated?|published|posted|publicado|publié|pubblicato|"
    r"mis à jour|actualizado|aggiornato)(?: am| on| le| il| el)?\s*:?\s*)?"
    r"[\w.,:\s/-]{0,40}\d{1,4}[./-]\d{1,2}[./-]?\d{0,4}[\w.,:\s/-]{0,30}$|"
    r"^(?:stand|veröffentlicht|aktualisiert|updated?|published|posted)\b.{0,60}$",
    re.I,
)
_BYLINE = re.compile(r"^(?:von|by|di|par|por|av|door|af|od|text|texto|autor(?:in)?)\s*:?\s+\S.{0,60}$", re.I)
_CREDIT = re.compile(
    r"^[^.!?]{0,60}(?:getty ?images|shutterstock|reuters|afp|ap photo|imago|picture[ -]alliance|istock|"
    r"epa(?:-efe)?|keystone|ritzau|ntb|tt nyhetsbyrån|anadolu)[^.!?]{0,30}$",
    re.I,
)
_CJK_DATE = re.compile(r"^\d{4}\s*[年년]\s*\d{1,2}\s*[月월]\s*\d{1,2}\s*[日일].{0,40}$")
_PAYWALL = re.compile(r"会員|購読|구독|유료|subscribe|subscription|abonn|premium|paywall|plus-artikel", re.I)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


_CODE = re.compile(
    r"^\s*(?:@media|@font-face|@import|@keyframes|[.#]?[\w-]+(?:\s*[\s.#>,:]\s*[\w-]+)*\s*\{)[^{}]*[:;{]"
)
"""A line of CSS leaked into the text ("@media only screen … { .x { margin: 0 } }")."""
_CJK_END = tuple("。．！？」』）)!?.")


def _cjk_label(line: str) -> bool:
    """A short Chinese/Japanese/Korean line that is no sentence (a kicker, name or link label)."""
    return len(line) <= 20 and bool(_CJK.search(line)) and not line.endswith(_CJK_END)


_LEAD_CLASS = (
    "//*[self::p or self::div or self::h2 or self::span or self::strong][not(.//p)]"
    "[contains(@class, 'lead') or contains(@class, 'teaser') or contains(@class, 'intro')"
    " or contains(@class, 'standfirst') or contains(@class, 'summary') or contains(@class, 'desc')"
    " or contains(@class, 'chapo') or contains(@class, 'deck') or contains(@class, 'excerpt')"
    " or contains(@class, 'abstract') or contains(@class, 'ingress') or contains(@class, 'preamble')"
    " or @itemprop='description']"
)


def _visible_text(el: Any) -> str:
    return clean_line("".join(el.xpath(".//text()[not(ancestor::style or ancestor::script)]")))


def _find_lead(tree: Any, description: str, main: Any | None = None) -> str | None:
    """The lead/teaser shown on the page: an element whose text is the description, else (inside the
    article element) the first element marked as lead/teaser/intro/standfirst/summary by its class."""
    text_probe = " ".join(description.split())[:60]
    if (len(text_probe) >= 30 and '"' not in text_probe
            # one linear pass first: no element's text holds the probe when the whole body's does not
            and tree.xpath(f'boolean(//body[contains(normalize-space(.), "{text_probe}")])')):
        found = tree.xpath(
            '//body//*[self::p or self::div or self::h2 or self::span or self::strong or self::section]'
            f'[not(.//p)][contains(normalize-space(.), "{text_probe}")]'  # cheap test first: same nodes
        )
        texts = [_visible_text(el) for el in found]
        texts = [t for t in texts if len(t) < 2000 and text_key(text_probe) in text_key(t)]
        if texts:
            return min(texts, key=len)
    probe = text_key(description)[:40]
    if len(probe) >= 20:
        best = None
        for el in tree.xpath("//body" + _LEAD_CLASS[1:]) + tree.xpath("//body//p"):
            text = _visible_text(el)
            if text_key(text).startswith(probe) and len(text) < 2000 and (best is None or len(text) < len(best)):
                best = text
        if best:
            return best
    if main is not None:
        for el in main.xpath("." + _LEAD_CLASS[1:]):
            text = _visible_text(el)
            if 60 <= len(text) <= 600 and text[-1:] in ".!?…\"“”»«":
                return text
    return None


def tidy_body(body: Body, *, tree: Any, title: str, description: str, authors: list[str],
              titles: tuple[str, ...] = (), main: Any | None = None) -> None:
    """Clean the extracted lines in place (see the module docstring); `titles` are other headline
    variants of the page (og:title, JSON-LD headline, h1) that may be repeated above the text."""
    fill_gaps(body, main)
    title_key = text_key(title)
    title_keys = {k for k in (text_key(t) for t in (title, *titles)) if k}
    author_keys = {text_key(a) for a in authors}
    lines = body.lines

    # Head zone: furniture above the first real paragraph.
    head: list[str] = []
    started = False
    for index, line in enumerate(lines[:HEAD_ZONE]):  # noqa: B007
        key = text_key(line)
        if len(line) > 160:
            head.append(line)
            started = True
            continue
        furniture = (
            key in title_keys
            or (title_key and title_key in key and len(key) < len(title_key) + 40)
            or _DATELINE.match(line) or _CJK_DATE.match(line) or _BYLINE.match(line) or key in author_keys
            or _BOILERPLATE.match(line)
            or (len(line.split()) <= 2 and len(line) <= 30 and not _CJK.search(line)
                and not line.endswith((".", "!", "?", ":")) and index < 3)
            or (not started and _cjk_label(line))
        )
        started = started or len(line) >= 40
        if not furniture:
            head.append(line)
    lines = head + lines[HEAD_ZONE:]

    # Anywhere: short boilerplate and photo-credit lines, and lines repeated verbatim (consent
    # placeholders, widget labels): real paragraphs do not repeat.
    teasers = body.teasers if body.teasers is not None else teaser_keys(tree)
    lines = [line for line in lines if text_key(line) not in teasers]
    counts: dict[str, int] = {}
    for line in lines:
        counts[line] = counts.get(line, 0) + 1
    lines = [line for line in lines if not (
        (len(line) < 120 and (_BOILERPLATE.match(line) or _CREDIT.match(line)))
        or ("}" in line and _CODE.match(line))
        or (counts[line] > 1 and len(line) < 300)
    )]
    # Tail: a paywall / subscription promotion ends the article (in the last lines, or anywhere when
    # only short lines follow it); so do trailing short CJK labels ("分享让更多人看到", "国際ニュースを英語で読む").
    for index in range(1, len(lines)):
        if len(lines[index]) < 120 and _PAYWALL.search(lines[index]) and (
                index >= len(lines) - TAIL_ZONE or all(len(line) < 80 for line in lines[index + 1:])):
            lines = lines[:index]
            break
    while len(lines) > 1 and _cjk_label(lines[-1]):
        lines.pop()

    # Lead: the on-page teaser matching the description, when the extractor missed it.
    probe = text_key(description)[:40]
    body_key = text_key(" ".join(lines))
    if lines and not (len(probe) >= 20 and probe in body_key):
        try:
            lead = _find_lead(tree, description, main)
        except Exception:  # noqa: BLE001 - the lead is a bonus
            logger.debug("lead search failed", exc_info=True)
            lead = None
        if lead and text_key(lead)[:80] not in body_key and text_key(lead) != title_key:
            lines.insert(0, lead)
    body.replace_lines(lines)
