"""Settings for UPTD PPA case management: one file, every deploy-specific value from the environment.

DJANGO_ENV selects the mode:
- ``development`` (default): runs with nothing set (SQLite, Celery eager, console email, DEBUG on).
- ``test``: chosen automatically under pytest; fast password hashing, otherwise like development.
- ``production``: DEBUG off, hardened cookies/HTTPS, and refuses to start without its secrets.

Every variable is listed in README.md and `.env.example`.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import environ
from celery.schedules import crontab
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file() and "PYTEST_VERSION" not in os.environ:
    environ.Env.read_env(BASE_DIR / ".env")


def env_secret(name: str, default: str = "") -> str:
    """Read a secret from NAME, or from the file named by NAME_FILE (Docker/systemd secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return env.str(name, default=default)


DJANGO_ENV = env.str("DJANGO_ENV", default="test" if "PYTEST_VERSION" in os.environ else "development")
if DJANGO_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV must be development, test or production, not {DJANGO_ENV!r}.")
PRODUCTION = DJANGO_ENV == "production"
TESTING = DJANGO_ENV == "test"

# Development-only defaults. They are public, so production refuses them (see below).
_DEV_SECRET_KEY = "django-insecure-dev-only-uptdppa-0c6f1d7e9b2a4c58a3e1f0d9b8c7a6e5d4c3b2a1"  # noqa: S105 - public dev key
_DEV_FIELD_KEY = "ZGV2LW9ubHktZmllbGQta2V5LW5vdC1mb3ItcHJvZCE="  # noqa: S105 - public dev key
_DEV_BLIND_INDEX_KEY = "dev-only-blind-index-key-not-for-production-use"  # noqa: S105 - public dev key
# An age key pair for development backups: anyone can decrypt them, so production refuses both.
_DEV_BACKUP_RECIPIENT = "age1ztteyemtj5g5h7xkqw6nj6uv0qykczqyh9pcpa2242rmquhysssqdscwzx"
_DEV_BACKUP_IDENTITY = "AGE-SECRET-KEY-19XADCC5L0Q0G4XM2KR5N6L3J5CTP5P3XKDRC946MAT3K47HJXH6QK0275S"  # noqa: S105

if PRODUCTION:
    _required = {
        "SECRET_KEY": "the Django secret key (50+ random characters)",
        "DATABASE_URL": "the PostgreSQL URL, e.g. postgres://user:pass@db:5432/uptdppa",
        "ALLOWED_HOSTS": "comma-separated host names served, e.g. ppa.jambikota.go.id",
        "FIELD_ENCRYPTION_KEYS": "comma-separated Fernet keys, newest first (manage.py generate_encryption_key)",
        "BLIND_INDEX_KEY": "the HMAC key for searchable identifiers (manage.py generate_encryption_key)",
        "REDIS_URL": "the Redis URL, e.g. redis://redis:6379/0 (Celery broker and the shared cache that "
        "lockouts, throttles and used second-factor codes need across workers)",
        "BACKUP_DIR": "the folder nightly backups are written to, e.g. /var/backups/uptdppa",
        "BACKUP_RECIPIENT": "the age public key(s) backups are encrypted to (README: Backups and restore)",
    }
    _not_secret = {"ALLOWED_HOSTS", "BACKUP_DIR", "BACKUP_RECIPIENT"}  # never read from a *_FILE
    _missing = [
        f"{name} ({why})"
        for name, why in _required.items()
        if not (env.str(name, default="") if name in _not_secret else env_secret(name))
    ]
    if _missing:
        raise ImproperlyConfigured(
            "DJANGO_ENV=production refuses to start without: " + "; ".join(_missing) + ". See README.md."
        )
    _dev_values = {
        "SECRET_KEY": _DEV_SECRET_KEY,
        "FIELD_ENCRYPTION_KEYS": _DEV_FIELD_KEY,
        "BLIND_INDEX_KEY": _DEV_BLIND_INDEX_KEY,
        "BACKUP_RECIPIENT": _DEV_BACKUP_RECIPIENT,
        "BACKUP_IDENTITY": _DEV_BACKUP_IDENTITY,
    }
    _reused = [name for name, value in _dev_values.items() if value in env_secret(name)]
    if _reused:
        raise ImproperlyConfigured(
            "DJANGO_ENV=production refuses the public development value of: " + ", ".join(_reused) + "."
        )

SECRET_KEY = env_secret("SECRET_KEY", default=_DEV_SECRET_KEY)
DEBUG = False if PRODUCTION else env.bool("DJANGO_DEBUG", default=not TESTING)
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Field encryption (uptdppa/crypto.py) -------------------------------------------------------
# Fernet keys, newest first: the first encrypts, all decrypt. Losing them loses the data.
FIELD_ENCRYPTION_KEYS = [k.strip() for k in env_secret("FIELD_ENCRYPTION_KEYS", _DEV_FIELD_KEY).split(",") if k.strip()]
BLIND_INDEX_KEY = env_secret("BLIND_INDEX_KEY", default=_DEV_BLIND_INDEX_KEY)
# A bad key would only show on the first read of personal data; refuse to start instead.
try:
    [Fernet(key) for key in FIELD_ENCRYPTION_KEYS]
except ValueError:
    raise ImproperlyConfigured(
        "FIELD_ENCRYPTION_KEYS must be Fernet keys (32 url-safe base64 bytes): manage.py generate_encryption_key"
    ) from None
if not FIELD_ENCRYPTION_KEYS or len(BLIND_INDEX_KEY) < 32:
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS needs a key and BLIND_INDEX_KEY at least 32 characters.")

# --- Applications -------------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # third party
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "auditlog",
    "rules",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "health_check",
    # ours; dependencies point one way: reports -> referrals -> cases -> accounts
    "uptdppa.accounts",
    "uptdppa.operations",  # backups and restore drills; reads the other apps through the app registry
    "cases",
    "referrals",
    "coordination",  # case conferences, task-force meetings, action items; above referrals
    "dataprotection",  # the breach register (UU 27/2022 PDP); above coordination, below reports
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (static files keep their long cache), before everything that may answer.
    "uptdppa.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "uptdppa.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "uptdppa.middleware.SessionRenewalMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "uptdppa.middleware.RequireMFAMiddleware",
    "uptdppa.middleware.AuditlogMiddleware",
    # Axes last, as its documentation asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "uptdppa.urls"
WSGI_APPLICATION = "uptdppa.wsgi.application"
ASGI_APPLICATION = "uptdppa.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "uptdppa.navigation.navigation",
                "uptdppa.navigation.emergency_numbers",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
DATABASES = {"default": env.db_url_config(env_secret("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))}
# psycopg2 has no native pool: keep connections briefly and check them after a restart of PostgreSQL.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60 if PRODUCTION else 0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# The audit table refuses TRUNCATE (accounts migration 0007) unless the session allows it; only the
# test flush, which empties every table with one TRUNCATE, needs that.
if TESTING and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c uptdppa.audit_truncate=allowed"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The least-privilege role web, worker and beat connect as; the owner grants it its privileges
# after migrating (manage.py grant_runtime_privileges; uptdppa/db_roles.py).
DATABASE_RUNTIME_ROLE = env.str("DATABASE_RUNTIME_ROLE", default="")

# --- Cache --------------------------------------------------------------------------------------
REDIS_URL = env_secret("REDIS_URL")
# Tests keep a per-process cache: parallel test workers must not flush each other's entries.
if REDIS_URL and not TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Each process's own memory, for rendered fragments that hold no personal data and are asked for on
# most requests (the worklist's filter fields): no round trip to Redis.
CACHES["local"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "uptdppa-local"}

# --- Authentication -----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out credentials
    "rules.permissions.ObjectPermissionBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "uptdppa.accounts.checks.DemoPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: accounts are created by the administrator; nobody signs up.
ACCOUNT_ADAPTER = "uptdppa.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
# Axes owns the login lockout, for passwords and second-factor codes alike (accounts/mfa.py);
# allauth's own failed-login limit would answer first, with another message and period.
ACCOUNT_RATE_LIMITS = {"login_failed": None}
MFA_ADAPTER = "uptdppa.accounts.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_FORMS = {
    "authenticate": "uptdppa.accounts.mfa.LockoutAwareAuthenticateForm",
    "reauthenticate": "uptdppa.accounts.mfa.LockoutAwareReauthenticateForm",
}
MFA_TOTP_ISSUER = "UPTD PPA Kota Jambi"
MFA_REQUIRED = env.bool("MFA_REQUIRED", default=PRODUCTION)

# django-axes: 5 failures lock the username from that address for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "uptdppa.accounts.adapters.axes_username"
AXES_LOCKOUT_CALLABLE = "uptdppa.accounts.views.lockout"
# The client address for lockouts, throttles and the audit trail (uptdppa.middleware.client_address):
# behind PROXY_COUNT trusted proxies it is the X-Forwarded-For entry the outermost one added;
# without a proxy the header is the client's own word, so only the socket address counts.
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "uptdppa.middleware.client_address"
AXES_VERBOSE = False

# Sessions: 30 minutes of inactivity ends a session. Activity renews it once a minute at most
# (uptdppa.middleware.SessionRenewalMiddleware), not with a database write on every request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_TIMEOUT_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Security headers ---------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preloading is hard to undo (browsers ship the list) and only an apex domain can be submitted,
    # never a service's subdomain such as ppa.<city>.go.id: off unless asked for (.env.example).
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]  # "preload is not set": a decision, see above
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REDIRECT_EXEMPT = [r"^health/"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Jakarta")  # WIB
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["uptdppa.formats"]

# --- Static and media files ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "uptdppa.staticfiles.StaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Outside production, WhiteNoise serves straight from the app/static folders (no collectstatic).
WHITENOISE_USE_FINDERS = not PRODUCTION
# Source maps are fetched only by a developer's browser tools, and compressing them (the largest
# files) took most of collectstatic's time.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
WHITENOISE_AUTOREFRESH = not PRODUCTION
# Uploaded files live outside the web root and are served only through authorising views.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "private-media")
MEDIA_URL = "/media/"
# Case attachments (cases/models/attachments.py): under MEDIA_ROOT on disk (no URL serves it; the
# download view checks access and audits every read), or an S3-compatible bucket when
# ATTACHMENTS_S3_BUCKET is set. The bucket must be private: files are only streamed through the app.
ATTACHMENTS_S3_BUCKET = env.str("ATTACHMENTS_S3_BUCKET", default="")
if ATTACHMENTS_S3_BUCKET:
    STORAGES["attachments"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": ATTACHMENTS_S3_BUCKET,
            "endpoint_url": env.str("ATTACHMENTS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("ATTACHMENTS_S3_REGION", default="") or None,
            # Unset: boto3's own chain (instance role, AWS_* variables).
            "access_key": env_secret("ATTACHMENTS_S3_ACCESS_KEY") or None,
            "secret_key": env_secret("ATTACHMENTS_S3_SECRET_KEY") or None,
            "location": "attachments",
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
else:
    # No "location": it follows MEDIA_ROOT (the tests point MEDIA_ROOT at a temporary directory).
    STORAGES["attachments"] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
# Downloads of files under MEDIA_ROOT are sent by nginx (X-Accel-Redirect to its internal
# /protected-media/ location, deploy/nginx.conf) after the app's access check and audit entry.
# Only behind that nginx, with the media volume mounted in it; S3 files are always streamed.
SENDFILE_NGINX = env.bool("SENDFILE_NGINX", default=False)
# The largest attachment accepted, in bytes (10 MB by default).
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
if ATTACHMENT_MAX_BYTES <= 0:
    raise ImproperlyConfigured("ATTACHMENT_MAX_BYTES must be a positive number of bytes.")
# The largest image accepted, in pixels (width x height; 40 megapixels by default). Checked from
# the image's header before it is decoded: removing its metadata holds the decoded bitmap in
# memory, 3-4 bytes a pixel (40 MP: about 120-160 MB per upload). Pillow's own limit
# (Image.MAX_IMAGE_PIXELS, about 89 MP) still applies above it.
ATTACHMENT_MAX_PIXELS = env.int("ATTACHMENT_MAX_PIXELS", default=40_000_000)
if ATTACHMENT_MAX_PIXELS <= 0:
    raise ImproperlyConfigured("ATTACHMENT_MAX_PIXELS must be a positive number of pixels.")

# --- Email --------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url_config(env_secret("EMAIL_URL", default="consolemail://"))
vars().update(EMAIL_CONFIG)
# The unit's own phone number, shown beside 112 and SAPA 129 in the emergency bar of every public page
# (login, complaint form, status page) and on the public complaint pages; empty: not shown.
UNIT_PHONE = env.str("UNIT_PHONE", default="")
# Where links in e-mails point (the address staff open in their browser).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="UPTD PPA Kota Jambi <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Audit trail (django-auditlog) --------------------------------------------------------------
# Models are registered in code (uptdppa/audit.py) so that encrypted fields are always masked.
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False
# Masked fields (encrypted fields, the password hash) show that they changed, never their value.
AUDITLOG_MASK_CALLABLE = "uptdppa.audit.mask_value"

# --- API ----------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header makes failures 401 rather than 403.
        "uptdppa.accounts.authentication.AuditedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated", "uptdppa.permissions.LiaisonScope"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "uptdppa.api.AutoSchema",  # documents the shared 401, 415 and liaison 404
    "EXCEPTION_HANDLER": "uptdppa.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # DRF's three, with JSON nested too deep for the decoder answered 400 rather than 500.
    "DEFAULT_PARSER_CLASSES": [
        "uptdppa.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_RATES": {"token": "10/minute"},
    "NUM_PROXIES": PROXY_COUNT,  # 0: the socket address, never a client-sent X-Forwarded-For
}
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env.int("API_TOKEN_TTL_HOURS", default=10)),
    "AUTO_REFRESH": False,
    "TOKEN_LIMIT_PER_USER": 5,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "UPTD PPA Kota Jambi API",
    "DESCRIPTION": "Case management for the protection of women and children (UPTD PPA Kota Jambi).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # 404 for everybody but the staff roles that use the API (uptdppa.permissions.ApiDocsReaders).
    "SERVE_PERMISSIONS": ["uptdppa.permissions.ApiDocsReaders"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# --- Backups (uptdppa/operations; README "Backups and restore") ---------------------------------
# One encrypted file per backup in BACKUP_DIR, encrypted to the age public key(s) in BACKUP_RECIPIENT
# (comma-separated: e.g. the unit's key and the escrow key). Decrypting needs BACKUP_IDENTITY, the
# private key, which only the backup worker (restore drill) and a restore need: never the web app.
# The field encryption keys are NOT in backups (README: key escrow).
BACKUP_DIR = env.path("BACKUP_DIR", default=BASE_DIR / "backups")
BACKUP_RECIPIENTS = env.list("BACKUP_RECIPIENT", default=[] if PRODUCTION else [_DEV_BACKUP_RECIPIENT])
BACKUP_IDENTITY = env_secret("BACKUP_IDENTITY", default="" if PRODUCTION else _DEV_BACKUP_IDENTITY)
# A bad key would only show at the first backup or restore; refuse to start instead.
try:
    from pyrage import IdentityError, RecipientError, x25519

    [x25519.Recipient.from_str(key) for key in BACKUP_RECIPIENTS]
    if BACKUP_IDENTITY:
        x25519.Identity.from_str(BACKUP_IDENTITY)
except (RecipientError, IdentityError):
    raise ImproperlyConfigured(
        "BACKUP_RECIPIENT must hold age public keys (age1...) and BACKUP_IDENTITY an age secret key "
        "(AGE-SECRET-KEY-1...): manage.py generate_backup_key"
    ) from None
# The connection pg_dump, pg_restore and the drill's scratch database use (empty: DATABASE_URL's).
# The drill creates and drops a database, so in production: the owner role, granted CREATEDB.
BACKUP_DATABASE_URL = env_secret("BACKUP_DATABASE_URL")
# Folder of pg_dump/pg_restore (empty: the PATH); they must be at least the server's major version.
BACKUP_PG_BIN_DIR = env.str("BACKUP_PG_BIN_DIR", default="")
# Nightly at this time (CELERY_TIMEZONE, WIB); the drill on this day of each month, after the backup.
BACKUP_HOUR = env.int("BACKUP_HOUR", default=2)
BACKUP_MINUTE = env.int("BACKUP_MINUTE", default=0)
RESTORE_DRILL_DAY = env.int("RESTORE_DRILL_DAY", default=2)
RESTORE_DRILL_HOUR = env.int("RESTORE_DRILL_HOUR", default=4)
# The head is alerted when the newest successful backup is older than this (a nightly job + slack).
BACKUP_MAX_AGE_HOURS = env.int("BACKUP_MAX_AGE_HOURS", default=26)
# Pruning keeps the newest backup of each of the last N days, ISO weeks and months; the rest goes.
BACKUP_KEEP_DAILY = env.int("BACKUP_KEEP_DAILY", default=14)
BACKUP_KEEP_WEEKLY = env.int("BACKUP_KEEP_WEEKLY", default=8)
BACKUP_KEEP_MONTHLY = env.int("BACKUP_KEEP_MONTHLY", default=12)
# Values of each encrypted field the drill decrypts from the restored database.
RESTORE_DRILL_SAMPLE_SIZE = env.int("RESTORE_DRILL_SAMPLE_SIZE", default=25)
# Hard limit of a backup or drill task, in seconds (the default task limit is minutes).
BACKUP_TASK_TIME_LIMIT = env.int("BACKUP_TASK_TIME_LIMIT", default=3 * 60 * 60)
if min(BACKUP_KEEP_DAILY, BACKUP_KEEP_WEEKLY, BACKUP_KEEP_MONTHLY, BACKUP_MAX_AGE_HOURS) < 0 or not (
    1 <= RESTORE_DRILL_DAY <= 28
):
    raise ImproperlyConfigured("BACKUP_KEEP_* and BACKUP_MAX_AGE_HOURS must be >= 0; RESTORE_DRILL_DAY 1 to 28.")

# E-mail outbox (accounts.Notification): the periodic job leaves rows younger than the pickup delay
# to the task queued on their commit; a sender's claim on a row expires after the claim time (its
# worker died). The claim must outlive CELERY_TASK_TIME_LIMIT, which ends a hung sender.
NOTIFICATION_EMAIL_PICKUP_DELAY_SECONDS = env.int("NOTIFICATION_EMAIL_PICKUP_DELAY_SECONDS", default=120)
NOTIFICATION_EMAIL_CLAIM_SECONDS = env.int("NOTIFICATION_EMAIL_CLAIM_SECONDS", default=15 * 60)

# --- Celery -------------------------------------------------------------------------------------
# Without REDIS_URL tasks run eagerly in-process (the embedded default).
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL or TESTING)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SOFT_TIME_LIMIT = 5 * 60
CELERY_TASK_TIME_LIMIT = 6 * 60
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
if NOTIFICATION_EMAIL_PICKUP_DELAY_SECONDS < 0 or NOTIFICATION_EMAIL_CLAIM_SECONDS <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured(
        "NOTIFICATION_EMAIL_PICKUP_DELAY_SECONDS must be >= 0 and NOTIFICATION_EMAIL_CLAIM_SECONDS longer than "
        "CELERY_TASK_TIME_LIMIT (a live sender's claim must not expire)."
    )
CELERY_BEAT_SCHEDULE_FILENAME = env.str("CELERY_BEAT_SCHEDULE_FILENAME", default=str(BASE_DIR / "celerybeat-schedule"))
CELERY_BEAT_SCHEDULE = {
    # Statistics: last month and the year to date (on 1 January: last year), 01:00 WIB on the 1st.
    "generate-monthly-snapshots": {
        "task": "reports.tasks.generate_monthly_snapshots",
        "schedule": crontab(day_of_month=1, hour=1, minute=0),
    },
    # Stale statistics snapshots a debounced refresh missed, and the running year's snapshot.
    "refresh-due-snapshots": {
        "task": "reports.tasks.refresh_due_snapshots",
        "schedule": timedelta(minutes=5),
    },
    # "Generate now" runs asked while the broker was down.
    "requeue-snapshot-runs": {
        "task": "reports.tasks.requeue_snapshot_runs",
        "schedule": timedelta(minutes=5),
    },
    # PDF and Excel files asked while the broker was down, or whose worker was killed.
    "generate-pending-report-files": {
        "task": "reports.tasks.generate_pending_report_files",
        "schedule": timedelta(minutes=5),
    },
    # Referrals: reminders before the due date, escalation of overdue ones to the head.
    "send-referral-deadline-notices": {
        "task": "referrals.tasks.send_referral_deadline_notices",
        "schedule": crontab(hour=7, minute=30),  # 07:30 WIB
    },
    "send-action-item-deadline-notices": {
        "task": "coordination.tasks.send_action_item_deadline_notices",
        "schedule": crontab(hour=7, minute=35),  # 07:35 WIB
    },
    "purge-expired-credentials": {
        "task": "uptdppa.accounts.tasks.purge_expired_credentials",
        "schedule": timedelta(hours=1),
    },
    "send-pending-notification-emails": {
        "task": "uptdppa.accounts.tasks.send_pending_notification_emails",
        "schedule": timedelta(minutes=5),
    },
    # Post-closure monitoring: remind case managers of follow-ups due within 7 days or overdue.
    "send-monitoring-reminders": {
        "task": "cases.tasks.send_monitoring_reminders",
        "schedule": crontab(hour=7, minute=0),  # 07:00 WIB (CELERY_TIMEZONE)
    },
    # Each staff member's overdue tasks: one digest a day (counts and a link only).
    "send-overdue-digest": {
        "task": "cases.tasks.send_overdue_digest",
        "schedule": crontab(hour=7, minute=15),  # 07:15 WIB (CELERY_TIMEZONE)
    },
    # Backups (README "Backups and restore"): nightly, then pruning; a restore drill every month.
    "backup-nightly": {
        "task": "uptdppa.operations.tasks.run_backup",
        "schedule": crontab(hour=BACKUP_HOUR, minute=BACKUP_MINUTE),
    },
    "restore-drill-monthly": {
        "task": "uptdppa.operations.tasks.run_restore_drill",
        "schedule": crontab(day_of_month=RESTORE_DRILL_DAY, hour=RESTORE_DRILL_HOUR, minute=0),
    },
    # The audit trail's monthly partitions, three months ahead (docs/scaling.md "The audit trail").
    "ensure-audit-partitions": {
        "task": "uptdppa.accounts.tasks.audit_partitions_ensure",
        "schedule": crontab(hour=3, minute=10),  # 03:10 WIB
    },
    # On the default queue, not "backup": a stopped backup worker is exactly what it must notice.
    "check-backup-freshness": {
        "task": "uptdppa.operations.tasks.check_backup_freshness",
        "schedule": timedelta(hours=1),
    },
}
# Backups and drills run on a queue of their own, consumed by the one worker that holds the backup
# volume, the backup database role and the age identity (docker-compose.yml "backup").
CELERY_TASK_ROUTES = {
    "uptdppa.operations.tasks.run_backup": {"queue": "backup"},
    "uptdppa.operations.tasks.run_restore_drill": {"queue": "backup"},
    "uptdppa.accounts.tasks.audit_partitions_ensure": {"queue": "backup"},
}
# Publishing gives up fast when the broker is down; the outbox job sends the work later.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}

# --- Health checks ------------------------------------------------------------------------------
HEALTH_CHECKS: list[Any] = ["health_check.checks.Database", "health_check.checks.Cache"]
if REDIS_URL:
    # A live worker for every queue tasks go to: the default one and "backup" (uptdppa/health.py).
    HEALTH_CHECKS.append("uptdppa.health.CeleryQueues")

# --- Forms --------------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Logging: ids only, never names, NIKs, phone numbers or narratives ----------------------------
# A record about a request to the public complaint channel loses that request (and with it the
# sender's address, which AdminEmailHandler would mail) in every handler (uptdppa/anonymity.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {
        "forget_public_client": {"()": "uptdppa.anonymity.ForgetClientOnPublicPaths"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["forget_public_client"]},
        # Django's own (DEFAULT_LOGGING), with the filter; it mails only when ADMINS is set.
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "forget_public_client"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # Django's default sends these to a console of its own (when DEBUG) and to mail_admins;
        # here to mail_admins, and to the root's console like every other logger.
        "django": {"handlers": ["mail_admins"], "level": "INFO", "propagate": True},
        # 4xx responses carry URLs with codes only, but the request line may include search terms.
        "django.request": {"level": "ERROR"},
    },
}

# --- Domain settings (docs/domain.md#settings-the-unit-may-change) -------------------------------
# Response clock by triage risk (docs/domain.md#triage-and-clocks): high = at once (1 hour), medium 6 hours, low 3 days.
RESPONSE_TIME_HOURS = {
    "tinggi": env.int("RESPONSE_HOURS_TINGGI", default=1),
    "sedang": env.int("RESPONSE_HOURS_SEDANG", default=6),
    "rendah": env.int("RESPONSE_HOURS_RENDAH", default=72),
}
# UU TPKS Pasal 41: a sexual-violence report goes to the police within 3 x 24 hours.
POLICE_REPORT_WINDOW_HOURS = env.int("POLICE_REPORT_WINDOW_HOURS", default=72)
# Temporary shelter (docs/domain.md#shelter): a 14-day cap, then an onward referral; a warning from day 12.
SHELTER_WARNING_DAY = env.int("SHELTER_WARNING_DAY", default=12)
SHELTER_LIMIT_DAYS = env.int("SHELTER_LIMIT_DAYS", default=14)
if not 0 < SHELTER_WARNING_DAY <= SHELTER_LIMIT_DAYS:
    raise ImproperlyConfigured("SHELTER_WARNING_DAY must be between 1 and SHELTER_LIMIT_DAYS.")
# Post-closure monitoring: follow-up visits this many months after the closure is approved.
MONITORING_FOLLOW_UP_MONTHS = env.list("MONITORING_FOLLOW_UP_MONTHS", cast=int, default=[1, 3, 6])
if not MONITORING_FOLLOW_UP_MONTHS or any(m <= 0 for m in MONITORING_FOLLOW_UP_MONTHS):
    raise ImproperlyConfigured("MONITORING_FOLLOW_UP_MONTHS must list positive numbers of months.")
# Register numbers: {seq} gap-free per year, {month_roman} and {year} of the registration.
REGISTER_NUMBER_FORMAT = env.str("REGISTER_NUMBER_FORMAT", default="{seq:03d}/UPTD-PPA/{month_roman}/{year}")
# Referral letters (surat rujukan): same placeholders as the register number.
REFERRAL_LETTER_NUMBER_FORMAT = env.str(
    "REFERRAL_LETTER_NUMBER_FORMAT", default="{seq:03d}/RUJ/UPTD-PPA/{month_roman}/{year}"
)
# Statistics for leadership: counts below this are shown as "<N" so that no child can be recognised.
STATISTICS_SMALL_CELL_LIMIT = env.int("STATISTICS_SMALL_CELL_LIMIT", default=3)
# A correction of a period's data queues one refresh of its stale snapshots this many seconds later;
# the writes of that time are made by the same run (reports.services.snapshots.stale_refresh_soon).
STATISTICS_REFRESH_DELAY_SECONDS = env.int("STATISTICS_REFRESH_DELAY_SECONDS", default=30)
# Days the receiving organisation has to respond to a referral, by urgency.
REFERRAL_DUE_DAYS = {
    "darurat": env.int("REFERRAL_DUE_DAYS_DARURAT", default=1),
    "tinggi": env.int("REFERRAL_DUE_DAYS_TINGGI", default=3),
    "biasa": env.int("REFERRAL_DUE_DAYS_BIASA", default=7),
}
# The steps of a referral after it is sent (docs/domain.md#referral-steps; one function reads these,
# referrals.services.step_deadlines): accepted by the "respond by" date above (from the sending day);
# the first service (the first action logged) within REFERRAL_FIRST_SERVICE_DAYS of the acceptance;
# completed within REFERRAL_COMPLETE_DAYS of the sending day, or the longer time of a service that
# takes longer (REFERRAL_COMPLETE_DAYS_BY_SERVICE, the longest of the services requested).
REFERRAL_FIRST_SERVICE_DAYS = {
    "darurat": env.int("REFERRAL_FIRST_SERVICE_DAYS_DARURAT", default=1),
    "tinggi": env.int("REFERRAL_FIRST_SERVICE_DAYS_TINGGI", default=3),
    "biasa": env.int("REFERRAL_FIRST_SERVICE_DAYS_BIASA", default=7),
}
REFERRAL_COMPLETE_DAYS = {
    "darurat": env.int("REFERRAL_COMPLETE_DAYS_DARURAT", default=14),
    "tinggi": env.int("REFERRAL_COMPLETE_DAYS_TINGGI", default=30),
    "biasa": env.int("REFERRAL_COMPLETE_DAYS_BIASA", default=60),
}
REFERRAL_COMPLETE_DAYS_BY_SERVICE: dict[str, int] = env.json(
    "REFERRAL_COMPLETE_DAYS_BY_SERVICE",
    default={"penegakan_hukum": 180, "bantuan_hukum": 120, "rehabilitasi_sosial": 90, "reintegrasi_sosial": 90},
)
if any(
    not isinstance(days, int) or days <= 0
    for days in (
        *REFERRAL_DUE_DAYS.values(),
        *REFERRAL_FIRST_SERVICE_DAYS.values(),
        *REFERRAL_COMPLETE_DAYS.values(),
        *REFERRAL_COMPLETE_DAYS_BY_SERVICE.values(),
    )
):
    raise ImproperlyConfigured("REFERRAL_*_DAYS must be positive whole numbers of days.")
# The quarterly task-force report is made this many days after a quarter ends (a beat job, daily).
TASKFORCE_REPORT_DAY = env.int("TASKFORCE_REPORT_DAY", default=10)
# A referral still open this many days after it was sent is listed as long open in that report.
TASKFORCE_LONG_OPEN_DAYS = env.int("TASKFORCE_LONG_OPEN_DAYS", default=30)
# The KLA Klaster V evidence pack of the year before is made on this day of January (a beat job).
KLA_PACK_JANUARY_DAY = env.int("KLA_PACK_JANUARY_DAY", default=15)
if not 1 <= TASKFORCE_REPORT_DAY <= 28 or TASKFORCE_LONG_OPEN_DAYS <= 0 or not 1 <= KLA_PACK_JANUARY_DAY <= 31:
    raise ImproperlyConfigured(
        "TASKFORCE_REPORT_DAY must be 1-28, TASKFORCE_LONG_OPEN_DAYS positive, KLA_PACK_JANUARY_DAY 1-31."
    )
CELERY_BEAT_SCHEDULE["make-taskforce-report"] = {
    # Daily: makes the last quarter's report once it is TASKFORCE_REPORT_DAY days after its end,
    # if it is not made yet (a missed day is made up the next).
    "task": "reports.tasks.make_due_taskforce_report",
    "schedule": crontab(hour=2, minute=10),  # 02:10 WIB
}
CELERY_BEAT_SCHEDULE["make-kla-pack"] = {
    # Daily: from KLA_PACK_JANUARY_DAY of January, the last year's evidence pack once (idempotent).
    "task": "reports.tasks.make_due_kla_pack",
    "schedule": crontab(hour=2, minute=20),  # 02:20 WIB
}
# SIMFONI has no "Perundungan" form: bullying is exported as Psikis (or Fisik).
SIMFONI_BULLYING_AS = env.str("SIMFONI_BULLYING_AS", default="psikis")
if SIMFONI_BULLYING_AS not in {"psikis", "fisik"}:
    raise ImproperlyConfigured("SIMFONI_BULLYING_AS must be 'psikis' or 'fisik'.")

# --- Watching for probing (uptdppa/accounts/watch.py) --------------------------------------------
# Search before create ("is this person known in another case?") tells whether someone is known
# to the unit: each user may run PERSON_MATCH_LIMIT searches per PERSON_MATCH_WINDOW_SECONDS
# (the page and the API together); the head of the unit is told, once per window, of a user whose
# searches reach PERSON_MATCH_ALERT_AT within the window (refused ones count too).
PERSON_MATCH_LIMIT = env.int("PERSON_MATCH_LIMIT", default=30)
PERSON_MATCH_WINDOW_SECONDS = env.int("PERSON_MATCH_WINDOW_SECONDS", default=10 * 60)
PERSON_MATCH_ALERT_AT = env.int("PERSON_MATCH_ALERT_AT", default=30)
# Look-ups refused as outside the user's scope (404): the head is told, once a day per user, of a
# user refused REFUSED_LOOKUP_ALERT_AT times within 24 hours; the audit page lists such users.
REFUSED_LOOKUP_ALERT_AT = env.int("REFUSED_LOOKUP_ALERT_AT", default=10)
if min(PERSON_MATCH_LIMIT, PERSON_MATCH_WINDOW_SECONDS, PERSON_MATCH_ALERT_AT, REFUSED_LOOKUP_ALERT_AT) <= 0:
    raise ImproperlyConfigured(
        "PERSON_MATCH_LIMIT, PERSON_MATCH_WINDOW_SECONDS, PERSON_MATCH_ALERT_AT and REFUSED_LOOKUP_ALERT_AT "
        "must be positive numbers."
    )

# --- Data protection (dataprotection/) -----------------------------------------------------------
# A personal data breach (UU 27/2022 Pasal 46): written notice within BREACH_NOTICE_HOURS of its
# discovery to every affected person and to the supervising agency. The head and the data
# protection officer are reminded BREACH_REMINDER_HOURS after discovery, and told when the time
# is over with notices still unsent (once each).
BREACH_NOTICE_HOURS = env.int("BREACH_NOTICE_HOURS", default=72)
BREACH_REMINDER_HOURS = tuple(env.list("BREACH_REMINDER_HOURS", cast=int, default=[24, 48]))
# How often the job that reminds and escalates runs, in minutes.
BREACH_CHECK_MINUTES = env.int("BREACH_CHECK_MINUTES", default=15)
# The supervising agency, as the notice letter addresses it by default.
BREACH_SUPERVISING_AGENCY = env.str(
    "BREACH_SUPERVISING_AGENCY", default="Kementerian Komunikasi dan Digital Republik Indonesia"
)
if (
    BREACH_NOTICE_HOURS <= 0
    or BREACH_CHECK_MINUTES <= 0
    or any(not 0 < hours < BREACH_NOTICE_HOURS for hours in BREACH_REMINDER_HOURS)
):
    raise ImproperlyConfigured(
        "BREACH_NOTICE_HOURS and BREACH_CHECK_MINUTES must be positive; BREACH_REMINDER_HOURS between 0 and "
        "BREACH_NOTICE_HOURS."
    )
CELERY_BEAT_SCHEDULE["send-breach-deadline-notices"] = {
    "task": "dataprotection.tasks.send_breach_deadline_notices",
    "schedule": timedelta(minutes=BREACH_CHECK_MINUTES),
}

# Data-subject requests (UU 27/2022 Pasal 6–14, 30–33, 40–41): the hours the unit has to answer,
# from the request's receipt. The law says 3×24 hours for access and a copy (Pasal 32), correction
# (Pasal 30) and restriction (Pasal 41), and for ending processing after consent is withdrawn
# (Pasal 40); the deletion deadline is a placeholder until the unit confirms it.
DSR_ACCESS_HOURS = env.int("DSR_ACCESS_HOURS", default=72)
DSR_CORRECTION_HOURS = env.int("DSR_CORRECTION_HOURS", default=72)
DSR_RESTRICTION_HOURS = env.int("DSR_RESTRICTION_HOURS", default=72)
DSR_WITHDRAWAL_HOURS = env.int("DSR_WITHDRAWAL_HOURS", default=72)
DSR_DELETION_HOURS = env.int("DSR_DELETION_HOURS", default=72)
# How often the job that escalates overdue requests to the head runs, in minutes.
DSR_CHECK_MINUTES = env.int("DSR_CHECK_MINUTES", default=15)
if (
    min(DSR_ACCESS_HOURS, DSR_CORRECTION_HOURS, DSR_RESTRICTION_HOURS, DSR_WITHDRAWAL_HOURS, DSR_DELETION_HOURS) <= 0
    or DSR_CHECK_MINUTES <= 0
):
    raise ImproperlyConfigured("DSR_*_HOURS and DSR_CHECK_MINUTES must be positive.")
CELERY_BEAT_SCHEDULE["send-request-deadline-notices"] = {
    "task": "dataprotection.tasks.send_request_deadline_notices",
    "schedule": timedelta(minutes=DSR_CHECK_MINUTES),
}
# The data protection impact assessment (UU 27/2022 Pasal 34): reviewed at least every
# DPIA_REVIEW_MONTHS (the longest a version's next review may be set ahead, and the date proposed);
# the data protection officer is reminded DPIA_REMINDER_DAYS before the review is due, and the DPO
# and the head are told once it is overdue (a daily job).
DPIA_REVIEW_MONTHS = env.int("DPIA_REVIEW_MONTHS", default=12)
DPIA_REMINDER_DAYS = env.int("DPIA_REMINDER_DAYS", default=30)
if DPIA_REVIEW_MONTHS <= 0 or DPIA_REMINDER_DAYS < 0:
    raise ImproperlyConfigured("DPIA_REVIEW_MONTHS must be positive and DPIA_REMINDER_DAYS zero or more.")
CELERY_BEAT_SCHEDULE["send-dpia-review-reminders"] = {
    "task": "dataprotection.tasks.send_dpia_review_reminders",
    "schedule": crontab(hour=7, minute=20),  # 07:20 WIB (CELERY_TIMEZONE)
}
# Retention and lawful destruction (UU 27/2022 Pasal 42-44; UU 43/2009, PP 28/2012). PLACEHOLDERS
# until the unit confirms its city's JRA (Jadwal Retensi Arsip): a case with a child victim is kept
# until its youngest child victim turns 18 plus RETENTION_CHILD_YEARS_AFTER_MAJORITY years, and at
# least RETENTION_CHILD_MIN_YEARS_AFTER_CLOSURE years after closure; any other case
# RETENTION_ADULT_YEARS_AFTER_CLOSURE years after closure (docs/domain.md#retention-and-destruction).
RETENTION_CHILD_YEARS_AFTER_MAJORITY = env.int("RETENTION_CHILD_YEARS_AFTER_MAJORITY", default=5)
RETENTION_CHILD_MIN_YEARS_AFTER_CLOSURE = env.int("RETENTION_CHILD_MIN_YEARS_AFTER_CLOSURE", default=10)
RETENTION_ADULT_YEARS_AFTER_CLOSURE = env.int("RETENTION_ADULT_YEARS_AFTER_CLOSURE", default=10)
if (
    min(
        RETENTION_CHILD_YEARS_AFTER_MAJORITY,
        RETENTION_CHILD_MIN_YEARS_AFTER_CLOSURE,
        RETENTION_ADULT_YEARS_AFTER_CLOSURE,
    )
    < 0
):
    raise ImproperlyConfigured("RETENTION_*_YEARS_* must be 0 or more years.")
# Destruction scrubs the audit trail's values, which only the owner role may change: the task runs
# on the "backup" queue, whose worker holds BACKUP_DATABASE_URL (docker-compose.yml "backup").
CELERY_TASK_ROUTES["dataprotection.tasks.destroy_disposal_batch"] = {"queue": "backup"}
# PP 28/2012: destruction is witnessed; at least this many witnesses are named on the berita acara.
RETENTION_MIN_WITNESSES = env.int("RETENTION_MIN_WITNESSES", default=2)

# The embedded SQLite (demo, `make run`) cannot enforce a unique constraint whose NULLs count as
# equal (the coordination app's attendance rows); PostgreSQL, which production and CI use, does.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    SILENCED_SYSTEM_CHECKS = [*globals().get("SILENCED_SYSTEM_CHECKS", []), "models.W047"]
