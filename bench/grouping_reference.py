"""Reference story groups of the labelled reports, to prove a speed change leaves grouping unchanged.

`tests/fixtures/tagging/groups-reference.json` holds the groups `group_stories` made of every labelled report
(with publication dates and all in one window) and of the old set, recorded with the engine named by its
`tagger_version` and `features_version`. `tests/test_tagging_grouping_reference.py` groups the same reports again
and requires the same groups while those versions are current. A change that alters tagging or story features
bumps a version and records the reference again:

    .venv/bin/python -m bench.grouping_reference --write
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

from bench.bench_tagging import FIXTURES, load, load_reports, published_of
from scraper.tagging import group_stories
from scraper.tagging.stories import FEATURES_VERSION
from scraper.tagging.version import TAGGER_VERSION

REFERENCE = FIXTURES / "groups-reference.json"


def current_groups() -> dict[str, object]:
    """The groups of the labelled reports (dated and in one window) and of the old set, with the versions."""
    reports, old = load_reports(), load()
    groups = {f"labelled {'one window' if one else 'dated'}": group_stories(
        [(i["id"], i["title"], i["text"], published_of(i, one)) for i in reports]) for one in (False, True)}
    groups["old set dated"] = group_stories([(i["id"], i["title"], i["text"], published_of(i, False)) for i in old])
    return {"tagger_version": TAGGER_VERSION, "features_version": FEATURES_VERSION, "groups": groups}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"record the reference in {REFERENCE}")
    args = parser.parse_args(argv)
    data = current_groups()
    if args.write:
        REFERENCE.write_text(json.dumps(data, ensure_ascii=False, indent=None) + "\n", encoding="utf-8")
        print(f"wrote {REFERENCE}")
    else:
        stored = json.loads(Path(REFERENCE).read_text(encoding="utf-8")) if REFERENCE.exists() else None
        print("same groups as the reference" if stored == data else "groups differ from the reference")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
