"""`attache retag [--source ID]`: tag the stored articles again with the current tagger (no network).

Known pages are not fetched again, so articles stored before a better tagger keep their old tags
(and, from before parties existed, none): this runs `scraper.tagging.tag_article` over the stored text
and keeps what changed (`scraper.store.update_tags`; the text and the time readers see stay). Then
`attache publish` (or the daemon's next publish) brings the feeds up to date.
"""

from __future__ import annotations

import argparse
import logging
from datetime import UTC, datetime
from typing import Any

from scraper.config import Config
from scraper.store import Store, article_ids, articles_by_id, row_to_article, update_tags
from scraper.tagging import tag_article

logger = logging.getLogger(__name__)

BATCH = 200
"""Articles per transaction."""


def register(subparsers: Any) -> None:
    """Add `retag` to the `attache` parser."""
    retag = subparsers.add_parser("retag", help="tag the stored articles again (after a tagger update)")
    retag.add_argument("--source", help="only this source's articles")
    retag.set_defaults(func=run)


def run(args: argparse.Namespace, config: Config) -> int:
    store = Store(config.database_url)
    changed = failed = 0
    now = datetime.now(UTC)
    try:
        with store.session() as session:
            ids = article_ids(session, args.source)
        for start in range(0, len(ids), BATCH):
            with store.session() as session:
                for row in articles_by_id(session, ids[start:start + BATCH]):
                    article = row_to_article(row)
                    try:
                        tag_article(article, row.publisher_country)
                    except Exception:  # one bad text must not stop the rest; it keeps its tags
                        logger.exception("tagging failed for %s", row.url)
                        failed += 1
                        continue
                    changed += update_tags(row, article, now)
    finally:
        store.close()
    failures = f", {failed} failed (kept their tags; see the log)" if failed else ""
    print(f"retagged {len(ids)} article(s): {changed} changed, {len(ids) - changed - failed} unchanged{failures}")
    if changed:
        print("run `attache publish` to bring the feeds up to date")
    return 1 if failed else 0
