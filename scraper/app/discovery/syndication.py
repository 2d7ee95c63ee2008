"""Finding a site's feeds and sitemaps: what a `kind = "feed"` or `kind = "sitemap"` entry would follow.

Feeds: ``<link rel="alternate">`` in the page head, then common feed paths at
the site root and under the start URL's folder. Sitemaps: the ``Sitemap:``
lines of robots.txt, then common sitemap paths; a sitemap index is opened to
check it leads to articles, and a Google News sitemap is preferred.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import feedparser
from scrapy import Selector
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap

from scraper.app.discovery.fetching import FetchedPage, Fetcher
from scraper.spiders.news_sitemap import NEWS_NS

FEED_PATHS = ("feed", "rss", "rss.xml", "feed.xml", "atom.xml", "feed.php", "index.xml", "feed/")
FOLDER_FEED_PATHS = ("feed", "rss", "rss.xml", "feed.xml")
"""Under the start URL's folder (when it is not the root) only the commonest ones are tried."""
SITEMAP_PATHS = ("sitemap.xml", "sitemap_index.xml", "news-sitemap.xml", "sitemap-news.xml", "sitemap_news.xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml")


@dataclass
class FeedFinding:
    """A readable feed and how it was found."""

    url: str
    how: str
    entries: int
    title: str = ""
    language: str | None = None
    links: list[str] = field(default_factory=list)


@dataclass
class SitemapFinding:
    """A readable sitemap (or index) that leads to article URLs."""

    url: str
    how: str
    urls: list[str]
    news: bool = False
    index: bool = False


def read_feed(page: FetchedPage, how: str) -> FeedFinding | None:
    """The feed in `page`, if it is one with at least one entry that links to a web page."""
    if not page.ok:
        return None
    head = page.body.lstrip()[:200].lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return None
    parsed = feedparser.parse(page.body, response_headers={"content-type": page.content_type or "application/xml"})
    links = [urljoin(page.url, e.get("link", "")) for e in parsed.entries if e.get("link")]
    links = [u for u in links if urlsplit(u).scheme in ("http", "https")]
    if not links:
        return None
    return FeedFinding(page.url, how, len(parsed.entries), parsed.feed.get("title", ""),
                       parsed.feed.get("language"), links)


def feed_links(html: str, base: str) -> list[str]:
    """Feed URLs announced by ``<link rel="alternate" type="application/rss+xml|atom+xml">``."""
    found = []
    for link in Selector(text=html).css("link[href]"):
        rel = (link.attrib.get("rel") or "").lower().split()
        kind = (link.attrib.get("type") or "").lower()
        if "alternate" in rel and any(t in kind for t in ("rss", "atom")):
            found.append(urljoin(base, link.attrib["href"].strip()))
    return list(dict.fromkeys(found))


def _folders(start_url: str) -> list[str]:
    parts = urlsplit(start_url)
    root = f"{parts.scheme}://{parts.netloc}/"
    folder = urljoin(start_url, ".")
    return [root] if folder == root else [folder, root]


def find_feed(fetcher: Fetcher, start_url: str, html: str | None, notes: list[str]) -> FeedFinding | None:
    """The first readable feed: announced in the page head, else at a common path."""
    for url in feed_links(html or "", start_url):
        found = read_feed(fetcher.get(url), f'<link rel="alternate"> on {start_url}')
        if found:
            return found
        notes.append(f"announced feed {url} is not readable")
    folders = _folders(start_url)
    for folder in folders:
        for path in FEED_PATHS if folder == folders[-1] else FOLDER_FEED_PATHS:
            page = fetcher.get(folder + path)
            found = read_feed(page, f"common feed path {folder + path}")
            if found:
                return found
    notes.append(f"no feed: none announced, none at {', '.join(FEED_PATHS)} under {' or '.join(_folders(start_url))}")
    return None


def read_sitemap(page: FetchedPage) -> Sitemap | None:
    """The parsed sitemap in `page`, or None."""
    if not page.ok:
        return None
    body = page.body
    if body[:2] == b"\x1f\x8b":
        try:
            body = gunzip(body)
        except OSError:
            return None
    try:
        sitemap = Sitemap(body)
    except Exception:  # lxml raises several types for garbage
        return None
    return sitemap if sitemap.type in ("urlset", "sitemapindex") else None


def _sitemap_finding(fetcher: Fetcher, url: str, how: str) -> SitemapFinding | None:
    page = fetcher.get(url)
    sitemap = read_sitemap(page)
    if sitemap is None:
        return None
    entries = [e["loc"] for e in sitemap if e.get("loc")]
    if sitemap.type == "urlset":
        return SitemapFinding(page.url, how, entries, news=NEWS_NS.encode() in page.body) if entries else None
    # An index: prefer a child that looks like news, check it has entries.
    children = sorted(entries, key=lambda u: "news" not in u.lower())[:3]
    for child in children:
        child_page = fetcher.get(child)
        child_map = read_sitemap(child_page)
        if child_map is not None and child_map.type == "urlset":
            urls = [e["loc"] for e in child_map if e.get("loc")]
            if urls:
                return SitemapFinding(page.url, how + f" (an index; {child} has {len(urls)} entries)", urls,
                                      news=NEWS_NS.encode() in child_page.body, index=True)
    return None


def find_sitemap(fetcher: Fetcher, start_url: str, notes: list[str]) -> SitemapFinding | None:
    """A sitemap that leads to pages: from robots.txt, else at a common path; a news sitemap first."""
    robots = fetcher.robots(start_url)
    candidates = [(u, "Sitemap line of robots.txt") for u in (robots.sitemaps if robots else [])]
    root = _folders(start_url)[-1]
    candidates += [(root + p, f"common sitemap path {root + p}") for p in SITEMAP_PATHS]
    found: list[SitemapFinding] = []
    seen: set[str] = set()
    for url, how in candidates[:8]:
        if url in seen:
            continue
        seen.add(url)
        finding = _sitemap_finding(fetcher, url, how)
        if finding is not None:
            found.append(finding)
            if finding.news:
                return finding
    if not found:
        notes.append(f"no sitemap: none in robots.txt, none at {', '.join(SITEMAP_PATHS)}")
        return None
    return found[0]
