#!/bin/sh
# Entry point of the uptdppa image, and the one list of the production processes' commands:
# docker-compose.yml names them, and `make prod-smoke` (scripts/prod-smoke.sh) starts the same ones
# on one machine, so proving one proves the other (tests/deploy/test_entrypoint.py checks that
# every app service of compose runs one of these).
#
#   assets          compile the translations and collect the static files into STATIC_ROOT
#                   (the Dockerfile runs it at build time; needs no database)
#   migrate         apply migrations as the owner role, then grant the runtime role its privileges
#                   (compose's one-shot "migrate" service; its DATABASE_URL is the owner's)
#   publish-static  copy STATIC_ROOT to STATIC_EXPORT_DIR, which nginx serves (compose's "static")
#   web             gunicorn on GUNICORN_BIND (default 0.0.0.0:8000), behind nginx only
#   worker          the Celery worker of the default queue
#   backup-worker   the Celery worker of the "backup" queue (backups and restore drills)
#   beat            the one Celery beat (never more than one)
#   anything else   run as given, e.g. `python manage.py check --deploy`
set -eu
cd "$(dirname "$0")/.."

case "${1:-web}" in
    assets)
        python manage.py compilemessages --ignore='.venv/*' -v0
        exec python manage.py collectstatic --noinput -v0
        ;;
    migrate)
        python manage.py migrate --noinput
        exec python manage.py grant_runtime_privileges
        ;;
    publish-static)
        mkdir -p "${STATIC_EXPORT_DIR:-/srv/static}"
        # Old hashed files stay: pages open in a browser during an upgrade keep working.
        exec cp -R "${STATIC_ROOT:?}/." "${STATIC_EXPORT_DIR:-/srv/static}/"
        ;;
    web)
        # The access log leaves out query strings and Referer (searches may hold names or NIKs);
        # its logger class blanks the client address of the public complaint channel
        # (uptdppa/anonymity.py). GUNICORN_ACCESS_LOG: "-" is standard output.
        exec gunicorn uptdppa.wsgi:application \
            --bind "${GUNICORN_BIND:-0.0.0.0:8000}" \
            --workers "${GUNICORN_WORKERS:-3}" --threads "${GUNICORN_THREADS:-4}" \
            --timeout 60 --max-requests 1000 --max-requests-jitter 100 \
            --access-logfile "${GUNICORN_ACCESS_LOG:--}" \
            --logger-class uptdppa.gunicorn_logger.AccessLogger \
            --access-logformat '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(L)s'
        ;;
    worker)
        exec celery -A uptdppa worker -l info --concurrency "${CELERY_CONCURRENCY:-2}"
        ;;
    backup-worker)
        exec celery -A uptdppa worker -l info -Q backup --concurrency 1 -n "backup@%h"
        ;;
    beat)
        exec celery -A uptdppa beat -l info --schedule "${CELERY_BEAT_SCHEDULE_FILENAME:-/var/lib/celery/celerybeat-schedule}"
        ;;
esac

exec "$@"
