"""Discovery benchmark: `attache sources add` against ten loopback site shapes, with each entry's test crawl.

    python -m bench.bench_discovery [--shape NAME ...] [--no-test]

For every shape (`tests/helpers/discovery_sites.SHAPES`: a feed link in the head, a
feed only at a common path, a robots.txt sitemap, a news sitemap, a sitemap index,
listings with numeric-id and slug URLs, script-built links, a button pager, and a
site with nothing usable) it runs discovery and the one-article test crawl, and prints
what was proposed and whether the crawl stored an article. Verdict "works" needs the
expected kind, a pattern that matches the shape's articles (when one is proposed) and
a stored article; for the site with nothing usable, a clear "nothing usable" message.
A script-built shape whose entry is right but whose test crawl found no link is
"needs render support" (the crawl side renders pages in a browser only with that support).
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from collections.abc import Sequence

from scraper.app.console import clip, print_table
from scraper.app.discovery.discover import NEEDS_RENDER, Proposal, discover
from scraper.config import load_config
from tests.helpers.discovery_sites import EXPECTED_KIND, SHAPES
from tests.helpers.loopback_site import LoopbackSite


def _verdict(shape: str, proposal: Proposal) -> str:
    expected = EXPECTED_KIND[shape]
    if expected is None:
        return "works (clear message)" if proposal.entry is None and proposal.notes else "WRONG: proposed an entry"
    if proposal.entry is None:
        return "FAILED: nothing found"
    if proposal.entry["kind"] != expected:
        return f"WRONG kind (expected {expected})"
    result = proposal.test_result
    if result == "ok":
        return "works"
    if result == NEEDS_RENDER:
        return NEEDS_RENDER
    return f"test crawl {result}"


def run_shape(shape: str, test: bool) -> list[object]:
    site = LoopbackSite().start()
    try:
        url = SHAPES[shape](site)
        with tempfile.TemporaryDirectory(prefix="bench-discovery-") as tmp:
            config = load_config({"ATTACHE_DATA_DIR": tmp, "ATTACHE_DOWNLOAD_DELAY": "0"}, env={})
            started = time.monotonic()
            proposal = discover(url, config, test=test)
            seconds = time.monotonic() - started
    finally:
        site.stop()
    entry = proposal.entry or {}
    pattern = re.sub(r"^//127\\\.0\\\.0\\\.1:\d+", "//HOST", entry.get("article_pattern", "")) or "-"
    stored = "-" if proposal.test is None else (f"1 ({proposal.test.body_chars} chars)" if proposal.test.ok else "0")
    pager = entry.get("next_page") or (f"click {entry['next_click']}" if entry.get("next_click") else "-")
    return [shape, entry.get("kind", "-"), entry.get("render", "plain") if entry else "-", clip(pattern, 42),
            clip(pager, 26), len(proposal.tried), stored, f"{seconds:.1f}", _verdict(shape, proposal)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shape", action="append", choices=sorted(SHAPES), help="only these shapes")
    parser.add_argument("--no-test", action="store_true", help="skip the test crawls (discovery only)")
    args = parser.parse_args(argv)
    shapes = args.shape or list(SHAPES)
    rows = [run_shape(shape, not args.no_test) for shape in shapes]
    print_table(["site shape", "kind", "render", "article_pattern", "pager", "requests", "stored", "s", "verdict"],
                rows)
    works = sum(1 for r in rows if str(r[-1]).startswith("works"))
    pending = sum(1 for r in rows if r[-1] == NEEDS_RENDER)
    print(f"\n{works}/{len(rows)} shapes work" + (f", {pending} need the crawl side's browser rendering" if pending
                                                  else "") + " (time includes the one-article test crawl)")
    return 0 if works + pending == len(rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
