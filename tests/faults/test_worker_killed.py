"""A Celery worker killed (kill -9) in the middle of a "generate now" statistics snapshot.

The test makes the worker stop half-way deterministically: it holds a row lock on the snapshot the
task is about to replace, from its own database connection, so the worker waits inside its write
transaction; then the worker is killed and the lock released. The previous snapshot must be as it
was (same row, figures and time), and the task — acknowledged only when done (acks_late) — must be
delivered again to the next worker, which makes the snapshot right.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import psycopg2
import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client

from reports.models import Snapshot, SnapshotKind, SnapshotRun, SnapshotRunStatus
from reports.services import snapshot_generate
from reports.services.snapshots import REFRESH_QUEUED_KEY
from reports.statistics import Period, compute_figures
from tests.factories import CaseFactory

from .conftest import app_broker, wait_for

pytestmark = [pytest.mark.xdist_group("faults"), pytest.mark.django_db(transaction=True)]

OCTOBER = Period(date(2024, 10, 1), date(2024, 10, 31))
JAKARTA = ZoneInfo("Asia/Jakarta")


def register_case_in_october(world) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime(2024, 10, 15, 10, tzinfo=JAKARTA), tick=False):
        CaseFactory(created_by=world.pengaduan)


def worker_backends(waiting_for_a_lock: bool = False) -> int:
    """The worker's database sessions (application_name set in its DATABASE_URL)."""
    sql = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = %s"
    if waiting_for_a_lock:
        sql += " AND wait_event_type = 'Lock'"
    with connection.cursor() as cursor:
        cursor.execute(sql, ["faults-worker"])
        return int(cursor.fetchone()[0])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the worker connects to PostgreSQL")
def test_a_worker_killed_mid_snapshot_leaves_the_previous_one_and_the_next_worker_makes_it(
    world, private_redis, workers, settings
):
    # The automatic refresh after a correction is another test's subject: here it is queued an hour
    # ahead, so only the head's "generate now" touches the snapshot. This process runs tasks
    # eagerly, which waits for no countdown: the key that says a refresh is queued already keeps
    # the corrections below from running one (before, a broker back-off left by an earlier test
    # did, so the test failed when run alone).
    settings.STATISTICS_REFRESH_DELAY_SECONDS = 3600
    cache.add(REFRESH_QUEUED_KEY, "1", timeout=3600)
    register_case_in_october(world)
    previous = snapshot_generate(kind=SnapshotKind.MONTH, period=OCTOBER)
    before = Snapshot.objects.values().get(pk=previous.pk)
    assert before["figures"]["totals"]["cases"] == 1
    register_case_in_october(world)  # the new snapshot must count two

    # Another session locks the snapshot row: the worker's replacing write will wait on it.
    blocker = psycopg2.connect(**connection.get_connection_params())
    try:
        with blocker.cursor() as cursor:
            cursor.execute("SELECT id FROM reports_snapshot WHERE id = %s FOR UPDATE", [previous.pk])
        with app_broker(private_redis.url):
            first = workers(private_redis.url)
            head = Client()
            head.force_login(world.kepala)
            response = head.post(
                "/laporan/snapshot/", {"preset": "custom", "date_from": "2024-10-01", "date_to": "2024-10-31"}
            )
            assert response.status_code == 302
            run = SnapshotRun.objects.get()
            assert run.kind == SnapshotKind.MONTH  # the same snapshot the monthly job makes: replaced, not added

            wait_for(
                lambda: worker_backends(waiting_for_a_lock=True) == 1,
                timeout=30,
                what=f"the worker to wait on the locked snapshot (log: {first.log})",
            )
            assert SnapshotRun.objects.get(pk=run.pk).status == SnapshotRunStatus.RUNNING
            first.kill()
        blocker.rollback()  # release: the killed worker's session gets the row, then finds no client
    finally:
        blocker.close()
    wait_for(lambda: worker_backends() == 0, timeout=30, what="the killed worker's database session to end")

    # The previous snapshot is intact: same row, code, figures and generation time.
    # (Its staleness marks may change: the correction clock is not what this test is about.)
    after = Snapshot.objects.values().get(pk=previous.pk)
    kept = set(before) - {"data_version", "refresh_requested"}
    assert {key: after[key] for key in kept} == {key: before[key] for key in kept}
    assert Snapshot.objects.count() == 1
    killed = SnapshotRun.objects.get(pk=run.pk)
    assert (killed.status, killed.snapshot_id, killed.finished_at) == (SnapshotRunStatus.RUNNING, None, None)

    # The next worker gets the unacknowledged task again and makes the snapshot right.
    with app_broker(private_redis.url):
        second = workers(private_redis.url, FAULTS_VISIBILITY_TIMEOUT="1")
        wait_for(
            lambda: SnapshotRun.objects.get(pk=run.pk).status == SnapshotRunStatus.DONE,
            timeout=60,
            what=f"the redelivered run on the next worker (log: {second.log})",
        )
    done = SnapshotRun.objects.select_related("snapshot").get(pk=run.pk)
    assert done.finished_at is not None and done.snapshot_id == previous.pk
    assert Snapshot.objects.count() == 1
    snapshot = done.snapshot
    assert snapshot is not None and snapshot.code == before["code"]
    assert snapshot.figures == compute_figures(OCTOBER) and snapshot.figures["totals"]["cases"] == 2
    assert snapshot.generated_at > before["generated_at"]
    # The very message the killed worker had taken (not a new one) was delivered again.
    taken = re.findall(r"run_snapshot\[([0-9a-f-]+)\] received", first.output())
    assert len(taken) == 1 and f"run_snapshot[{taken[0]}] succeeded" in second.output()
