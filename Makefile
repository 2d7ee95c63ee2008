PYTHON ?= .venv/bin/python

.PHONY: bench-extract

# Extraction benchmark on the dev set, held out by publisher (normalise() vs trafilatura default and
# favor_precision and readability, same input, one process); ARGS="--ablate all" for rule ablations.
bench-extract:
	$(PYTHON) -m bench.bench_extract --save bench/results/extract.json $(ARGS)

.PHONY: bench-crawl bench-render bench-tagging bench-feeds bench-retag

# Crawl throughput and memory against a loopback site serving the dev set (baseline: no pipelines).
bench-crawl:
	$(PYTHON) -m bench.bench_crawl $(ARGS)

# Script-built listings rendered in Chromium vs the same listing fetched plain (needs Debian's chromium).
bench-render:
	$(PYTHON) -m bench.bench_render $(ARGS)

# Country / cooperation tagging and story grouping on the labelled set.
bench-tagging:
	$(PYTHON) -m bench.bench_tagging $(ARGS)

# Feed publishing cost with and without story grouping.
bench-feeds:
	$(PYTHON) -m bench.bench_feeds $(ARGS)

# Retag speed: the stored articles tagged again (attache retag / the daemon after an upgrade).
bench-retag:
	$(PYTHON) -m bench.bench_retag $(ARGS)

.PHONY: bench-discovery

# `attache sources add` against ten loopback site shapes, each entry test-crawled.
bench-discovery:
	$(PYTHON) -m bench.bench_discovery $(ARGS)

.PHONY: bench-server

# The feed server (`attache serve`) against nginx on the same published directory, with wrk: plain, 304 and
# gzip requests, and plain requests while 500 half-sent connections are held (needs wrk and nginx).
bench-server:
	$(PYTHON) -m bench.bench_server $(ARGS)

.PHONY: bench-hostile

# Peak RSS of crawls of hostile input (gzip bombs, a 15.5 MB article, control references, ...) vs normal pages.
bench-hostile:
	$(PYTHON) -m bench.bench_hostile $(ARGS)

.PHONY: bench-publish

# Full and incremental publish at 10k and 100k stored articles against feedgen alone (exit 1 on a missed target).
bench-publish:
	$(PYTHON) -m bench.bench_publish $(ARGS)

.PHONY: bench bench-daemon-memory bench-filtered

# Issue 14's whole measurement, one table (baseline, Attaché, ratio, target, met); exit 1 on a missed target.
# SMALL=1: the CI version (200 articles crawled, 2,000 stored, one round).
bench:
	$(PYTHON) -m bench.bench_all $(if $(SMALL),--small) $(ARGS)

# The idle daemon's RSS on the 100k store after its first publish (target 150 MB).
bench-daemon-memory:
	$(PYTHON) -m bench.bench_daemon_memory $(ARGS)

# Filtered feeds (?q=&country=) answered by attache serve from the 100k store (target p95 100 ms).
bench-filtered:
	$(PYTHON) -m bench.bench_filtered $(ARGS)

.PHONY: soak

# Soak test (not in CI): the daemon against a loopback site mixing good and hostile pages; ARGS="--cycles 20".
soak:
	$(PYTHON) -m bench.soak $(ARGS)

.PHONY: newcomer

# The README's daily path end to end on a loopback site (init, user source, hand crawl, daemon, port, newsboat, status).
newcomer:
	$(PYTHON) -m pytest -q -s tests/test_newcomer.py

.PHONY: bench-scrapyd

# Crawl throughput through one and two local Scrapyd nodes against local `scrapy crawl` subprocesses
# (same loopback sites, same run; a fresh PostgreSQL database per mode when 127.0.0.1:5432 answers).
bench-scrapyd:
	$(PYTHON) -m bench.bench_scrapyd $(ARGS)
