# Two commands: `make run` (the chat) and `make test` (every test). Both set up .venv/ first.
# `make test-fast`: the tests that need no model, app or browser (seconds); `make lint`: ruff.

VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export HF_HUB_OFFLINE := 1

.PHONY: setup run test test-fast lint build

setup: $(STAMP)

# torch first, pinned to the CPU build: an unpinned torch pulls gigabytes of CUDA packages.
$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: setup
	$(PY) chat_app.py $(ARGS)

build: setup
	$(PY) -m indexer build

test: setup
	$(PY) -m pytest $(ARGS)

test-fast: setup
	$(PY) -m pytest -m "not model and not app" $(ARGS)

lint: setup
	$(PY) -m ruff check .
