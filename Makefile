# The two commands of the README: `make run` and `make test`. Both rest on
# `make setup`, which is idempotent.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
APT_PACKAGES := python3-venv chromium poppler-utils libharfbuzz-subset0 fonts-liberation2 gettext wrk
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup system-packages venv messages run serve test lint format bench migrations-check

setup: system-packages venv messages

system-packages:
	@missing=""; for p in $(APT_PACKAGES); do \
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

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	@touch $@

venv: $(VENV)/.installed

messages: venv
	@$(PY) manage.py compilemessages --ignore=.venv -v0

# Local run: SQLite in the project folder, Celery eager, DEBUG on, demo data.
run: setup
	env -u DATABASE_URL -u REDIS_URL -u CELERY_BROKER_URL DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	env -u DATABASE_URL -u REDIS_URL -u CELERY_BROKER_URL DJANGO_DEBUG=1 $(PY) manage.py load_regions
	env -u DATABASE_URL -u REDIS_URL -u CELERY_BROKER_URL DJANGO_DEBUG=1 $(PY) manage.py seed_demo --base-url http://$(HOST):$(PORT)
	env -u DATABASE_URL -u REDIS_URL -u CELERY_BROKER_URL DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# Like `run`, but with whatever DATABASE_URL / REDIS_URL the environment sets.
serve: setup
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py load_regions
	DJANGO_DEBUG=1 $(PY) manage.py seed_demo --base-url http://$(HOST):$(PORT)
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# The whole suite: PostgreSQL when DATABASE_URL is set, SQLite otherwise.
test: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format:
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrations-check:
	$(PY) manage.py makemigrations --check --dry-run

bench: setup
	$(PY) benchmarks/run.py
