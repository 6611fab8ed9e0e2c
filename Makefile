# One command each: `make run` (demo app on SQLite) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test lint bench prod-smoke install system-deps messages clean

# From the dev lock (the production lock's versions plus the test tools), hashes checked; then the
# project itself as editable, in a second command: pip refuses editable installs under --require-hashes.
$(VENV)/.installed: pyproject.toml requirements-dev.lock
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

install: $(VENV)/.installed

system-deps:
	@bash scripts/system-deps.sh

messages: install
	@command -v msgfmt >/dev/null || { echo "gettext (msgfmt) is needed for the Indonesian interface: apt-get install gettext"; exit 1; }
	$(PY) manage.py compilemessages --ignore='.venv/*' -v0

run: system-deps install messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "UPTD PPA Kota Jambi: http://127.0.0.1:$(PORT)/  (stop with Ctrl+C)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: system-deps install messages
	@bash scripts/test.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(PY) manage.py makemigrations --check --dry-run

# The production stack started on this machine and walked through nginx over HTTPS (README
# "Operating it"): PostgreSQL and Redis on 127.0.0.1, Debian's nginx. Also run by `make test`.
prod-smoke: system-deps install
	@bash scripts/prod-smoke.sh

$(VENV)/.bench-installed: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	touch $@

# Benchmarks (docs/architecture.md#performance-budgets, bench/README.md): PostgreSQL on 127.0.0.1 (BENCH_DATABASE_URL), Redis db 13.
bench: install messages $(VENV)/.bench-installed
	@bash bench/run.sh

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles test-artifacts
