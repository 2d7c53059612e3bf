# Two commands do everything on a fresh machine: `make run` and `make test`.
# The virtualenv is rebuilt only when pyproject.toml changes.

VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
DEV_ENV := DJANGO_DEBUG=true

.DEFAULT_GOAL := help
.PHONY: help run test lint format pytest setup content serve clean

help:
	@echo "make run    set up and serve the app on http://$(HOST):$(PORT) (SQLite in var/)"
	@echo "make test   set up and run lint and the whole test suite"
	@echo "make lint   ruff format check and lint only"
	@echo "make pytest the test suite only (DATABASE_URL selects the database)"

# Python >= 3.12 is required by Django 6.1. Look for it where people usually have it:
# versioned commands, plain python3, then pyenv's installs (whose shims may refuse to run).
$(VENV)/created:
	@set -e; found=""; \
	pyenv_root=$$(pyenv root 2>/dev/null || echo "$$HOME/.pyenv"); \
	for candidate in python3.13 python3.12 python3 \
	    $$(ls -d "$$pyenv_root"/versions/3.1[3-9]* "$$pyenv_root"/versions/3.12* 2>/dev/null | sed 's|$$|/bin/python3|'); do \
	  if "$$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then \
	    found="$$candidate"; break; \
	  fi; \
	done; \
	if [ -z "$$found" ]; then \
	  echo "No Python 3.12 or newer was found: install Python 3.12+ (python.org, your package manager, or 'pyenv install 3.13') and run make again." >&2; \
	  exit 1; \
	fi; \
	echo "Creating $(VENV) with $$found ($$("$$found" --version))"; \
	"$$found" -m venv $(VENV); \
	$(PY) -m pip install --quiet --upgrade pip; \
	touch $@

$(VENV)/installed: $(VENV)/created pyproject.toml
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/installed-dev: $(VENV)/installed pyproject.toml
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

setup: $(VENV)/installed
	@mkdir -p var
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py loadcontent

run: setup
	$(DEV_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

lint: $(VENV)/installed-dev
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

format: $(VENV)/installed-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

pytest: $(VENV)/installed-dev
	$(VENV)/bin/pytest

test: lint pytest

clean:
	rm -rf $(VENV) var
