"""The referral letter is made by a real Celery worker through Redis when the referral is sent."""

from __future__ import annotations

import io
import os
import time

import pytest
from django.conf import settings
from pypdf import PdfReader

from referrals.models import Referral
from referrals.services import referral_send
from tests.records import consented_victim, referral_draft
from uptdppa.accounts.models import Organisation
from uptdppa.celery import app


@pytest.mark.worker
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (REDIS_URL); CI always sets it")
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_stores_the_letter_of_a_sent_referral(world):
    from celery.contrib.testing.worker import start_worker

    assert settings.CELERY_BROKER_URL.startswith("redis://")
    victim = consented_victim(case=world.case_a, actor=world.manajer)
    dinsos = Organisation.objects.get(name="Dinas Sosial Kota Jambi")
    draft = referral_draft(case=world.case_a, actor=world.manajer, victim=victim, organisation=dinsos)
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            referral_send(actor=world.manajer, referral=draft)  # autocommit: the task is queued at once
            deadline = time.monotonic() + 30
            while not Referral.objects.get(pk=draft.pk).letter and time.monotonic() < deadline:
                time.sleep(0.2)
    finally:
        app.conf.task_always_eager = True
    referral = Referral.objects.get(pk=draft.pk)
    assert referral.letter, "the worker did not store the letter"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(referral.letter.read())).pages)
    assert referral.letter_number in text and "K.P." in text and "Kenanga" not in text
