"""The `attache` command: global options, then one of the sub-commands in `scraper.app.commands`."""

from __future__ import annotations

import argparse
import errno
import sys
from collections.abc import Sequence

from scraper import __version__
from scraper.app.commands import register_all
from scraper.config import Config, ConfigError, load_config


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="attache", description="Defence-cooperation news scraper and feeds.")
    parser.add_argument("--version", action="version", version=f"attache {__version__}")
    parser.add_argument("--sources", metavar="FILE",
                        help="user source catalog (TOML), adds to or overrides the built-in one")
    parser.add_argument("--data-dir", metavar="DIR", help="data directory (database, feeds, logs)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    register_all(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `attache` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    config: Config | None = None
    try:
        config = load_config({"ATTACHE_SOURCES": args.sources, "ATTACHE_DATA_DIR": args.data_dir})
        return int(args.func(args, config) or 0)
    except ConfigError as exc:
        print(f"attache: configuration error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0
    except OSError as exc:  # a folder or file of the configuration that cannot be made, read or written
        print(f"attache: {_os_error(exc, config)}", file=sys.stderr)
        return 2


def _os_error(exc: OSError, config: Config | None) -> str:
    """One line for an operating-system error: what failed, and where to look."""
    where = f"{exc.filename}: " if exc.filename else ""
    if exc.errno == errno.ENOSPC:
        folders = f" (the data folder {config.data_dir}, the feeds folder {config.feeds_dir})" if config else ""
        return f"{where}{exc.strerror}: free some space on the disk{folders}"
    return (f"{where}{exc.strerror or exc} "
            "(check --data-dir, ATTACHE_DATA_DIR, ATTACHE_FEEDS_DIR and their permissions)")


if __name__ == "__main__":
    sys.exit(main())
