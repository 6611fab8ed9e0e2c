"""The production stack: compose, the image and `make prod-smoke` run the same commands, and the
smoke run itself (scripts/prod-smoke.sh) passes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import urllib.parse
from pathlib import Path

import pytest
import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
ENTRYPOINT = ROOT / "deploy" / "entrypoint.sh"
SMOKE = ROOT / "scripts" / "prod-smoke.sh"


def entrypoint_commands() -> set[str]:
    """The commands deploy/entrypoint.sh knows: the labels of its case statement."""
    body = ENTRYPOINT.read_text().split('case "${1:-web}" in', 1)[1].split("esac", 1)[0]
    return set(re.findall(r"^    ([a-z][a-z-]*)\)$", body, re.M))


def app_services() -> dict[str, dict]:
    """The compose services that run the uptdppa image (the others run postgres, redis, nginx)."""
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    return {name: s for name, s in services.items() if s.get("image") == "uptdppa:latest" or "build" in s}


def test_the_entrypoint_names_every_process_of_the_stack():
    assert entrypoint_commands() == {"assets", "migrate", "publish-static", "web", "worker", "backup-worker", "beat"}


def test_every_app_service_of_compose_runs_an_entrypoint_command():
    services = app_services()
    assert set(services) == {"migrate", "web", "worker", "backup", "beat", "static"}
    commands = {name: service.get("command", ["web"]) for name, service in services.items()}  # the image's CMD
    assert all(isinstance(command, list) and len(command) == 1 for command in commands.values()), commands
    assert {command[0] for command in commands.values()} <= entrypoint_commands()
    assert commands["backup"] == ["backup-worker"] and commands["web"] == ["web"]


def test_the_image_builds_its_assets_and_starts_gunicorn_through_the_entrypoint():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'ENTRYPOINT ["/app/deploy/entrypoint.sh"]' in dockerfile
    assert 'CMD ["web"]' in dockerfile
    assert "sh deploy/entrypoint.sh assets" in dockerfile


def test_the_smoke_run_starts_the_processes_with_the_same_commands():
    script = SMOKE.read_text()
    used = set(re.findall(r"deploy/entrypoint\.sh ([a-z][a-z-]*)", script))
    assert used == entrypoint_commands()
    assert "-f deploy/postgres-roles.sql" in script
    assert "deploy/nginx.conf" in script
    # `make prod-smoke` is this script.
    assert "bash scripts/prod-smoke.sh" in (ROOT / "Makefile").read_text()


def test_the_backup_worker_alone_takes_the_backup_queue():
    body = ENTRYPOINT.read_text()
    worker = body.split("    worker)", 1)[1].split(";;", 1)[0]
    backup = body.split("    backup-worker)", 1)[1].split(";;", 1)[0]
    assert "-Q backup" in backup and "-Q" not in worker
    assert {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()} == {"backup"}


def test_the_static_files_get_gzip_copies_only_and_source_maps_stay_uncompressed():
    from uptdppa.staticfiles import StaticFilesStorage

    compressor = StaticFilesStorage().create_compressor(extensions=settings.WHITENOISE_SKIP_COMPRESS_EXTENSIONS)
    assert compressor.use_gzip and not compressor.use_brotli
    assert not compressor.should_compress("vendor/chart.umd.min.js.map")
    assert compressor.should_compress("css/app.css")


def _smoke_environment() -> dict[str, str] | None:
    """What the smoke run needs from this test run: a PostgreSQL superuser URL and Redis."""
    database = os.environ.get("DATABASE_URL", "")
    redis = os.environ.get("REDIS_URL", "")
    if not database.startswith("postgres") or not redis:
        return None
    admin = urllib.parse.urlsplit(database)._replace(path="/postgres").geturl()
    # Its own Redis database: its workers must not take the suite's tasks, nor the suite's its own.
    redis_smoke = urllib.parse.urlsplit(redis)._replace(path="/14").geturl()
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}}
    return {**keep, "SMOKE_ADMIN_URL": admin, "SMOKE_REDIS_URL": redis_smoke}


@pytest.mark.xdist_group("prod-smoke")
def test_make_prod_smoke_passes():
    """The whole production path, as `make prod-smoke` runs it (about two minutes)."""
    environment = _smoke_environment()
    missing = [tool for tool in ("nginx", "openssl", "psql") if not shutil.which(tool)]
    if environment is None or missing:
        reason = f"needs PostgreSQL, Redis and {', '.join(missing) or 'nothing else'}"
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the production smoke test: {reason}")
        pytest.skip(reason)
    done = subprocess.run(
        [shutil.which("bash") or "/bin/bash", str(SMOKE)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-4000:]
    assert "prod-smoke: PASSED" in done.stdout
