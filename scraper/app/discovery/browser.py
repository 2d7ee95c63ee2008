"""Rendering a script-built listing page in headless Chromium (Playwright, sync API).

Used only when the raw HTML of a page has no usable links but has scripts. The
browser is the system Chromium: its path comes from ``ATTACHE_CHROMIUM``
(default ``/usr/bin/chromium``); as root it runs with ``--no-sandbox``. The
page is loaded with the project's User-Agent and, when a next-page button is
given, that button is clicked once to check it loads more links.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ...config import load_config
from ...spiders.browser import chromium_problem

LOAD_TIMEOUT_MS = 20_000


def chromium_path() -> str:
    """The Chromium executable (``ATTACHE_CHROMIUM``, default /usr/bin/chromium), as crawls use it."""
    return load_config().chromium


@dataclass
class Rendered:
    """A page as the browser built it."""

    html: str
    after_click: str | None = None
    """The page after one click on the next-page button (when one was given and it worked)."""
    error: str | None = None


def render_page(url: str, user_agent: str, click: str | None = None) -> Rendered:
    """Load `url` in headless Chromium and return its DOM (and the DOM after clicking `click` once)."""
    # Imported here: Playwright costs every process that imports the CLI (the daemon included) ~19 MB, and only
    # `attache sources add` on a script-built listing renders.
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    problem = chromium_problem(executable)
    if problem:
        return Rendered("", error=problem)
    args = ["--no-sandbox"] if os.geteuid() == 0 else []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=executable, headless=True, args=args)
            try:
                page = browser.new_page(user_agent=user_agent)
                page.goto(url, wait_until="networkidle", timeout=LOAD_TIMEOUT_MS)
                html = page.content()
                after = None
                if click and page.locator(click).count():
                    page.locator(click).first.click(timeout=LOAD_TIMEOUT_MS)
                    page.wait_for_load_state("networkidle", timeout=LOAD_TIMEOUT_MS)
                    after = page.content()
                return Rendered(html, after)
            finally:
                browser.close()
    except PlaywrightError as exc:
        return Rendered("", error=f"the browser could not render {url}: {str(exc).splitlines()[0]}")
