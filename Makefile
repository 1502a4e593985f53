# Two entry points for a fresh machine with Python 3.11+ and make: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?= -n auto

.PHONY: run test install install-dev lint format messages screenshots

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed: make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime-installed

install: $(VENV)/.runtime-installed

install-dev: $(VENV)/.dev-installed

## run: install, migrate, seed the catalogue and demo users, then serve web + Celery worker + beat.
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_jinzhou --demo-users
	$(BIN)/python scripts/run_all.py --port $(PORT)

## test: install the test tools and run the whole suite.
test: install-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .

format: install-dev
	$(BIN)/python -m ruff format .
	$(BIN)/python -m ruff check --fix .

## screenshots: the portal's main pages in headless Chromium (/usr/bin/chromium), saved to docs/screenshots/.
screenshots: install-dev
	JINZHOU_SCREENSHOTS_DIR=docs/screenshots $(BIN)/python -m pytest tests/e2e/test_screenshots.py -p no:cacheprovider -q

## messages: refresh the translation catalogue and compile it (needs GNU gettext for xgettext).
messages: install-dev
	$(BIN)/python manage.py makemessages -l zh_Hans --no-obsolete --ignore=.venv --ignore=var --ignore=tests --ignore=benchmarks
	$(BIN)/python scripts/compile_messages.py
