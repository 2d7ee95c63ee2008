"""Feed entries and their rendered bytes kept from one publish to the next, in a file beside the feeds.

A publish is a new process each time; without this, it builds every entry of every feed it rebuilds
again (sanitising its HTML, `feeds.model.entry_from_row`) and serialises it again in each format
(`feeds.render.Renderer`), and reads the text of every candidate of every story window it regroups to find
the key of its kept story features, though almost all of them are the same as last time. Three tables,
each keyed by a digest of everything its value depends on:

- `entries`: an `Entry` by the digest of the article's entry columns as read from the store, its texts by
  their content hash (`ENTRY_KEY_COLUMNS`), and the categories' base URL, so a changed article (text, tags,
  dates ...) has a new key and a kept entry is found without reading the texts;
- `fragments`: an entry's RSS item, Atom entry and JSON Feed item by the digest of the whole `Entry` value,
  so a per-feed variant of an entry (its `updated` made unique in that feed, a story's "Also reported by"
  list) is a record of its own;
- `feature_keys`: a story candidate's story feature key (`scraper.tagging.stories.feature_key`, made from its
  title, text and language) by the digest of its title, content hash and language and of the code that makes
  the key (`feeds.story_groups.candidate_key`), so a regrouped window reads the text of new or changed
  candidates only.

The first two digests include `CODE_DIGEST`: the source of the modules that make and render entries and the versions
of the libraries they call, so an upgrade never serves bytes the new code would not make. The file is a
SQLite database of its own (whatever database the store is on: the cache belongs to the machine that writes
the feed files), opened under the publish lock. It is only an optimisation: a record is never trusted beyond
its key, an unreadable file is started again, and records not used for `KEEP_DAYS` are dropped.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import sqlite3
import sys
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any

import scraper.safe_text

from .model import Entry

logger = logging.getLogger(__name__)

CACHE_NAME = "feed-entries.sqlite3"
"""The cache file, in the data folder (beside the feeds folder, never served)."""
KEEP_DAYS = 30
"""Records not used for this long are dropped when a publish closes the cache."""
FORMAT = 0x41544301
"""The file's layout (its `application_id`): a file of another layout is emptied when opened."""
FLUSH_RECORDS = 1000
"""New records written to the file once this many wait (bounds a first publish's memory)."""
_CHUNK = 500
_TABLES = ("entries", "fragments", "feature_keys")
_ENTRY_MODULES = ("model", "clean", "render", "jsonfeed")
"""The modules of this package that make an entry and its rendered forms (with `scraper.safe_text`)."""


def _code_digest() -> bytes:
    h = hashlib.sha256(sys.version.encode())
    here = Path(__file__).parent
    for source in (*(here / f"{name}.py" for name in _ENTRY_MODULES), Path(scraper.safe_text.__file__ or "")):
        h.update(source.read_bytes())
    for name in ("feedgen", "lxml", "nh3"):
        h.update(f"\x00{name}={metadata.version(name)}".encode())
    return h.digest()


CODE_DIGEST = _code_digest()
"""What every record also depends on: the code that makes and renders entries, and its libraries."""


def row_key(row: Sequence[Any], categories_base: str) -> bytes:
    """The key of the entry made of the article whose `ENTRY_KEY_COLUMNS` are `row` (its texts go by their hash)."""
    made_of = categories_base.encode() + b"\x00" + repr(tuple(row)).encode("utf-8", "surrogatepass")
    return hashlib.sha256(CODE_DIGEST + made_of).digest()


_KEY_ATTRIBUTE = "_entry_key"
"""Where an entry keeps its `entry_key` once known (outside its fields and its pickle, like its hash)."""


def entry_key(entry: Entry) -> bytes:
    """The key of what `entry` renders to (its whole value): a digest of its pickle, made once per entry. An entry
    read from the cache has it already (the digest of the pickle it was read from, `EntryCache.entries`)."""
    known = entry.__dict__.get(_KEY_ATTRIBUTE)
    if known is None:
        known = _pickle_key(pickle.dumps(entry, protocol=5))
        object.__setattr__(entry, _KEY_ATTRIBUTE, known)
    return known


