"""Main text: trafilatura finds the article block on the shared lxml tree; BeautifulSoup turns that
small fragment into plain text (one paragraph per line) and allow-list HTML with absolute URLs."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from html import escape
from typing import Any
from urllib.parse import urljoin

from bs4 import BeautifulSoup, NavigableString, Tag
from lxml import etree

from .image_source import image_source
from .pruning import content_only
from .sanitise import clean_line, sanitise_html
from .source_blocks import blocks_with_links
from .stoplist import share_stoplist
from .teasers import teaser_keys

logger = logging.getLogger(__name__)

_HI = {"#b": "strong", "#i": "em"}


def document_of(tag: Tag) -> BeautifulSoup:
    """The document `tag` belongs to, where new tags for it are made (a new BeautifulSoup per tag costs
    far more); an empty one when `tag` is detached."""
    top: Tag = tag
    while top.parent is not None:
        top = top.parent
    return top if isinstance(top, BeautifulSoup) else BeautifulSoup("", "html.parser")


@dataclass
class Body:
    """Extracted main content: text lines, each tied to the element it came from (so a line dropped
    by the clean-up also leaves the HTML), rendered to sanitised HTML on demand."""

    lines: list[str] = field(default_factory=list)
    elements: list[Tag | None] = field(default_factory=list)
    root: Tag | None = None
    images: list[tuple[str, str]] = field(default_factory=list)
    """(absolute src, alt) of the images inside the main content."""
    teasers: set[str] | None = None
    """Teaser keys (`teasers.teaser_keys`) of the page as the extractor saw it (without nav/footer/
    aside/scripts/side boxes: cheaper, menus are gone), or None: the clean-up reads the whole page."""
    linked: bool = False
    """The HTML already holds the page's own links and images (selector and rebuilt bodies); else they
    are added from the page (`inline.add_links_and_images`)."""
    link_blocks: list[Any] | None = None
    """The page blocks holding links, as the extractor saw the page (`source_blocks.blocks_with_links`
    of the pruned tree: no menus, footers or side boxes), or None: read from the whole page."""

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def replace_lines(self, lines: list[str]) -> None:
        """Keep exactly `lines`: elements of vanished lines are removed, new lines become <p>s on top."""
        remaining: dict[str, int] = {}
        for line in lines:
            remaining[line] = remaining.get(line, 0) + 1
        old = dict.fromkeys(self.lines)
        for line, element in zip(self.lines, self.elements, strict=False):
            if remaining.get(line, 0) > 0:
                remaining[line] -= 1
            elif element is not None and element.parent is not None:
                element.decompose()
        if self.root is not None:
            document = document_of(self.root)
            for line in reversed([line for line in lines if line not in old]):
                new = document.new_tag("p")
                new.string = line
                self.root.insert(0, new)
        self.lines = list(lines)
        self.elements = [None] * len(lines)

    @property
    def html(self) -> str:
        if self.root is None:
            return "".join(f"<p>{escape(line)}</p>" for line in self.lines)
        return sanitise_html(str(self.root))


def run_trafilatura(pruned, url: str):
    """trafilatura's main-content block (its XML dialect) for the pruned page (`content_only`), or
    None: one pass at its default (balanced) setting. trafilatura copies the tree it is given:
    `pruned` stays intact."""
    import trafilatura

    share_stoplist()
    document = trafilatura.bare_extraction(
        pruned, url=url, with_metadata=False, include_comments=False, include_tables=True,
        deduplicate=False,
    )
    return document.body if document is not None else None


def _convert(tag: Tag, base: str, images: list[tuple[str, str]]) -> None:
    """Rename trafilatura's XML tags to allow-listed HTML in place."""
    for el in list(tag.find_all(True)):
        name = el.name
        if name == "item-head":
            level = (el.get("rend") or "h2").lstrip("h")
            el.name = f"h{min(max(int(level) if level.isdigit() else 2, 2), 4)}"
        elif name == "list":
            el.name = "ol" if el.get("rend") == "ol" else "ul"
        elif name == "item":
            el.name = "li"
        elif name == "quote":
            el.name = "blockquote"
        elif name == "hi":
            if el.get("rend") in _HI:
                el.name = _HI[el["rend"]]
            else:
                el.unwrap()
                continue
        elif name == "lb":
            el.name = "br"
        elif name == "ref":
            el.name = "a"
            target = el.get("target")
            el.attrs = {"href": urljoin(base, target)} if target else {}
            continue
        elif name == "graphic":
            src = el.get("src") or el.get("data-src")
            if not src:
                el.decompose()
                continue
            src = urljoin(base, src)
            alt = clean_line(el.get("alt") or el.get("title") or "")
            images.append((src, alt))
            el.name = "img"
            el.attrs = {"src": src, "alt": alt}
            continue
        elif name == "row":
            el.name = "tr"
        elif name == "cell":
            el.name = "th" if el.get("role") == "head" else "td"
            if el.next_sibling is not None:
                el.append(" ")
        elif name in ("code", "del", "div", "body", "doc", "main", "span", "html"):
            el.unwrap()
            continue
        el.attrs = {}


