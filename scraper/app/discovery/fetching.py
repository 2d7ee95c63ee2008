"""Polite page fetching for discovery: the project's User-Agent, robots.txt obeyed, a small page budget.

Discovery reads a handful of pages (the start page, feed and sitemap candidates,
a few sample articles), never a whole site: `Fetcher` refuses to go over its
budget, waits the configured download delay between requests, and keeps a log of
what it tried so a failed discovery can say so.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from protego import Protego

DEFAULT_BUDGET = 30
DEFAULT_DEADLINE_SECONDS = 180.0
"""Discovery stops fetching this long after its first request (a slow site cannot hold it for long)."""
TIMEOUT_SECONDS = 15.0
MAX_BYTES = 5_000_000


@dataclass
class FetchedPage:
    """One response (or the reason there was none)."""

    url: str
    status: int
    content_type: str = ""
    body: bytes = b""
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and 200 <= self.status < 300

    def text(self) -> str:
        charset = "utf-8"
        if "charset=" in self.content_type:
            charset = self.content_type.split("charset=", 1)[1].split(";")[0].strip() or charset
        try:
            return self.body.decode(charset, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")


@dataclass
class Fetcher:
    """Fetches pages for discovery, at most `budget` of them, obeying each site's robots.txt."""

    user_agent: str
    budget: int = DEFAULT_BUDGET
    delay: float = 0.0
    deadline_seconds: float = DEFAULT_DEADLINE_SECONDS
    cancelled: Callable[[], bool] = lambda: False
    """Checked before every request (the daemon's shutdown)."""
    tried: list[str] = field(default_factory=list)
    """One line per request: status and URL (for the "what was tried" report)."""
    _robots: dict[str, Protego | None] = field(default_factory=dict)
    _last: float = 0.0
    _started: float | None = None

    def robots(self, url: str) -> Protego | None:
        """The parsed robots.txt of `url`'s site (None when it has none)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            page = self._get(origin + "/robots.txt")
            self._robots[origin] = Protego.parse(page.text()) if page.ok else None
        return self._robots[origin]

    def allowed(self, url: str) -> bool:
        """True when robots.txt lets our User-Agent fetch `url`."""
        rules = self.robots(url)
        return rules is None or rules.can_fetch(url, self.user_agent)

    def get(self, url: str) -> FetchedPage:
        """GET `url` unless robots.txt forbids it or the budget is spent (both answered as an error page)."""
        if not self.allowed(url):
            self.tried.append(f"robots.txt forbids {url}")
            return FetchedPage(url, 0, error="forbidden by robots.txt")
        return self._get(url)

    def _get(self, url: str) -> FetchedPage:
        if self.budget <= 0:
            return FetchedPage(url, 0, error="discovery page budget spent")
        if self.cancelled():
            return FetchedPage(url, 0, error="discovery was stopped")
        now = time.monotonic()
        self._started = now if self._started is None else self._started
        if now - self._started > self.deadline_seconds:
            return FetchedPage(url, 0, error=f"discovery time limit ({self.deadline_seconds:.0f} s) reached")
        self.budget -= 1
        wait = self._last + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent, "Accept": "*/*"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 (http(s) only)
                page = FetchedPage(response.geturl(), response.status, response.headers.get("Content-Type", ""),
                                   response.read(MAX_BYTES))
        except urllib.error.HTTPError as exc:
            page = FetchedPage(url, exc.code, error=f"HTTP {exc.code}")
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            page = FetchedPage(url, 0, error=str(reason))
        finally:
            self._last = time.monotonic()
        self.tried.append(f"{page.status or page.error} {url}")
        return page
