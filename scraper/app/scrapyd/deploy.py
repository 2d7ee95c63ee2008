"""`attache deploy`'s work: build the egg once and upload it to every configured Scrapyd node (addversion.json)."""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from scraper.app.scrapyd.client import NodeError, NodeUnreachable, ScrapydNode
from scraper.app.scrapyd.egg import build_egg, egg_version
from scraper.config import Config


@dataclass(frozen=True)
class Deployed:
    """What one node answered."""

    node: str
    version: str
    spiders: int | None
    """Spiders the node found in the egg; None when the upload failed."""
    error: str | None = None


SHADOWED = ("the node does not see the deployed catalog (missing: {missing}): Attaché itself is installed in the "
            "node's Python and shadows the egg; keep only its dependencies there (docs/deployment.md)")


def deploy(config: Config, version: str | None = None, expected: Iterable[str] = ()) -> list[Deployed]:
    """Upload the project, with the configured user catalog packed in, to every node; raises `EggError` when the
    egg cannot be built. A node that fails is reported in its row; the others are still deployed. The nodes are
    deployed to at once (each runs `scrapy list` on the egg before it answers)."""
    version = version or egg_version()
    egg = build_egg(config.sources, version)

    def upload(url: str) -> Deployed:
        node = ScrapydNode(url)
        try:
            count = node.add_version(version, egg)
            missing = sorted(set(expected) - set(node.spiders(version)))
        except (NodeUnreachable, NodeError) as exc:
            return Deployed(node.url, version, None, str(exc))
        return Deployed(node.url, version, count, SHADOWED.format(missing=", ".join(missing[:5])) if missing else None)

    with ThreadPoolExecutor(max_workers=min(8, len(config.scrapyd_urls) or 1)) as pool:  # each node lists spiders
        return list(pool.map(upload, config.scrapyd_urls))