def _pickle_key(data: bytes) -> bytes:
    return hashlib.sha256(CODE_DIGEST + data).digest()


class EntryCache:
    """The records of one cache file; `close` writes what waits, refreshes the records used and prunes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = self._connect(path)
        self._now = int(time.time())
        self._stale = self._now - 86_400
        """Records used but last marked before this are marked used again (once a day at most)."""
        self._new_entries: dict[bytes, bytes] = {}
        self._new_fragments: dict[tuple[bytes, str], bytes] = {}
        self._new_feature_keys: dict[bytes, str | None] = {}
        self._used: dict[str, set[bytes]] = {table: set() for table in _TABLES}

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        for attempt in (1, 2):
            try:
                db = sqlite3.connect(path, isolation_level=None)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                if db.execute("PRAGMA application_id").fetchone()[0] != FORMAT:
                    for table in _TABLES:
                        db.execute(f"DROP TABLE IF EXISTS {table}")
                    db.execute(f"PRAGMA application_id = {FORMAT}")
                # Tables with a rowid: their records hold up to a page of data, where the records of a table
                # WITHOUT ROWID spill to overflow pages past about 1,000 bytes (reads 1.8x, writes 2.6x slower
                # on the bench's fragments). `used` before the data: pruning reads no overflow page.
                db.execute("CREATE TABLE IF NOT EXISTS entries (key BLOB PRIMARY KEY, used INTEGER NOT NULL, "
                           "data BLOB NOT NULL)")
                db.execute("CREATE TABLE IF NOT EXISTS feature_keys (key BLOB PRIMARY KEY, used INTEGER NOT NULL, "
                           "feature_key TEXT)")
                db.execute("CREATE TABLE IF NOT EXISTS fragments (key BLOB NOT NULL, format TEXT NOT NULL, "
                           "used INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (key, format))")
                return db
            except sqlite3.DatabaseError as exc:
                if attempt == 2:
                    raise
                logger.warning("feed entry cache %s unreadable (%s); starting it again", path, exc)
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise AssertionError("unreachable")

    def entries(self, keys: Iterable[bytes]) -> dict[bytes, Entry]:
        """The kept entries of these keys (absent: not kept, or unreadable)."""
        found: dict[bytes, Entry] = {}
        for key, data, used in self._select("SELECT key, data, used FROM entries WHERE key IN ({})", list(keys)):
            try:
                entry = pickle.loads(data)
            except Exception as exc:  # a damaged record is made again
                logger.warning("feed entry cache: unreadable entry record (%s)", exc)
                continue
            if isinstance(entry, Entry):
                # The pickle it was kept as is the one `entry_key` would make of it (`keep_entries`): its key without
                # pickling it again (a publish renders most of its entries from kept fragments found by that key).
                object.__setattr__(entry, _KEY_ATTRIBUTE, _pickle_key(data))
                found[key] = entry
                if used < self._stale:
                    self._used["entries"].add(key)
        return found

    def keep_entries(self, records: Mapping[bytes, Entry]) -> None:
        for key, entry in records.items():
            data = self._new_entries[key] = pickle.dumps(entry, protocol=5)
            if _KEY_ATTRIBUTE not in entry.__dict__:
                object.__setattr__(entry, _KEY_ATTRIBUTE, _pickle_key(data))
        self._flush_if_full()

    def fragments(self, keys: Iterable[bytes]) -> dict[bytes, dict[str, bytes]]:
        """The kept rendered forms of these entry keys, by key and format."""
        found: dict[bytes, dict[str, bytes]] = {}
        for key, fmt, data, used in self._select("SELECT key, format, data, used FROM fragments WHERE key IN ({})",
                                                 list(dict.fromkeys(keys))):
            found.setdefault(key, {})[fmt] = bytes(data)
            if used < self._stale:
                self._used["fragments"].add(key)
        return found

    def keep_fragments(self, records: Mapping[tuple[bytes, str], bytes]) -> None:
        self._new_fragments.update(records)
        self._flush_if_full()

    def feature_keys(self, keys: Iterable[bytes]) -> dict[bytes, str | None]:
        """The story feature keys (`scraper.tagging.stories.feature_key`, None: too short to group) recorded for
        these candidate keys (`feeds.story_groups.candidate_key`)."""
        found: dict[bytes, str | None] = {}
        for key, feature_key, used in self._select("SELECT key, feature_key, used FROM feature_keys WHERE key IN ({})",
                                                   list(dict.fromkeys(keys))):
            found[key] = feature_key
            if used < self._stale:
                self._used["feature_keys"].add(key)
        return found

    def keep_feature_keys(self, records: Mapping[bytes, str | None]) -> None:
        self._new_feature_keys.update(records)
        self._flush_if_full()

    def _select(self, sql: str, keys: Sequence[bytes]) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = []
        try:
            for start in range(0, len(keys), _CHUNK):
                chunk = keys[start:start + _CHUNK]
                rows += self._db.execute(sql.format(",".join("?" * len(chunk))), chunk).fetchall()
        except sqlite3.Error as exc:
            logger.warning("feed entry cache not read (%s); making the entries again", exc)
        return rows

    def _flush_if_full(self) -> None:
        if len(self._new_entries) + len(self._new_fragments) + len(self._new_feature_keys) >= FLUSH_RECORDS:
            self.flush()

    def flush(self) -> None:
        """Write the records waiting, and mark the old records used in this run as used now."""
        entries, self._new_entries = self._new_entries, {}
        fragments, self._new_fragments = self._new_fragments, {}
        feature_keys, self._new_feature_keys = self._new_feature_keys, {}
        used, self._used = self._used, {table: set() for table in _TABLES}
        try:
            self._write(entries, fragments, feature_keys, used)
        except sqlite3.Error as exc:
            logger.warning("feed entry cache: %d record(s) not kept (%s)", len(entries) + len(fragments), exc)

    def _write(self, entries: Mapping[bytes, bytes], fragments: Mapping[tuple[bytes, str], bytes],
               feature_keys: Mapping[bytes, str | None], used: Mapping[str, set[bytes]]) -> None:
        with self._transaction():
            self._db.executemany("INSERT OR REPLACE INTO feature_keys (key, feature_key, used) VALUES (?, ?, ?)",
                                 [(k, v, self._now) for k, v in feature_keys.items()])
            self._db.executemany("INSERT OR REPLACE INTO entries (key, data, used) VALUES (?, ?, ?)",
                                 [(k, v, self._now) for k, v in entries.items()])
            self._db.executemany("INSERT OR REPLACE INTO fragments (key, format, data, used) VALUES (?, ?, ?, ?)",
                                 [(k, f, v, self._now) for (k, f), v in fragments.items()])
            for table, keys in used.items():
                self._db.executemany(f"UPDATE {table} SET used = ? WHERE key = ?", [(self._now, k) for k in keys])

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def close(self) -> None:
        """Write what waits, drop the records unused for `KEEP_DAYS` (once a day: the day of the last pruning is
        the file's `user_version`), close the file."""
        try:
            self.flush()
            today = self._now // 86_400
            if self._db.execute("PRAGMA user_version").fetchone()[0] < today:
                cutoff = self._now - KEEP_DAYS * 86_400
                with self._transaction():
                    for table in _TABLES:
                        self._db.execute(f"DELETE FROM {table} WHERE used < ?", (cutoff,))
                    self._db.execute(f"PRAGMA user_version = {int(today)}")
        except sqlite3.Error as exc:
            logger.warning("feed entry cache not pruned (%s)", exc)
        finally:
            self._db.close()


def open_cache(data_dir: Path) -> EntryCache | None:
    """The entry cache of this data folder, or None (logged) when it cannot be opened."""
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        return EntryCache(data_dir / CACHE_NAME)
    except (OSError, sqlite3.Error) as exc:
        logger.warning("feed entry cache in %s not used: %s", data_dir, exc)
        return None
