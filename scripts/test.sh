#!/usr/bin/env bash
# Runs the whole suite. Uses PostgreSQL and Redis on 127.0.0.1 when they answer (or the
# DATABASE_URL / REDIS_URL given), else SQLite and eager Celery; says which at the top.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

answers() { "$PY" -c "import socket,sys; socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=1)" "$1" 2>/dev/null; }

if [ -z "${DATABASE_URL:-}" ] && answers 5432; then
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/uptdppa"
fi
if [ -z "${REDIS_URL:-}" ] && answers 6379; then
  export REDIS_URL="redis://127.0.0.1:6379/0"
fi
echo "Database: ${DATABASE_URL:-sqlite (embedded)}"
echo "Broker:   ${REDIS_URL:-none (Celery eager; real-worker tests skipped)}"

# Migrations are compared with the models only; no database is needed for that.
DATABASE_URL="sqlite:///:memory:" "$PY" manage.py makemigrations --check --dry-run
mkdir -p test-artifacts
export DJANGO_ALLOW_ASYNC_UNSAFE=true  # Playwright's event loop beside live_server
exec "$PY" -m pytest -n 2 --dist loadgroup --durations=20 "$@"
