#!/usr/bin/env bash
# `make prod-smoke`: the production stack started for real on this machine, on loopback, and walked
# through over HTTPS (README "Operating it").
#
# The processes are started with deploy/entrypoint.sh, the commands docker-compose.yml runs:
# migrations as a fresh owner role, the runtime role's grants, two gunicorn instances (the web tier
# holds no state: sessions, cache and locks are in PostgreSQL and Redis) with DJANGO_ENV=production
# and secrets generated for the run, one Celery worker, the backup worker, one beat, and Debian's
# nginx with deploy/nginx.conf and a self-signed certificate made for the run. Only what cannot be
# the same on one machine is changed in the nginx file: addresses, ports and folders (see
# render_nginx below). scripts/prod_smoke_walk.py then walks through nginx. Everything started is
# stopped, and the database, roles and folders made are removed, also when a step fails.
#
# Needs: nginx, openssl, psql (Debian packages; scripts/system-deps.sh installs them as root),
# PostgreSQL with a superuser connection (SMOKE_ADMIN_URL) and Redis (SMOKE_REDIS_URL).
# SMOKE_KEEP=1 keeps the folder (logs) of the run.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY="$ROOT/.venv/bin/python"
export PATH="$ROOT/.venv/bin:$PATH"

ADMIN_URL=${SMOKE_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
REDIS=${SMOKE_REDIS_URL:-redis://127.0.0.1:6379/14}
for tool in nginx openssl psql; do
    command -v "$tool" >/dev/null || { echo "prod-smoke: $tool is needed (bash scripts/system-deps.sh as root)" >&2; exit 2; }
done

RUN=smoke_$$_$(date +%s)
DIR=$(mktemp -d "/tmp/uptdppa-$RUN.XXXX")
chmod 755 "$DIR"  # nginx's workers (nobody) read the static and media folders below it
PIDS=()
started=$(date +%s)

log() { printf '%s prod-smoke: %s\n' "$(date +%T)" "$*"; }

cleanup() {
    local status=$?
    log "stopping what was started"
    [ -f "$DIR/nginx.pid" ] && kill "$(cat "$DIR/nginx.pid")" 2>/dev/null || true
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        kill -9 "$pid" 2>/dev/null || true
    done
    psql "$ADMIN_URL" -qX -v ON_ERROR_STOP=0 >/dev/null 2>&1 <<SQL || true
SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname LIKE '${RUN}%';
DROP DATABASE IF EXISTS "${RUN}" ;
SELECT format('DROP DATABASE IF EXISTS %I', datname) FROM pg_database WHERE datname LIKE '${RUN}%' \gexec
DROP ROLE IF EXISTS "${RUN}_app";
DROP ROLE IF EXISTS "${RUN}_owner";
SQL
    if [ $status -ne 0 ]; then
        log "FAILED; the last lines of each log:"
        for f in "$DIR"/*.log; do [ -f "$f" ] && { echo "--- $f"; tail -n 25 "$f"; }; done
    fi
    if [ -n "${SMOKE_KEEP:-}" ]; then log "kept $DIR"; else rm -rf "$DIR"; fi
    log "done in $(( $(date +%s) - started )) s (exit $status)"
    exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
HTTP_PORT=$(free_port); HTTPS_PORT=$(free_port); WEB1_PORT=$(free_port); WEB2_PORT=$(free_port)

# --- Secrets of the run, as .env, .env.owner and .env.backup would hold them -----------------
log "secrets, certificate, database roles"
read -r FIELD_KEY BLIND_KEY SECRET BACKUP_ID BACKUP_PUB < <("$PY" - <<'PY'
import secrets
from cryptography.fernet import Fernet
from pyrage import x25519
identity = x25519.Identity.generate()
print(Fernet.generate_key().decode(), secrets.token_urlsafe(48), secrets.token_urlsafe(50), str(identity), identity.to_public())
PY
)
OWNER_PASSWORD=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(24))')
APP_PASSWORD=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(24))')
PG_HOSTPORT=$("$PY" -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(p.hostname or "127.0.0.1", p.port or 5432, sep=":")' "$ADMIN_URL")

mkdir -p "$DIR/media" "$DIR/static-export" "$DIR/backups" "$DIR/certs" "$DIR/nginx-temp"
chmod 755 "$DIR/media" "$DIR/static-export"
chmod 700 "$DIR/backups"

# The environment every app process gets (.env); the owner's and the backup worker's additions.
export DJANGO_ENV=production
export SECRET_KEY="$SECRET" FIELD_ENCRYPTION_KEYS="$FIELD_KEY" BLIND_INDEX_KEY="$BLIND_KEY"
export DATABASE_URL="postgres://${RUN}_app:${APP_PASSWORD}@${PG_HOSTPORT}/${RUN}"
export DATABASE_RUNTIME_ROLE="${RUN}_app"
export REDIS_URL="$REDIS" CELERY_TASK_ALWAYS_EAGER=False
export ALLOWED_HOSTS=localhost PROXY_COUNT=1 SECURE_SSL_REDIRECT=True SECURE_HSTS_SECONDS=3600
export CSRF_TRUSTED_ORIGINS="https://localhost:$HTTPS_PORT" SITE_URL="https://localhost:$HTTPS_PORT"
export EMAIL_URL=consolemail:// MFA_REQUIRED=True SENDFILE_NGINX=true
export STATIC_ROOT="$DIR/staticfiles" STATIC_EXPORT_DIR="$DIR/static-export" MEDIA_ROOT="$DIR/media"
export BACKUP_DIR="$DIR/backups" BACKUP_RECIPIENT="$BACKUP_PUB"
export CELERY_BEAT_SCHEDULE_FILENAME="$DIR/celerybeat-schedule"
OWNER_URL="postgres://${RUN}_owner:${OWNER_PASSWORD}@${PG_HOSTPORT}/${RUN}"

# --- Certificate of the run ----------------------------------------------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$DIR/certs/privkey.pem" -out "$DIR/certs/fullchain.pem" 2>/dev/null

# --- PostgreSQL: the database and the two roles, as the postgres container's first start -------
psql "$ADMIN_URL" -qX -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$RUN\"" >/dev/null
psql "${ADMIN_URL%/*}/$RUN" -qX -v ON_ERROR_STOP=1 -v db="$RUN" \
    -v owner="${RUN}_owner" -v owner_password="$OWNER_PASSWORD" \
    -v app="${RUN}_app" -v app_password="$APP_PASSWORD" \
    -f deploy/postgres-roles.sql >/dev/null
"$PY" -c 'import redis, sys; redis.Redis.from_url(sys.argv[1]).flushdb()' "$REDIS"

# --- The image's build step, then compose's one-shot services ------------------------------------
log "assets (compilemessages, collectstatic), migrate as the owner, publish-static"
sh deploy/entrypoint.sh assets
DATABASE_URL="$OWNER_URL" sh deploy/entrypoint.sh migrate > "$DIR/migrate.log" 2>&1
sh deploy/entrypoint.sh publish-static

# --- The long-running services -------------------------------------------------------------------
start() {  # name, command...: one process of the stack, its output in $DIR/name.log
    local name=$1; shift
    "$@" > "$DIR/$name.log" 2>&1 &
    PIDS+=($!)
    echo $! > "$DIR/$name.pid"
}
log "starting 2 gunicorn, worker, backup worker, beat"
GUNICORN_BIND=127.0.0.1:$WEB1_PORT GUNICORN_WORKERS=2 GUNICORN_ACCESS_LOG="$DIR/web1-access.log" start web1 sh deploy/entrypoint.sh web
GUNICORN_BIND=127.0.0.1:$WEB2_PORT GUNICORN_WORKERS=2 GUNICORN_ACCESS_LOG="$DIR/web2-access.log" start web2 sh deploy/entrypoint.sh web
CELERY_CONCURRENCY=1 start worker sh deploy/entrypoint.sh worker
BACKUP_DATABASE_URL="$OWNER_URL" BACKUP_IDENTITY="$BACKUP_ID" start backup-worker sh deploy/entrypoint.sh backup-worker
start beat sh deploy/entrypoint.sh beat

# --- nginx with deploy/nginx.conf ------------------------------------------------------------------
# What differs from the container, and nothing else: listen addresses, the upstream (two gunicorns
# instead of the "web" service), and the folders of certificates, static files, media and logs.
render_nginx() {
    local source=deploy/nginx.conf
    for token in "listen 80 " "listen 443 " "http://web:8000" "/etc/nginx/certs/" "/srv/static/" "/srv/media/" "/var/log/nginx/access.log"; do
        grep -qF -- "$token" "$source" || { echo "prod-smoke: deploy/nginx.conf no longer has '$token'; update render_nginx" >&2; exit 1; }
    done
    sed -e "s|listen 80 |listen 127.0.0.1:$HTTP_PORT |" \
        -e "s|listen 443 |listen 127.0.0.1:$HTTPS_PORT |" \
        -e "s|http://web:8000|http://uptdppa_web|" \
        -e "s|/etc/nginx/certs/|$DIR/certs/|g" \
        -e "s|/srv/static/|$DIR/static-export/|g" \
        -e "s|/srv/media/|$DIR/media/|g" \
        -e "s|/var/log/nginx/access.log|$DIR/nginx-access.log|g" \
        "$source" > "$DIR/site.conf"
    local user_line=""
    [ "$(id -u)" -eq 0 ] && user_line="user nobody nogroup;"
    cat > "$DIR/nginx.conf" <<NGINX
$user_line
worker_processes 1;
pid $DIR/nginx.pid;
error_log $DIR/nginx-error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path $DIR/nginx-temp/body;
    proxy_temp_path $DIR/nginx-temp/proxy;
    fastcgi_temp_path $DIR/nginx-temp/fastcgi;
    uwsgi_temp_path $DIR/nginx-temp/uwsgi;
    scgi_temp_path $DIR/nginx-temp/scgi;
    upstream uptdppa_web {
        server 127.0.0.1:$WEB1_PORT;
        server 127.0.0.1:$WEB2_PORT;
    }
    include $DIR/site.conf;
}
NGINX
}
render_nginx
nginx -t -q -c "$DIR/nginx.conf" -p "$DIR" 2> "$DIR/nginx-test.log" || { cat "$DIR/nginx-test.log" >&2; exit 1; }
nginx -c "$DIR/nginx.conf" -p "$DIR"
log "nginx on https://localhost:$HTTPS_PORT (http $HTTP_PORT), gunicorn on $WEB1_PORT and $WEB2_PORT"

# --- The walk ------------------------------------------------------------------------------------
# The first administrator and head are made on the server as README "Production" says; the head
# then sets up the authenticator app on the site (MFA_REQUIRED) and everything else goes through nginx.
SMOKE_DIR="$DIR" SMOKE_BASE="https://localhost:$HTTPS_PORT" SMOKE_HTTP="http://localhost:$HTTP_PORT" \
SMOKE_CA="$DIR/certs/fullchain.pem" SMOKE_OWNER_URL="$OWNER_URL" \
    "$PY" scripts/prod_smoke_walk.py
log "PASSED"
