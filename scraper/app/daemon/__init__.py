"""The scheduled daemon: planning (pure), source health (pure), crash recovery, logging and the runner.

`scraper/app/commands/daemon.py` and `status.py` wire these into `attache daemon` and
`attache status`; `scheduler.py` (top level) is the daemon's entry point.
"""
