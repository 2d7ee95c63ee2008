"""One publisher among the daemons that share a PostgreSQL database.

Several daemons (one per machine, or several data directories) may crawl into one PostgreSQL store; only one
of them may write the feed files. The publisher is whichever daemon holds a session advisory lock of its own
key (`attache-publisher`, distinct from every source's key) on a connection it keeps open; the others crawl,
skip publishing (saying once which daemon publishes), and try the lock again at each publish and every
`PUBLISHER_CHECK_SECONDS`: when the publisher dies its connection ends, the server frees the lock, and the
next daemon to ask takes over. Before each publish the holder checks the lock is still its own (the
connection may have dropped), so a daemon that lost it stops publishing.

On SQLite (one machine) there is no election: the daemon lock of the data directory and the publish lock
of the feeds directory (`feeds/publish.py`) stay as they are, and every daemon may publish.
"""

from __future__ import annotations

import logging
import threading

from sqlalchemy.exc import SQLAlchemyError

from scraper.store.advisory import SessionLock, advisory_key, is_postgresql

logger = logging.getLogger(__name__)

APPLICATION_NAME = "attache-publisher"
PUBLISHER_KEY = advisory_key("attache-publisher")
PUBLISHER_CHECK_SECONDS = 5.0
"""How often a daemon that does not publish tries to take over (and the publisher publishes what other
daemons' crawls changed)."""


class PublisherElection:
    """Whether this daemon may publish: always on SQLite; on PostgreSQL while it holds the publisher lock."""

    def __init__(self, database_url: str) -> None:
        self._lock = SessionLock(database_url, PUBLISHER_KEY, APPLICATION_NAME) if is_postgresql(database_url) \
            else None
        self._announced: str | None = None
        """The other publisher last named in the log (so it is said once, not at every publish)."""
        self._mutex = threading.Lock()
        """The daemon's crawl jobs publish from several threads; the lock's connection is used by one at a time."""
        self._fresh = False
        """Set when this daemon has just become the publisher: its first publish is a full one."""

    @property
    def contested(self) -> bool:
        """Whether there is an election at all (PostgreSQL)."""
        return self._lock is not None

    @property
    def other_publisher(self) -> str | None:
        """The other process that publishes ("pid N on HOST"), as found by the last `may_publish()` that failed."""
        return self._announced

    def publishing(self) -> bool:
        """Whether this daemon is the publisher now, without trying to become it."""
        if self._lock is None:
            return True
        with self._mutex:
            return self._still_held(self._lock)

    def took_over(self) -> bool:
        """True once after this daemon became the publisher (the feeds folder may be stale: publish everything)."""
        with self._mutex:
            fresh, self._fresh = self._fresh, False
        return fresh

    @staticmethod
    def _still_held(lock: SessionLock) -> bool:
        if not lock.taken:
            return False
        if lock.held():
            return True
        logger.warning("the publisher lock's database connection was lost: this daemon stops publishing "
                       "until it holds the lock again")
        return False

    def may_publish(self) -> bool:
        """True when this daemon publishes: it holds the lock (still), or has just taken it."""
        if self._lock is None:
            return True
        with self._mutex:
            return self._elect(self._lock)

    def _elect(self, lock: SessionLock) -> bool:
        if self._still_held(lock):
            return True
        try:
            took = lock.try_take()
        except SQLAlchemyError as exc:
            logger.warning("cannot reach the database for the publisher lock: %s", str(exc).splitlines()[0])
            return False
        if took:
            previous = f" (taking over from {self._announced})" if self._announced else ""
            logger.info("this daemon publishes the feeds%s", previous)
            self._announced = None
            self._fresh = True
            return True
        holder = lock.holder() or self._announced or "another process"  # unknown: a holder that is just ending
        if holder != self._announced:
            logger.info("another daemon publishes the feeds (%s); this one crawls and does not publish", holder)
            self._announced = holder
        return False

    def close(self) -> None:
        """Give the lock up (at shutdown), so another daemon can take over at once."""
        if self._lock is not None:
            with self._mutex:
                self._lock.release()
