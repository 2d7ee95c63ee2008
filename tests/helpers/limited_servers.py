"""A published site and feed servers over it with given resource limits, for the server tests over sockets."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from feeds.publish import publish
from feeds.server import FeedServer, ServerLimits, make_server
from scraper.store import Store
from tests.helpers.feed_store import fill_store, make_config


@pytest.fixture
def limited_site(tmp_path: Path) -> Iterator[Callable[..., FeedServer]]:
    """A published site and a function starting servers over it with given limits (all stopped at the end)."""
    config = make_config(tmp_path)
    store = Store(config.database_url)
    fill_store(store)
    publish(config, store)
    servers: list[FeedServer] = []

    def serve(**limits: float) -> FeedServer:
        server = make_server(config, store, port=0, limits=ServerLimits(**limits))
        server.start()
        servers.append(server)
        return server

    yield serve
    for server in servers:
        server.stop()
    store.close()
