"""Summary, images, licence and tags: the smaller fields, each from its best available signal."""

from __future__ import annotations

import itertools
import logging
import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from ..items import Image
from .image_source import image_source
from .limits import TAG_CHARS, shorten
from .metadata import PageMeta
from .sanitise import clean_line, markup_to_text

logger = logging.getLogger(__name__)

_CC_URL = re.compile(r"creativecommons\.org/(licenses|publicdomain)/([a-z\-]+)/(\d\.\d)", re.I)
_CC_MARKERS = ("CC BY", "CC-BY", "cc-by", "CC0")
_CC_ANY = re.compile(r"CC(?:[ -]BY|0)")
"""Any of `_CC_MARKERS` but "cc-by" (tested with `in`): a literal prefix keeps the scan of the whole
page fast, where an alternation of the markers costs ~2 ms a page."""
_CC_TEXT = re.compile(r"\bCC[ -](?:BY(?:[ -](?:NC|SA|ND)){0,2}|0)(?:[ -]\d\.\d)?\b|\bCC0\b", re.I)


def _first_str(value: Any) -> str:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str | dict)), "")
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl") or value.get("@id") or ""
    return value if isinstance(value, str) else ""


def choose_summary(meta: PageMeta, hints: dict[str, Any]) -> str:
    """JSON-LD description, microdata description, og/twitter/meta description, then the hint."""
    md = meta.microdata.get("description") or []
    candidates = [
        _first_str(meta.article.get("description")),
        md[0] if md and isinstance(md[0], str) else "",
        meta.first_meta("og:description", "twitter:description", "description", "dc.description") or "",
        hints.get("summary") or "",
    ]
    for candidate in candidates:
        text = clean_line(markup_to_text(candidate))
        if text:
            return text
    return ""


def _image_objects(meta: PageMeta) -> list[dict[str, Any]]:
    value = meta.article.get("image")
    items = value if isinstance(value, list) else [value] if value else []
    return [i if isinstance(i, dict) else {"url": i} for i in items if isinstance(i, str | dict)]


def choose_images(meta: PageMeta, url: str, body_images: list[tuple[str, str]],
                  captions: dict[str, tuple[str, str]], selected: list[str]) -> list[Image]:
    """Lead image first (selector, JSON-LD, og:image), then the images of the main content."""
    images: list[Image] = []
    seen: set[str] = set()

    def add(src: str, caption: str | None = None, credit: str | None = None) -> None:
        src = (src or "").strip()
        if not src or src.startswith("data:"):
            return
        absolute = urljoin(url, src)
        if urlsplit(absolute).scheme not in ("http", "https") or absolute in seen:
            return
        seen.add(absolute)
        found_caption, found_credit = captions.get(absolute, ("", ""))
        images.append(Image(
            url=absolute, caption=clean_line(caption or found_caption) or None,
            credit=clean_line(credit or found_credit) or None,
        ))

    for src in selected:
        add(src)
    for obj in _image_objects(meta)[:1]:
        credit = obj.get("creditText") or obj.get("copyrightHolder") or obj.get("author")
        if isinstance(credit, dict):
            credit = credit.get("name")
        add(_first_str(obj), obj.get("caption") if isinstance(obj.get("caption"), str) else None,
            credit if isinstance(credit, str) else None)
    if not images:
        add(meta.first_meta("og:image", "og:image:url", "og:image:secure_url", "twitter:image") or "",
            meta.first_meta("og:image:alt"))
    for src, alt in body_images:
        add(src, alt)
    return images


def figure_captions(tree: Any, url: str) -> dict[str, tuple[str, str]]:
    """Absolute image URL → (caption, credit) from <figure>/<figcaption> markup."""
    out: dict[str, tuple[str, str]] = {}
    figures = (f for f in tree.iter("figure") if f.find(".//img") is not None and f.find(".//figcaption") is not None)
    for figure in itertools.islice(figures, 20):
        img = figure.find(".//img")
        src = image_source(img) or ""
        caption_el = figure.xpath(".//figcaption")[0]
        credit_el = caption_el.xpath(".//*[contains(@class,'credit') or contains(@class,'copyright')"
                                     " or contains(@class,'source')]")
        credit = clean_line(credit_el[0].text_content()) if credit_el else ""
        caption = clean_line(caption_el.text_content())
        if credit and caption.endswith(credit):
            caption = caption[: -len(credit)].strip()
        if src:
            out[urljoin(url, src)] = (caption, credit)
    return out


def _cc_from_url(href: str) -> str | None:
    match = _CC_URL.search(href or "")
    if not match:
        return None
    kind, code, version = match.groups()
    if kind.lower() == "publicdomain":
        return f"CC0 {version}" if code.lower() == "zero" else "Public Domain Mark"
    return f"CC {code.upper()} {version}"


def _cc_from_text(found: str) -> str:
    """'cc by-nc-sa 4.0' → 'CC BY-NC-SA 4.0'."""
    tokens = re.split(r"[ -]+", found.upper())
    version = tokens[-1] if re.fullmatch(r"\d\.\d", tokens[-1]) else ""
    middle = tokens[1:-1] if version else tokens[1:]
    label = "CC0" if tokens[0] == "CC0" or middle == ["0"] else "CC " + "-".join(middle)
    return f"{label} {version}".strip()


def choose_rights(tree: Any, meta: PageMeta, selected: list[str], raw_html: str | None = None) -> str | None:
    """A licence statement: selector text, rel=license / JSON-LD license, or a CC mention in the text."""
    for text in selected:
        text = clean_line(text)
        if text:
            return text
    hrefs = meta.links.get("license", []) + _strings(meta.article.get("license"))
    for href in hrefs:
        found = _cc_from_url(href)
        if found:
            return found
    if raw_html is None or "creativecommons.org/" in raw_html:
        for href in tree.xpath("//a[contains(@href,'creativecommons.org/')]/@href")[:5]:
            found = _cc_from_url(href)
            if found:
                return found
    if raw_html is None or _CC_ANY.search(raw_html) or "cc-by" in raw_html:
        texts = tree.xpath("//body//text()[" + " or ".join(f"contains(., '{m}')" for m in _CC_MARKERS) + "]"
                           "[not(ancestor::script or ancestor::style)]")
        for text in texts[:50]:
            match = _CC_TEXT.search(" ".join(text.split()))
            if match:
                return _cc_from_text(match.group(0))
    if hrefs:
        return clean_line(hrefs[0]) or None
    return None


def _strings(value: Any) -> list[str]:
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return [value] if isinstance(value, str) else []


def choose_tags(meta: PageMeta, hints: dict[str, Any], selected: list[str]) -> list[str]:
    """Selector texts, JSON-LD keywords, article:tag, keywords / news_keywords meta, then the hint;
    a tag longer than `TAG_CHARS` is shortened, not dropped."""
    raw: list[str] = list(selected)
    if not raw:
        keywords = meta.article.get("keywords")
        raw = _strings(keywords)
        if len(raw) == 1:
            raw = raw[0].split(",")
    if not raw:
        raw = list(meta.meta.get("article:tag", []))
    if not raw:
        for name in ("news_keywords", "keywords"):
            for value in meta.meta.get(name, []):
                raw.extend(value.split(","))
    if not raw:
        hinted = hints.get("tags") or []
        raw = [hinted] if isinstance(hinted, str) else list(hinted)
    tags: list[str] = []
    seen: set[str] = set()
    for value in raw:
        tag = shorten(clean_line(value), TAG_CHARS)
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tags
