"""Reading an html listing: which links are articles (by test-extracting a few), and how to reach the next page.

The page's links are grouped by URL shape (`shapes.group_links`); the top few
groups are tried by downloading up to `SAMPLES` of their pages and normalising
them with `scraper.normalise`: a group whose pages have a title, a real body and
a publication date is the article list. The next page is a ``rel=next`` link, else
a link whose text says "next" in one of the usual languages, else a ``page=2`` /
``/page/2`` link; a pager that is a button (no link) is reported for the browser.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from scrapy import Selector

from scraper.app.discovery.fetching import Fetcher
from scraper.app.discovery.shapes import LinkGroup, group_links, matching
from scraper.normalise import normalise

GROUPS_TRIED = 3
SAMPLES = 2
MIN_BODY_CHARS = 250
NEXT_WORDS = (
    "next", "next page", "older", "older posts", "older entries", "more news", "load more", "show more", "more",
    "successivo", "successiva", "pagina successiva", "avanti", "altre notizie", "weiter", "nächste", "nächste seite",
    "mehr", "suivant", "suivante", "page suivante", "plus", "siguiente", "próxima", "seguinte", "volgende",
    "następna", "další", "следующая", "далее", "ещё", "еще", "наступна", "далі", "sonraki", "növbəti", "შემდეგი",
    "»", "›", "→", ">>", ">",
)
_PAGE_PARAM = re.compile(r"([?&](?:page|p|pg|paged|start|pagina|seite)=2\b)|(/page/2/?$)", re.IGNORECASE)


@dataclass
class SampleResult:
    """One test-extracted page."""

    url: str
    title: str = ""
    body_chars: int = 0
    published: str = ""
    problem: str = ""

    @property
    def article_like(self) -> bool:
        return not self.problem and bool(self.title) and self.body_chars >= MIN_BODY_CHARS


@dataclass
class ArticleChoice:
    """The link group chosen as the article list, with the evidence."""

    group: LinkGroup
    samples: list[SampleResult]
    considered: list[str] = field(default_factory=list)
    """One line per group tried: pattern, size, what its samples looked like."""

    @property
    def pattern(self) -> str:
        return self.group.pattern


def page_links(html: str, base: str) -> list[str]:
    """Absolute URLs of the page's ``<a href>`` links, in page order."""
    hrefs = Selector(text=html).css("a::attr(href)").getall()
    return [urljoin(base, h.strip()) for h in hrefs if h.strip() and not h.strip().startswith(("#", "javascript:"))]


def sample(fetcher: Fetcher, url: str) -> SampleResult:
    """Download and normalise one page."""
    page = fetcher.get(url)
    if not page.ok:
        return SampleResult(url, problem=page.error or f"HTTP {page.status}")
    if "html" not in page.content_type and not page.body.lstrip()[:100].lower().startswith((b"<!doctype", b"<html")):
        return SampleResult(url, problem=f"not an HTML page ({page.content_type or 'no Content-Type'})")
    try:
        article = normalise(page.body, page.url)
    except Exception as exc:  # a hostile page must not end the discovery
        return SampleResult(url, problem=f"could not be normalised: {exc}")
    return SampleResult(url, article.title or "", len(article.body_text or ""),
                        article.published.isoformat() if article.published else "")


def _score(samples: Sequence[SampleResult]) -> tuple[int, int, int]:
    good = [s for s in samples if s.article_like]
    return len(good), sum(1 for s in good if s.published), sum(s.body_chars for s in good)


