"""The pages: scheduling with bad input kept, the rule shown where people act, the liaison's
portal, the action item page and the task-force meeting register."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coordination.models import ActionItemStatus, CaseConference, ConferenceStatus, TaskForceMeeting
from tests.conftest import max_queries
from uptdppa.accounts.models import Organisation

from .records import DINSOS, consent_all, held_conference, schedule

pytestmark = pytest.mark.django_db


def test_scheduling_with_bad_input_keeps_everything_typed_and_says_why_in_indonesian(world, client):
    client.force_login(world.manajer)
    url = reverse("coordination:schedule", args=[world.case_a.code])
    dinsos = Organisation.objects.get(name=DINSOS)
    response = client.post(
        url,
        {
            "scheduled_at": (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            "chair": str(world.manajer.code),
            "note_taker": str(world.manajer.code),
            "agenda": "Agenda yang panjang.",
            "organisations": [str(dinsos.code)],
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Agenda yang panjang." in html
    assert "Konferensi dijadwalkan untuk waktu yang akan datang." in html
    assert "Isi tempat atau tautan rapat." in html
    assert not CaseConference.objects.exists()


def test_scheduling_then_the_case_page_lists_the_conference(world, client):
    client.force_login(world.manajer)
    response = client.post(
        reverse("coordination:schedule", args=[world.case_a.code]),
        {
            "scheduled_at": (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            "place": "Ruang rapat",
            "chair": str(world.manajer.code),
            "note_taker": str(world.psikolog.code),
        },
    )
    conference = CaseConference.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "coordination:conference", args=[conference.code]
    )
    listing = client.get(reverse("coordination:case", args=[world.case_a.code])).content.decode()
    assert reverse("coordination:conference", args=[conference.code]) in listing


def test_a_psychologist_is_not_offered_scheduling(world, client):
    client.force_login(world.psikolog)
    html = client.get(reverse("coordination:case", args=[world.case_a.code])).content.decode()
    assert 'id="schedule-conference"' not in html
    assert client.get(reverse("coordination:schedule", args=[world.case_a.code])).status_code == 403


def test_the_hold_form_is_not_offered_while_sharing_is_blocked_and_says_why(world, client):
    conference = schedule(world)
    client.force_login(world.manajer)
    html = client.get(reverse("coordination:conference", args=[conference.code])).content.decode()
    assert 'id="sharing-blocked"' in html and 'id="hold-not-offered"' in html
    assert 'id="hold-form"' not in html
    client.force_login(world.kepala)
    html = client.get(reverse("coordination:conference", args=[conference.code])).content.decode()
    assert 'id="hold-form"' in html and "override_reason" in html
    response = client.post(reverse("coordination:hold", args=[conference.code]), {"summary": "Ringkasan rapat."})
    assert response.status_code == 200  # refused beside the field, the summary kept
    assert "Ringkasan rapat." in response.content.decode()
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.SCHEDULED


def test_holding_and_recording_decisions_and_items_through_the_page(world, client):
    consent_all(world.case_a, world.manajer)
    conference = schedule(world)
    client.force_login(world.manajer)
    response = client.post(reverse("coordination:hold", args=[conference.code]), {"summary": "Ringkasan."})
    assert response.status_code == 302
    dinsos = Organisation.objects.get(name=DINSOS)
    client.post(
        reverse("coordination:decision-add", args=[conference.code]),
        {"text": "Keputusan untuk Dinsos.", "organisation": str(dinsos.code)},
    )
    bad = client.post(
        reverse("coordination:item-add", args=[conference.code]),
        {"title": "Kunjungan", "organisation": str(dinsos.code), "due_on": "2000-01-01"},
    )
    assert bad.status_code == 200 and "Kunjungan" in bad.content.decode()
    client.post(
        reverse("coordination:item-add", args=[conference.code]),
        {
            "title": "Kunjungan",
            "organisation": str(dinsos.code),
            "assignee": str(world.penghubung.code),
            "due_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
        },
    )
    conference.refresh_from_db()
    assert conference.decisions.count() == 1 and conference.action_items.count() == 1
    timeline = client.get(reverse("cases:detail", args=[world.case_a.code]) + "?jenis=konferensi")
    assert timeline.status_code == 200


def test_the_liaison_completes_their_item_and_records_attendance_from_the_portal(world, client):
    held = held_conference(world)
    client.force_login(world.penghubung)
    portal = client.get(reverse("coordination:portal")).content.decode()
    assert "Kunjungan rumah oleh pekerja sosial" in portal and "Visum et repertum ulang" not in portal
    row = held.conference.attendance.get(organisation=held.dinsos)
    client.post(reverse("coordination:attendance", args=[held.conference.code, row.code]), {"present": "1"})
    row.refresh_from_db()
    assert row.present
    other = held.conference.attendance.get(organisation=held.rsud)
    assert (
        client.post(
            reverse("coordination:attendance", args=[held.conference.code, other.code]), {"present": "1"}
        ).status_code
        == 404
    )
    response = client.post(
        reverse("coordination:action-item", args=[held.item_a.code]), {"status": "done", "note": "Selesai."}
    )
    assert response.status_code == 302
    held.item_a.refresh_from_db()
    assert held.item_a.status == ActionItemStatus.DONE


def test_the_portal_runs_a_fixed_number_of_queries(world, client):
    held_conference(world)
    client.force_login(world.penghubung)
    client.get(reverse("coordination:portal"))
    with max_queries(14):
        assert client.get(reverse("coordination:portal")).status_code == 200


def test_the_head_records_a_meeting_and_leadership_reads_the_years_count(world, client):
    client.force_login(world.kepala)
    bad = client.post(reverse("coordination:meeting-create"), {"held_on": "", "place": "Aula DPMPPA", "summary": ""})
    assert bad.status_code == 200 and "Aula DPMPPA" in bad.content.decode()
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    bad = client.post(reverse("coordination:meeting-create"), {"held_on": tomorrow, "summary": ""})
    assert set(bad.context["form"].errors) == {"held_on", "summary"}  # both on the first submit
    dinsos = Organisation.objects.get(name=DINSOS)
    response = client.post(
        reverse("coordination:meeting-create"),
        {"held_on": timezone.localdate().isoformat(), "summary": "Evaluasi.", "present": [str(dinsos.code)]},
    )
    assert response.status_code == 302
    meeting = TaskForceMeeting.objects.get()
    client.force_login(world.pimpinan)
    html = client.get(reverse("coordination:meetings")).content.decode()
    assert 'id="year-count"' in html and f"1 rapat pada {timezone.localdate().year}." in html  # a year, not "2.026"
    assert client.get(reverse("coordination:meeting", args=[meeting.code])).status_code == 200
    assert client.get(reverse("coordination:meeting-create")).status_code == 403
