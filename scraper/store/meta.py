"""Facts about the store as a whole (table `store_meta`): the tagger version its articles carry.

The one home of the keys; callers use the named functions, never a key string.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from .schema import StoreMetaRow

TAGGER_VERSION_KEY = "tagger_version"


def stored_tagger_version(session: Session) -> str | None:
    """The tagger version that last tagged every stored article; None when never recorded."""
    row = session.get(StoreMetaRow, TAGGER_VERSION_KEY)
    return row.value if row is not None else None


def set_tagger_version(session: Session, version: str) -> None:
    """Record that every stored article now carries the tags of `version`."""
    row = session.get(StoreMetaRow, TAGGER_VERSION_KEY)
    if row is None:
        session.add(StoreMetaRow(key=TAGGER_VERSION_KEY, value=version))
    else:
        row.value = version

