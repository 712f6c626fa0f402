# Everything installs into .venv at the repo root, reused when pyproject.toml has not changed.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PYTHON ?= python3

.PHONY: install chat serve test test-fast bench load catalog

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

chat: install          ## talk to the agent in the terminal (embedded defaults, no API key)
	$(VENV)/bin/agente chat

serve: install         ## the HTTP API with the Twilio webhook (SQLite state unless REDIS_URL is set)
	$(VENV)/bin/agente serve

test: install          ## the whole suite, slow tests included (what CI runs)
	$(PY) -m pytest -m "slow or not slow"

test-fast: install     ## the fast suite only
	$(PY) -m pytest

bench: install         ## turn latency, throughput and peak memory of the graph in-process
	$(PY) -m evals.bench

load: install          ## load test of the HTTP API on loopback, SQLite and Redis backends
	$(PY) -m evals.load

catalog: install       ## regenerate the shipped catalog (seeded, deterministic)
	$(PY) -m stores.catalog_generator
