"""Listing pages rendered in headless Chromium (`render = "browser"`), through scrapy-playwright.

Only the listing requests of a browser source carry `meta["playwright"]`, and scrapy-playwright's
download handler is installed in that source's crawl alone (`browser_settings`, applied by the
spider's `update_settings`): plain sources keep Scrapy's own handler and never load Playwright.
Article pages of a browser source are plain Scrapy downloads too. The browser is Debian's
`chromium` package (`/usr/bin/chromium`, or ``ATTACHE_CHROMIUM``); nothing is downloaded at run time.

`clicked_pages` is the page coroutine: it reads the article links the page's scripts put in the
document, then clicks the `next_click` button and reads them again, up to `max_pages` pages.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any

logger = logging.getLogger(__name__)

CHROMIUM_HINT = ("install Debian's chromium package (apt-get install chromium), "
                 "or set ATTACHE_CHROMIUM to a Chromium executable")

SCRIPT_WAIT_SECONDS = 10.0
"""How long a page's scripts get to put article links in the document (after loading, after a click)."""
POLL_SECONDS = 0.05
SKIPPED_RESOURCES = frozenset({"image", "media", "font"})
"""What the browser does not download: links never depend on them."""

_HREFS_JS = "anchors => anchors.map(a => a.href)"
_CLICK_JS = """async ([selector, milliseconds]) => {
    const hrefs = () => JSON.stringify(Array.from(document.querySelectorAll("a[href]"), a => a.href));
    let button;
    try { button = document.querySelector(selector); } catch (error) { return "not a selector the page understands"; }
    if (!button) return "missing";
    if (button.disabled || button.getAttribute("aria-disabled") === "true") return "disabled";
    if (!(button.checkVisibility ? button.checkVisibility() : button.getClientRects().length > 0)) return "hidden";
    const before = hrefs();
    button.click();
    const changed = await new Promise(resolve => {
        let timer;
        const observer = new MutationObserver(() => { if (hrefs() !== before) done(true); });
        const done = value => { observer.disconnect(); clearTimeout(timer); resolve(value); };
        observer.observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ["href"]});
        timer = setTimeout(() => done(false), milliseconds);
        if (hrefs() !== before) done(true);
    });
    return changed ? "clicked" : "unchanged";
}"""


def chromium_problem(path: str) -> str | None:
    """Why the Chromium executable at `path` cannot render pages (None when it can)."""
    if not os.path.isfile(path) or not os.access(path, os.X_OK):
        return f"no Chromium executable at {path}: {CHROMIUM_HINT}"
    return None


def browser_settings(chromium: str, schemes: Iterable[str]) -> dict[str, Any]:
    """Scrapy settings of a crawl whose listings (at URLs of `schemes`) are rendered by the Chromium at `chromium`.

    The handler is set for the listings' schemes only: each handler starts its own Playwright, and
    redirects of a rendered page happen inside the browser.
    """
    # Imported here: only the crawl of a browser source pays for loading Playwright.
    from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

    # Chromium's sandbox needs user namespaces, which a root process in a container rarely has.
    args = ["--no-sandbox"] if os.geteuid() == 0 else []
    return {
        "DOWNLOAD_HANDLERS": dict.fromkeys(sorted(set(schemes)), ScrapyPlaywrightDownloadHandler),
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {"executable_path": chromium, "headless": True, "args": args},
        "PLAYWRIGHT_MAX_CONTEXTS": 1,
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": 2,
        "PLAYWRIGHT_ABORT_REQUEST": skip_resource,
    }


def skip_resource(request: Any) -> bool:
    """True for a browser request that cannot matter to the links (images, media, fonts)."""
    return request.resource_type in SKIPPED_RESOURCES


def rendered_meta() -> dict[str, Any]:
    """Request meta of a listing page rendered in the browser (the callback gets the live page)."""
    # Not cached: the page is rendered and clicked through every run, so a stored copy is never read.
    return {"playwright": True, "playwright_include_page": True, "dont_cache": True}


async def close_page(meta: dict[str, Any]) -> None:
    """Close the browser page a rendered request or response holds (after success or failure)."""
    page = meta.get("playwright_page")
    if page is not None and not page.is_closed():
        await page.close()


async def page_links(page: Any, wanted: Callable[[str], bool]) -> list[str]:
    """Absolute URLs of the document's links that `wanted` accepts, in page order, once each."""
    hrefs = await page.eval_on_selector_all("a[href]", _HREFS_JS)
    return list(dict.fromkeys(h for h in hrefs if isinstance(h, str) and wanted(h)))


async def first_links(page: Any, wanted: Callable[[str], bool], seconds: float = SCRIPT_WAIT_SECONDS) -> list[str]:
    """The wanted links of a freshly loaded page once its scripts have written some.

    A page that goes quiet (no network for half a second) without any has none: its links are
    not waited for until `seconds`, so a listing that changed shape costs little more than a plain one.
    """
    settled = asyncio.ensure_future(page.wait_for_load_state("networkidle", timeout=seconds * 1000))
    try:
        return await wait_for_links(page, wanted, [], seconds, settled)
    finally:
        if settled.done():
            settled.exception()  # a timeout only means the page never went quiet
        else:
            settled.cancel()


async def wait_for_links(page: Any, wanted: Callable[[str], bool], previous: list[str],
                         seconds: float = SCRIPT_WAIT_SECONDS, settled: asyncio.Future[Any] | None = None) -> list[str]:
    """The wanted links once some differ from `previous`; else what is there after `seconds` or once `settled`."""
    from playwright.async_api import Error

    deadline = time.monotonic() + seconds
    while True:
        quiet = settled is not None and settled.done()  # read before the links: a last look after it
        try:
            links = await page_links(page, wanted)
        except Error:  # the click navigated: the old document is gone, the new one not there yet
            links = previous
        if (links and links != previous) or quiet or time.monotonic() >= deadline:
            return links
        await asyncio.sleep(POLL_SECONDS)


async def clicked_pages(page: Any, wanted: Callable[[str], bool], next_click: str, max_pages: int,
                        seconds: float = SCRIPT_WAIT_SECONDS) -> AsyncIterator[tuple[int, list[str]]]:
    """(page number, wanted links) of the loaded page, then after each click on `next_click`.

    Stops (saying why) at `max_pages`, when the button is missing, hidden or disabled, or when a
    click changes no wanted link within `seconds`. A page that breaks raises Playwright's `Error`.
    """
    from playwright.async_api import Error

    links = await first_links(page, wanted, seconds)
    yield 1, links
    for number in range(2, max_pages + 1):
        # One round trip finds, checks and clicks the button, then waits in the page until its links change.
        # The click is the element's own (not the mouse's), so a cookie banner over the page cannot swallow it.
        try:
            outcome = await page.evaluate(_CLICK_JS, [next_click, seconds * 1000])
        except Error:  # the click navigated: the document that was waiting is gone
            outcome = "clicked"
        if outcome not in ("clicked", "unchanged"):
            logger.info("%s: no page after page %d: the button %r is %s", page.url, number - 1, next_click, outcome)
            return
        fresh = await wait_for_links(page, wanted, links, seconds if outcome == "clicked" else 0)
        if fresh == links:
            logger.info("%s: no page after page %d: clicking %r changed no article link in %.0f s", page.url,
                        number - 1, next_click, seconds)
            return
        links = fresh
        yield number, links
