"""The shipped production stack connects with least privilege and keeps gunicorn behind nginx."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APP_SERVICES = ("web", "worker", "beat")


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def env_example(name: str) -> dict[str, str]:
    lines = (ROOT / name).read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def test_the_app_services_connect_as_the_runtime_role_and_only_migrate_reads_the_owner_url():
    services = compose()["services"]
    for name in APP_SERVICES:
        env_files = services[name]["env_file"]
        assert ".env.owner" not in ([env_files] if isinstance(env_files, str) else env_files), name
        assert services[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    assert services["migrate"]["env_file"] == [".env", ".env.owner"]
    assert services["migrate"]["command"] == ["migrate"]

    runtime = env_example(".env.example")
    owner = env_example(".env.owner.example")
    assert runtime["DATABASE_URL"].startswith(f"postgres://{runtime['DB_APP_USER']}:")
    assert runtime["DATABASE_RUNTIME_ROLE"] == runtime["DB_APP_USER"]
    assert owner["DATABASE_URL"].startswith(f"postgres://{runtime['DB_OWNER_USER']}:")
    assert runtime["POSTGRES_USER"] not in {runtime["DB_APP_USER"], runtime["DB_OWNER_USER"]}


def test_the_entrypoint_migrates_then_grants_the_runtime_privileges():
    entrypoint = (ROOT / "deploy" / "entrypoint.sh").read_text()
    migrate_step = entrypoint[entrypoint.index("    migrate)") :]
    assert migrate_step.index("manage.py migrate") < migrate_step.index("manage.py grant_runtime_privileges")


def test_the_database_roles_are_created_on_the_first_start_of_postgres():
    postgres = compose()["services"]["postgres"]
    mounts = postgres["volumes"]
    assert "./deploy/postgres-init.sh:/docker-entrypoint-initdb.d/10-roles.sh:ro" in mounts
    # Not named *.sql: the image would run it by itself, without its variables.
    assert "./deploy/postgres-roles.sql:/docker-entrypoint-initdb.d/roles.sql.in:ro" in mounts
    assert "roles.sql.in" in (ROOT / "deploy" / "postgres-init.sh").read_text()
    sql = (ROOT / "deploy" / "postgres-roles.sql").read_text()
    assert "NOSUPERUSER" in sql and 'OWNER TO :"owner"' in sql


def test_gunicorn_is_reachable_through_nginx_only():
    services = compose()["services"]
    assert "ports" not in services["web"] and services["web"]["expose"] == ["8000"]
    published = [name for name, service in services.items() if service.get("ports")]
    assert published == ["nginx"]
    assert "http://web:8000" in (ROOT / "deploy" / "nginx.conf").read_text()


def test_only_the_backup_service_takes_backup_tasks_holds_the_backups_and_reads_the_backup_secrets():
    services = compose()["services"]
    backup = services["backup"]
    assert backup["env_file"] == [".env", ".env.backup"]
    assert backup["command"] == ["backup-worker"]  # deploy/entrypoint.sh: the worker of the "backup" queue
    assert "backups:/var/backups/uptdppa" in backup["volumes"]
    for name, service in services.items():
        if name != "backup":
            assert not any(str(v).startswith("backups:") for v in service.get("volumes", [])), name
            env_files = service.get("env_file", [])
            assert ".env.backup" not in ([env_files] if isinstance(env_files, str) else env_files), name
    assert env_example(".env.example")["BACKUP_DIR"] == "/var/backups/uptdppa"
    assert "BACKUP_IDENTITY" not in env_example(".env.example")
    assert env_example(".env.backup.example")["BACKUP_DATABASE_URL"].startswith(
        f"postgres://{env_example('.env.example')['DB_OWNER_USER']}:"
    )
    assert "CREATEDB" in (ROOT / "deploy" / "postgres-roles.sql").read_text().split("NOCREATEDB")[0]


def test_nginx_serves_the_media_volume_only_to_x_accel_redirects_with_download_headers():
    from uptdppa.downloads import NGINX_MEDIA_LOCATION

    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    block = conf.split(f"location {NGINX_MEDIA_LOCATION} {{", 1)[1].split("}", 1)[0]
    lines = {line.split("#")[0].strip() for line in block.splitlines()} - {""}
    # The internal path is MEDIA_ROOT's relative path: the same volume in web and in nginx.
    services = compose()["services"]
    assert f"media:{env_example('.env.example')['MEDIA_ROOT']}" in services["web"]["volumes"]
    assert "media:/srv/media:ro" in services["nginx"]["volumes"]
    assert {"internal;", "alias /srv/media/;", "disable_symlinks on;"} <= lines
    # nginx passes Django's Content-Type, Content-Disposition and Cache-Control on, but not nosniff.
    assert "add_header X-Content-Type-Options nosniff always;" in lines
    assert env_example(".env.example")["SENDFILE_NGINX"] == "true"
