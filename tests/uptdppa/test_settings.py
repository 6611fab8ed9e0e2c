"""Production settings fail fast on missing secrets and pass `check --deploy` cleanly."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from pyrage import x25519

REQUIRED = [
    "SECRET_KEY",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "FIELD_ENCRYPTION_KEYS",
    "BLIND_INDEX_KEY",
    "REDIS_URL",
    "BACKUP_DIR",
    "BACKUP_RECIPIENT",
]


def production_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in REQUIRED and not k.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        DJANGO_ENV="production",
        SECRET_KEY="p" * 10 + Fernet.generate_key().decode() + "q" * 10,
        DATABASE_URL="postgres://uptdppa:secret@db.internal:5432/uptdppa",
        ALLOWED_HOSTS="ppa.jambikota.go.id",
        FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        BLIND_INDEX_KEY=Fernet.generate_key().decode(),
        REDIS_URL="redis://redis.internal:6379/0",
        BACKUP_DIR="/var/backups/uptdppa",
        BACKUP_RECIPIENT=str(x25519.Identity.generate().to_public()),
    )
    env.update(overrides)
    return {k: v for k, v in env.items() if v != ""}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", REQUIRED)
def test_production_refuses_to_start_without_each_secret(missing):
    result = manage("check", env=production_env(**{missing: ""}))
    assert result.returncode != 0
    assert "refuses to start without" in result.stderr and missing in result.stderr


DEV_VALUES = {
    "SECRET_KEY": settings._DEV_SECRET_KEY,
    "FIELD_ENCRYPTION_KEYS": settings._DEV_FIELD_KEY,
    "BLIND_INDEX_KEY": settings._DEV_BLIND_INDEX_KEY,
    "BACKUP_RECIPIENT": settings._DEV_BACKUP_RECIPIENT,
    "BACKUP_IDENTITY": settings._DEV_BACKUP_IDENTITY,
}


@pytest.mark.parametrize("name", DEV_VALUES)
def test_production_refuses_the_public_development_values(name):
    dev_value = DEV_VALUES[name]
    result = manage("check", env=production_env(**{name: dev_value}))
    assert result.returncode != 0 and "public development value" in result.stderr


def test_secrets_can_come_from_files(tmp_path):
    secret_file = tmp_path / "secret_key"
    secret_file.write_text("s" * 60)
    result = manage("check", env=production_env(SECRET_KEY="", SECRET_KEY_FILE=str(secret_file)))
    assert result.returncode == 0, result.stderr


def test_the_database_url_can_come_from_a_file(tmp_path):
    url_file = tmp_path / "database_url"
    url_file.write_text("postgres://uptdppa:secret@db.internal:5432/from_file")
    code = "import django;django.setup();from django.conf import settings as s;print(s.DATABASES['default']['NAME'])"
    env = {
        **production_env(DATABASE_URL="", DATABASE_URL_FILE=str(url_file)),
        "DJANGO_SETTINGS_MODULE": "uptdppa.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True
    )
    assert result.stdout.strip() == "from_file", result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("FIELD_ENCRYPTION_KEYS", "not-a-fernet-key"),
        ("BLIND_INDEX_KEY", "too-short"),
        ("BACKUP_RECIPIENT", "not-an-age-key"),
        ("BACKUP_IDENTITY", "AGE-SECRET-KEY-1NOTAKEY"),
    ],
)
def test_malformed_or_weak_keys_are_refused_at_start(name, value):
    result = manage("check", env=production_env(**{name: value}))
    assert result.returncode != 0 and "ImproperlyConfigured" in result.stderr and name in result.stderr


def test_check_deploy_is_clean_with_production_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_turns_debug_off():
    code = (
        "import django;django.setup();from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.MFA_REQUIRED)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**production_env(), "DJANGO_SETTINGS_MODULE": "uptdppa.settings"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["False", "True", "True"]


def test_hsts_preload_is_off_unless_asked_for_as_env_example_says():
    code = "import django;django.setup();from django.conf import settings as s;print(s.SECURE_HSTS_PRELOAD)"

    def preload(**overrides: str) -> str:
        env = {**production_env(**overrides), "DJANGO_SETTINGS_MODULE": "uptdppa.settings"}
        env.pop("SECURE_HSTS_PRELOAD", None) if not overrides else None
        result = subprocess.run(
            [sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
        )
        return result.stdout.strip()

    assert preload() == "False"
    assert preload(SECURE_HSTS_PRELOAD="True") == "True"
    example = (settings.BASE_DIR / ".env.example").read_text()
    assert "SECURE_HSTS_PRELOAD=False" in example


def test_local_defaults_run_with_nothing_set():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST")) and k not in REQUIRED}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    code = (
        "import django;django.setup();from django.conf import settings as s;"
        "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "uptdppa.settings"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == [
        "True",
        "django.db.backends.sqlite3",
        "True",
        "django.core.mail.backends.console.EmailBackend",
    ]


def test_the_embedded_default_of_make_run_migrates_and_seeds_the_demo_on_sqlite(tmp_path):
    """`make run` uses SQLite: no migration may need PostgreSQL (an ArrayField once broke it)."""
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    env.update(DJANGO_ENV="development", DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    for command in (("migrate", "--noinput", "-v0"), ("seed_demo",)):
        result = manage(*command, env=env)
        assert result.returncode == 0, result.stderr[-3000:]
    assert "dpo" in result.stdout  # one demo login per role, the data protection officer's too
