"""Discovery: from one URL to a catalog entry that works, with the reasons, tested by a one-article crawl.

In order, the first that works wins:

1. the URL is itself a feed or a sitemap;
2. a feed: announced by ``<link rel="alternate">``, else at a common feed path;
3. a sitemap: robots.txt ``Sitemap:`` lines, else common paths (a news sitemap first);
4. an html listing: the page's links grouped by URL shape, the article group picked by
   test-extracting a few pages, and the next-page link;
5. a script-built listing: the same on the page as headless Chromium renders it
   (``render = "browser"``, and ``next_click`` when the pager is a button).

Then the entry is test-crawled (`scraper.app.canary.check_source`: a real crawl of one
article in a throw-away data directory). `Proposal` carries the entry, why, what
was tried, and the test's result.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cssselect import GenericTranslator, SelectorError
from scrapy import Selector

from scraper.app.canary import CheckReport, check_source
from scraper.app.discovery.browser import render_page
from scraper.app.discovery.entry import entry_toml
from scraper.app.discovery.fetching import Fetcher
from scraper.app.discovery.listing import choose_articles, find_pager, page_hosts, page_links
from scraper.app.discovery.shapes import matching
from scraper.app.discovery.syndication import find_feed, find_sitemap, read_feed, read_sitemap
from scraper.config import Config
from scraper.settings import USER_AGENT
from scraper.sources import ID_PATTERN, LANGUAGE_PATTERN
from scraper.urls import is_http_url

SITEMAP_URLS_GROUPED = 500
NEEDS_RENDER = "needs render support"


@dataclass
class Proposal:
    """What discovery found for one URL."""

    source_id: str
    url: str
    entry: dict[str, Any] | None = None
    reasons: list[str] = field(default_factory=list)
    """Why the entry looks like this (written as TOML comments)."""
    notes: list[str] = field(default_factory=list)
    """What was tried and did not work."""
    tried: list[str] = field(default_factory=list)
    """Every request made (status and URL)."""
    test: CheckReport | None = None
    by: str = "attache sources add"
    """Who proposed it (for the first comment line)."""

    @property
    def test_result(self) -> str:
        """ok, failed, needs render support, or not run."""
        if self.test is None:
            return "not run"
        if self.test.ok:
            return "ok"
        if self.entry and self.entry.get("render") == "browser" and self.test.links == 0:
            return NEEDS_RENDER
        return "failed"

    @property
    def works(self) -> bool:
        return self.entry is not None and self.test_result == "ok"

    def comments(self) -> list[str]:
        lines = [f"proposed by {self.by} from {self.url} on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"]
        lines += self.reasons
        test = self.test
        if test is not None and test.ok:
            lines.append(f"test crawl: {test.links} article link(s); stored {test.title[:60]!r}, "
                         f"published {test.published[:16] or 'unknown'}, {test.body_chars} body chars")
        elif test is not None:
            lines.append(f"test crawl: {self.test_result}: {test.problem}")
        return lines

    def toml(self) -> str:
        """The entry as TOML, its reasons as comments above it."""
        assert self.entry is not None
        return entry_toml(self.source_id, self.entry, self.comments())

    def failure(self) -> str:
        """What was tried, for a discovery that found nothing usable."""
        return "\n".join([f"nothing usable found at {self.url}:", *(f"  - {n}" for n in self.notes),
                          f"  ({len(self.tried)} request(s): {', '.join(self.tried[:12])}"
                          + (" …" if len(self.tried) > 12 else "") + ")"])


def source_id_for(url: str) -> str:
    """A catalog id from the URL's host (``www.mod.gov.example`` → ``mod-gov-example``)."""
    host = urlsplit(url).netloc.lower().removeprefix("www.")
    sid = re.sub(r"[^a-z0-9]+", "-", host).strip("-")[:64] or "source"
    return sid if ID_PATTERN.match(sid) else f"s-{sid}"[:64]


def _page_meta(html: str) -> tuple[str | None, str | None]:
    doc = Selector(text=html)
    name = (doc.css('meta[property="og:site_name"]::attr(content)').get()
            or doc.css("title::text").get() or "").strip()
    lang = (doc.css("html::attr(lang)").get() or "").strip().replace("_", "-")
    return (" ".join(name.split())[:120] or None), (lang if LANGUAGE_PATTERN.match(lang) else None)


def _entry(url: str, kind: str, start: str, name: str | None, language: str | None) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": name or urlsplit(url).netloc, "kind": kind}
    if language:
        entry["language"] = language.split("-")[0].lower() if len(language.split("-")[0]) == 2 else language
    entry["start_urls"] = [start]
    return entry


def discover(url: str, config: Config, *, source_id: str | None = None, test: bool = True,
             fetcher: Fetcher | None = None) -> Proposal:
    """Find how to follow the site at `url`; test-crawl what was found when `test`."""
    proposal = Proposal(source_id or source_id_for(url), url)
    fetcher = fetcher or Fetcher(USER_AGENT, delay=config.download_delay)
    _find(proposal, fetcher)
    proposal.tried = fetcher.tried
    if proposal.entry is not None and test:
        proposal.test = test_entry(proposal.source_id, proposal.entry, config)
    return proposal


