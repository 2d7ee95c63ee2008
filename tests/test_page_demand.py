"""`page_demand.ReadingLoad`: when reading pages keeps a crawl process busy enough for page workers to pay, and
``ATTACHE_NORMALISE_WORKERS`` read as ``auto`` or a number."""

from __future__ import annotations

import pytest

from scraper.config import WORKER_MEMORY_MB, ConfigError, load_config
from scraper.page_demand import CPU_SHARE, MIN_PAGES, READING_SHARE, WINDOW_SECONDS, ReadingLoad


class Clock:
    def __init__(self) -> None:
        self.now = 100.0
        self.cpu = 3.0

    def __call__(self) -> float:
        return self.now

    def cpu_clock(self) -> float:
        return self.cpu


def reading_load(clock: Clock) -> ReadingLoad:
    return ReadingLoad(clock, clock.cpu_clock)


def read_pages(load: ReadingLoad, clock: Clock, count: int, reading: float, idle: float, other: float = 0.0
               ) -> list[bool]:
    """`count` pages each read in `reading` seconds after `idle` seconds of waiting and `other` seconds of other
    work (downloads, the store) on the CPU; what `add` said each time."""
    said = []
    for _ in range(count):
        clock.now += idle + other + reading
        clock.cpu += other + reading
        said.append(load.add(reading))
    return said


def test_a_crawl_reading_pages_nearly_all_the_time_is_busy_once_a_window_is_full() -> None:
    clock = Clock()
    load = reading_load(clock)
    # 70 % of the time reading, 25 % on downloads and the store, 10 pages a second
    said = read_pages(load, clock, 40, reading=0.07, idle=0.005, other=0.025)
    first = said.index(True)
    assert not any(said[:first])
    assert (first + 1) * 0.1 == pytest.approx(WINDOW_SECONDS, abs=0.11)  # not before a whole window
    assert load.busy and load.share == pytest.approx(0.7, abs=0.02) and load.cpu_share == pytest.approx(0.95, abs=0.02)


def test_a_crawl_waiting_for_its_downloads_is_not_busy_however_long_it_reads() -> None:
    clock = Clock()
    load = reading_load(clock)
    said = read_pages(load, clock, 100, reading=0.06, idle=0.04)  # reading 60 % of the time, idle the rest
    assert not any(said)
    assert load.share >= READING_SHARE and load.cpu_share < CPU_SHARE


def test_a_crawl_busy_with_something_else_than_reading_is_not_busy_reading() -> None:
    clock = Clock()
    load = reading_load(clock)
    assert not any(read_pages(load, clock, 100, reading=0.02, idle=0.0, other=0.08))
    assert load.cpu_share == pytest.approx(1.0) and load.share < READING_SHARE


def test_a_polite_crawl_is_never_busy() -> None:
    clock = Clock()
    load = reading_load(clock)
    said = read_pages(load, clock, 200, reading=0.05, idle=0.2)  # a download delay: 20 % of the time reading
    assert not any(said) and not load.busy
    assert load.share == pytest.approx(0.2, abs=0.01)


def test_a_few_slow_pages_are_no_sign_of_a_large_fast_source() -> None:
    clock = Clock()
    load = reading_load(clock)
    said = read_pages(load, clock, MIN_PAGES - 1, reading=WINDOW_SECONDS / 2, idle=0.0)
    assert not any(said)
    assert load.share == 1.0  # busy all the time, but too few pages in the window


def test_a_busy_spell_after_an_idle_one_is_judged_on_its_own_window() -> None:
    clock = Clock()
    load = reading_load(clock)
    assert not any(read_pages(load, clock, 12, reading=0.05, idle=0.5))  # a slow start
    said = read_pages(load, clock, 60, reading=0.08, idle=0.0, other=0.01)
    assert any(said)
    assert load.share >= READING_SHARE and load.cpu_share >= CPU_SHARE


def test_workers_are_auto_by_default_or_the_number_set() -> None:
    default = load_config(env={})
    assert default.workers_on_demand and default.normalise_workers == 0
    assert default.normalise_workers_setting == "auto"
    assert default.crawl_memory_mb == 512  # workers started on demand raise it while they run, not before
    fixed = load_config(env={"ATTACHE_NORMALISE_WORKERS": "2"})
    assert not fixed.workers_on_demand and fixed.normalise_workers == 2
    assert fixed.normalise_workers_setting == "2" and fixed.crawl_memory_mb == 512 + 2 * WORKER_MEMORY_MB
    off = load_config(env={"ATTACHE_NORMALISE_WORKERS": "0"})
    assert not off.workers_on_demand and off.normalise_workers == 0
    assert load_config(env={"ATTACHE_NORMALISE_WORKERS": " AUTO "}).workers_on_demand


def test_a_wrong_workers_value_names_the_setting_and_what_it_takes() -> None:
    with pytest.raises(ConfigError, match=r"ATTACHE_NORMALISE_WORKERS \(a number or auto\) must be a whole number, "
                                          r"got 'many'"):
        load_config(env={"ATTACHE_NORMALISE_WORKERS": "many"})
