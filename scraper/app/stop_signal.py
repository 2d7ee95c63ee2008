"""SIGTERM and SIGINT as an event: the daemon and `attache crawl` stop their crawls cleanly on either."""

from __future__ import annotations

import signal
import threading
from types import FrameType


class StopSignal:
    """Turns SIGTERM / SIGINT into `event` (a context manager; install it from the main thread)."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.signal_name: str | None = None
        self.signum: int | None = None
        self._previous: dict[int, object] = {}

    def __enter__(self) -> StopSignal:
        for sig in (signal.SIGTERM, signal.SIGINT):
            self._previous[sig] = signal.signal(sig, self._handle)
        return self

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        self.signum = signum
        self.signal_name = signal.Signals(signum).name
        self.event.set()

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)  # type: ignore[arg-type]

    @property
    def exit_status(self) -> int:
        """The shell's status for a process ended by the signal received (128 + its number)."""
        return 128 + (self.signum or 0)
