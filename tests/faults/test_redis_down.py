"""Redis stops while a member of the public submits a complaint and a case manager sends a referral.

Both are saved and both pages answer as usual; the e-mails wait in the outbox (Notification rows
without ``emailed_at``). Once Redis is back, the outbox job — published by name to the queue, as
Celery beat publishes it every 5 minutes — is run by a real worker that lived through the outage,
and every e-mail goes out (Django's file e-mail backend in the worker: nothing leaves the machine).
"""

from __future__ import annotations

import email
import logging
import time
from datetime import timedelta
from email.message import Message
from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, Region
from cases.vocabularies import Channel
from referrals.models import Referral, ReferralStatus
from tests.records import consented_victim, referral_draft
from uptdppa.accounts.models import Notification, Organisation, User
from uptdppa.accounts.tasks import send_pending_notification_emails
from uptdppa.celery import app

from .conftest import app_broker, wait_for

pytestmark = [pytest.mark.xdist_group("faults"), pytest.mark.django_db(transaction=True)]

CHRONOLOGY = "Anak tetangga kami sering dipukul ayah tirinya di rumah pada malam hari."
VICTIM_NAME = "Nur Aisyah Rahmadani"
ADDRESSES = {
    "kepala": "kepala@example.org",
    "pengaduan": "pengaduan@example.org",
    "pengaduan_lain": "pengaduan-lain@example.org",
    "penghubung": "penghubung@example.org",
}


def complaint(address: str) -> dict[str, str]:
    """The public form as a phone would send it (one address each: the per-address limit)."""
    region = Region.objects.filter(level="kelurahan").order_by("code").first()
    assert region is not None
    return {
        "chronology": CHRONOLOGY,
        "incident_date": (timezone.localdate() - timedelta(days=3)).isoformat(),
        "incident_date_precision": "exact",
        "incident_region": region.code,
        "victim_name": VICTIM_NAME,
        "victim_age": "9",
        "victim_sex": "P",
        "reporter_relation": "tetangga",
        "reporter_name": "Siti Maemunah",
        "reporter_phone": "0812-3456-7890",
        "acknowledgement": "on",
        "website": "",
    }


def mails(directory: Path) -> list[Message]:
    """The messages the worker's file e-mail backend wrote (one file per connection)."""
    found: list[Message] = []
    for path in sorted(directory.glob("*.log")) if directory.exists() else []:
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                found.append(email.message_from_bytes(chunk.strip()))
    return found


def pending() -> list[tuple[str, str]]:
    return sorted(
        Notification.objects.filter(emailed_at__isnull=True).values_list("recipient__username", "url"),
    )


def test_redis_stopped_while_a_complaint_and_a_referral_are_sent_then_the_outbox_delivers(
    world, client, private_redis, workers, tmp_path, caplog
):
    for username, address in ADDRESSES.items():
        User.objects.filter(username=username).update(email=address)
    victim = consented_victim(case=world.case_a, actor=world.manajer)
    dinsos = Organisation.objects.get(name="Dinas Sosial Kota Jambi")
    draft = referral_draft(case=world.case_a, actor=world.manajer, victim=victim, organisation=dinsos)
    mail_dir = tmp_path / "mail"
    broker = settings.CELERY_BROKER_URL

    with app_broker(private_redis.url):
        worker = workers(private_redis.url)  # consumes from the private Redis, writes to the test database
        private_redis.stop()

        with caplog.at_level(logging.WARNING, logger="uptdppa.accounts.services"):
            began = time.monotonic()
            form = client.post("/pengaduan/", complaint("203.0.113.21"), REMOTE_ADDR="203.0.113.21", follow=True)
            client.force_login(world.manajer)
            sent = client.post(reverse("referrals:send", args=[draft.code]), {})
            took = time.monotonic() - began

        # Both answered as usual, without waiting on the dead broker.
        assert form.status_code == 200 and form.context["pin"] and form.context["tracking_code"]
        assert sent.status_code == 302 and sent.url == reverse("referrals:detail", args=[draft.code])
        # Each failed publish costs the broker connection timeout (CELERY_BROKER_CONNECTION_TIMEOUT, 2 s).
        assert took < 15, f"the two requests took {took:.1f}s with Redis down"
        # Three publishes were tried and failed: the complaint's e-mails, the referral's, its letter
        # (besides the statistics' refresh, which the 5-minute job makes up for too).
        failed = [line for line in caplog.text.splitlines() if "broker unavailable" in line]
        assert len([line for line in failed if "refresh_stale_snapshots" not in line]) == 3

        # Both are saved (autocommit: committed before the pages answered) ...
        case = Case.objects.get(channel=Channel.ONLINE_FORM, tracking_code=form.context["tracking_code"])
        referral = Referral.objects.get(pk=draft.pk)
        assert referral.status == ReferralStatus.SENT and referral.letter_number and not referral.letter
        # ... and the e-mails wait in the outbox: staff for the complaint, the receiver's liaison.
        case_url = reverse("cases:detail", args=[case.code])
        assert [name for name, url in pending() if url == case_url] == ["kepala", "pengaduan", "pengaduan_lain"]
        assert [name for name, url in pending() if url != case_url] == ["penghubung"]
        assert mails(mail_dir) == []

        # Redis comes back on the same port; the worker that lived through the outage reconnects.
        private_redis.start()
        # Beat's next run finds them older than the pickup delay (NOTIFICATION_EMAIL_PICKUP_DELAY_SECONDS)
        # that leaves young rows to their own task; the worker's clock is real, so age them instead.
        Notification.objects.filter(emailed_at__isnull=True).update(
            created_at=F("created_at") - timedelta(seconds=settings.NOTIFICATION_EMAIL_PICKUP_DELAY_SECONDS + 60)
        )
        send_pending_notification_emails.apply_async()  # what beat publishes every 5 minutes
        wait_for(lambda: not pending(), timeout=60, what=f"the outbox job on the worker (log: {worker.log})")

        assert worker.process.poll() is None and "Connection to broker lost" in worker.output()
        delivered = mails(mail_dir)
        assert sorted(m["To"] for m in delivered) == sorted(ADDRESSES.values())
        for message in delivered:
            expected = referral.letter_number if message["To"] == ADDRESSES["penghubung"] else str(case.code)[:8]
            assert expected in str(message["Subject"])
        assert all(CHRONOLOGY not in m.as_string() and VICTIM_NAME not in m.as_string() for m in delivered)

        # The web side publishes again without a restart: a new complaint's e-mails are queued on
        # commit and sent by the worker at once, with no outbox job.
        again = client.post("/pengaduan/", complaint("203.0.113.22"), REMOTE_ADDR="203.0.113.22", follow=True)
        assert again.status_code == 200
        wait_for(lambda: not pending(), timeout=30, what=f"the new complaint's e-mails (log: {worker.log})")
        assert len(mails(mail_dir)) == len(delivered) + 3

    assert (app.conf.broker_url, app.conf.task_always_eager) == (broker, True)  # restored for the other tests

    # No job re-makes a letter whose task was lost with the broker: it is made when first asked
    # for (referrals.letters.letter_response), here by the receiving liaison.
    assert not Referral.objects.get(pk=draft.pk).letter
    client.force_login(world.penghubung)
    letter = client.get(reverse("referrals:letter", args=[draft.code]))
    assert letter.status_code == 200 and letter["Content-Type"] == "application/pdf"
    assert Referral.objects.get(pk=draft.pk).letter
