"""Loopback site shapes for discovery tests and `make bench-discovery`: one way each of offering news.

Every usable shape serves the same kind of article pages (title, date, byline,
a few paragraphs) under its own URL scheme, plus navigation links that are not
articles; `SHAPES` maps a shape name to the function that builds it on a
`LoopbackSite` and returns the URL a user would give `attache sources add`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from tests.helpers.loopback_site import LoopbackSite
from tests.helpers.site_fixtures import FixtureArticle, article_html, make_articles, rss_xml

NAV = ('<nav><a href="/">Home</a> <a href="/about/">About us</a> <a href="/contact/">Contact</a> '
       '<a href="/ministry/minister/">The minister</a></nav>')


@dataclass
class PlacedArticle(FixtureArticle):
    """A fixture article served at a path of the shape's own scheme."""

    where: str = ""

    @property
    def path(self) -> str:  # type: ignore[override]
        return self.where


def place(scheme: Callable[[int, FixtureArticle], str], count: int = 8, start: int = 1) -> list[PlacedArticle]:
    """`count` articles, the i-th at `scheme(i, article)`."""
    return [PlacedArticle(**vars(a), where=scheme(i, a)) for i, a in enumerate(make_articles(count, start), start)]


def serve_articles(site: LoopbackSite, articles: list[PlacedArticle]) -> None:
    for a in articles:
        site.add(a.path, article_html(a, site.base))


def page(body: str, head: str = "", title: str = "Test Defence Ministry") -> str:
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>{head}</head>'
            f"<body>{NAV}<main>{body}</main><footer>© Test Defence Ministry</footer></body></html>")


def static_pages(site: LoopbackSite) -> None:
    for path in ("/about/", "/contact/", "/ministry/minister/"):
        site.add(path, page(f"<h1>{path.strip('/')}</h1><p>Short page.</p>"))


def links(articles: list[PlacedArticle]) -> str:
    return "<ul>" + "".join(f'<li><a href="{a.path}">{escape(a.title)}</a></li>' for a in articles) + "</ul>"


