"""A real Celery worker, fed through Redis, makes the monthly snapshots (what the beat job runs)."""

from __future__ import annotations

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from reports.models import Snapshot, SnapshotKind
from reports.tasks import generate_monthly_snapshots
from tests.factories import CaseFactory
from uptdppa.celery import app


@pytest.mark.worker
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (REDIS_URL); CI always sets it")
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_makes_last_months_and_the_year_to_date_snapshots(world):
    from celery.contrib.testing.worker import start_worker

    assert settings.CELERY_BROKER_URL.startswith("redis://")
    with time_machine.travel(datetime(2024, 10, 15, 10, tzinfo=ZoneInfo("Asia/Jakarta")), tick=False):
        CaseFactory(created_by=world.pengaduan)
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            # As on 1 November 2024 (the clock is not moved under the worker).
            codes = generate_monthly_snapshots.apply_async(args=["2024-11-01"], ignore_result=False).get(timeout=60)
    finally:
        app.conf.task_always_eager = True
    assert len(codes) == 2
    month = Snapshot.objects.get(kind=SnapshotKind.MONTH)
    assert (month.period_start, month.period_end) == (date(2024, 10, 1), date(2024, 10, 31))
    assert month.figures["totals"]["cases"] == 1
    year = Snapshot.objects.get(kind=SnapshotKind.YEAR_TO_DATE)
    assert (year.period_start, year.period_end) == (date(2024, 1, 1), date(2024, 10, 31))
