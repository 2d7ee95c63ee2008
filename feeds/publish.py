"""Publishing: write every feed file, the OPML list, the index page and the page of every pair feed —
only what changed, atomically.

A file is rewritten only when its bytes differ, via a temporary file in the
same directory, fsync and `os.replace`, so a reader never sees half a feed and
republishing unchanged data leaves every file (and its mtime) alone.
Concurrent publishers are serialised by a lock file in the feeds directory.

The index page and the OPML list carry the recently active pair feeds only; `pairs.html` lists them
all (`feeds.activity`). Feed files the catalog no longer lists (a pair whose items were re-tagged, a
source gone) are removed, so the server answers those paths from the store (an empty feed for a valid
pair or country) instead of a stale file.
"""

from __future__ import annotations

import fcntl
import gc
import logging
import os
import re
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from scraper.config import Config
from scraper.store import Store
from scraper.store.dirty import clear_dirty, dirty_feeds
from scraper.store.feed_queries import FeedFilter, feeds_of_sources, filter_window

from . import precompress
from .activity import PAIRS_ON_INDEX, QUIET_DAYS, Activity, PartyActivity, party_activity, split_long_tail
from .atomic_file import replace_atomically
from .build import FeedRun, build_feed
from .catalog import EXTENSIONS, FAMILIES, FeedSpec, catalog, spec_for_slug
from .entry_cache import EntryCache, open_cache
from .model import EPOCH, Entry
from .pages import group_specs, render_index, render_opml, render_pairs_page
from .publishers import publisher_names
from .render import FORMATS
from .story_groups import StoryGroups
from .stylesheet import STYLESHEET_NAME, stylesheet_bytes
from .websub import ping_changed

logger = logging.getLogger(__name__)

OPML_NAME = "feeds.opml"
INDEX_NAME = "index.html"
PAIRS_PAGE_NAME = "pairs.html"
LATEST_ON_INDEX = 30
LOCK_NAME = ".publish.lock"
_TEMP_NAME = re.compile(r"\..+\.[A-Za-z0-9_]{8}\.tmp")
"""`write_if_changed`'s temporary files: `tempfile.mkstemp(prefix=".<name>.", suffix=".tmp")`."""


@dataclass
class PublishReport:
    """What a publish run did; paths are relative to the feeds directory."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    """Slugs of the feeds rendered in this run."""
    removed: list[str] = field(default_factory=list)
    """Files of feeds the catalog no longer lists."""
    sizes: dict[str, int] = field(default_factory=dict)


def write_if_changed(path: Path, data: bytes, synced_later: set[Path] | None = None) -> bool:
    """Atomically replace `path` with `data` unless it already holds exactly those bytes; True if written.

    Either way its gzip copy (`feeds.precompress`) is written when missing or stale. The directory is
    synced (making the rename durable) before this returns, or, given `synced_later`, added to it for
    the caller's `sync_directories` (one fsync per directory for a whole publish)."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            precompress.ensure_gzip(path, data)
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_atomically(path, data)
    precompress.write_gzip(path, data)  # after its file: a copy older than the file is ignored
    if synced_later is None:
        sync_directories([path.parent])
    else:
        synced_later.add(path.parent)
    return True


def sync_directories(folders: Iterable[Path]) -> None:
    """fsync each folder, so the renames made in it survive a crash."""
    for folder in sorted(set(folders)):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


