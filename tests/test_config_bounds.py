"""The crawl's resource bounds in the configuration (docs/reliability.md): defaults, overrides, one-line mistakes."""

from __future__ import annotations

import pytest

from scraper.config import WORKER_MEMORY_MB, ConfigError, load_config


def test_crawl_bounds_have_defaults_and_follow_the_environment() -> None:
    config = load_config(env={})
    assert (config.crawl_memory_mb, config.crawl_memory_warning_mb, config.crawl_max_responses) == (512, 448, 2000)
    config = load_config(env={"ATTACHE_CRAWL_MEMORY_MB": "300", "ATTACHE_CRAWL_MAX_RESPONSES": "50"})
    assert (config.crawl_memory_mb, config.crawl_memory_warning_mb, config.crawl_max_responses) == (300, 262, 50)


def test_the_default_memory_limit_makes_room_for_each_page_worker_and_a_set_limit_stays() -> None:
    """The limit counts the page workers (`scraper.extensions.PeakMemoryUsage`), so its default grows with them."""
    assert load_config(env={"ATTACHE_NORMALISE_WORKERS": "2"}).crawl_memory_mb == 512 + 2 * WORKER_MEMORY_MB
    assert load_config(env={"ATTACHE_NORMALISE_WORKERS": "2", "ATTACHE_CRAWL_MEMORY_MB": "300"}).crawl_memory_mb == 300


@pytest.mark.parametrize(("name", "value", "message"), [
    ("ATTACHE_CRAWL_MEMORY_MB", "lots", "ATTACHE_CRAWL_MEMORY_MB must be a whole number, got 'lots'"),
    ("ATTACHE_CRAWL_MEMORY_MB", "32", "ATTACHE_CRAWL_MEMORY_MB must be at least 64, got 32"),
    ("ATTACHE_CRAWL_MAX_RESPONSES", "1.5", "ATTACHE_CRAWL_MAX_RESPONSES must be a whole number, got '1.5'"),
    ("ATTACHE_CRAWL_MAX_RESPONSES", "0", "ATTACHE_CRAWL_MAX_RESPONSES must be at least 10, got 0"),
])
def test_a_bad_bound_is_one_message_naming_the_variable(name: str, value: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(env={name: value})
    assert str(info.value) == message
