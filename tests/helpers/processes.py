"""Real subprocesses of the project's commands, run from the repository."""

from __future__ import annotations

import json
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent


def write_catalog(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def run_scrapy(env: dict[str, str], *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """`scrapy <args>` as a real subprocess, run from the repository."""
    return subprocess.run([sys.executable, "-m", "scrapy", *args], env=env, cwd=REPO, capture_output=True,
                          text=True, timeout=timeout)


def run_attache(env: dict[str, str], *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """`attache <args>` as a real subprocess."""
    return subprocess.run([sys.executable, "-m", "scraper.app.cli", *args], env=env, cwd=REPO, capture_output=True,
                          text=True, timeout=timeout)


def run_scrapy_measured(env: dict[str, str], *args: str,
                        timeout: float = 300) -> tuple[subprocess.CompletedProcess[str], float]:
    """`scrapy <args>` as a real subprocess, and the crawl's peak RSS in MB: `memusage/max` of its stats, the
    process's own peak (VmHWM, `scraper.extensions.PeakMemoryUsage`; with page workers, plus their PSS). Not
    ru_maxrss: on Linux a child's ru_maxrss starts at the peak of the process that started it (a large pytest
    worker)."""
    with tempfile.TemporaryDirectory(prefix="attache-stats-") as tmp:
        stats_file = Path(tmp) / "stats.json"
        result = run_scrapy(env, *args, "-s", f"ATTACHE_STATS_FILE={stats_file}", timeout=timeout)
        assert stats_file.exists(), f"the crawl wrote no stats:\n{result.stderr[-3000:]}"
        stats = json.loads(stats_file.read_text("utf-8"))
    return result, float(stats["memusage/max"]) / (1024 * 1024)


class ServeProcess:
    """`attache serve <args>` as a real subprocess, its output read by a thread so that no wait can block
    forever: `started` reads lines until "serving …" within a deadline, `stop` signals and reaps it (killed when
    it does not stop), and the whole output is kept for assertions."""

    def __init__(self, env: dict[str, str], *args: str, ignore_sigint: bool = False) -> None:
        def ignore() -> None:  # what a shell does for a command started with `&`
            signal.signal(signal.SIGINT, signal.SIG_IGN)

        # A run started in the background (`nohup … &`) ignores Ctrl-C, and so would the child: give it
        # Python's own unless the test asks for the ignoring shell.
        previous = signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            self.proc = subprocess.Popen([sys.executable, "-m", "scraper.app.cli", "serve", *args], env=env,
                                         cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                         preexec_fn=ignore if ignore_sigint else None)
        finally:
            signal.signal(signal.SIGINT, previous)
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def started(self, timeout: float = 60) -> str:
        """The served URL, once "serving … at URL" is printed; the lines before it are in `lines`."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                break
            self.lines.append(line)
            if line.startswith("serving "):
                return line.split(" at ", 1)[1].split(" ", 1)[0]
        self.kill()
        raise AssertionError("attache serve did not start:\n" + "\n".join(self.lines))

    def stop(self, sig: int = signal.SIGINT, timeout: float = 20) -> int:
        """Signal the server, wait for it (killed past the timeout: a failure) and return its exit code."""
        self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"attache serve did not stop on {signal.Signals(sig).name}") from None
        self._drain()
        return code

    def kill(self) -> None:
        """Never leave a server behind."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=20)
        self._drain()

    def _drain(self) -> None:
        self._reader.join(timeout=10)
        while True:
            try:
                line = self._queue.get_nowait()
            except queue.Empty:
                break
            if line is not None:
                self.lines.append(line)
        if self.proc.stdout is not None:
            self.proc.stdout.close()

    def __enter__(self) -> ServeProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.kill()
