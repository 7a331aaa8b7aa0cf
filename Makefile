# ladder: `make serve` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
INDEX_DIR := $(or $(LADDER_INDEX_DIR),var/index)
CORPUS := $(or $(LADDER_CORPUS),corpus)
GUIDES := $(wildcard $(addprefix $(CORPUS)/*.,txt md markdown html htm docx pdf csv xlsx toml))
PIP := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: serve test test-fast ingest eval bench bench-scale loadtest lint format install clean chromium wrk

install: $(STAMP)

# torch first, pinned: any other resolution of torch pulls gigabytes of CUDA wheels.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install torch==2.13.0
	$(PIP) install -e '.[dev]'
	touch $@

# Re-ingest when the index is missing or older than a guide (or than the install).
$(INDEX_DIR)/manifest.json: $(GUIDES) $(STAMP)
	$(BIN)/ladder ingest

ingest: $(STAMP)
	$(BIN)/ladder ingest

serve: $(INDEX_DIR)/manifest.json
	$(BIN)/ladder serve

test: $(STAMP) chromium
	$(BIN)/python -m pytest

# The fast lane: the fixed corpus and a fake encoder, no model, servers or browsers.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

# The browser tests drive Debian's chromium (never a downloaded browser); install it when missing.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf var .pytest_cache

eval: $(INDEX_DIR)/manifest.json
	$(BIN)/ladder eval

# Speed, measured over HTTP with wrk against the encoder floor and txtai (see bench/run.py).
bench: $(INDEX_DIR)/manifest.json wrk
	$(BIN)/python bench/run.py

# 32 connections for 60 s against the real service: a bench, not a CI test.
loadtest: $(INDEX_DIR)/manifest.json wrk
	$(BIN)/python bench/run.py --loadtest

wrk:
	@command -v wrk >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

# Synthetic corpora of 10k, 100k and 1M passages from real embeddings: build, size, latency, recall@10.
bench-scale: $(INDEX_DIR)/manifest.json
	$(BIN)/python bench/scale.py
