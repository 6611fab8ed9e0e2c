"""The coordination API: the same services and rules as the pages, refusals in Indonesian."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from coordination.models import ActionItemStatus, CaseConference, ConferenceStatus
from uptdppa.accounts.models import Organisation

from .records import DINSOS, held_conference

pytestmark = pytest.mark.django_db
C = "/api/v1/coordination"


def test_the_case_manager_schedules_and_the_head_overrides_a_blocked_sharing(world, client):
    dinsos = Organisation.objects.get(name=DINSOS)
    client.force_login(world.manajer)
    body = {
        "scheduled_at": (timezone.now() + timedelta(days=1)).isoformat(),
        "place": "Ruang rapat",
        "chair": str(world.manajer.code),
        "note_taker": str(world.manajer.code),
        "organisations": [str(dinsos.code)],
    }
    created = client.post(f"{C}/cases/{world.case_a.code}/conferences/", body, content_type="application/json")
    assert created.status_code == 201, created.json()
    code = created.json()["code"]
    assert [a["organisation"]["name"] for a in created.json()["attendance"]] == ["UPTD PPA Kota Jambi", DINSOS]
    refused = client.post(f"{C}/conferences/{code}/hold/", {"summary": "Ringkasan."}, content_type="application/json")
    assert refused.status_code == 400
    assert "Hanya Kepala UPTD PPA" in refused.json()["errors"]["override_reason"][0]
    client.force_login(world.kepala)
    held = client.post(
        f"{C}/conferences/{code}/hold/",
        {"summary": "Ringkasan.", "override_reason": "Anak dalam bahaya."},
        content_type="application/json",
    )
    assert held.status_code == 200 and held.json()["sharing_basis"] == "head_override"
    assert CaseConference.objects.get().status == ConferenceStatus.HELD


def test_bad_input_is_refused_field_by_field_in_indonesian(world, client):
    client.force_login(world.manajer)
    response = client.post(
        f"{C}/cases/{world.case_a.code}/conferences/",
        {
            "scheduled_at": (timezone.now() - timedelta(days=1)).isoformat(),
            "chair": str(world.manajer_lain.code),
            "note_taker": str(world.manajer.code),
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"scheduled_at", "place", "chair"}
    assert errors["place"] == ["Isi tempat atau tautan rapat."]


def test_decisions_items_and_their_status_through_the_api(world, client):
    held = held_conference(world)
    client.force_login(world.manajer)
    code = held.conference.code
    decision = client.post(
        f"{C}/conferences/{code}/decisions/",
        {"text": "Keputusan baru.", "organisation": str(held.dinsos.code)},
        content_type="application/json",
    )
    assert decision.status_code == 201
    item = client.post(
        f"{C}/conferences/{code}/action-items/",
        {"title": "Laporan", "organisation": str(held.dinsos.code), "due_on": timezone.localdate().isoformat()},
        content_type="application/json",
    )
    assert item.status_code == 201 and item.json()["case_label"] == world.case_a.register_number
    client.force_login(world.penghubung)
    done = client.post(
        f"{C}/action-items/{item.json()['code']}/status/", {"status": "done"}, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["status"] == ActionItemStatus.DONE
    cancel = client.post(
        f"{C}/action-items/{held.item_a.code}/status/",
        {"status": "cancelled", "note": "x"},
        content_type="application/json",
    )
    assert cancel.status_code == 400


def test_the_meeting_register_through_the_api(world, client):
    dinsos = Organisation.objects.get(name=DINSOS)
    client.force_login(world.kepala)
    created = client.post(
        f"{C}/meetings/",
        {"held_on": timezone.localdate().isoformat(), "summary": "Evaluasi.", "present": [str(dinsos.code)]},
        content_type="application/json",
    )
    assert created.status_code == 201
    code = created.json()["code"]
    item = client.post(
        f"{C}/meetings/{code}/action-items/",
        {"title": "Data rujukan", "organisation": str(dinsos.code), "due_on": timezone.localdate().isoformat()},
        content_type="application/json",
    )
    assert item.status_code == 201 and item.json()["meeting"] == code
    client.force_login(world.pimpinan)
    assert client.get(f"{C}/meetings/").json()["count"] == 1
    assert client.get(f"{C}/meetings/{code}/").json()["action_items"][0]["title"] == "Data rujukan"
    client.force_login(world.penghubung)
    assert [i["title"] for i in client.get(f"{C}/action-items/").json()["results"]] == ["Data rujukan"]
