"""Proposed repairs: a source in the warning state gets discovery run on its start URL, once per episode.

`propose_repair` runs discovery (on the first start URL, then on the site's
root), keeps the entry's own settings (name, country, languages, schedule, ...)
and replaces how it is followed (kind, start URLs, article pattern, pager,
rendering), test-crawls the result, and stores it with a diff against the entry
in use (`scraper.store.repairs`). With ``auto_repair = true`` for the source and
a user catalog (``ATTACHE_SOURCES`` / ``--sources``), a repair whose test crawl
stored an article is written into the user catalog (`catalog_file.replace_entry`);
every crawl reads the catalog file when it starts, so the next crawl uses it.
"""

from __future__ import annotations

import logging
import re
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scraper.app.daemon.health import SourceHealth
from scraper.app.discovery.catalog_file import CatalogWriteError, replace_entry
from scraper.app.discovery.discover import Proposal, discover, test_entry
from scraper.app.discovery.entry import entry_diff, entry_toml, source_entry
from scraper.app.discovery.fetching import Fetcher
from scraper.config import Config
from scraper.settings import USER_AGENT
from scraper.sources import Source
from scraper.store import Repair, Store, record_repair, repair_for_episode, set_repair_status

logger = logging.getLogger(__name__)

NAVIGATION_KEYS = ("kind", "start_urls", "article_pattern", "next_page", "render", "next_click")
"""What a repair replaces; every other key of the entry is kept."""


def repaired_entry(source: Source, found: dict[str, Any]) -> dict[str, Any]:
    """`source`'s entry with the navigation keys replaced by those discovery `found`."""
    entry = {k: v for k, v in source_entry(source).items() if k not in NAVIGATION_KEYS}
    entry.update({k: v for k, v in found.items() if k in NAVIGATION_KEYS})
    if source.article_pattern and "article_pattern" not in entry:
        # A user entry cannot unset a built-in key: match every page of the site instead.
        entry["article_pattern"] = "//" + re.escape(urlsplit(entry["start_urls"][0]).netloc) + "/"
    if source.render == "browser" and "render" not in entry:
        entry["render"] = "plain"
    return entry


def _discover(source: Source, config: Config, find: Callable[..., Proposal], fetcher: Fetcher) -> Proposal:
    start = source.start_urls[0]
    proposal = find(start, config, source_id=source.id, test=False, fetcher=fetcher)
    parts = urlsplit(start)
    root = f"{parts.scheme}://{parts.netloc}/"
    if proposal.entry is None and start != root:
        again = find(root, config, source_id=source.id, test=False, fetcher=fetcher)
        if again.entry is not None:
            return again
        proposal.notes += again.notes
    return proposal


def propose_repair(source: Source, health: SourceHealth, config: Config, store: Store, *,
                   find: Callable[..., Proposal] = discover, cancelled: Callable[[], bool] = lambda: False,
                   on_start: Callable[[subprocess.Popen[str]], None] | None = None) -> Repair | None:
    """Propose (and with ``auto_repair``, apply) a repair for `source`'s current warning episode.

    Returns the stored repair, or None when the source is not in the warning state, this episode
    already has one, or `cancelled()` became true (the daemon is stopping). `on_start` gets the
    test crawl's process."""
    if health.warning is None or health.episode is None:
        return None
    with store.session() as session:
        if repair_for_episode(session, source.id, health.episode) is not None:
            return None
    logger.info("%s: warning (%s); running discovery on %s", source.id, health.warning, source.start_urls[0])
    proposal = _discover(source, config, find, Fetcher(USER_AGENT, delay=config.download_delay, cancelled=cancelled))
    if cancelled():
        return None
    proposal.by = f"the daemon's repair of {source.id!r} ({health.warning[:80]})"
    now = datetime.now(UTC)
    if proposal.entry is None:
        with store.session() as session:
            rid = record_repair(session, source.id, health.episode, now, "nothing found", message=proposal.failure())
        logger.warning("%s: discovery found no repair: %s", source.id, "; ".join(proposal.notes))
        return _read(store, source.id, health.episode, rid)
    entry = repaired_entry(source, proposal.entry)
    proposal.test = test_entry(source.id, entry, config, on_start=on_start)
    if cancelled():
        return None
    text = entry_toml(source.id, entry, proposal.comments())
    diff = entry_diff(source.id, source_entry(source), entry)
    status = "proposed" if proposal.test.ok else "test failed"
    message = "" if proposal.test.ok else f"test crawl: {proposal.test_result}: {proposal.test.problem}"
    with store.session() as session:
        rid = record_repair(session, source.id, health.episode, now, status, entry=text, diff=diff, message=message)
    logger.warning("%s: repair %s:\n%s", source.id, status, diff or "(no change to the entry)")
    if status == "proposed" and source.auto_repair:
        _apply(source, text, config, store, rid)
    elif status == "proposed":
        with store.session() as session:
            set_repair_status(session, rid, "proposed",
                              "not applied: auto_repair is off for this source (see `attache status --explain`)")
    return _read(store, source.id, health.episode, rid)


def _apply(source: Source, text: str, config: Config, store: Store, repair_id: int) -> None:
    target = _catalog_of(source, config)
    if target is None:
        status, message = "not applied", ("auto_repair is on but there is no user catalog to write it to: "
                                          "set ATTACHE_SOURCES or pass --sources FILE")
        logger.warning("%s: repair %s", source.id, message)
    else:
        try:
            replace_entry(target, source.id, text)
        except (CatalogWriteError, OSError) as exc:
            status, message = "not applied", f"could not write the user catalog: {exc}"
            logger.error("%s: repair %s", source.id, message)
        else:
            status, message = "applied", f"written to {target}; the next crawl uses it"
            logger.warning("%s: repair applied to %s (auto_repair = true)", source.id, target)
    with store.session() as session:
        set_repair_status(session, repair_id, status, message)


def _read(store: Store, source_id: str, episode: int, repair_id: int) -> Repair | None:
    with store.session() as session:
        repair = repair_for_episode(session, source_id, episode)
    return repair if repair is not None and repair.id == repair_id else repair


def _catalog_of(source: Source, config: Config) -> Path | None:
    """The user catalog a repair of `source` goes to: the one its entry came from, else the first one."""
    for path in config.sources:
        if str(path) == source.origin:
            return path
    return config.sources[0] if config.sources else None
