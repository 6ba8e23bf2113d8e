# Two commands for a fresh machine with Python 3.11:
#   make run   - install into .venv, ingest the example archive, start the service
#   make test  - install into .venv (with test tools and a headless browser) and run the whole test suite
# While working: `make check` (lint, format, types, layer contracts and the fast unit tests, under a minute).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DATA ?= data
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install install-test run test check lint unit bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; }
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

run: install
	$(BIN)/quorum ingest examples --data $(DATA)
	$(BIN)/quorum serve --data $(DATA) --host $(HOST) --port $(PORT)

test: install-test
	$(BIN)/python -m pytest -q

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

unit: install-test
	$(BIN)/python -m pytest -q tests/unit

check: lint unit

bench: install-test
	$(BIN)/python -m bench.segmentation

clean:
	rm -rf $(VENV) $(DATA) .pytest_cache
