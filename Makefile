# ladder: `make serve` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
INDEX_DIR := $(or $(LADDER_INDEX_DIR),var/index)
CORPUS := $(or $(LADDER_CORPUS),corpus)
GUIDES := $(wildcard $(addprefix $(CORPUS)/*.,txt md markdown html htm docx pdf csv xlsx toml))
PIP := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: serve test test-fast ingest eval bench bench-scale loadtest lint format install clean chromium wrk \
	image image-test base-image fleet haproxy

install: $(STAMP)

# torch first, pinned: any other resolution of torch pulls gigabytes of CUDA wheels.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install torch==2.13.0
	$(PIP) install -e '.[ingest,dev]'
	touch $@

# Re-ingest when the index is missing or older than a guide, the corpus folder (a guide added, removed or
# renamed), the install, its format or the other work it holds.
$(INDEX_DIR)/manifest.json: $(GUIDES) $(CORPUS) $(STAMP) index/store.py index/data/occupations.json
	$(BIN)/ladder ingest

ingest: $(STAMP)
	$(BIN)/ladder ingest

serve: $(INDEX_DIR)/manifest.json
	$(BIN)/ladder serve

# A worker a core (at most 4), each test file on one worker: its module's engines are built once; the slowest 15 are listed.
test: $(STAMP) chromium haproxy
	$(BIN)/python -m pytest -n auto --maxprocesses 4 --dist loadfile --durations=15

# The fast lane: the fixed corpus and a fake encoder, no model, servers or browsers; a worker a core too.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow" -n auto --maxprocesses 4 --dist loadfile

# The browser tests drive Debian's chromium (never a downloaded browser); install it when missing.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# HAProxy's config is checked by `haproxy -c` in the tests, and `make fleet` runs it.
haproxy:
	@command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || { \
		echo "installing Debian's haproxy"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null; }

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

# ---- the container image -------------------------------------------------------------------------
# Podman where it exists (with the flags this kind of machine needs), else Docker. No registry serves base
# images here: `make base-image` builds a Debian bookworm one with mmdebstrap, and it is used when present.
IMAGE ?= localhost/ladder:latest
LOCAL_BASE := localhost/debian-base:bookworm
PODMAN := $(shell command -v podman 2>/dev/null)
ifneq ($(PODMAN),)
ENGINE := podman --cgroup-manager=cgroupfs
RUN_FLAGS := --runtime=runc --network=host --ulimit nofile=1024:1024 --ulimit nproc=4096:4096
# HEALTHCHECK is kept only in Docker's image format.
BUILD_FLAGS := --format docker --network=host --ulimit nofile=1024:1024 --ulimit nproc=4096:4096
# pip inside the build reaches the registry, and finds the CPU build of torch, through this machine's pip
# settings: the files `pip config list` names, mounted read-only where they exist (podman build takes -v).
PIP_FILES := /etc/pip.conf /etc/xdg/pip /etc/ssl/certs /opt/wheels /opt/pypi /opt/pypi-more
BUILD_FLAGS += $(foreach f,$(wildcard $(PIP_FILES)),-v $(f):$(f):ro)
# The user's own pip settings too (here they name the CPU torch wheel): pip in the build runs as root.
BUILD_FLAGS += $(foreach f,$(wildcard $(HOME)/.config/pip),-v $(f):/root/.config/pip:ro)
else
ENGINE := docker
# Docker's --read-only gives no writable /tmp; the service ingests a mounted corpus there.
RUN_FLAGS := --network=host --tmpfs /tmp
BUILD_FLAGS := --network=host
endif
BASE ?= $(shell $(ENGINE) image inspect $(LOCAL_BASE) >/dev/null 2>&1 && echo $(LOCAL_BASE) || echo python:3.11-slim-bookworm)

base-image:
	@command -v mmdebstrap >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mmdebstrap >/dev/null; }
	mkdir -p var
	mmdebstrap --variant=minbase --include=python3,python3-venv,ca-certificates bookworm var/base.tar
	$(ENGINE) import var/base.tar $(LOCAL_BASE)
	rm -f var/base.tar

image:
	$(ENGINE) build $(BUILD_FLAGS) --build-arg BASE=$(BASE) -t $(IMAGE) -f Containerfile .

# Runs the image read-only and checks it: ready, a search, the non-root user, the read-only root.
image-test: image $(INDEX_DIR)/manifest.json
	$(BIN)/python deploy/image_test.py --engine "$(ENGINE)" --run-flags "$(RUN_FLAGS)" --image $(IMAGE)

# Three replicas on one index behind HAProxy, under load: a rolling reload, a killed replica, 1 vs 3.
fleet: $(INDEX_DIR)/manifest.json wrk haproxy
	$(BIN)/python bench/fleet.py
