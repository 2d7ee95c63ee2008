"""Facts about the store as a whole (table `store_meta`): the tagger version its articles carry, the version
of the feed-membership rule its index was built with.

The one home of the keys; callers use the named functions, never a key string. A write is an upsert in
the database's dialect, so two processes recording the same fact at once never fail on one another.
"""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .schema import StoreMetaRow

TAGGER_VERSION_KEY = "tagger_version"
FEED_INDEX_KEY = "feed_index_version"


def stored_tagger_version(session: Session) -> str | None:
    """The tagger version that last tagged every stored article; None when never recorded."""
    return _get(session, TAGGER_VERSION_KEY)


def set_tagger_version(session: Session, version: str) -> None:
    """Record that every stored article now carries the tags of `version`."""
    _put(session, TAGGER_VERSION_KEY, version)


def stored_feed_index_version(session: Session) -> str | None:
    """The `feed_index.FEED_INDEX_VERSION` the membership rows were built with; None when never built."""
    return _get(session, FEED_INDEX_KEY)


def set_feed_index_version(session: Session, version: str) -> None:
    _put(session, FEED_INDEX_KEY, version)


def _get(session: Session, key: str) -> str | None:
    row = session.get(StoreMetaRow, key, populate_existing=True)
    return row.value if row is not None else None


def _put(session: Session, key: str, value: str) -> None:
    module = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = module.insert(StoreMetaRow).values(key=key, value=value)
    session.execute(statement.on_conflict_do_update(index_elements=[StoreMetaRow.key], set_={"value": value}))
