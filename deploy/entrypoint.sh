#!/bin/sh
# Entry point of the uptdppa image: optionally apply migrations, then run the command
# (gunicorn by default; celery for the worker and beat services).
# RUN_MIGRATIONS=1 is set on the web service only, so one container migrates. If web is ever
# scaled to several replicas, run migrations as a separate one-off step instead.
set -eu

if [ "${RUN_MIGRATIONS:-0}" = "1" ]; then
    python manage.py migrate --noinput
fi

exec "$@"
