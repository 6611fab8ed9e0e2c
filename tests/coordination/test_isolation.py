"""A liaison of organisation A sees A's action items and decisions, nothing of B's, and nothing
of the case beyond what a referral already shared with A (issue 18 acceptance)."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from cases.models import PersonRole
from coordination.models import ActionItem, CaseConference
from referrals.services import referral_send
from tests.records import referral_draft

from .records import held_conference

pytestmark = pytest.mark.django_db


def test_a_liaison_sees_their_organisations_part_of_the_conference_and_nothing_else(world, client):
    held = held_conference(world)
    victim = world.case_a.people.get(role=PersonRole.VICTIM)
    referral_send(
        actor=world.manajer,
        referral=referral_draft(case=world.case_a, actor=world.manajer, victim=victim, organisation=held.dinsos),
    )
    client.force_login(world.penghubung)
    page = client.get(reverse("coordination:portal-conference", args=[held.conference.code]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Dinsos menyiapkan rehabilitasi sosial." in html
    assert "Kunjungan rumah oleh pekerja sosial" in html
    for hidden in (
        "RSUD menjadwalkan visum ulang.",  # B's decision
        "Visum et repertum ulang",  # B's action item
        "Tim memantau sekolah anak.",  # a decision concerning no partner
        "perlu rehabilitasi sosial dan pemeriksaan lanjutan",  # the summary
        "Rencana pemulihan anak.",  # the agenda
        victim.full_name,
        victim.nik,
    ):
        assert hidden not in html
    assert victim.initials in html  # shared by the referral to Dinsos


def test_the_api_gives_a_liaison_the_same_part_and_404_on_anothers(world, client):
    held = held_conference(world)
    client.force_login(world.penghubung)
    body = client.get(f"/api/v1/coordination/portal/conferences/{held.conference.code}/").json()
    assert [d["code"] for d in body["decisions"]] == [str(held.decision_a.code)]
    assert [i["code"] for i in body["action_items"]] == [str(held.item_a.code)]
    assert "summary" not in body and "agenda" not in body
    items = client.get("/api/v1/coordination/action-items/?box=all").json()["results"]
    assert [i["code"] for i in items] == [str(held.item_a.code)]
    assert client.get(f"/api/v1/coordination/action-items/{held.item_b.code}/").status_code == 404
    assert (
        client.post(f"/api/v1/coordination/action-items/{held.item_b.code}/status/", {"status": "done"}).status_code
        == 404
    )
    assert client.get(f"/api/v1/coordination/conferences/{held.conference.code}/").status_code == 404
    assert client.get(reverse("coordination:conference", args=[held.conference.code])).status_code == 404
    assert client.get(reverse("coordination:action-item", args=[held.item_b.code])).status_code == 404


def test_a_liaison_of_b_does_not_reach_a_conference_b_was_not_invited_to(world, client):
    held = held_conference(world)
    other = CaseConference.objects.exclude(pk=held.conference.pk)
    assert not other.exists()
    client.force_login(held.rsud_liaison)
    body = client.get(f"/api/v1/coordination/portal/conferences/{held.conference.code}/").json()
    assert [i["code"] for i in body["action_items"]] == [str(held.item_b.code)]
    assert client.get(reverse("coordination:action-item", args=[held.item_a.code])).status_code == 404
    assert ActionItem.objects.count() == 2


def test_every_read_of_minutes_is_audited(world, client):
    held = held_conference(world)
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    client.force_login(world.psikolog)
    assert client.get(reverse("coordination:conference", args=[held.conference.code])).status_code == 200
    reads = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).order_by("pk")[before:]
    read_reprs = {entry.object_repr for entry in reads}
    assert str(held.conference.code) in read_reprs
    assert {str(held.decision_a.code), str(held.item_b.code)} <= read_reprs
    client.force_login(world.penghubung)
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    client.get(reverse("coordination:portal-conference", args=[held.conference.code]))
    reads = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).order_by("pk")[before:]
    assert {e.object_repr for e in reads} == {
        str(held.conference.code),
        str(held.decision_a.code),
        str(held.item_a.code),
    }
