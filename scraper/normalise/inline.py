"""Links and inline images for `body_html`, taken from the page's own blocks.

trafilatura runs without links and images: asking it for them changes which text it keeps. Its lines
are text only, so each kept line whose page block (paragraph, list item, heading, quote, table row)
holds links gets that block's inline markup instead: the same text (the blocks are matched by
`text_key`), with its links made absolute and its images resolved. Images between blocks are put
back before the kept line that follows them on the page, so an image counts as part of the article
only when the next text after it is article text (a teaser's, caption's or sidebar's next text is
not); images inside links to other pages (teaser cards, share buttons), tiny icons and pixels never.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag
from w3lib.url import safe_url_string

from .body import Body, document_of, line_tags
from .image_source import image_source
from .pruning import NOT_CONTENT, SIDE_CLASS
from .sanitise import clean_line
from .source_blocks import BLOCK_TAGS, blocks_with_links
from .text_key import text_key

LINK_SCHEMES = ("http", "https", "mailto")
MIN_IMAGE_SIDE = 150
"""An image declared (width, height or a `sizes` in px) narrower or lower than this is an icon, an
avatar, a thumbnail, a spacer or a tracking pixel."""
_INLINE = {"strong": "strong", "b": "strong", "em": "em", "i": "em", "br": "br", "td": "td", "th": "th"}
_SKIP = frozenset(("script", "style", "noscript", "template", "svg", "button", "iframe", "form", "select",
                   "input", "textarea", "object", "embed", "audio", "video", "canvas", "math"))
_OUTSIDE = NOT_CONTENT - {"noscript"}
_BLOCK_LEVEL = frozenset(("p", "div", "section", "article", "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3",
                          "h4", "h5", "h6", "blockquote", "figure", "figcaption", "table", "pre"))
_NOT_TEXT = re.compile(r"caption|credit|copyright", re.I)
_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif)(?:$|[?#])", re.I)
_VECTOR = re.compile(r"\.svg(?:$|[?#])", re.I)
"""Vector images in articles are icons, logos and spinners; photos and charts come as raster files."""
_SPACE_RUN = re.compile(r"\s+")
_PIXELS = re.compile(r"^\s*(\d+)px\s*$")


def _absolute(base: str, value: str | None, schemes: tuple[str, ...] = ("http", "https")) -> str | None:
    """`value` made absolute against `base` (spaces and non-ASCII percent-escaped), or None when it is
    empty, impossible or of another scheme (javascript:, data:)."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        url = urljoin(base, value)
        if urlsplit(url).scheme not in schemes:
            return None
        return url if url.isascii() and " " not in url else safe_url_string(url)
    except ValueError:  # an impossible URL ("http://[x/"): no link, the text stays
        return None


def _base(tree: Any, url: str) -> str:
    """The page's `<base href>` resolved against `url`, else `url`."""
    base = tree.find("head/base")
    href = (base.get("href") or "").strip() if base is not None else ""
    return urljoin(url, href) if href else url


def _outside(el: Any) -> bool:
    """Inside navigation, footer, aside, embedded posts, side boxes (`pruning`) or a form."""
    for ancestor in el.iterancestors():
        if ancestor.tag in _OUTSIDE or ancestor.tag == "form" or SIDE_CLASS.search(ancestor.get("class") or ""):
            return True
    return False


def _size_too_small(img: Any) -> bool:
    for name in ("width", "height"):
        value = (img.get(name) or "").strip().removesuffix("px")
        if value.isdigit() and int(value) < MIN_IMAGE_SIDE:
            return True
    shown = _PIXELS.match(img.get("sizes") or "")
    return bool(shown and int(shown.group(1)) < MIN_IMAGE_SIDE)


def _other_page(a: Any) -> bool:
    """A link to another page (not to the image itself, not within the page)."""
    href = (a.get("href") or "#").strip()
    return not href.startswith("#") and not _IMAGE_FILE.search(href)


class _Builder:
    """Allow-list markup for one page: bs4 nodes made from lxml page elements."""

    def __init__(self, soup: BeautifulSoup, base: str, images: list[tuple[str, str]]) -> None:
        self.soup, self.base, self.images = soup, base, images
        self.seen: set[str] = {src for src, _ in images}
        self.captioned: set[Any] = set()
        """Figures whose caption is out already (a gallery figure captions its first image only)."""

    def image(self, img: Any) -> Tag | None:
        if _size_too_small(img):
            return None
        src = _absolute(self.base, image_source(img))
        if src is None or src in self.seen or _VECTOR.search(src):
            return None
        self.seen.add(src)
        alt = clean_line(img.get("alt") or img.get("title") or "")
        self.images.append((src, alt))
        return self.soup.new_tag("img", attrs={"src": src, "alt": alt})

    def inline(self, source: Any, target: Tag, pre: bool = False) -> None:
        """Append `source`'s content (not the element itself) to `target` as allow-list markup, with
        runs of whitespace (the page's indentation) as one space, except inside `<pre>`."""
        pre = pre or source.tag == "pre"

        def text(value: str) -> NavigableString:
            return NavigableString(value if pre else _SPACE_RUN.sub(" ", value))

        if source.text:
            target.append(text(source.text))
        for child in source:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "noscript":  # the fallback image, unless the lazy one beside it shows
                for img in () if _shown_beside(child) else child.iter("img"):
                    new = self.image(img)
                    if new is not None:
                        target.append(new)
            elif tag in _SKIP or not tag:
                pass
            elif tag == "img":
                new = self.image(child)
                if new is not None:
                    target.append(new)
            elif tag == "a":
                href = _absolute(self.base, child.get("href"), LINK_SCHEMES)
                if href is None:
                    self.inline(child, target, pre)
                else:
                    link = self.soup.new_tag("a", attrs={"href": href})
                    self.inline(child, link, pre)
                    target.append(link)
            elif tag in _INLINE:
                new = self.soup.new_tag(_INLINE[tag])
                self.inline(child, new, pre)
                target.append(new)
            else:
                self.inline(child, target, pre)
                if tag in _BLOCK_LEVEL:  # two paragraphs of one list item must not run together
                    target.append(NavigableString(" "))
            if child.tail:
                target.append(text(child.tail))


