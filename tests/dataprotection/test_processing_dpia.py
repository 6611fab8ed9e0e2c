"""The DPIA (UU 27/2022 Pasal 34): written by the data protection officer alone, each save a new
version with the older ones kept; its next review date bounded by DPIA_REVIEW_MONTHS; its review
clock at its boundaries with a frozen clock; on the home page; through the pages and the API."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from dataprotection.models import DpiaVersion
from dataprotection.services import dpia_review_reminders, dpia_save
from tests.conftest import refusal
from uptdppa.accounts.models import Notification

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
SECTIONS = {
    "description": "Pengaduan dan kasus kekerasan terhadap anak.",
    "necessity": "Diperlukan untuk layanan perlindungan.",
    "risks": "Kebocoran identitas anak.",
    "measures": "Enkripsi, akses per tim, jejak audit.",
}


def save(world, *, next_review_on=None, **changes):
    return dpia_save(
        actor=world.dpo,
        next_review_on=next_review_on or timezone.localdate() + timedelta(days=180),
        **{**SECTIONS, **changes},
    )


def test_each_save_is_a_new_version_and_the_older_stays_as_it_was(world):
    first = save(world)
    second = save(world, risks="Kebocoran identitas anak dan keluarga.")
    assert (first.version, second.version) == (1, 2)
    first.refresh_from_db()
    assert first.risks == "Kebocoran identitas anak." and second.author == world.dpo
    assert DpiaVersion.objects.count() == 2


def test_only_the_data_protection_officer_writes_the_dpia(world):
    for user in (world.kepala, world.admin, world.manajer):
        with pytest.raises(PermissionDenied):
            dpia_save(actor=user, next_review_on=timezone.localdate() + timedelta(days=30), **SECTIONS)
    assert not DpiaVersion.objects.exists()


def test_every_section_is_required_and_the_review_is_after_today_and_within_the_months(world):
    errors = refusal(
        dpia_save,
        actor=world.dpo,
        description=" ",
        necessity="",
        risks="x",
        measures="y",
        next_review_on=timezone.localdate(),
    )
    assert set(errors) == {"description", "necessity", "next_review_on"}
    assert errors["next_review_on"] == ["Tinjauan berikutnya harus setelah hari ini."]
    with time_machine.travel(datetime(2026, 1, 31, 10, tzinfo=WIB), tick=False):
        assert settings.DPIA_REVIEW_MONTHS == 12
        assert save(world, next_review_on=date(2027, 1, 31)).version == 1  # the last day allowed
        late = refusal(save, world=world, next_review_on=date(2027, 2, 1))
        assert "paling lama 12 bulan" in late["next_review_on"][0]


def test_the_review_clock_reminds_the_dpo_then_tells_the_head_once_each(world):
    def notices(user, prefix):
        return Notification.objects.filter(recipient=user, key__startswith=prefix).count()

    with time_machine.travel(datetime(2026, 1, 1, 8, tzinfo=WIB), tick=False):
        assert dpia_review_reminders(today=timezone.localdate()) == (1, 0)  # none yet: the DPO is told
        assert dpia_review_reminders(today=timezone.localdate()) == (0, 0)
        version = save(world, next_review_on=date(2026, 6, 30))
    reminder_from = version.next_review_on - timedelta(days=settings.DPIA_REMINDER_DAYS)
    assert dpia_review_reminders(today=reminder_from - timedelta(days=1)) == (0, 0)
    assert dpia_review_reminders(today=reminder_from) == (1, 0)
    assert dpia_review_reminders(today=version.next_review_on) == (0, 0)  # once
    assert notices(world.dpo, "dpia-review-due") == 1 and notices(world.kepala, "dpia-review-due") == 0
    assert dpia_review_reminders(today=version.next_review_on + timedelta(days=1)) == (0, 2)
    assert dpia_review_reminders(today=version.next_review_on + timedelta(days=2)) == (0, 0)
    assert notices(world.kepala, "dpia-review-overdue") == 1 and notices(world.dpo, "dpia-review-overdue") == 1


def test_the_job_runs_daily_in_the_beat_schedule():
    from celery.schedules import crontab

    from dataprotection.tasks import send_dpia_review_reminders

    entry = settings.CELERY_BEAT_SCHEDULE["send-dpia-review-reminders"]
    assert entry["task"] == "dataprotection.tasks.send_dpia_review_reminders"
    assert entry["schedule"] == crontab(hour=7, minute=20)
    assert send_dpia_review_reminders.name == entry["task"]


def test_the_dpo_writes_the_dpia_through_the_page_and_bad_input_is_kept(world, client):
    client.force_login(world.dpo)
    url = reverse("dataprotection:dpia-edit")
    bad = client.post(url, {**SECTIONS, "measures": "", "next_review_on": "2000-01-01"})
    html = bad.content.decode()
    assert bad.status_code == 200 and "Kebocoran identitas anak." in html
    assert "Sebutkan langkah yang menangani risiko tersebut." in html
    assert not DpiaVersion.objects.exists()
    review = (timezone.localdate() + timedelta(days=90)).isoformat()
    response = client.post(url, {**SECTIONS, "next_review_on": review})
    assert response.status_code == 302 and response.url == reverse("dataprotection:dpia")
    page = client.get(response.url).content.decode()
    assert 'id="dpia-edit"' in page and "Versi 1" in page
    client.post(url, {**SECTIONS, "risks": "Risiko baru.", "next_review_on": review})
    older = client.get(reverse("dataprotection:dpia-version", args=[1])).content.decode()
    assert "Kebocoran identitas anak." in older and "Versi sebelumnya" in older


def test_the_head_reads_but_is_not_offered_the_edit_and_is_refused_it(world, client):
    save(world)
    client.force_login(world.kepala)
    page = client.get(reverse("dataprotection:dpia")).content.decode()
    assert 'id="dpia-edit"' not in page
    assert "Hanya Petugas Pelindungan Data Pribadi yang mengubah DPIA." in page
    assert client.get(reverse("dataprotection:dpia-edit")).status_code == 403
    assert client.post("/api/v1/data-protection/dpia/", {}, content_type="application/json").status_code == 403


@pytest.mark.parametrize("name", ["admin", "manajer", "operator", "penghubung", "pimpinan"])
def test_nobody_else_finds_the_dpia(world, client, name):
    save(world)
    client.force_login(world.users[name])
    pages = ("dataprotection:dpia", "dataprotection:dpia-edit")
    for url in (*map(reverse, pages), reverse("dataprotection:dpia-version", args=[1])):
        assert client.get(url).status_code == 404
    assert client.get("/api/v1/data-protection/dpia/").status_code == 404
    assert client.get("/api/v1/data-protection/dpia/1/").status_code == 404


def test_the_api_saves_lists_and_reads_versions_and_refuses_in_indonesian(world, client):
    client.force_login(world.dpo)
    base = "/api/v1/data-protection/dpia/"
    review = (timezone.localdate() + timedelta(days=20)).isoformat()  # within DPIA_REMINDER_DAYS
    created = client.post(base, {**SECTIONS, "next_review_on": review}, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["version"] == 1 and created.json()["review_state"] == "due"
    bad = client.post(base, {**SECTIONS, "risks": "", "next_review_on": review}, content_type="application/json")
    assert bad.status_code == 400
    assert bad.json()["errors"]["risks"] == ["Sebutkan risiko bagi orang-orang yang bersangkutan."]
    listed = client.get(base).json()
    assert [item["version"] for item in listed["results"]] == [1]
    assert client.get(f"{base}1/").json()["risks"] == SECTIONS["risks"]
    assert client.get(f"{base}2/").status_code == 404


def test_the_home_page_shows_the_review_date_to_the_dpo_and_the_head(world, client):
    client.force_login(world.dpo)
    assert "Belum ada DPIA yang dicatat." in client.get(reverse("home")).content.decode()
    with time_machine.travel(datetime(2026, 3, 1, 8, tzinfo=WIB), tick=False):
        save(world, next_review_on=date(2026, 3, 20))
        client.force_login(world.kepala)
        html = client.get(reverse("home")).content.decode()
    assert 'id="dpia-review"' in html and "Perlu ditinjau" in html
    client.force_login(world.manajer)
    assert 'id="dpia-review"' not in client.get(reverse("home")).content.decode()


def test_the_dpo_sees_the_audit_trail_page(world, client):
    client.force_login(world.dpo)
    response = client.get(reverse("accounts:audit"))
    assert response.status_code == 200
    assert client.get(reverse("api-docs")).status_code == 200  # the DPO is among the API's readers


def test_the_dpia_page_costs_the_same_whatever_the_number_of_versions(world, client):
    from tests.conftest import max_queries

    client.force_login(world.dpo)
    save(world)
    with max_queries(12) as few:
        client.get(reverse("dataprotection:dpia"))
    for _ in range(5):
        save(world)
    with max_queries(len(few.captured_queries)):
        assert client.get(reverse("dataprotection:dpia")).status_code == 200
