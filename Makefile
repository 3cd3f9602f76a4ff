# Quick start: `make build`, then `make test`. Needs Python 3.11+ as python3.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: build test serve validate schema clean

$(INSTALLED): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	touch $@

build: $(INSTALLED)
	$(BIN)/python build.py validate

validate: $(INSTALLED)
	$(BIN)/python build.py validate

test: $(INSTALLED)
	$(BIN)/python -m pytest

schema: $(INSTALLED)
	$(BIN)/python build.py schema

serve: $(INSTALLED)
	$(BIN)/python build.py validate

clean:
	rm -rf $(VENV) site .build