def _place(new: Tag, before: Tag) -> None:
    """Insert `new` before `before`, outside any list, table or quote `before` sits in."""
    while before.parent is not None and before.parent.name in ("ul", "ol", "li", "table", "tbody", "tr", "blockquote"):
        before = before.parent
    before.insert_before(new)


def add_links_and_images(body: Body, tree: Any, url: str) -> None:
    """Give the extracted lines of `body` (in place) the links and images of the page blocks they came
    from, and put back the article's images between them (see the module docstring)."""
    if body.root is None or body.linked:
        return
    page = tree.find("body")
    if page is None:
        return
    targets: dict[str, list[Tag]] = {}
    for tag in line_tags(body.root):
        key = text_key(tag.get_text())
        if key:
            targets.setdefault(key, []).append(tag)
    if not targets:
        return
    builder = _Builder(document_of(body.root), _base(tree, url), body.images)
    filled: set[Any] = set()
    used: set[int] = set()
    pruned = body.link_blocks is not None
    for block in body.link_blocks if pruned else blocks_with_links(page):
        tags = targets.get(text_key(block.text_content()))
        tag = next((t for t in tags or () if id(t) not in used), None)
        if tag is None or (not pruned and _outside(block)):
            continue
        used.add(id(tag))
        filled.add(block)
        markup = builder.soup.new_tag(tag.name)
        builder.inline(block, markup)  # built aside: a failure leaves the line's text as it was
        tag.clear()
        tag.extend(list(markup.contents))
    _put_back_images(page, targets, filled, builder)
    if body.images:  # in reading order (images inside linked lines were found first)
        order = {img.get("src"): index for index, img in enumerate(body.root.find_all("img"))}
        body.images.sort(key=lambda image: order.get(image[0], len(order)))


def _put_back_images(page: Any, targets: dict[str, list[Tag]], filled: set[Any], builder: _Builder) -> None:
    """Each image of the page goes before the line its next block (no caption or credit) gave, when
    that block gave one."""
    pending: list[Any] = []
    for el in page.iter(*BLOCK_TAGS, "img"):
        if el.tag == "img":
            pending.append(el)
            continue
        if not pending or _NOT_TEXT.search(el.get("class") or "") or next(
                el.iterancestors("figcaption"), None) is not None:
            continue
        tags = targets.get(text_key(el.text_content()))
        if tags:
            holders = set(el.iterancestors())
            for img in pending:
                new = None if _in_card(img, holders) else _figure(img, builder, filled, targets)
                if new is not None:
                    _place(new, tags[0])
        pending = []


def _in_card(img: Any, holders: set[Any]) -> bool:
    """Whether `img` sits in a card of its own beside the article text (a teaser: the image with a
    linked headline), i.e. its largest ancestor not holding the next article block links elsewhere."""
    top = img
    for ancestor in img.iterancestors():
        if ancestor in holders:
            break
        top = ancestor
    return top is not img and any(_other_page(a) and a.text_content().strip()
                                  for a in top.iter("a") if next(a.iterancestors("figcaption"), None) is None)


def _shown_beside(noscript: Any) -> bool:
    """Whether the parent of `noscript` shows an image of its own (then the noscript copy is a fallback)."""
    parent = noscript.getparent()
    return parent is not None and any(
        image_source(img) for sibling in parent if sibling is not noscript and isinstance(sibling.tag, str)
        for img in sibling.iter("img"))


def _figure(img: Any, builder: _Builder, filled: set[Any], targets: dict[str, list[Tag]]) -> Tag | None:
    """`img` as an `<img>` (in a `<figure>` with its caption when it has one), or None when it is no
    article image: inside a filled block already, outside the content, inside a link to another page,
    a noscript copy of an image already shown, or without a usable address."""
    link = None
    for ancestor in img.iterancestors():
        if ancestor in filled:
            return None
        tag = ancestor.tag
        if tag in _OUTSIDE or tag == "form" or SIDE_CLASS.search(ancestor.get("class") or ""):
            return None
        if tag == "a" and link is None:
            link = ancestor
        if tag == "noscript" and _shown_beside(ancestor):
            return None
    if link is not None and _other_page(link):
        return None
    new = builder.image(img)
    if new is None:
        return None
    figure = next(img.iterancestors("figure"), None)
    caption = figure.find(".//figcaption") if figure is not None and figure not in builder.captioned else None
    text = clean_line(caption.text_content()) if caption is not None else ""
    if not text or text_key(text) in targets:
        return new
    builder.captioned.add(figure)
    wrapper = builder.soup.new_tag("figure")
    wrapper.append(new)
    figcaption = builder.soup.new_tag("figcaption")
    figcaption.string = text
    wrapper.append(figcaption)
    return wrapper