def _contains(el: Tag, names: tuple[str, ...]) -> bool:
    """`el.find(names) is not None`, without building a bs4 filter for every call."""
    return any(isinstance(d, Tag) and d.name in names for d in el.descendants)


def _inside(el: Tag, name: str) -> bool:
    """`el.find_parent(name) is not None`, likewise."""
    parent = el.parent
    while parent is not None:
        if parent.name == name:
            return True
        parent = parent.parent
    return False


_LINE_NAMES = ["p", "h2", "h3", "h4", "li", "blockquote", "tr"]


def line_tags(root: Tag, names: list[str] = _LINE_NAMES) -> list[Tag]:
    """The elements of `root` that each give one line of text, in document order: paragraphs,
    headings, table rows, innermost list items, quotes without paragraphs of their own."""
    found = []
    paragraphs = ("p", "li", "tr") if "tr" in names else ("p", "li")
    for el in root.find_all(names):
        if el.name == "blockquote" and _contains(el, paragraphs):
            continue
        if el.name == "li" and _contains(el, ("li",)):
            continue
        if el.name in ("p", "tr") and _inside(el, "li"):
            continue
        found.append(el)
    return found


def _lines(root: Tag, names: list[str] = _LINE_NAMES) -> tuple[list[str], list[Tag | None]]:
    lines: list[str] = []
    elements: list[Tag | None] = []
    for el in line_tags(root, names):
        text = clean_line(el.get_text(" ") if _contains(el, ("br",)) else el.get_text())
        if text:
            lines.append(text)
            elements.append(el)
    return lines, elements


def flatten_ruby(tree) -> None:
    """`<ruby>漢字<rp>（</rp><rt>かんじ</rt><rp>）</rp></ruby>` → "漢字（かんじ）", as a browser without
    ruby support shows it (extractors otherwise drop the reading or split the line)."""
    for ruby in tree.xpath("//body//ruby"):
        text = ruby.text_content()
        parent = ruby.getparent()
        if parent is None:
            continue
        previous = ruby.getprevious()
        joined = text + (ruby.tail or "")
        if previous is not None:
            previous.tail = (previous.tail or "") + joined
        else:
            parent.text = (parent.text or "") + joined
        parent.remove(ruby)


def extract_body(tree, url: str) -> Body:
    """Main content of a parsed page (empty Body when none is found)."""
    flatten_ruby(tree)
    with content_only(tree) as pruned:
        postbody = run_trafilatura(pruned, url)
        try:
            teasers: set[str] | None = teaser_keys(pruned)
        except Exception:  # noqa: BLE001 - left to the clean-up, which reads the whole page then
            logger.debug("teaser keys failed for %s", url, exc_info=True)
            teasers = None
        if postbody is None or len(postbody) == 0:
            return Body(teasers=teasers)
        link_blocks = blocks_with_links(pruned)
    for head in postbody.iter("head"):  # <head> would confuse an HTML parser
        head.tag, head.attrib["rend"] = "item-head", head.get("rend") or "h2"
    postbody.tag = "div"
    fragment = etree.tostring(postbody, encoding="unicode")
    soup = BeautifulSoup(fragment, "lxml")
    root = soup.find("div") or soup
    for stray in list(root.children):
        if isinstance(stray, NavigableString) and stray.strip():
            new = soup.new_tag("p")
            stray.replace_with(new)
            new.string = str(stray)
    images: list[tuple[str, str]] = []
    _convert(root, url, images)
    lines, elements = _lines(root)
    return Body(lines=lines, elements=elements, root=root, images=images, teasers=teasers,
                link_blocks=link_blocks)


_SELECTED_LINE_NAMES = ["p", "h2", "h3", "h4", "li", "blockquote"]
_DROP_TAGS = ["script", "style", "noscript", "iframe", "form", "button", "nav", "aside", "template", "svg"]


def body_from_elements(elements: list, url: str) -> Body:
    """Body from elements picked by a source's selector (plain HTML, no trafilatura)."""
    from lxml import html as lxml_html

    fragment = "".join(lxml_html.tostring(el, encoding="unicode") for el in elements)
    soup = BeautifulSoup(fragment, "html.parser")
    for el in soup.find_all(_DROP_TAGS):
        el.decompose()
    images: list[tuple[str, str]] = []
    for el in soup.find_all("a", href=True):
        el["href"] = urljoin(url, el["href"])
    for el in soup.find_all("img"):
        src = image_source(el)
        if src:
            el["src"] = urljoin(url, src)
            images.append((el["src"], clean_line(el.get("alt") or "")))
    for level in ("h1", "h5", "h6"):
        for el in soup.find_all(level):
            el.name = "h2" if level == "h1" else "h4"
    lines, elements = _lines(soup, _SELECTED_LINE_NAMES)
    if not lines:
        lines = [clean_line(t) for t in soup.get_text("\n").split("\n") if clean_line(t)]
        elements = [None] * len(lines)
    return Body(lines=lines, elements=elements, root=soup, images=images, linked=True)

