"""Publishing: write every feed file, the OPML list and the index page — only what changed, atomically.

A file is rewritten only when its bytes differ, via a temporary file in the
same directory, fsync and `os.replace`, so a reader never sees half a feed and
republishing unchanged data leaves every file (and its mtime) alone.
Concurrent publishers are serialised by a lock file in the feeds directory.
"""

from __future__ import annotations

import fcntl
import logging
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from scraper.config import Config
from scraper.store import Store
from scraper.store.feed_queries import FeedFilter, feed_articles

from .build import build_feed, story_candidates
from .catalog import FAMILIES, FeedSpec, catalog
from .model import EPOCH
from .pages import group_specs, render_index, render_opml
from .publishers import publisher_names
from .render import FORMATS
from .story_groups import StoryGroups

logger = logging.getLogger(__name__)

OPML_NAME = "feeds.opml"
INDEX_NAME = "index.html"
LATEST_ON_INDEX = 30
LOCK_NAME = ".publish.lock"


@dataclass
class PublishReport:
    """What a publish run did; paths are relative to the feeds directory."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    """Slugs of the feeds rendered in this run."""
    sizes: dict[str, int] = field(default_factory=dict)


def write_if_changed(path: Path, data: bytes) -> bool:
    """Atomically replace `path` with `data` unless it already holds exactly those bytes; True if written."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return True


@contextmanager
def _publish_lock(feeds_dir: Path) -> Iterator[None]:
    feeds_dir.mkdir(parents=True, exist_ok=True)
    with open(feeds_dir / LOCK_NAME, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def feeds_touching(store: Store, sources: Iterable[str]) -> set[str]:
    """Slugs of the feeds that carry at least one article of `sources` (for `publish(only=...)`)."""
    wanted = tuple(dict.fromkeys(sources))
    found: set[str] = set()
    with store.session() as session:
        for spec in catalog(session):
            for source in wanted:
                if feed_articles(session, spec.filter & FeedFilter(sources=(source,)), 1):
                    found.add(spec.slug)
                    break
    return found


def publish(
    config: Config,
    store: Store,
    *,
    only: set[str] | None = None,
    health_rows: Sequence[Mapping[str, object]] | None = None,
    stories: StoryGroups | None = None,
) -> PublishReport:
    """Write the feeds (all, or only the slugs in `only`), then the OPML list and the index page.

    `health_rows` (one mapping per source, column -> value) fills the index
    page's source-health section; without it the section is left out.
    `stories` groups reports into stories (default: `StoryGroups(store)`).
    """
    report = PublishReport()
    root = config.feeds_dir
    names = publisher_names(config)
    if stories is None:
        stories = StoryGroups(store)
    with _publish_lock(root), store.session() as session:
        specs = catalog(session, names=names)
        unknown = sorted((only or set()) - {s.slug for s in specs})
        if unknown:
            logger.warning("publish: no such feed(s), skipped: %s", ", ".join(unknown))
        # Every story feed's candidates, whichever feeds this run builds, so a feed's stories never
        # depend on `only` (the same data always gives the same bytes).
        stories.prepare(story_candidates(config, session, specs))
        latest = []
        for spec in specs:
            if only is not None and spec.slug not in only and spec.slug != "all":
                continue
            built = build_feed(config, session, spec, names=names, stories=stories)
            if spec.slug == "all":
                latest = built.entries[:LATEST_ON_INDEX]
                if only is not None and "all" not in only:
                    continue
            report.feeds.append(spec.slug)
            for fmt in FORMATS:
                _write(root, spec.path(fmt), built.files[fmt], report)
    updated = max((e.updated for e in latest), default=EPOCH)
    groups = group_specs(specs, {f.name: f.heading for f in FAMILIES})
    _write(root, OPML_NAME, render_opml(config.public_base_url, groups, updated), report)
    index = render_index(config.public_base_url, groups, latest, updated, health_rows, OPML_NAME, names)
    _write(root, INDEX_NAME, index, report)
    logger.info("published %d feed(s): %d file(s) written, %d unchanged", len(report.feeds),
                len(report.written), len(report.unchanged))
    return report


def _write(root: Path, relative: str, data: bytes, report: PublishReport) -> None:
    report.sizes[relative] = len(data)
    if write_if_changed(root / relative, data):
        report.written.append(relative)
    else:
        report.unchanged.append(relative)


def published_specs(config: Config, store: Store) -> list[FeedSpec]:
    """The feeds the catalog lists now (for the server and the scheduler)."""
    with store.session() as session:
        return catalog(session, names=publisher_names(config))
