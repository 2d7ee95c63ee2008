PYTHON ?= .venv/bin/python

.PHONY: bench-extract

# Extraction benchmark on the dev set (normalise() vs trafilatura, one process); results in bench/results/.
bench-extract:
	$(PYTHON) bench/bench_extract.py --save bench/results/extract.json $(ARGS)
