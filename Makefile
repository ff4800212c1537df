# One entry for people and CI: `make check` = format, lint, types, import contracts, tests.
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: check lint format test install

install:
	$(PY) -m pip install -q -e '.[dev]'

format:
	$(VENV)/bin/ruff format index tui tests bench screenshots
	$(VENV)/bin/ruff check --fix index tui tests bench screenshots

lint:
	$(VENV)/bin/ruff format --check index tui tests bench screenshots
	$(VENV)/bin/ruff check index tui tests bench screenshots
	$(VENV)/bin/mypy index tui
	$(VENV)/bin/lint-imports

test:
	$(PY) -m pytest

check: lint test
