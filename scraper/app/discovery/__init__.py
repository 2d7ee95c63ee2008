"""Source discovery: `attache sources add URL` and the daemon's proposed repairs.

`discover.discover(url, config)` finds how to follow a site (feed, sitemap, html
listing, script-built listing), test-crawls the entry and returns a `Proposal`;
`catalog_file` writes entries into the user catalog atomically; `repair` turns a
source in the warning state into a stored proposal and, with ``auto_repair``, a
rewritten user-catalog entry.
"""
