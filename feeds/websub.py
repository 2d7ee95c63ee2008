"""WebSub publisher pings: tell the configured hub which feeds changed (https://www.w3.org/TR/websub/).

The feeds name the hub themselves (`rel="hub"`, see `feeds.render` and `feeds.jsonfeed`); after a publish,
`ping_changed` posts `hub.mode=publish` and `hub.url=<feed URL>` to the hub once per changed feed file.
A hub that is down or refuses is logged as a warning: a ping never fails the publish.
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from collections.abc import Iterable
from urllib.parse import urlencode

from .catalog import EXTENSIONS

logger = logging.getLogger(__name__)

TIMEOUT = 10.0
"""Seconds one ping may take."""
_FEED_SUFFIXES = tuple(f".{ext}" for ext in EXTENSIONS.values())


def changed_feed_urls(base_url: str, written: Iterable[str]) -> list[str]:
    """Public URLs of the feed files among `written` (paths relative to the feeds directory)."""
    return [base_url + path for path in written if path.endswith(_FEED_SUFFIXES)]


def ping(hub: str, feed_url: str, timeout: float = TIMEOUT) -> bool:
    """Post one publish notification; True when the hub accepted it (2xx), else a warning is logged."""
    data = urlencode({"hub.mode": "publish", "hub.url": feed_url}).encode()
    request = urllib.request.Request(hub, data=data, method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except (OSError, ValueError) as exc:
        logger.warning("WebSub hub %s not reached for %s: %s", hub, feed_url, exc)
        return False
    if not 200 <= status < 300:
        logger.warning("WebSub hub %s answered %d for %s", hub, status, feed_url)
        return False
    return True


def ping_changed(hub: str, base_url: str, written: Iterable[str]) -> int:
    """Ping `hub` for every feed file among `written`; returns how many pings the hub accepted."""
    return sum(ping(hub, url) for url in changed_feed_urls(base_url, written))
