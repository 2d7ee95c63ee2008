"""The per-word table `cue_hits` reads a text's cue words through gives what a fresh computation gives."""

from __future__ import annotations

import pytest

from scraper.tagging import cooperation
from scraper.tagging.cooperation import cue_hits


def test_cue_hits_are_the_same_from_the_cue_entries_table_and_without_it(monkeypatch: pytest.MonkeyPatch):
    report = ("Azerbaijani and Turkish troops held a joint exercise; the defence ministers signed a memorandum of "
              "understanding on military cooperation and training.")
    cached = cue_hits(report)
    assert {hit.category for hit in cached} >= {"exercise", "agreement"}
    monkeypatch.setattr(cooperation, "_CUE_ENTRIES", {})
    assert cue_hits(report + " ") == cached  # another text: read again through an empty table
    assert cooperation._CUE_ENTRIES  # ... which it filled
