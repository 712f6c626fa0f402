# Everything installs into .venv at the repo root, reused when pyproject.toml has not changed.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PYTHON ?= python3

.PHONY: soak eval-llm install kb chat serve test test-browser coverage test-fast lint format demo clean bench load eval utterances understanding-gate intent-model kb-eval catalog eval-voice

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# torch's CPU build first: sentence-transformers would otherwise pull a multi-GB CUDA build
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

kb: install            ## build the company knowledge base (skipped when the documents did not change)
	$(VENV)/bin/agente kb build

chat: kb               ## talk to the agent in the terminal (embedded defaults, no API key)
	$(VENV)/bin/agente chat

serve: kb              ## the HTTP API with the Twilio webhook (SQLite state unless REDIS_URL is set)
	$(VENV)/bin/agente serve

test: install          ## the whole suite, slow tests included (what CI runs)
	$(PY) -m pytest -m "slow or not slow"

test-browser: install  ## the simulator and operator pages in Debian's Chromium (Playwright), with screenshots
	$(PY) -m pytest -m slow tests/browser

coverage: install      ## the whole suite with line coverage of the product code (figure in the README)
	$(PY) -m pytest -m "slow or not slow" --cov=graph --cov=nodes --cov=tools --cov=stores --cov=api --cov-report=term:skip-covered

test-fast: install     ## the fast suite only
	$(PY) -m pytest

lint: install          ## ruff (rules in pyproject.toml)
	$(VENV)/bin/ruff check graph nodes tools stores api evals tests

format: install        ## ruff's safe fixes (imports, style)
	$(VENV)/bin/ruff check --fix graph nodes tools stores api evals tests

demo: kb               ## the scripted conversations through the real graph, printed as a chat
	$(PY) -m evals.scripted_conversations

clean:                 ## local state, caches and built knowledge base (keeps .venv)
	rm -rf data .pytest_cache .ruff_cache
	find . -name __pycache__ -not -path './.venv/*' -prune -exec rm -rf {} +

bench: install         ## turn latency, throughput and peak memory of the graph in-process
	$(PY) -m evals.bench

load: install          ## load test of the HTTP API on loopback, SQLite and Redis backends
	$(PY) -m evals.load

soak: install          ## buyers through a Redis restart and a killed worker, then an audit of every conversation
	$(PY) -m evals.soak

eval: install          ## golden conversations through the real graph; fails below evals/thresholds.yaml
	$(VENV)/bin/agente eval --report evals/reports/latest.json

eval-llm: install      ## goldens and held-out messages through the configured LLM (skipped without one)
	$(PY) -m evals.llm_eval

utterances: install    ## leave-one-author-out, held-out messages and conversations (README, "Understanding")
	$(PY) -m evals.train_intent --loao
	$(PY) -m evals.utterance_eval --set corpus-train
	$(PY) -m evals.utterance_eval --set corpus-heldout --show-errors
	$(PY) -m evals.conversation_eval --split train
	$(PY) -m evals.conversation_eval --split heldout --show-errors

understanding-gate: install  ## CI: the shipped artifact on the held-out authors stays above its floors
	$(PY) -m evals.utterance_eval --set corpus-heldout --min-intent 0.95 --min-slot-f1 0.85
	$(PY) -m evals.conversation_eval --split heldout --min-passed 0.58

intent-model: install  ## retrain the intent classifier from the training authors and save the artifact
	$(PY) -m evals.train_intent

kb-eval: install       ## retrieval quality (recall@1/@3, MRR; hybrid, dense, FTS) and latency
	$(PY) -m evals.knowledge_eval

eval-voice: install    ## voice-note set: WER, intent and slot F1 heard vs typed, transcription time (README)
	$(PY) -m evals.voice_eval

catalog: install       ## regenerate the shipped catalog (seeded, deterministic)
	$(PY) -m stores.catalog_generator
