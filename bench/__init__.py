"""Benchmarks, run as modules from the repository: `python -m bench.bench_extract` (see the Makefile)."""
