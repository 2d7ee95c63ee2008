"""The `attache` command: global options, then one of the sub-commands in `scraper.app.commands`."""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections.abc import Sequence

from scraper import __version__
from scraper.app.commands import register_all
from scraper.app.commands.init import initial_values
from scraper.config import Config, ConfigError, load_config
from scraper.config_file import config_file_path, write_config_file


def _add_global_options(parser: argparse.ArgumentParser, default: object = None) -> None:
    """The options every command takes, before or after its name (`default` SUPPRESS after it, so that a
    value given before the command is kept)."""
    parser.add_argument("--sources", metavar="FILE", default=default,
                        help="user source catalog (TOML), adds to or overrides the built-in one; several are "
                             "separated by ':' (a later one overrides an earlier one)")
    parser.add_argument("--data-dir", metavar="DIR", default=default, help="data directory (database, feeds, logs)")
    parser.add_argument("--init", action="store_true", default=default or False,
                        help="create the data directory (and its attache.toml) when it does not exist")


def _sub_parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                found += [sub, *_sub_parsers(sub)]
    return found


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="attache", description="Defence-cooperation news scraper and feeds.")
    parser.add_argument("--version", action="version", version=f"attache {__version__}")
    _add_global_options(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    register_all(subparsers)
    for sub in _sub_parsers(parser):
        _add_global_options(sub, default=argparse.SUPPRESS)
    return parser


def prepare_data_dir(config: Config, args: argparse.Namespace) -> Config:
    """Create the data directory with its configuration file on a first run; refuse an explicit one that does
    not exist unless --init (or `attache init`) was given. Returns the configuration to use."""
    if config.data_dir.is_dir():
        return config
    explicit = args.data_dir or os.environ.get("ATTACHE_DATA_DIR")
    if explicit and not (args.init or args.command == "init"):
        raise ConfigError(f"the data folder {config.data_dir} does not exist (check --data-dir or ATTACHE_DATA_DIR; "
                          "`attache init` or --init creates it)")
    try:
        config.data_dir.mkdir(parents=True)
    except OSError as exc:
        raise ConfigError(f"cannot create the data folder {config.data_dir}: {exc.strerror or exc}") from None
    if args.command != "init":
        write_config_file(config_file_path(config.data_dir), initial_values(config))
        print(f"attache: created {config.data_dir} with its configuration file "
              f"{config_file_path(config.data_dir)}", file=sys.stderr)
    return load_config({"ATTACHE_SOURCES": args.sources, "ATTACHE_DATA_DIR": args.data_dir})


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `attache` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    config: Config | None = None
    try:
        config = load_config({"ATTACHE_SOURCES": args.sources, "ATTACHE_DATA_DIR": args.data_dir})
        if getattr(args, "needs_data_dir", True):
            config = prepare_data_dir(config, args)
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