def _find(proposal: Proposal, fetcher: Fetcher) -> None:
    url, notes = proposal.url, proposal.notes
    if not is_http_url(url):
        notes.append(f"{url!r} is not an absolute http(s) URL")
        return
    if not fetcher.allowed(url):
        notes.append(f"robots.txt of {urlsplit(url).netloc} forbids our User-Agent to read {url}")
        return
    page = fetcher.get(url)
    if not page.ok:
        notes.append(f"the page could not be read: {page.error or page.status}")
        return
    feed = read_feed(page, "the URL is a feed")
    if feed is not None:
        proposal.entry = _entry(url, "feed", page.url, feed.title, feed.language)
        proposal.reasons.append(f"kind feed: the URL is a feed with {feed.entries} entries")
        return
    if read_sitemap(page) is not None:
        proposal.entry = _entry(url, "sitemap", page.url, None, None)
        proposal.reasons.append("kind sitemap: the URL is a sitemap")
        return
    html = page.text()
    name, language = _page_meta(html)
    feed = find_feed(fetcher, page.url, html, notes)
    if feed is not None:
        proposal.entry = _entry(url, "feed", feed.url, feed.title or name, feed.language or language)
        proposal.reasons.append(f"kind feed: {feed.how} ({feed.entries} entries)")
        return
    sitemap = find_sitemap(fetcher, page.url, notes)
    if sitemap is not None:
        entry = _entry(url, "sitemap", sitemap.url, name, language)
        if sitemap.news:
            proposal.entry = entry
            proposal.reasons.append(f"kind sitemap: a Google News sitemap, {sitemap.how}")
            return
        choice, considered = choose_articles(fetcher, sitemap.urls[:SITEMAP_URLS_GROUPED], page_hosts(page.url))
        if choice is not None:
            entry["article_pattern"] = choice.pattern
            proposal.entry = entry
            proposal.reasons.append(f"kind sitemap: {sitemap.how}, {len(sitemap.urls)} URLs")
            proposal.reasons += [f"article_pattern: {line}" for line in considered]
            return
        notes.append(f"sitemap {sitemap.url}: no group of its URLs looks like articles ({'; '.join(considered)})")
    if _listing(proposal, page.url, html, name, language, fetcher, rendered=False):
        return
    if "<script" in html.lower():
        rendered = render_page(page.url, fetcher.user_agent)
        if rendered.error:
            notes.append(f"the page has scripts but could not be rendered: {rendered.error}")
            return
        if _listing(proposal, page.url, rendered.html, name, language, fetcher, rendered=True):
            return
    else:
        notes.append("the page has no scripts to render")


def _listing(proposal: Proposal, url: str, html: str, name: str | None, language: str | None,
             fetcher: Fetcher, *, rendered: bool) -> bool:
    links = page_links(html, url)
    how = "as the browser renders it" if rendered else "in the page's HTML"
    choice, considered = choose_articles(fetcher, links, page_hosts(url))
    if choice is None:
        proposal.notes.append(f"listing {how}: {len(links)} links, no group of them looks like articles"
                              + (f" ({'; '.join(considered)})" if considered else ""))
        return False
    entry = _entry(url, "html", url, name, language)
    entry["article_pattern"] = choice.pattern
    pager = find_pager(html, url)
    reasons = [f"kind html: {len(links)} links {how}; tried the largest groups by URL shape:",
               *[f"  {line}" for line in considered],
               f"article_pattern: the group whose pages read as articles ({len(choice.group.urls)} links)"]
    if rendered:
        entry["render"] = "browser"
        reasons.insert(0, "render browser: the page's HTML has no article links; its scripts build them")
    if pager.next_page:
        entry["next_page"] = pager.next_page
        reasons.append(f"next_page: {pager.how}")
    elif pager.next_click and rendered:
        check = render_page(url, fetcher.user_agent, click=pager.next_click)
        before = len(matching(choice.pattern, page_links(check.html, url))) if not check.error else 0
        after = len(matching(choice.pattern, page_links(check.after_click or "", url)))
        if after > before:
            entry["next_click"] = pager.next_click
            reasons.append(f"next_click: {pager.how}; one click loaded {after - before} more article links")
        else:
            reasons.append(f"pager: {pager.how}, but clicking it loaded no more article links; not used")
    elif pager.next_click:
        reasons.append(f"pager: {pager.how}; to follow it set render = \"browser\" and "
                       f"next_click = {pager.next_click!r}")
    else:
        reasons.append(f"pager: {pager.how}")
    for key in ("next_page", "next_click"):
        if key in entry and not _valid_css(entry[key]):
            reasons.append(f"{key} {entry.pop(key)!r} dropped: not a selector the catalog accepts")
    proposal.entry = entry
    proposal.reasons += reasons
    return True


def _valid_css(selector: str) -> bool:
    try:
        GenericTranslator().css_to_xpath(selector)
    except SelectorError:
        return False
    return True


def test_entry(source_id: str, entry: dict[str, Any], config: Config, timeout: float = 120.0,
               on_start: Callable[[subprocess.Popen[str]], None] | None = None) -> CheckReport:
    """Crawl one article with `entry` (in a catalog of its own and a throw-away data directory)."""
    with tempfile.TemporaryDirectory(prefix="attache-discovery-") as tmp:
        catalog = Path(tmp) / "catalog.toml"
        catalog.write_text(entry_toml(source_id, entry), encoding="utf-8")
        return check_source(source_id, dataclasses.replace(config, sources=(catalog,)), timeout=timeout,
                            on_start=on_start)
