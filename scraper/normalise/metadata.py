"""Structured evidence of a page, gathered once from its lxml tree: JSON-LD, microdata, meta, links."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import html as lxml_html

logger = logging.getLogger(__name__)

ARTICLE_TYPES = {
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "askpublicnewsarticle", "blogposting",
    "liveblogposting", "socialmediaposting", "report", "scholarlyarticle", "techarticle", "posting",
}
_JSON_JUNK = re.compile(r"^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")


@dataclass
class PageMeta:
    """Everything the page states about itself, in its own words (not yet cleaned)."""

    article: dict[str, Any] = field(default_factory=dict)
    """The best JSON-LD object of an article type (empty when none)."""
    jsonld: list[dict[str, Any]] = field(default_factory=list)
    """All JSON-LD objects (flattened from lists, @graph, mainEntity)."""
    microdata: dict[str, list[Any]] = field(default_factory=dict)
    """itemprop → values (the lxml elements for nested itemscopes)."""
    meta: dict[str, list[str]] = field(default_factory=dict)
    """Lower-cased meta name/property/itemprop → contents, in page order."""
    links: dict[str, list[str]] = field(default_factory=dict)
    """Lower-cased rel → hrefs (link and a elements)."""
    lang: str | None = None

    def first_meta(self, *names: str) -> str | None:
        """The first non-empty content among the given meta names (in the order given)."""
        for name in names:
            for value in self.meta.get(name, ()):
                if value and value.strip():
                    return value.strip()
        return None


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower().rsplit("/", 1)[-1] for k in kinds if k}


def _flatten(node: Any, out: list[dict[str, Any]], depth: int = 0) -> None:
    if depth > 6:
        return
    if isinstance(node, list):
        for item in node:
            _flatten(item, out, depth + 1)
    elif isinstance(node, dict):
        out.append(node)
        for key in ("@graph", "mainEntity", "itemListElement"):
            if isinstance(node.get(key), list | dict):
                _flatten(node[key], out, depth + 1)


def _load_json(text: str) -> Any:
    text = text.strip()
    if text.startswith(("<!--", "<![CDATA[")) or text.endswith(("-->", "]]>")):  # else nothing to cut
        text = _JSON_JUNK.sub("", text).strip()
    text = text.rstrip(";")
    try:
        return json.loads(text, strict=False)
    except ValueError:
        try:
            return json.loads(_TRAILING_COMMA.sub(r"\1", text), strict=False)
        except ValueError:
            logger.debug("unreadable JSON-LD block")
            return None


def _best_article(objects: list[dict[str, Any]], url: str) -> dict[str, Any]:
    """The article object: of an article type, preferring one about this URL and with a headline."""
    best, best_score = {}, -1
    for obj in objects:
        kinds = _types(obj)
        if not kinds & ARTICLE_TYPES and not ("webpage" in kinds and obj.get("headline")):
            continue
        score = 2 if kinds & ARTICLE_TYPES else 0
        score += 1 if obj.get("headline") else 0
        score += 1 if obj.get("datePublished") else 0
        page = obj.get("mainEntityOfPage")
        page_url = page.get("@id") or page.get("url") if isinstance(page, dict) else page
        for candidate in (obj.get("url"), page_url, obj.get("@id")):
            if isinstance(candidate, str) and candidate and url and candidate.split("#")[0].rstrip("/") == \
                    url.split("#")[0].split("?")[0].rstrip("/"):
                score += 2
                break
        if score > best_score:
            best, best_score = obj, score
    return best


def _item_value(el: Any) -> Any:
    if el.get("itemscope") is not None:
        return el
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "meta":
        return el.get("content", "")
    if tag in ("a", "link", "area"):
        return el.get("href", "")
    if tag in ("img", "audio", "video", "source", "embed", "iframe"):
        return el.get("src", "")
    if tag in ("time", "data", "meter") and (el.get("datetime") or el.get("value")):
        return el.get("datetime") or el.get("value")
    return el.get("content") or el.text_content()


def read_meta(tree: lxml_html.HtmlElement, url: str) -> PageMeta:
    """Gather JSON-LD, microdata, meta tags, link rels and the declared language from a parsed page."""
    page = PageMeta()
    page.lang = tree.get("lang") or tree.get("xml:lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    for script in tree.iter("script"):
        kind = (script.get("type") or "").lower()
        if "ld+json" in kind and script.text:
            data = _load_json(script.text)
            if data is not None:
                _flatten(data, page.jsonld)
    for el in tree.iter("meta"):
        key = el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv")
        content = el.get("content")
        if key and content is not None:
            page.meta.setdefault(key.strip().lower(), []).append(content)
    for el in tree.xpath("//link[@rel]|//a[@rel]|//*[@itemprop]"):  # one pass, in document order
        rels = el.get("rel")
        if rels is not None and el.tag in ("link", "a"):
            href = el.get("href")
            if href:
                for rel in rels.lower().split():
                    page.links.setdefault(rel, []).append(href)
        props = el.get("itemprop")
        if props is None or (el.tag == "meta" and el.getparent() is not None and el.getparent().tag == "head"):
            continue
        for prop in props.split():
            page.microdata.setdefault(prop, []).append(_item_value(el))
    page.article = _best_article(page.jsonld, url)
    return page