def sitemap_xml(urls: list[str], news: bool = False) -> str:
    ns = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' if news else ""
    items = "".join(
        f"<url><loc>{u}</loc>" + ("<news:news><news:publication><news:name>Test</news:name><news:language>en"
                                  "</news:language></news:publication><news:publication_date>2024-03-05"
                                  "</news:publication_date><news:title>t</news:title></news:news>" if news else "")
        + "</url>" for u in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{ns}>' \
           f"{items}</urlset>"


def feed_in_head(site: LoopbackSite) -> str:
    articles = place(lambda i, a: f"/news/{a.slug}.html")
    serve_articles(site, articles)
    static_pages(site)
    site.add("/data/news-export.rss", rss_xml(articles, site.base), "application/rss+xml")
    site.add("/", page("<h1>Welcome</h1>", '<link rel="alternate" type="application/rss+xml" title="News" '
                                          'href="/data/news-export.rss">'))
    return site.url("/")


def feed_at_common_path(site: LoopbackSite) -> str:
    articles = place(lambda i, a: f"/press/{a.slug}.html")
    serve_articles(site, articles)
    static_pages(site)
    site.add("/rss.xml", rss_xml(articles, site.base), "application/rss+xml")
    site.add("/", page("<h1>Welcome</h1><p>Press releases are published every week.</p>"))
    return site.url("/")


def robots_sitemap(site: LoopbackSite) -> str:
    articles = place(lambda i, a: f"/releases/{2020 + i}/{a.slug}/")
    serve_articles(site, articles)
    static_pages(site)
    urls = [site.url(p) for p in ("/", "/about/", "/contact/", "/ministry/minister/")] + [site.url(a.path)
                                                                                         for a in articles]
    site.add("/maps/all-pages.xml", sitemap_xml(urls), "application/xml")
    site.add("/robots.txt", f"User-agent: *\nDisallow: /private/\nSitemap: {site.url('/maps/all-pages.xml')}\n",
             "text/plain")
    site.add("/", page("<h1>Welcome</h1>"))
    return site.url("/")


def news_sitemap(site: LoopbackSite) -> str:
    articles = place(lambda i, a: f"/newsroom/{a.slug}")
    serve_articles(site, articles)
    static_pages(site)
    site.add("/news-sitemap.xml", sitemap_xml([site.url(a.path) for a in articles], news=True), "application/xml")
    site.add("/", page("<h1>Welcome</h1>"))
    return site.url("/")


def sitemap_index(site: LoopbackSite) -> str:
    articles = place(lambda i, a: f"/posts/{1000 + i}-{a.slug}.html")
    serve_articles(site, articles)
    static_pages(site)
    site.add("/sitemaps/pages.xml", sitemap_xml([site.url("/about/"), site.url("/contact/")]), "application/xml")
    site.add("/sitemaps/posts.xml", sitemap_xml([site.url(a.path) for a in articles]), "application/xml")
    site.add("/sitemap_index.xml",
             '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             f"<sitemap><loc>{site.url('/sitemaps/posts.xml')}</loc></sitemap>"
             f"<sitemap><loc>{site.url('/sitemaps/pages.xml')}</loc></sitemap></sitemapindex>", "application/xml")
    site.add("/", page("<h1>Welcome</h1>"))
    return site.url("/")


def listing_numeric(site: LoopbackSite, prefix: str = "/articles/") -> str:
    articles = place(lambda i, a: f"{prefix}{40000 + i}/", count=10)
    serve_articles(site, articles)
    static_pages(site)
    newest = list(reversed(articles))
    site.add("/news/", page(links(newest[:5]) + '<div class="pager"><a href="/news/page/2/">Successivo »</a></div>'))
    site.add("/news/page/2/", page(links(newest[5:])))
    return site.url("/news/")


def listing_slug(site: LoopbackSite) -> str:
    articles = place(lambda i, a: f"/2024/03/{a.slug}-{a.title.split()[0].lower()}/", count=6)
    serve_articles(site, articles)
    static_pages(site)
    tags = '<p>Tags: <a href="/tag/joint-exercises/">joint exercises</a> <a href="/tag/staff-talks/">staff ' \
           'talks</a></p>'
    for tag in ("joint-exercises", "staff-talks"):
        site.add(f"/tag/{tag}/", page(f"<h1>{tag}</h1>{links(articles[:2])}"))
    site.add("/blog/", page(links(articles) + tags + '<a class="older" href="/blog/older/">Older posts</a>'))
    site.add("/blog/older/", page("<p>No older posts.</p>"))
    return site.url("/blog/")


_SCRIPT_LIST = """<ul id="list"></ul>{button}
<script>
const items = {items};
let shown = 0;
function more() {{
  const list = document.getElementById('list');
  for (const it of items.slice(shown, shown + {per_page})) {{
    const li = document.createElement('li'); const a = document.createElement('a');
    a.href = it.path; a.textContent = it.title; li.appendChild(a); list.appendChild(li);
  }}
  shown += {per_page};
}}
more();
{wire}
</script>"""


def _script_listing(articles: list[PlacedArticle], per_page: int, button: bool) -> str:
    items = json.dumps([{"path": a.path, "title": a.title} for a in reversed(articles)])
    return _SCRIPT_LIST.format(
        items=items, per_page=per_page,
        button='<button type="button" id="load-more" class="btn">Load more</button>' if button else "",
        wire="document.getElementById('load-more').addEventListener('click', more);" if button else "")


def script_built(site: LoopbackSite) -> str:
    articles = place(lambda i, a: f"/story/{a.slug}", count=6)
    serve_articles(site, articles)
    static_pages(site)
    site.add("/news/", page(_script_listing(articles, 6, button=False)))
    return site.url("/news/")


def button_pager(site: LoopbackSite) -> str:
    articles = place(lambda i, a: f"/item/{700 + i}", count=10)
    serve_articles(site, articles)
    static_pages(site)
    site.add("/news/", page(_script_listing(articles, 4, button=True)))
    return site.url("/news/")


def nothing_usable(site: LoopbackSite) -> str:
    static_pages(site)
    site.add("/", page("<h1>Under construction</h1><p>Our news will be back soon.</p>"))
    return site.url("/")


SHAPES: dict[str, Callable[[LoopbackSite], str]] = {
    "feed link in the head": feed_in_head,
    "feed at a common path": feed_at_common_path,
    "robots.txt sitemap": robots_sitemap,
    "news sitemap": news_sitemap,
    "sitemap index": sitemap_index,
    "listing, numeric ids": listing_numeric,
    "listing, slugs": listing_slug,
    "script-built links": script_built,
    "button pager": button_pager,
    "nothing usable": nothing_usable,
}
EXPECTED_KIND = {
    "feed link in the head": "feed", "feed at a common path": "feed", "robots.txt sitemap": "sitemap",
    "news sitemap": "sitemap", "sitemap index": "sitemap", "listing, numeric ids": "html", "listing, slugs": "html",
    "script-built links": "html", "button pager": "html", "nothing usable": None,
}
