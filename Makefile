# Seller Center Returns: `make run` serves the demo, `make test` runs every test.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
# The first interpreter that is Python 3.12 or newer (pyenv reads .python-version).
PYTHON ?= $(shell for p in python3 python3.13 python3.12; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { echo $$p; break; }; done)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help python venv messages makemessages run serve migrate seed test test-fast lint format bench bench-smoke bench-instructions api-fuzz clean

help:
	@echo "make run    set up and serve the demo at http://$(HOST):$(PORT)/ (web, refund worker, sweeper)"
	@echo "make test   run the whole test suite (SQLite; set DATABASE_URL for PostgreSQL)"
	@echo "make lint   ruff checks and formatting"

python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "error: Python 3.12 or newer is required (Django 6.1); found: $$(python3 --version 2>&1)."; \
		echo "       Install it (for example: pyenv install 3.12) or run: make PYTHON=/path/to/python3.12 ..."; \
		exit 1; fi

$(VENV)/.installed: requirements.txt requirements-dev.txt | python
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

venv: $(VENV)/.installed

# The Turkish catalogue: locale/tr/LC_MESSAGES/django.mo from its .po (GNU gettext's msgfmt), rebuilt
# whenever the .po is newer. The .mo is built, never committed (the test run also builds it).
messages: venv
	@command -v msgfmt >/dev/null || apt-get install -y -qq gettext >/dev/null || { echo "error: install gettext (apt-get install gettext)"; exit 1; }
	DJANGO_DEBUG=true $(PY) manage.py compilemessages --ignore=.venv --verbosity=0

# Collect the strings marked in every app and template into the Turkish catalogue; translate the new
# ones, then `make messages`. tests/languages/test_catalogue.py fails while any is missing or untranslated.
makemessages: venv
	$(PY) manage.py makemessages --locale=tr --no-obsolete --add-location=file --ignore=.venv \
		--ignore=tests --ignore=bench --ignore=scripts --ignore=docs --ignore=static --ignore=staticfiles

migrate: messages
	DJANGO_DEBUG=true $(PY) manage.py migrate --noinput

seed: migrate
	DJANGO_DEBUG=true $(PY) manage.py seed_demo

run: seed
	@HOST=$(HOST) PORT=$(PORT) PY=$(PY) scripts/run-demo.sh

test: messages
	@scripts/ensure-chromium.sh
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: messages
	@command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null || { echo "error: install wrk (apt-get install wrk)"; exit 1; }
	$(PY) bench/run.py $(BENCH_ARGS)

bench-instructions: messages
	@command -v valgrind >/dev/null || apt-get install -y -qq valgrind >/dev/null || { echo "error: install valgrind"; exit 1; }
	$(PY) bench/instructions.py $(BENCH_ARGS)

bench-smoke: messages
	@command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null || { echo "error: install wrk (apt-get install wrk)"; exit 1; }
	$(PY) bench/run.py --smoke

# schemathesis against the live API of the demo data (a fresh PostgreSQL database of its own).
api-fuzz: messages
	PY=$(PY) scripts/api-fuzz.sh

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
