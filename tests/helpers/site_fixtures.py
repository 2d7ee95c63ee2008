"""The project's own small test site: defence-news article pages, listings, a feed and sitemaps."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from html import escape

from bench.extract_scoring import devset_dir
from tests.helpers.loopback_site import LoopbackSite

ROME = timezone(timedelta(hours=2))


@dataclass
class FixtureArticle:
    slug: str
    title: str
    published: datetime
    author: str
    paragraphs: list[str]

    @property
    def path(self) -> str:
        return f"/news/{self.slug}.html"


def make_articles(count: int, start: int = 1) -> list[FixtureArticle]:
    """`count` distinct articles, newest last."""
    topics = [
        ("Italy and Azerbaijan hold sixth staff talks in Rome", "Italy"),
        ("Joint naval exercise with Greece concludes in the Aegean", "Greece"),
        ("Defence ministers sign cooperation plan for 2025", "Georgia"),
        ("NATO delegation visits the Joint Operations Headquarters", "NATO"),
        ("Training agreement signed with Kazakhstan military academy", "Kazakhstan"),
        ("Air force chiefs meet to discuss interoperability", "France"),
    ]
    items = []
    for i in range(start, start + count):
        title, partner = topics[(i - 1) % len(topics)]
        title = f"{title} (report {i})"
        published = datetime(2024, 3, 1, 9, 30, tzinfo=ROME) + timedelta(days=i)
        paragraphs = [
            f"Report number {i}: delegations met to review bilateral defence cooperation with {partner}.",
            f"The talks covered training, exercises and the plan of activities for the coming year, item {i}.",
            "Both sides reaffirmed the excellent level of relations between the two defence organisations "
            f"and agreed to meet again next year; reference code {i * 7919}.",
        ]
        items.append(FixtureArticle(f"story-{i}", title, published, "Colonel Mario Rossi", paragraphs))
    return items


def article_html(article: FixtureArticle, base: str) -> str:
    ld = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": article.title,
        "datePublished": article.published.isoformat(), "author": {"@type": "Person", "name": article.author},
    }
    body = "\n".join(f"<p>{escape(p)}</p>" for p in article.paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{escape(article.title)} | Test Defence Ministry</title>
<link rel="canonical" href="{base}{article.path}">
<meta property="og:title" content="{escape(article.title)}">
<meta property="article:published_time" content="{article.published.isoformat()}">
<script type="application/ld+json">{json.dumps(ld)}</script>
</head><body>
<nav><a href="/">Home</a> <a href="/news/">News</a></nav>
<main><article>
<h1>{escape(article.title)}</h1>
<p class="byline">By {escape(article.author)}</p>
<time datetime="{article.published.isoformat()}">{article.published:%d %B %Y}</time>
{body}
</article></main>
<footer>© Test Defence Ministry</footer>
</body></html>"""


def listing_html(articles: list[FixtureArticle], next_path: str | None) -> str:
    links = "\n".join(f'<li><a href="{a.path}?utm_source=listing">{escape(a.title)}</a></li>' for a in articles)
    nxt = f'<a rel="next" class="next" href="{next_path}">Next</a>' if next_path else ""
    return f"""<!DOCTYPE html><html><head><title>News</title></head><body>
<ul>{links}</ul><a href="/about.html">About</a>{nxt}</body></html>"""


def rss_xml(articles: list[FixtureArticle], base: str) -> str:
    items = "\n".join(
        f"""<item><title>{escape(a.title)}</title><link>{base}{a.path}</link>
<guid>{base}{a.path}</guid><pubDate>{a.published:%a, %d %b %Y %H:%M:%S %z}</pubDate>
<description>{escape(a.paragraphs[0])}</description></item>"""
        for a in reversed(articles)
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Test ministry</title><link>{base}/</link>
<description>News</description><language>en</language>{items}</channel></rss>"""


def news_sitemap_xml(articles: list[FixtureArticle], base: str) -> str:
    urls = "\n".join(
        f"""<url><loc>{base}{a.path}</loc><lastmod>{a.published.isoformat()}</lastmod>
<news:news><news:publication><news:name>Test ministry</news:name><news:language>en</news:language>
</news:publication><news:publication_date>{a.published.isoformat()}</news:publication_date>
<news:title>{escape(a.title)}</news:title><news:keywords>defence, cooperation</news:keywords></news:news></url>"""
        for a in articles
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>"""


def sitemap_index_xml(paths: list[str], base: str) -> str:
    entries = "".join(f"<sitemap><loc>{base}{p}</loc></sitemap>" for p in paths)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>"""


def publish_site(site: LoopbackSite, articles: list[FixtureArticle], per_page: int = 3) -> None:
    """Serve `articles` with paginated listings, an RSS feed and a gzipped news sitemap under an index."""
    for a in articles:
        site.add(a.path, article_html(a, site.base))
    newest_first = list(reversed(articles))
    pages = [newest_first[i:i + per_page] for i in range(0, len(newest_first), per_page)] or [[]]
    for n, chunk in enumerate(pages, start=1):
        path = "/news/" if n == 1 else f"/news/page-{n}.html"
        nxt = f"/news/page-{n + 1}.html" if n < len(pages) else None
        site.add(path, listing_html(chunk, nxt))
    site.add("/feed.xml", rss_xml(articles, site.base), "application/rss+xml")
    site.add("/sitemap-news.xml.gz", gzip.compress(news_sitemap_xml(articles, site.base).encode()),
             "application/x-gzip")
    site.add("/sitemap.xml", sitemap_index_xml(["/sitemap-news.xml.gz"], site.base), "application/xml")
    site.add("/about.html", "<html><body><h1>About</h1></body></html>")


def html_source_toml(site: LoopbackSite, source_id: str = "test-html") -> str:
    """A catalog entry for the site's paginated /news/ listing."""
    return f"""
[sources.{source_id}]
name = "Test ministry (listing)"
kind = "html"
country = "IT"
language = "en"
start_urls = ["{site.url('/news/')}"]
article_pattern = '/news/story-\\d+\\.html'
next_page = "a[rel=next]"
max_pages = 5
"""



def start_url_source_toml(source_id: str, name: str, kind: str, url: str) -> str:
    """A catalog entry of an Italian source followed from one start URL (a feed or a sitemap)."""
    return f"""
[sources.{source_id}]
name = "{name}"
kind = "{kind}"
country = "IT"
start_urls = ["{url}"]
"""


def three_kinds_catalog(site: LoopbackSite) -> str:
    """The site as three sources: its html listing (test-html), its RSS feed (test-feed), its news sitemap
    (test-sitemap)."""
    return (html_source_toml(site)
            + start_url_source_toml("test-feed", "Test ministry (RSS)", "feed", site.url("/feed.xml"))
            + start_url_source_toml("test-sitemap", "Test ministry (news sitemap)", "sitemap",
                                    site.url("/sitemap.xml")))

def devset_pages() -> list[tuple[str, bytes, dict]]:
    """(name, html bytes, expected record) for every dev-set page, read in place."""
    pages_dir = devset_dir() / "pages"
    result = []
    for path in sorted(pages_dir.glob("*.html.gz")):
        expected = json.loads(path.with_name(path.name[: -len(".html.gz")] + ".json").read_text("utf-8"))
        result.append((path.name[: -len(".html.gz")], gzip.decompress(path.read_bytes()), expected))
    return result
