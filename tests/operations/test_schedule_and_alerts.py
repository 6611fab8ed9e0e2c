"""Backups run by beat on their own queue, old ones are pruned by the documented rule, and the
head hears (in the app and by e-mail, once a day) when backups stop."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from uptdppa.celery import app
from uptdppa.operations import archive
from uptdppa.operations.models import BackupRun, DrillRun
from uptdppa.operations.services import backup_freshness_check, backup_prune, backups_to_keep
from uptdppa.operations.tasks import run_backup

START = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


def test_beat_runs_the_backup_nightly_and_the_drill_monthly_on_the_backup_queue():
    schedule = settings.CELERY_BEAT_SCHEDULE
    nightly = schedule["backup-nightly"]
    assert nightly["task"] == "uptdppa.operations.tasks.run_backup"
    assert nightly["schedule"].hour == {settings.BACKUP_HOUR} and nightly["schedule"].day_of_month == set(range(1, 32))
    drill = schedule["restore-drill-monthly"]
    assert drill["task"] == "uptdppa.operations.tasks.run_restore_drill"
    assert drill["schedule"].day_of_month == {settings.RESTORE_DRILL_DAY}
    assert app.amqp.router.route({}, "uptdppa.operations.tasks.run_backup")["queue"].name == "backup"
    assert app.amqp.router.route({}, "uptdppa.operations.tasks.run_restore_drill")["queue"].name == "backup"


def test_the_freshness_check_runs_hourly_on_the_default_queue_not_the_backup_workers():
    check = settings.CELERY_BEAT_SCHEDULE["check-backup-freshness"]
    assert check["task"] == "uptdppa.operations.tasks.check_backup_freshness"
    assert check["schedule"] == timedelta(hours=1)
    assert app.amqp.router.route({}, check["task"])["queue"].name == "celery"


def nightly_names(days: int) -> list[str]:
    return [archive.backup_name(START - timedelta(days=n)) for n in range(days)]


def test_pruning_keeps_14_daily_8_weekly_and_12_monthly_backups():
    names = nightly_names(800)
    keep = backups_to_keep(names, daily=14, weekly=8, monthly=12)
    kept = sorted((archive.taken_at(n) for n in keep), reverse=True)
    assert kept[:14] == [START - timedelta(days=n) for n in range(14)]  # the last 14 nights
    weeks = {t.isocalendar()[:2] for t in kept}
    months = {(t.year, t.month) for t in kept}
    assert len(months) == 12 and len(weeks) >= 8
    # The oldest kept: the newest backup of the month 11 months back (January 2026).
    assert kept[-1] == datetime(2026, 1, 31, 2, 0, tzinfo=UTC)
    assert len(keep) <= 14 + 8 + 12


def test_pruning_always_keeps_the_newest_and_ignores_other_files(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path
    settings.BACKUP_KEEP_DAILY = settings.BACKUP_KEEP_WEEKLY = settings.BACKUP_KEEP_MONTHLY = 0
    for name in [*nightly_names(3), "notes.txt", ".uptdppa-20261201T020000Z.tar.age.partial"]:
        (tmp_path / name).write_bytes(b"x")
    removed = backup_prune()
    assert sorted(removed) == sorted(nightly_names(3)[1:])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [nightly_names(1)[0], "notes.txt", ".uptdppa-20261201T020000Z.tar.age.partial"]
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump backs up PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_the_nightly_task_writes_a_backup_and_prunes_old_ones(world, settings, tmp_path):
    settings.BACKUP_DIR = tmp_path
    old = [archive.backup_name(timezone.now() - timedelta(days=n)) for n in range(1, 40)]
    for name in old:
        (tmp_path / name).write_bytes(b"old")
    written = run_backup.delay().get()
    assert written and (tmp_path / written).stat().st_size > 1000
    remaining = {p.name for p in tmp_path.iterdir()}
    assert written in remaining and len(remaining) < len(old)


@pytest.mark.django_db
def test_a_stale_backup_alerts_the_head_after_26_hours_once_a_day(
    world, time_machine, mailoutbox, django_capture_on_commit_callbacks
):
    world.kepala.email = "kepala@uptdppa.example"
    world.kepala.save()
    finished = datetime(2026, 12, 1, 19, 0, tzinfo=UTC)  # 02:00 WIB on 2 December
    BackupRun.objects.create(started_at=finished, finished_at=finished, succeeded=True, file_name="x")

    def check_at(hours: float) -> bool:
        time_machine.move_to(finished + timedelta(hours=hours))
        with django_capture_on_commit_callbacks(execute=True):
            return backup_freshness_check()

    assert check_at(25) is True
    assert check_at(26) is True
    assert not world.kepala.notifications.exists()
    assert check_at(26.5) is False
    alerts = world.kepala.notifications.all()
    assert [(n.params, n.url) for n in alerts] == [({"hours": 26}, reverse("operations:backups"))]
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["kepala@uptdppa.example"]
    assert "26 jam" in mailoutbox[0].subject
    assert check_at(30) is False and check_at(40) is False  # same day (WIB): no second alert
    assert world.kepala.notifications.count() == 1
    assert check_at(53) is False  # the next day
    assert world.kepala.notifications.count() == 2
    assert not world.manajer.notifications.filter(url=reverse("operations:backups")).exists()


@pytest.mark.django_db
def test_a_fresh_install_without_a_backup_is_stale_only_26_hours_after_its_migrations(world, time_machine):
    assert backup_freshness_check() is True
    time_machine.move_to(timezone.now() + timedelta(hours=27))
    assert backup_freshness_check() is False
    assert world.kepala.notifications.count() == 1


@pytest.mark.django_db
def test_the_head_sees_backups_and_drills_and_the_page_is_in_her_navigation(world, client):
    now = timezone.now()
    BackupRun.objects.create(finished_at=now, succeeded=True, file_name="uptdppa-x.tar.age", size=2048, row_count=10)
    BackupRun.objects.create(finished_at=now, error="pg_dump failed")
    DrillRun.objects.create(
        finished_at=now,
        file_name="uptdppa-x.tar.age",
        passed=False,
        problems=[
            {
                "message": "Table %(table)s: %(expected)s rows in the manifest, %(restored)s restored.",
                "params": {"table": "cases_case", "expected": 5, "restored": 4},
            }
        ],
        recovery_point=timedelta(hours=5),
        recovery_time=timedelta(seconds=12),
    )
    client.force_login(world.kepala)
    response = client.get(reverse("operations:backups"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cadangan" in html and "Latihan pemulihan" in html
    assert "Tabel cases_case: 5 baris di manifes, 4 baris dipulihkan." in html
    assert "5,0 jam" in html and "12,0 detik" in html
    assert 'id="stale-alert"' not in html
    assert any(item["url"] == reverse("operations:backups") for item in response.context["nav_items"])


@pytest.mark.django_db
def test_the_data_protection_officer_sees_the_backups_page_and_its_menu_entry(world, client):
    """Alerted with the head when a backup or drill fails, the DPO reads the same page."""
    client.force_login(world.dpo)
    assert client.get(reverse("operations:backups")).status_code == 200
    home = client.get(reverse("home"))
    assert any(item["url"] == reverse("operations:backups") for item in home.context["nav_items"])


@pytest.mark.django_db
def test_the_page_warns_when_there_is_no_recent_backup(world, client):
    client.force_login(world.kepala)
    assert 'id="stale-alert"' in client.get(reverse("operations:backups")).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["admin", "manajer", "operator", "pimpinan"])
def test_other_roles_have_no_backups_page_or_menu_entry(world, client, username):
    client.force_login(world.users[username])
    assert client.get(reverse("operations:backups")).status_code == 403
    home = client.get(reverse("home"))
    assert all(item["url"] != reverse("operations:backups") for item in home.context["nav_items"])
