# Quick start: `make build`, then `make test`. Needs Python 3.11+ as python3.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# The public address, e.g. `make build SITE_URL=https://example.gov.vn/cchc/`;
# empty: dia_chi_trang of content/site.yml.
SITE_URL ?=

.PHONY: build test serve validate schema clean

$(INSTALLED): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	touch $@

# Browser tests drive Debian's Chromium (Playwright cannot download browsers here).
$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

# The web editor (/admin/) is Decap CMS from npm (package-lock.json); Debian's nodejs and npm when missing.
NODE_MODULES := node_modules/.package-lock.json
$(NODE_MODULES): package.json package-lock.json
	command -v npm >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

build: $(INSTALLED) $(NODE_MODULES)
	$(BIN)/python build.py build $(if $(SITE_URL),--site-url $(SITE_URL))

validate: $(INSTALLED)
	$(BIN)/python build.py validate

test: $(INSTALLED) $(CHROMIUM) $(NODE_MODULES)
	$(BIN)/python -m pytest

serve: $(INSTALLED)
	$(BIN)/python build.py serve

schema: $(INSTALLED)
	$(BIN)/python build.py schema

clean:
	rm -rf $(VENV) site .build node_modules
