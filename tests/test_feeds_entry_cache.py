"""The feed entry cache (`feeds/entry_cache.py`): records kept across runs, dropped after `KEEP_DAYS` unused,
an unreadable file started again."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import feeds.entry_cache
from feeds.entry_cache import CACHE_NAME, KEEP_DAYS, EntryCache, entry_key, open_cache
from feeds.model import Entry
from feeds.publish import publish
from scraper.store import Store
from tests.helpers.feed_store import fill_store, make_config

WHEN = datetime(2025, 3, 1, tzinfo=UTC)


def _entry(n: int) -> Entry:
    url = f"https://news.example.org/{n}"
    return Entry(id=url, link=url, title=f"T{n}", summary="s", content_html="<p>c</p>", published=WHEN,
                 updated=WHEN)


def test_records_are_kept_across_runs_and_dropped_after_the_days_unused(tmp_path: Path, monkeypatch) -> None:
    day = 20_000 * 86_400
    monkeypatch.setattr(feeds.entry_cache.time, "time", lambda: day)
    cache = EntryCache(tmp_path / CACHE_NAME)
    old, kept = _entry(1), _entry(2)
    cache.keep_entries({b"old": old, b"kept": kept})
    cache.keep_fragments({(entry_key(old), "rss"): b"<item>1</item>", (entry_key(kept), "rss"): b"<item>2</item>"})
    cache.keep_feature_keys({b"candidate": "feature-key", b"short": None})
    cache.close()

    monkeypatch.setattr(feeds.entry_cache.time, "time", lambda: day + (KEEP_DAYS - 1) * 86_400)
    cache = EntryCache(tmp_path / CACHE_NAME)
    assert cache.entries([b"kept", b"absent"]) == {b"kept": kept}
    assert cache.fragments([entry_key(kept)]) == {entry_key(kept): {"rss": b"<item>2</item>"}}
    assert cache.feature_keys([b"short", b"absent"]) == {b"short": None}
    cache.close()  # `kept`, its fragment and `short` used again: marked used on this day

    monkeypatch.setattr(feeds.entry_cache.time, "time", lambda: day + (KEEP_DAYS + 1) * 86_400)
    EntryCache(tmp_path / CACHE_NAME).close()  # prunes
    cache = EntryCache(tmp_path / CACHE_NAME)
    assert cache.entries([b"kept", b"old"]) == {b"kept": kept}
    assert set(cache.fragments([entry_key(kept), entry_key(old)])) == {entry_key(kept)}
    assert cache.feature_keys([b"candidate", b"short"]) == {b"short": None}
    cache.close()


def test_an_unreadable_cache_file_is_started_again(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    store = Store(config.database_url)
    try:
        fill_store(store)
        publish(config, store)
        expected = {p.name: p.read_bytes() for p in config.feeds_dir.rglob("*.atom")}
        (config.data_dir / CACHE_NAME).write_bytes(b"not a database " * 1000)
        for path in config.feeds_dir.rglob("*.atom"):
            path.unlink()
        publish(config, store)
        assert {p.name: p.read_bytes() for p in config.feeds_dir.rglob("*.atom")} == expected
        cache = open_cache(config.data_dir)
        assert cache is not None and cache.entries([b"x"]) == {}
        cache.close()
    finally:
        store.close()


def test_an_entry_read_from_the_cache_has_the_key_its_value_gives(tmp_path: Path) -> None:
    """The key an entry read from the cache carries (the digest of the pickle it was read from) is the key of its
    value, made by pickling an equal entry afresh; the key kept on the entry stays out of its pickle."""
    import dataclasses
    import pickle

    entry = dataclasses.replace(_entry(3), authors=("A", "B"), content_html="<p>é ✓</p>")
    cache = EntryCache(tmp_path / CACHE_NAME)
    cache.keep_entries({b"row": entry})
    cache.close()
    cache = EntryCache(tmp_path / CACHE_NAME)
    read = cache.entries([b"row"])[b"row"]
    cache.close()
    fresh = dataclasses.replace(read)  # an equal entry, its key not known yet
    assert "_entry_key" in read.__dict__ and "_entry_key" not in fresh.__dict__
    assert entry_key(read) == entry_key(fresh) == entry_key(entry)
    assert pickle.dumps(read, protocol=5) == pickle.dumps(fresh, protocol=5)
    changed = dataclasses.replace(read, title="Another title")
    assert entry_key(changed) != entry_key(read)
