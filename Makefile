# Quick start: `make build`, then `make test` (README). Needs Python 3.11+ as python3.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
TEST_INSTALLED := $(VENV)/.installed-test
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# The public address, e.g. `make build SITE_URL=https://example.gov.vn/cchc/`;
# empty: dia_chi_trang of content/site.yml.
SITE_URL ?=
# Extra pytest arguments: `make test PYTEST_ARGS=-n0` (one process), `PYTEST_ARGS="-k deploy"`.
PYTEST_ARGS ?=

.PHONY: build test lint serve validate schema clean

# pip -r lines: pyproject.toml's dependencies, plus those of the extra named as $(1).
DEPENDENCIES = $(BIN)/python -c 'import sys, tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; print("\n".join(p["dependencies"] + p["optional-dependencies"].get(sys.argv[1], [])))' $(1)
# The checkout on the virtual environment's path: what an editable install does, without
# a package build (whose backend prints notices on every install).
ON_PATH = $(BIN)/python -c 'import os, site; open(os.path.join(site.getsitepackages()[0], "cchc-portal.pth"), "w").write(os.getcwd() + "\n")'

# What building needs; the test tools (optional dependencies `test`) come with `make test`.
$(INSTALLED): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(call DEPENDENCIES,build) > $(VENV)/requirements.txt
	$(BIN)/python -m pip install --quiet -c requirements.lock -r $(VENV)/requirements.txt
	$(ON_PATH)
	touch $@

$(TEST_INSTALLED): $(INSTALLED)
	$(call DEPENDENCIES,test) > $(VENV)/requirements-test.txt
	$(BIN)/python -m pip install --quiet -c requirements.lock -r $(VENV)/requirements-test.txt
	touch $@

# Browser tests drive Debian's Chromium (Playwright cannot download browsers here).
# APT_CACHE: a folder that keeps the downloaded packages (CI caches it: docs/deployment.md).
APT_CACHE ?=
$(CHROMIUM):
	$(if $(APT_CACHE),mkdir -p $(APT_CACHE)/partial && { $(SUDO) chown _apt $(APT_CACHE)/partial 2>/dev/null || true; })
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(if $(APT_CACHE),-o Dir::Cache::Archives=$(abspath $(APT_CACHE))) chromium

# The web editor (/admin/): Decap CMS's bundle only, from the npm tarball pinned and
# checksummed in package-lock.json (cchc/site/bundle.py, standard library): no npm, no node_modules.
DECAP := vendor/decap-cms/.integrity
$(DECAP): package-lock.json cchc/site/bundle.py
	$(PYTHON) -m cchc.site.bundle
	touch $@

# The tests' local editor backend (decap-server, 13 MB); Debian's nodejs and npm when missing.
NODE_MODULES := node_modules/.package-lock.json
$(NODE_MODULES): package.json package-lock.json
	command -v npm >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm; }
	npm ci --omit=optional --no-audit --no-fund --loglevel=error
	touch $@

build: $(INSTALLED) $(DECAP)
	$(BIN)/python build.py build $(if $(SITE_URL),--site-url $(SITE_URL))

validate: $(INSTALLED)
	$(BIN)/python build.py validate

# In parallel, one worker per core (pytest-xdist); first a few lines on what was installed.
test: $(TEST_INSTALLED) $(CHROMIUM) $(NODE_MODULES) $(DECAP)
	@$(BIN)/python tests/installed.py
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

# Lint, types, then formatting (settings in pyproject.toml); .ci/run and pre-commit run the same.
lint: $(TEST_INSTALLED)
	$(BIN)/ruff check
	$(BIN)/mypy
	$(BIN)/ruff format --check

serve: $(INSTALLED) $(DECAP)
	$(BIN)/python build.py serve

schema: $(INSTALLED)
	$(BIN)/python build.py schema

clean:
	rm -rf $(VENV) site .build node_modules vendor
