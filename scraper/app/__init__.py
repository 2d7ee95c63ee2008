"""The application shell, the top layer: the `attache` CLI and its commands, crawl subprocesses,
the source canary and the scheduled daemon. The only part of `scraper/` that imports `feeds/`."""
