"""The e-mail outbox: each notification's e-mail goes out once, whoever sends it.

Two senders can meet on one row: the task queued on commit and the periodic job (every 5
minutes, beat), or two runs of the periodic job after a worker restart.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection, connections
from django.utils import timezone

from tests.factories import UserFactory
from uptdppa.accounts.models import Notification, Role
from uptdppa.accounts.services import notification_emails_send
from uptdppa.accounts.tasks import send_notification_emails, send_pending_notification_emails

MESSAGE = "Test notice about case %(case)s."  # not in the catalogue: shown as written
ROWS = 5


class SlowBackend(EmailBackend):
    """Django's test outbox behind a slow mail server: the senders' work overlaps."""

    def send_messages(self, messages):  # type: ignore[no-untyped-def]
        time.sleep(0.2)
        return super().send_messages(messages)


def rows(count: int, *, age: timedelta) -> list[int]:
    """Unsent notifications created ``age`` ago, for staff with an e-mail address."""
    created = timezone.now() - age
    user = UserFactory(role=Role.MANAJER_KASUS, email="manajer@uptdppa.example")
    return [
        Notification.objects.create(recipient=user, message=MESSAGE, params={"case": f"{i:03d}"}, created_at=created).pk
        for i in range(count)
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks (CI runs it)")
def test_the_task_queued_on_commit_and_the_periodic_job_racing_send_each_email_once(settings):
    settings.EMAIL_BACKEND = "tests.accounts.test_outbox.SlowBackend"
    ids = rows(ROWS, age=timedelta(minutes=10))  # old enough for the periodic job: its task was late
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def sender(job) -> None:  # type: ignore[no-untyped-def]
        try:
            start.wait()
            job()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=sender, args=(lambda: send_notification_emails(ids),)),
        threading.Thread(target=sender, args=(send_pending_notification_emails,)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sorted(m.subject for m in mail.outbox) == sorted(
        f"[UPTD PPA] Test notice about case {i:03d}." for i in range(ROWS)
    )
    assert not Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).exists()


@pytest.mark.django_db
def test_the_periodic_job_leaves_young_rows_to_the_task_queued_on_their_commit(settings):
    settings.NOTIFICATION_EMAIL_PICKUP_DELAY_SECONDS = 120
    (young,) = rows(1, age=timedelta(seconds=30))
    assert send_pending_notification_emails() == 0
    assert mail.outbox == [] and Notification.objects.get(pk=young).emailed_at is None
    # Still unsent two minutes later (the broker was down): now the periodic job sends it.
    with time_machine.travel(timezone.now() + timedelta(minutes=2), tick=False):
        assert send_pending_notification_emails() == 1
    assert len(mail.outbox) == 1 and Notification.objects.get(pk=young).emailed_at is not None


@pytest.mark.django_db
def test_a_row_claimed_by_a_live_sender_is_left_alone_and_a_stale_claim_is_retried(settings):
    settings.NOTIFICATION_EMAIL_CLAIM_SECONDS = 900
    busy, crashed = rows(2, age=timedelta(minutes=30))
    now = timezone.now()
    Notification.objects.filter(pk=busy).update(claimed_at=now - timedelta(minutes=1))
    Notification.objects.filter(pk=crashed).update(claimed_at=now - timedelta(minutes=20))  # its worker died
    assert send_pending_notification_emails() == 1
    assert notification_emails_send(ids=[busy]) == 0  # nor does its own task send it twice
    assert [m.subject for m in mail.outbox] == ["[UPTD PPA] Test notice about case 001."]
    assert Notification.objects.get(pk=crashed).emailed_at is not None
    assert Notification.objects.get(pk=busy).emailed_at is None


@pytest.mark.django_db
def test_a_failed_send_counts_the_attempt_and_frees_the_row_for_the_next_run(settings, monkeypatch):
    (pk,) = rows(1, age=timedelta(minutes=10))

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("mail server unreachable")

    monkeypatch.setattr("uptdppa.accounts.services.send_mail", refuse)
    assert send_pending_notification_emails() == 0
    monkeypatch.undo()
    row = Notification.objects.get(pk=pk)
    assert row.email_attempts == 1 and row.emailed_at is None and row.claimed_at is None
    assert send_pending_notification_emails() == 1 and len(mail.outbox) == 1
