# The two commands of the README: `make run` and `make test`. Each installs
# what it needs first, and only that; running them again installs nothing.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist processes; `auto` is one per CPU core.
PYTEST_WORKERS ?= auto

# Debian packages, by the command that needs them.
# Running: a venv, gettext for the translations, and WeasyPrint's HarfBuzz
# subsetter, Pango and a font for the PDFs.
APT_RUN := python3-venv gettext libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation2
# Testing: Chromium for the browser tests, poppler to read PDFs back, wrk for
# the miniature benchmark in tests/test_benchmarks.py.
APT_TEST := chromium poppler-utils wrk default-jre-headless
# Benchmarking: wrk sends the load.
APT_BENCH := wrk

# Python packages: `pip install -e .` for running, `-e ".[dev]"` for testing.
# Each stamp is renewed when pyproject.toml changes; the dev install also
# covers running.
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: setup setup-run setup-test setup-bench apt-run apt-test apt-bench apt-node lighthouse \
	venv-run venv-dev messages run serve check test lint typecheck imports \
	format bench migrations-check

# Installs Debian packages that are missing (as root) or says which to install.
define apt_install
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "These Debian packages are missing:$$missing"; \
	    echo "Run 'sudo apt-get install -y$$missing' (or run make as root), then try again."; \
	    exit 1; \
	  fi; \
	fi
endef

apt-run:
	$(call apt_install,$(APT_RUN))

apt-test: apt-run
	$(call apt_install,$(APT_TEST))

apt-bench: apt-run
	$(call apt_install,$(APT_BENCH))

# Node.js and npm for Lighthouse (tests/browser/test_lighthouse.py): from
# Debian when the machine has none (any Node.js 18.16 or newer will do).
apt-node:
	@if ! command -v node >/dev/null || ! command -v npm >/dev/null; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing Debian packages: nodejs npm"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	  else \
	    echo "Node.js and npm are missing."; \
	    echo "Run 'sudo apt-get install -y nodejs npm' (or run make as root), then try again."; \
	    exit 1; \
	  fi; \
	fi

# Lighthouse from the npm registry, as its lock file says; again only when
# the lock file changes.
LIGHTHOUSE_DIR := tools/lighthouse
LIGHTHOUSE_STAMP := $(LIGHTHOUSE_DIR)/node_modules/.installed

$(LIGHTHOUSE_STAMP): $(LIGHTHOUSE_DIR)/package-lock.json | apt-node
	cd $(LIGHTHOUSE_DIR) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

lighthouse: apt-node $(LIGHTHOUSE_STAMP)

$(RUN_STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@if [ -f $(DEV_STAMP) ] && [ $(DEV_STAMP) -nt pyproject.toml ]; then \
	  echo "$(VENV): the development install already covers running"; \
	else \
	  $(PY) -m pip install -q --upgrade pip && $(PY) -m pip install -q -e .; \
	fi
	@touch $@

$(DEV_STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	@touch $@ $(RUN_STAMP)

venv-run: $(RUN_STAMP)

venv-dev: $(DEV_STAMP)

messages: venv-run
	@$(PY) manage.py compilemessages --ignore=.venv -v0

setup-run: apt-run venv-run messages

setup-test: apt-test venv-dev messages lighthouse

setup-bench: apt-bench venv-run messages

# Everything, for development.
setup: setup-test apt-bench

# Local run: SQLite in the project folder, Celery eager, DEBUG on, demo data.
run: setup-run
	env -u DATABASE_URL -u REDIS_URL -u CELERY_BROKER_URL DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	env -u DATABASE_URL -u REDIS_URL -u CELERY_BROKER_URL DJANGO_DEBUG=1 $(PY) manage.py load_regions
	env -u DATABASE_URL -u REDIS_URL -u CELERY_BROKER_URL DJANGO_DEBUG=1 $(PY) manage.py seed_demo --base-url http://$(HOST):$(PORT)
	env -u DATABASE_URL -u REDIS_URL -u CELERY_BROKER_URL DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# Like `run`, but with whatever DATABASE_URL / REDIS_URL the environment sets.
serve: setup-run
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py load_regions
	DJANGO_DEBUG=1 $(PY) manage.py seed_demo --base-url http://$(HOST):$(PORT)
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# Everything but the tests: lint, format, migrations, types, import contracts.
check: venv-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	@# bandit's notes on reviewed lines ("nosec encountered") are left out.
	set -o pipefail; $(VENV)/bin/bandit -c pyproject.toml -r . --severity-level medium -q 2>&1 \
	  | { grep -v "nosec encountered" || true; }

# The whole suite, in parallel: PostgreSQL when DATABASE_URL is set, SQLite
# otherwise. PYTEST_WORKERS=0 runs it in one process.
test: setup-test check
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: venv-dev
	$(VENV)/bin/mypy

imports: venv-dev
	$(VENV)/bin/lint-imports

format:
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrations-check:
	$(PY) manage.py makemigrations --check --dry-run

bench: setup-bench
	$(PY) benchmarks/run.py
