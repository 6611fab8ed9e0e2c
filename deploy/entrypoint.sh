#!/bin/sh
# Entry point of the uptdppa image. The first argument chooses what the container runs:
#   migrate   apply migrations as the owner role, then grant the runtime role its privileges
#             (the compose "migrate" service; its DATABASE_URL is the owner's, from .env.owner)
#   anything else is run as given (gunicorn by default; celery for the worker and beat)
set -eu

if [ "${1:-}" = "migrate" ]; then
    python manage.py migrate --noinput
    exec python manage.py grant_runtime_privileges
fi

exec "$@"
