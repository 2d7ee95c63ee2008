"""Scrapyd nodes as the crawl runners: the HTTP client, the egg and its deploy, and the dispatcher that runs a
crawl on the least busy node (chosen by ``ATTACHE_SCRAPYD_URLS``; without it crawls are local subprocesses)."""
