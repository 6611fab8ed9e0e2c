# syntax=docker/dockerfile:1
# Production image of UPTD PPA: gunicorn by default; docker-compose.yml also runs the Celery
# worker and beat from it. Build: docker compose build (or docker build -t uptdppa .).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=uptdppa.settings \
    DJANGO_ENV=production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/private-media

# WeasyPrint's native libraries and fonts; gettext for compilemessages; libmagic for upload checks;
# pg_dump/pg_restore for backups (bookworm's postgresql-client is 15, the server's major version).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core gettext libmagic1 \
        postgresql-client \
    && rm -rf /var/lib/apt/lists/*

# Home directory only so fontconfig (WeasyPrint) has a writable cache; the code stays root-owned.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --create-home --home-dir /home/app \
        --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first, from the lock alone (exact versions, every file checked against its hash;
# README "Dependencies"), so that a code change does not reinstall them.
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock

# The project itself, without resolving anything again. Templates, static files and locale are
# used from /app, not site-packages.
COPY . .
RUN pip install --no-cache-dir --no-deps . && rm -rf build ./*.egg-info

# Production settings refuse to load without their secrets, so these two commands get throwaway
# values on this RUN line only (never ENV: nothing of them persists in the image). Neither command
# opens the database; the Fernet key and the age key are generated here and discarded.
RUN FIELD_ENCRYPTION_KEYS="$(python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')" \
    && BACKUP_RECIPIENT="$(python -c 'from pyrage import x25519; print(x25519.Identity.generate().to_public())')" \
    && export FIELD_ENCRYPTION_KEYS BACKUP_RECIPIENT BACKUP_DIR=/tmp \
        SECRET_KEY=build-only-not-a-secret \
        DATABASE_URL=postgres://build:build@localhost:5432/build \
        ALLOWED_HOSTS=localhost \
        BLIND_INDEX_KEY=build-only-not-a-secret-of-32-characters-at-least \
        REDIS_URL=redis://localhost:6379/0 \
    && sh deploy/entrypoint.sh assets

# The only places the app user may write: uploads, the beat schedule, the static export and the
# backups (all four are volumes in docker-compose.yml; a new volume takes this ownership).
RUN mkdir -p /app/private-media /var/lib/celery /srv/static /var/backups/uptdppa \
    && chown app:app /app/private-media /var/lib/celery /srv/static /var/backups/uptdppa \
    && chmod 700 /var/backups/uptdppa \
    && chmod 755 deploy/entrypoint.sh

USER 10001:10001
EXPOSE 8000
ENTRYPOINT ["/app/deploy/entrypoint.sh"]
# gunicorn behind nginx; the flags and the other processes' commands are in deploy/entrypoint.sh.
CMD ["web"]
