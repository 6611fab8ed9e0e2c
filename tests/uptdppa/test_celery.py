"""Celery: eager in tests by default; with REDIS_URL, a real worker consumes from Redis."""

from __future__ import annotations

import os
import threading
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connections
from django.utils import timezone

from tests.conftest import get_in_thread
from uptdppa.accounts.tasks import purge_expired_credentials
from uptdppa.celery import app


def make_expired_session() -> str:
    store = SessionStore()
    store.create()
    # Long expired: the same whatever clock the worker thread reads.
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() - timedelta(days=3650))
    assert store.session_key
    return store.session_key


def expired_sessions_seen_from_another_thread() -> list[str]:
    """The expired sessions another connection sees (as the worker's thread will)."""
    found: list[str] = []

    def look() -> None:
        try:
            found.extend(Session.objects.filter(expire_date__lte=timezone.now()).values_list("session_key", flat=True))
        finally:
            connections.close_all()

    thread = threading.Thread(target=look)
    thread.start()
    thread.join(timeout=30)
    return found


def test_configuration_is_json_only_with_time_limits():
    assert app.conf.accept_content == ["json"] and app.conf.task_serializer == "json"
    assert app.conf.task_time_limit and app.conf.task_soft_time_limit < app.conf.task_time_limit
    assert "purge-expired-credentials" in app.conf.beat_schedule


@pytest.mark.django_db
def test_purge_removes_expired_sessions_only():
    make_expired_session()
    fresh = SessionStore()
    fresh.create()
    assert purge_expired_credentials.delay().get() == {"sessions": 1, "tokens": 0}
    assert Session.objects.filter(session_key=fresh.session_key).exists()


@pytest.mark.worker
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (REDIS_URL); CI always sets it")
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_task_through_redis(client):
    from celery.contrib.testing.worker import start_worker

    assert settings.CELERY_BROKER_URL.startswith("redis://")
    key = make_expired_session()
    assert expired_sessions_seen_from_another_thread() == [key]  # committed, and the only one
    # The task goes to a queue of this test's own: no other consumer of the shared Redis can take
    # it. The worker also consumes the default and the backup queue, which the health check asks about.
    queue = f"test-purge-{uuid.uuid4().hex}"
    app.conf.task_always_eager = False
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, shutdown_timeout=20, queues=[queue, "celery", "backup"]
        ):
            result = purge_expired_credentials.apply_async(ignore_result=False, queue=queue)
            assert result.get(timeout=30) == {"sessions": 1, "tokens": 0}
            assert get_in_thread(client, "/health/", HTTP_ACCEPT="application/json").status_code == 200
    finally:
        app.conf.task_always_eager = True
    assert not Session.objects.filter(expire_date__lte=timezone.now()).exists()


@pytest.mark.worker
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (REDIS_URL); CI always sets it")
@pytest.mark.django_db(transaction=True)
def test_health_names_a_queue_no_worker_consumes(client):
    """A worker of the default queue alone is not a healthy stack: nobody would take the backups."""
    from celery.contrib.testing.worker import start_worker

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20, queues=["celery"]):
        response = get_in_thread(client, "/health/", HTTP_ACCEPT="application/json")
    assert response.status_code == 500
    failing = {name: text for name, text in response.json().items() if "Celery" in name}
    assert failing == {"CeleryQueues()": "Unavailable: No Celery worker for queue backup"}
