"""The tagger's version: which tagging the stored articles carry.

Bump `TAGGER_VERSION` whenever a change alters what `scraper.tagging.tag_article` returns for some text
(new or changed rules, data files, lexicons, thresholds, fields). The store records the version that
tagged its articles (`scraper.store.stored_tagger_version`); a daemon started on a store tagged by
another version tags every stored article again once and republishes the feeds (docs/daemon.md).
A change that alters only speed keeps the version.
"""

from __future__ import annotations

TAGGER_VERSION = "2026.12.01.3"
"""Any string; compared for equality only. Convention: the date of the change (add .2, .3 on the same day)."""
