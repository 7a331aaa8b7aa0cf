# ladder: `make serve` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
INDEX_DIR := $(or $(LADDER_INDEX_DIR),var/index)
CORPUS := $(or $(LADDER_CORPUS),corpus)
GUIDES := $(wildcard $(CORPUS)/*.txt $(CORPUS)/*.md)
PIP := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: serve test ingest eval bench lint format install clean

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

test: $(STAMP)
	$(BIN)/python -m pytest

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