def choose_articles(fetcher: Fetcher, urls: Sequence[str], hosts: Sequence[str]
                    ) -> tuple[ArticleChoice | None, list[str]]:
    """The link group whose sample pages look most like articles (None when none does), and one line per
    group tried."""
    best: ArticleChoice | None = None
    considered: list[str] = []
    for group in group_links(urls, hosts)[:GROUPS_TRIED]:
        samples = [sample(fetcher, u) for u in group.urls[:SAMPLES]]
        good = [s for s in samples if s.article_like]
        considered.append(
            f"{group.pattern} ({len(group.urls)} links): {len(good)}/{len(samples)} samples article-like"
            + (f", e.g. {good[0].body_chars} body chars, date {good[0].published or 'none'}" if good else
               f" ({samples[0].problem or f'{samples[0].body_chars} body chars'})" if samples else ""))
        if good and (best is None or _score(samples) > _score(best.samples)):
            best = ArticleChoice(group, samples)
    if best is not None:
        best.considered = considered
        others = [u for u in urls if u not in best.group.urls]
        extra = matching(best.pattern, others)
        if extra:
            considered.append(f"the pattern also matches {len(extra)} other link(s), e.g. {extra[0]}")
    return best, considered


def _label(text: str) -> str:
    """Link text as compared with `NEXT_WORDS`: lower case, arrows and punctuation around it dropped."""
    raw = " ".join(text.split()).lower()
    return raw.strip(" .:|-»«›‹→←<>") or raw


def _css_for(node: Selector, tag: str, selector_doc: Selector) -> str | None:
    """A CSS selector (valid for Scrapy and a browser) that picks `node` first on the page."""
    attrs = node.attrib
    if attrs.get("id"):
        return f"{tag}#{attrs['id']}"
    if attrs.get("aria-label"):
        return f'{tag}[aria-label="{attrs["aria-label"]}"]'
    for cls in (attrs.get("class") or "").split():
        candidate = f"{tag}.{cls}"
        if len(selector_doc.css(candidate)) == 1:
            return candidate
    for name in ("data-action", "data-page", "data-next", "title"):
        if attrs.get(name):
            return f'{tag}[{name}="{attrs[name]}"]'
    return None


@dataclass
class PagerFinding:
    """How to get from a listing page to the next one."""

    next_page: str | None = None
    """CSS selector of the next-page link."""
    next_click: str | None = None
    """CSS selector of a next-page button (needs the browser)."""
    how: str = ""


def find_pager(html: str, url: str) -> PagerFinding:
    """The next-page link (or button) of a listing page."""
    doc = Selector(text=html)
    if doc.css("a[rel~=next][href]"):
        return PagerFinding("a[rel~=next]", how="a link with rel=next")
    if doc.css("link[rel~=next][href]"):
        return PagerFinding("link[rel~=next]", how="<link rel=next> in the head")
    for anchor in doc.css("a[href]"):
        label = _label(" ".join(anchor.css("::text").getall()) or anchor.attrib.get("aria-label", ""))
        href = anchor.attrib.get("href", "").strip()
        if label in NEXT_WORDS and href and not href.startswith(("#", "javascript:")) \
                and urljoin(url, href) != url:
            css = _css_for(anchor, "a", doc)
            if css is None:
                text = " ".join(" ".join(anchor.css("::text").getall()).split())
                css = f'a:contains("{text}")' if '"' not in text else None
            if css:
                return PagerFinding(css, how=f"a link labelled {label!r}")
    for anchor in doc.css("a[href]"):
        href = anchor.attrib["href"].strip()
        match = _PAGE_PARAM.search(urlsplit(urljoin(url, href))._replace(fragment="").geturl())
        if match:
            key = match.group(1) or match.group(2)
            return PagerFinding(f'a[href*="{key.lstrip("?&")}"]', how=f"a link to page 2 ({href})")
    for tag in ("button", "a", "span", "div"):
        for node in doc.css(tag if tag != "a" else "a:not([href])"):
            if tag in ("span", "div") and node.attrib.get("role") != "button":
                continue
            label = _label(" ".join(node.css("::text").getall()) or node.attrib.get("aria-label", ""))
            if label in NEXT_WORDS:
                css = _css_for(node, tag, doc)
                if css:
                    return PagerFinding(next_click=css, how=f"a {tag} labelled {label!r} (no link: needs a click)")
    return PagerFinding(how="no next-page link or button found (only the first page will be read)")


def page_hosts(url: str) -> list[str]:
    """Hosts whose links count as the site's own (the URL's host, with and without www.)."""
    host = urlsplit(url).netloc.lower()
    bare = host.removeprefix("www.")
    return sorted({host, bare, "www." + bare})
