"""Gzip copies made at publish (`feeds.precompress`): beside every file, refreshed when stale, removed with it."""

from __future__ import annotations

import gzip
import os

from feeds.precompress import ensure_gzip, gzip_path, is_fresh, write_gzip
from feeds.publish import publish, sync_directories, write_if_changed
from scraper.store import Store
from tests.helpers.feed_store import fill_store, make_config


def test_write_if_changed_writes_the_copy_after_its_file(tmp_path):
    path = tmp_path / "all.rss"
    assert write_if_changed(path, b"<rss>one</rss>")
    copy = gzip_path(path)
    assert gzip.decompress(copy.read_bytes()) == b"<rss>one</rss>" and is_fresh(path.stat(), copy.stat())
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left behind
    assert write_if_changed(path, b"<rss>two</rss>")
    assert gzip.decompress(copy.read_bytes()) == b"<rss>two</rss>"


def test_a_publish_leaves_the_directory_syncs_to_one_per_folder(tmp_path):
    """`write_if_changed(..., synced_later)` names the folder instead of syncing it; an unchanged file names none."""
    later: set = set()
    (tmp_path / "sources").mkdir()
    for name in ("all.rss", "all.atom", "sources/a.rss"):
        assert write_if_changed(tmp_path / name, b"<rss>one</rss>", later)
    assert later == {tmp_path, tmp_path / "sources"}
    sync_directories(later)  # real fsyncs of real folders
    assert gzip.decompress(gzip_path(tmp_path / "sources/a.rss").read_bytes()) == b"<rss>one</rss>"
    unchanged: set = set()
    assert not write_if_changed(tmp_path / "all.rss", b"<rss>one</rss>", unchanged) and unchanged == set()


def test_a_missing_or_stale_copy_is_remade_even_when_the_file_is_unchanged(tmp_path):
    path = tmp_path / "all.atom"
    write_if_changed(path, b"<feed/>")
    gzip_path(path).unlink()  # published by a version that made no copies
    assert not write_if_changed(path, b"<feed/>") and gzip.decompress(gzip_path(path).read_bytes()) == b"<feed/>"
    write_gzip(path, b"<old/>")
    stat = path.stat()
    os.utime(gzip_path(path), ns=(stat.st_atime_ns, stat.st_mtime_ns - 1_000_000_000))  # older than its file
    assert not is_fresh(path.stat(), gzip_path(path).stat())
    assert ensure_gzip(path, b"<feed/>") and gzip.decompress(gzip_path(path).read_bytes()) == b"<feed/>"
    assert not ensure_gzip(path, b"<feed/>")  # fresh now: left alone


def test_copies_go_with_the_feeds_publish_removes(tmp_path):
    config = make_config(tmp_path)
    store = Store(config.database_url)
    try:
        fill_store(store)
        publish(config, store)
        root = config.feeds_dir
        # A pair feed the catalog no longer lists (as after a retag): publish removes it and its copy.
        for ext in ("rss", "atom", "json"):
            write_if_changed(root / f"pairs/FR-IT.{ext}", b"stale")
        assert (root / "pairs/FR-IT.rss.gz").is_file()
        report = publish(config, store)
        assert sorted(report.removed) == [f"pairs/FR-IT.{e}" for e in ("atom", "json", "rss")]
        assert not list(root.glob("pairs/FR-IT.*"))
    finally:
        store.close()
