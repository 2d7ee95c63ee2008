"""The daemon's publishes run in a child process, so the long-running daemon never holds a publish's memory.

A full publish of a 100,000-article store peaks at several hundred MB; run in the daemon's own process,
CPython and malloc keep most of that after it ends (the idle daemon sat at 2–3× its start-up size). A
child (`python -m scraper.app.daemon.publisher`, a new interpreter: never a fork of the threaded daemon)
imports what publishing needs, opens its own `Store`, publishes and sends back the `PublishReport`; its memory
goes back to the system when it exits. The cost is the child's start-up (about a second), small
against a publish of a large store. `docs/performance.md` has the measurements.
"""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Mapping, Sequence
from typing import Protocol

from feeds.publish import PublishReport, publish
from scraper.app.daemon.logs import FORMAT
from scraper.config import Config
from scraper.store import Store

PUBLISH_TIMEOUT_SECONDS = 3600.0
"""Longest a publish child may run before it is killed (and the publish logged as failed)."""
EXIT_WAIT_SECONDS = 10.0
PARENT_CHECK_SECONDS = 0.5
"""How often a publish child checks that the daemon that started it is alive (else it stops at once)."""


class Publisher(Protocol):
    """What the daemon calls to publish (`publish_in_child`; a test may publish in process instead)."""

    def __call__(self, config: Config, *, only: set[str] | None = ..., changed: bool = ...,
                 health_rows: Sequence[Mapping[str, object]] | None = ...) -> PublishReport: ...


class PublishFailed(RuntimeError):
    """The publish child raised, died, or ran out of time (the message says which)."""


def publish_in_child(config: Config, *, only: set[str] | None = None, changed: bool = False,
                     health_rows: Sequence[Mapping[str, object]] | None = None,
                     timeout: float = PUBLISH_TIMEOUT_SECONDS) -> PublishReport:
    """`feeds.publish.publish(config, Store(config.database_url), …)` in a new process; its report.

    The child is `python -m scraper.app.daemon.publisher <daemon pid>` (it stops when that process dies, see
    `stop_when_orphaned`): the arguments go to its stdin and the report
    comes back on its stdout (pickled: both ends are this module); its log lines go to the daemon's
    stderr. Raises `PublishFailed` with the child's traceback when it raised, its exit status when it
    died, and kills it after `timeout` seconds."""
    rows = [dict(row) for row in health_rows] if health_rows is not None else None
    payload = pickle.dumps((config, only, changed, rows))
    child = subprocess.Popen([sys.executable, "-m", "scraper.app.daemon.publisher", str(os.getpid())],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=None)
    try:
        out, _ = child.communicate(payload, timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate(timeout=EXIT_WAIT_SECONDS)
        raise PublishFailed(f"the publish process ran for over {timeout:.0f} s and was killed") from None
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(EXIT_WAIT_SECONDS)
    try:
        ok, value = pickle.loads(out)
    except Exception:  # noqa: BLE001 (it died before answering: its exit status says more)
        raise PublishFailed(f"the publish process ended without an answer (exit status {child.returncode})") from None
    if not ok:
        raise PublishFailed(f"the publish process failed:\n{value}")
    return value  # type: ignore[no-any-return]


def stop_when_orphaned(parent: int, every: float = PARENT_CHECK_SECONDS) -> threading.Thread:
    """Watch, on a daemon thread, that `parent` is still this process's parent; when it is not (the daemon was
    killed, the child re-parented), end the process at once. A daemon killed with -9 loses its publisher lock
    with its connection, and the daemon taking over publishes: an orphaned child must not publish beside it
    (its files are written atomically, so stopping between two files leaves every file whole)."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(3)

    watcher = threading.Thread(target=watch, name="parent-watch", daemon=True)
    watcher.start()
    return watcher


def child_main() -> int:
    """The child's work: read the arguments, publish, write (True, report) or (False, traceback text)."""
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format=FORMAT)
    stop_when_orphaned(int(sys.argv[1]) if len(sys.argv) > 1 else os.getppid())
    try:
        config, only, changed, health_rows = pickle.loads(sys.stdin.buffer.read())
        store = Store(config.database_url)
        try:
            answer: tuple[bool, object] = (True, publish(config, store, only=only, changed=changed,
                                                         health_rows=health_rows))
        finally:
            store.close()
    except Exception:  # noqa: BLE001 (everything goes back to the daemon, which logs it)
        answer = (False, traceback.format_exc())
    try:
        sys.stdout.buffer.write(pickle.dumps(answer))
        sys.stdout.buffer.flush()
    except BrokenPipeError:  # the daemon is gone: nobody to answer
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(child_main())
