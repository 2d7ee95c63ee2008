"""Test helpers: a loopback HTTP site, the project's fixture site, a filled feed store, subprocess runners."""
