"""Attaché's scheduled daemon: `python scheduler.py [--once] …` is `attache daemon [--once] …`.

The daemon lives in `scraper/app/daemon/`; this file is only its entry point.
"""

import sys

from scraper.app.cli import main

if __name__ == "__main__":
    sys.exit(main(["daemon", *sys.argv[1:]]))