class _Writer:
    """Writes a publish's files (`write_if_changed`) on `THREADS` background threads, while the next feed
    is built: zlib and the fsyncs release the GIL, so the compression and the disk waits overlap the
    building. At most `PENDING` files wait; `finish` waits for all, records each in the report (in the
    order given) and raises the first error. The folders written to are synced by the caller."""

    PENDING = 12
    THREADS = 2
    """Writing threads: one file's fsync waits while another is compressed (120 files: 0.15 s on one, 0.09 on
    three)."""

    def __init__(self, root: Path, report: PublishReport) -> None:
        self.root = root
        self.report = report
        self.unsynced: set[Path] = set()
        self._pool = ThreadPoolExecutor(max_workers=self.THREADS, thread_name_prefix="publish-writer")
        self._slots = threading.BoundedSemaphore(self.PENDING)
        self._queued: list[tuple[str, Future[bool] | bool]] = []

    def write(self, relative: str, data: bytes) -> None:
        self.report.sizes[relative] = len(data)
        if _unchanged(self.root / relative, data):  # a republish: compared here, nothing to hand over
            self._queued.append((relative, False))
            return
        self._slots.acquire()
        try:
            self._queued.append((relative, self._pool.submit(self._write, relative, data)))
        except BaseException:
            self._slots.release()
            raise

    def _write(self, relative: str, data: bytes) -> bool:
        try:
            return write_if_changed(self.root / relative, data, self.unsynced)
        finally:
            self._slots.release()

    def finish(self) -> None:
        queued, self._queued = self._queued, []
        for relative, done in queued:
            written = done if isinstance(done, bool) else done.result()
            (self.report.written if written else self.report.unchanged).append(relative)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _publish_lock(feeds_dir: Path) -> Iterator[None]:
    feeds_dir.mkdir(parents=True, exist_ok=True)
    with open(feeds_dir / LOCK_NAME, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _collecting_new_objects_only() -> Iterator[None]:
    """Python's cyclic garbage collector looks at the objects made from here on only (`gc.freeze`), until the block
    ends (`gc.unfreeze`: the older ones are looked at again, nothing is left uncollected). The publish's one full
    collection otherwise went through every object of the process's imports too: 0.068 s CPU of an incremental
    publish's ~0.66 at 100,000 stored (docs/performance.md, sixth pass)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def _entry_cache(data_dir: Path, stories: StoryGroups) -> Iterator[EntryCache | None]:
    """The publish's entry cache (`feeds.entry_cache`), also recording the story candidates' feature keys."""
    cache = stories.key_cache = open_cache(data_dir)
    try:
        yield cache
    finally:
        stories.key_cache = None
        if cache is not None:
            cache.close()


def feeds_touching(store: Store, sources: Iterable[str]) -> set[str]:
    """Slugs of the feeds that carry at least one article of `sources` (for `publish(only=...)`)."""
    wanted = tuple(dict.fromkeys(sources))
    with store.session() as session:
        specs = catalog(session)
        indexed = feeds_of_sources(session, wanted)
        found = {s.slug for s in specs if s.indexed and s.slug in indexed}
        for spec in specs:
            if not spec.indexed and any(filter_window(session, spec.filter & FeedFilter(sources=(source,)), 1)
                                        for source in wanted):
                found.add(spec.slug)
    return found


def remove_stale_temp_files(root: Path) -> list[Path]:
    """Remove the temporary files (`.<name>.<random>.tmp`) a killed publish left in the feeds directory.

    Called with the publish lock held, so no running publish owns them."""
    removed = []
    for path in sorted(root.rglob(".*.tmp")):
        if _TEMP_NAME.fullmatch(path.name) and path.is_file():
            path.unlink(missing_ok=True)
            removed.append(path)
    if removed:
        logger.info("publish: removed %d temporary file(s) left by an interrupted publish", len(removed))
    return removed


def publish(
    config: Config,
    store: Store,
    *,
    only: set[str] | None = None,
    changed: bool = False,
    health_rows: Sequence[Mapping[str, object]] | None = None,
    stories: StoryGroups | None = None,
) -> PublishReport:
    """Write the feeds (all, only the slugs in `only`, or with `changed` only those the store marks dirty),
    then the OPML list, the index page and the pairs page.

    Every crawl marks the feeds it changed in the store (`scraper.store.dirty`); a publish clears the
    marks of the feeds it wrote (a full publish: every mark it saw). `health_rows` (one mapping per
    source, column -> value) fills the index page's source-health section; without it the section is
    left out. `stories` groups reports into stories (default: `StoryGroups(store)`).
    """
    report = PublishReport()
    root = config.feeds_dir
    names = publisher_names(config)
    if stories is None:
        stories = StoryGroups(store)
    with (_collecting_new_objects_only(), _publish_lock(root), closing(_Writer(root, report)) as writer,
          _entry_cache(config.data_dir, stories) as cache):
        remove_stale_temp_files(root)
        with store.session() as session:
            marks = dirty_feeds(session)
            specs = catalog(session, names=names)
            listed = {s.slug for s in specs}
            if changed:
                only = (only or set()) | (set(marks) & listed)
            unknown = sorted((only or set()) - listed) if not changed else []
            if unknown:
                logger.warning("publish: no such feed(s), skipped: %s", ", ".join(unknown))
            activity = party_activity(session)
            run = FeedRun(config, session, names, cache)
            # Each story feed groups its own window (kept in the store while the window is the same), so
            # a feed's stories never depend on `only`: the same data always gives the same bytes.
            rebuilt = [s for s in specs if only is None or s.slug in only or s.slug == "all"]
            stories.load_kept([s.slug for s in rebuilt if s.stories])
            run.prefetch(rebuilt)
            stories.preload({s.slug: run.story_window(s) for s in rebuilt if s.stories and not s.filter.sources})
            latest = []
            for spec in specs:
                if only is not None and spec.slug not in only and spec.slug != "all":
                    continue
                built = build_feed(config, session, spec, names=names, stories=stories, run=run)
                if spec.slug == "all":
                    latest = built.entries[:LATEST_ON_INDEX]
                    if only is not None and "all" not in only:
                        run.release(spec)
                        continue
                report.feeds.append(spec.slug)
                for fmt in FORMATS:
                    writer.write(spec.path(fmt), built.files[fmt])
                run.release(spec)
        writer.finish()
        sync_directories(writer.unsynced)  # the feeds are durable before their marks go
        writer.unsynced.clear()
        stories.save()
        done = marks if only is None else {f: v for f, v in marks.items() if f in only or f not in listed}
        if done:
            with store.session() as session:
                clear_dirty(session, done)
        report.removed = _remove_unlisted(root, listed)
        _write_pages(config, specs, activity, latest, health_rows, names, writer)
        writer.finish()
        sync_directories(writer.unsynced)
    logger.info("published %d feed(s): %d file(s) written, %d unchanged, %d removed", len(report.feeds),
                len(report.written), len(report.unchanged), len(report.removed))
    if config.websub_hub:
        ping_changed(config.websub_hub, config.public_base_url, report.written)
    return report


def _write_pages(config: Config, specs: Sequence[FeedSpec], activity: PartyActivity,
                 latest: Sequence[Entry], health_rows: Sequence[Mapping[str, object]] | None,
                 names: Mapping[str, str], writer: _Writer) -> None:
    """The OPML list, the index page and the pairs page."""
    updated = max((e.updated for e in latest), default=EPOCH)
    recent, tail = split_long_tail(activity)
    shown = {f"pairs/{k}" for k in recent}
    listed = [s for s in specs if s.family != "pairs" or s.slug in shown]
    groups = group_specs(listed, {f.name: f.heading for f in FAMILIES})
    by_slug = _activity_by_slug(activity.pairs, activity.countries)
    base = config.public_base_url
    writer.write(OPML_NAME, render_opml(base, groups, updated, by_slug))
    index = render_index(base, groups, latest, updated, health_rows, OPML_NAME, names, by_slug,
                         (PAIRS_PAGE_NAME, len(tail)))
    writer.write(INDEX_NAME, index)
    pair_specs = {s.slug: s for s in specs if s.family == "pairs"}
    page = render_pairs_page(base, [pair_specs[f"pairs/{k}"] for k in recent if f"pairs/{k}" in pair_specs],
                             [pair_specs[f"pairs/{k}"] for k in tail if f"pairs/{k}" in pair_specs],
                             by_slug, updated, QUIET_DAYS, PAIRS_ON_INDEX, INDEX_NAME)
    writer.write(PAIRS_PAGE_NAME, page)
    writer.write(STYLESHEET_NAME, stylesheet_bytes())


def _activity_by_slug(pairs: Mapping[str, Activity], countries: Mapping[str, Activity]) -> dict[str, Activity]:
    return {**{f"pairs/{k}": a for k, a in pairs.items()}, **{f"countries/{k}": a for k, a in countries.items()}}


def _remove_unlisted(root: Path, listed: set[str]) -> list[str]:
    """Remove the files of feeds (of any family) that the catalog does not list now; returns their paths."""
    removed = []
    for family in FAMILIES:
        if not family.prefix.endswith("/") or not (root / family.prefix).is_dir():
            continue
        for name in sorted(os.listdir(root / family.prefix)):  # names: sorting paths cost more than the rest
            slug, dot, ext = name.rpartition(".")
            full = family.prefix + slug
            if not dot or ext not in EXTENSIONS.values() or full in listed:
                continue
            path = root / family.prefix / name
            if not path.is_file() or spec_for_slug(full, [family]) is None:
                continue
            path.unlink()
            precompress.remove_gzip(path)
            removed.append(f"{full}.{ext}")
    if removed:
        logger.info("publish: removed %d file(s) of feeds no longer listed: %s", len(removed), ", ".join(removed))
    return removed


def _unchanged(path: Path, data: bytes) -> bool:
    """`path` holds exactly `data` and its gzip copy is fresh (what `write_if_changed` would leave alone)."""
    try:
        stat = path.stat()
        return (stat.st_size == len(data) and precompress.is_fresh(stat, precompress.gzip_path(path).stat())
                and path.read_bytes() == data)
    except FileNotFoundError:
        return False


def published_specs(config: Config, store: Store) -> list[FeedSpec]:
    """The feeds the catalog lists now (for the server and the scheduler)."""
    with store.session() as session:
        return catalog(session, names=publisher_names(config))
