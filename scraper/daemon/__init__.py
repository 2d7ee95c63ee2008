"""The scheduled daemon: planning (pure), source health (pure), crash recovery, logging and the runner.

`scheduler.py` (top level) only wires these into the `attache daemon` and
`attache status` commands.
"""
