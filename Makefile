# The two commands: `make run` (set up and serve the demo) and `make test` (the whole suite).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
NPM := npm --prefix frontend
# What the built web app depends on: rebuilt only when one of these is newer than frontend/dist.
FRONTEND_SOURCES := $(shell find frontend/src frontend/public -type f 2>/dev/null) frontend/index.html \
	frontend/vite.config.ts frontend/package-lock.json $(wildcard frontend/tsconfig*.json)

.PHONY: run test lint test-frontend test-e2e test-sqlite test-postgres migrations-check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	$(NPM) ci --no-audit --no-fund --loglevel=error
	touch $@

frontend/dist/index.html: frontend/node_modules/.installed $(FRONTEND_SOURCES)
	$(NPM) run build --silent
	touch $@

## run: install, build the web app, migrate the embedded SQLite database, load the demo district and serve it
run: $(VENV)/.runtime frontend/dist/index.html
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo ""
	@echo "  共建 Gongjian is starting at http://$(HOST):$(PORT)/  (API docs: /api/docs/, admin: /admin/)"
	@echo ""
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## test: lint, migration check, the web app's checks, the suite on SQLite, then on PostgreSQL
test: $(VENV)/.dev lint migrations-check test-frontend test-sqlite test-postgres

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## test-frontend: eslint, vue-tsc, Vitest, and that src/api/schema.d.ts matches the server's OpenAPI schema
test-frontend: $(VENV)/.dev frontend/node_modules/.installed
	$(NPM) run --silent lint
	$(NPM) run --silent type-check
	$(NPM) run --silent test:unit
	$(NPM) run --silent check:api

## test-e2e: Playwright in Debian's Chromium against a fresh demo server (see frontend/e2e/)
test-e2e: $(VENV)/.dev frontend/dist/index.html
	$(NPM) run --silent test:e2e

migrations-check: $(VENV)/.dev
	$(BIN)/python manage.py makemigrations --check --dry-run

test-sqlite: $(VENV)/.dev
	env -u DATABASE_URL $(BIN)/pytest -q -n 2

test-postgres: $(VENV)/.dev
	@if scripts/postgres-available "$(TEST_DATABASE_URL)"; then \
		echo "Running the suite on PostgreSQL ($(TEST_DATABASE_URL))"; \
		DATABASE_URL="$(TEST_DATABASE_URL)" $(BIN)/pytest -q -n 2; \
	elif [ -n "$$CI" ]; then \
		echo "CI needs PostgreSQL for the second half of the suite." >&2; exit 1; \
	else \
		echo "WARNING: PostgreSQL half skipped; start PostgreSQL or set TEST_DATABASE_URL." >&2; \
	fi

clean:
	rm -rf $(VENV) var frontend/node_modules frontend/dist
