# Trygghet — the two commands that matter: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

# `make run` starts the embedded PostgreSQL in .pgdata/ unless DATABASE_URL is set, and
# runs Celery eagerly (no Redis); scripts/embedded_pg.py does it all.

.PHONY: run test lint format bench load mutate install install-dev system-deps services messages clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(VENV)/bin/activate
	$(PIP) install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(VENV)/bin/activate
	$(PIP) install -q -e ".[dev]"
	touch $@ $(VENV)/.installed-run

install: $(VENV)/.installed-run
install-dev: $(VENV)/.installed-dev

system-deps:
	@bash scripts/install-system-deps.sh

## run: install, start PostgreSQL (embedded, .pgdata/), migrate, seed the demo, serve on 127.0.0.1:8000
run: install system-deps
	$(PY) scripts/embedded_pg.py run --host $(HOST) --port $(PORT) --reset-demo-passwords

## test: install everything the suite needs and run it on PostgreSQL and Redis
# Locally the test database is kept and reused between runs (migrate still runs; a flush
# leaves what migrate made, tests/test_reuse_db.py); CI builds it afresh every time.
REUSE_DB := $(if $(CI),--create-db,--reuse-db)
test: install-dev system-deps
	@$(PY) scripts/check_services.py
	$(PY) -m pytest $(REUSE_DB) $(PYTEST_ARGS)

## lint: ruff (lint + format check), the app layers (import-linter) and migrations in step with the models
lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	@# Needs no tables: against the suite's DATABASE_URL (a warning only if it is down).
	DJANGO_SETTINGS_MODULE=trygghet.settings.test $(PY) manage.py makemigrations --check --dry-run -v 1

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## bench: the performance benchmark on PostgreSQL (not part of `make test`)
bench: install-dev
	@$(PY) scripts/check_services.py
	$(PY) bench/run.py

## mutate: mutation testing of the rule modules (pytest-gremlins; under two hours; not in `make test`)
mutate: install-dev
	@$(PY) scripts/check_services.py
	$(PY) scripts/mutate.py $(MODULES)

## load: 50 locust users against gunicorn (2 workers) on PostgreSQL, 60 s (not in `make test`)
load: install-dev
	@$(PY) scripts/check_services.py
	$(PY) scripts/load_test.py

## messages: extract the Swedish catalogues (one per app, one for templates/) and compile
messages: install-dev
	@for dir in core councils lagesbild measures budget trygghet templates; do \
		mkdir -p $$( [ $$dir = templates ] && echo locale || echo $$dir/locale ); \
		(cd $$dir && $(CURDIR)/$(PY) $(CURDIR)/manage.py makemessages -l sv --no-obsolete -v 0) || exit 1; \
	done
	$(PY) manage.py compilemessages --ignore=.venv -v 0

services:
	@bash scripts/start-services.sh

clean:
	rm -rf $(VENV) .pgdata staticfiles .pytest_cache
