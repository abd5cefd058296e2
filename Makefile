# Two commands: `make run` (the chat) and `make test` (every test). Both set up .venv/ first.
# `make test-fast`: the tests that need no model, app or browser (seconds); `make lint`: ruff.

VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
AXE    := tests/a11y/node_modules/.installed
export HF_HUB_OFFLINE := 1

.PHONY: setup run test test-fast lint build

setup: $(STAMP) $(AXE)

# torch first, pinned to the CPU build: an unpinned torch pulls gigabytes of CUDA packages.
$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

# axe-core (npm) for the browser tests' accessibility check; skipped where npm is missing (the
# browser tests then skip too, except under CI=true).
$(AXE): tests/a11y/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix tests/a11y --no-audit --no-fund --silent && touch $(AXE); \
	else echo "npm not found: the accessibility check will be skipped"; fi

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
