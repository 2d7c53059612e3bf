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
	@echo "make serve  serve it under gunicorn as in production (DEBUG off, collected static files)"
	@echo "make test   set up and run lint and the whole test suite"
	@echo "make lint   ruff format check, lint and the import contracts only"
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

# Production-like on this machine: DEBUG off, static files collected into var/static and served
# hashed and compressed by WhiteNoise, topics rendered only by loadcontent, gunicorn with the
# repository's gunicorn.conf.py. Two settings differ from production because this is plain HTTP
# on localhost: with the HTTPS redirect on, every page would bounce to https://127.0.0.1:8000/,
# which nothing answers, and with HTTPS-only cookies the browser would never send the session
# or CSRF cookie back, so signing in would fail. (HSTS needs no switch: Django sends it only on
# HTTPS responses.) A throwaway secret key is generated when DJANGO_SECRET_KEY is unset, and
# sign-ins end when the server stops.
serve: $(VENV)/installed
	@set -e; \
	if [ -z "$$DJANGO_SECRET_KEY" ]; then \
	  DJANGO_SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')"; \
	  export DJANGO_SECRET_KEY; \
	  echo "DJANGO_SECRET_KEY is not set: using a throwaway key generated for this run (sign-ins end when the server stops)."; \
	fi; \
	export DJANGO_DEBUG=false DJANGO_SECURE_SSL_REDIRECT=false DJANGO_SECURE_COOKIES=false; \
	export GUNICORN_BIND="$(HOST):$(PORT)"; \
	$(PY) manage.py collectstatic --noinput --verbosity 1; \
	$(PY) manage.py migrate --noinput; \
	$(PY) manage.py loadcontent; \
	echo "Serving http://$(HOST):$(PORT)/ with gunicorn, DEBUG off (Ctrl-C stops it)"; \
	exec $(VENV)/bin/gunicorn -c gunicorn.conf.py

lint: $(VENV)/installed-dev
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

format: $(VENV)/installed-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

pytest: $(VENV)/installed-dev
	$(VENV)/bin/pytest

test: lint pytest

clean:
	rm -rf $(VENV) var
