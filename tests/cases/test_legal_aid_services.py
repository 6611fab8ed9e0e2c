"""Accompaniment of victims and their legal aid provider (issue 4 item 5): the services' rules."""

from __future__ import annotations

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from cases.models import AccompanimentStage, CaseEvent, CaseStatus, EventKind, LegalAid, PersonRole, TeamRole
from cases.services import accompaniment_record, case_team_add, legal_aid_end, legal_aid_set, person_add
from tests.conftest import refusal
from tests.factories import UserFactory
from uptdppa.accounts.models import Organisation, Role

pytestmark = pytest.mark.django_db

NOTE = "Korban gemetar saat ditanya penyidik."


def today():
    return timezone.localdate()


def victim_of(world):
    """The victim the world fixture recorded in case_a (the first one)."""
    return world.case_a.people.filter(role=PersonRole.VICTIM).order_by("pk").first()


def lbh() -> Organisation:
    return Organisation.objects.get(short_name="LBH")


def accompany(world, **overrides):
    values = {
        "actor": world.hukum,
        "victim": victim_of(world),
        "stage": AccompanimentStage.POLICE_EXAMINATION,
        "date": today(),
        "staff": [world.hukum, world.psikolog],
        "place": "Polresta Jambi",
        "note": NOTE,
    }
    return accompaniment_record(**(values | overrides))


def set_aid(world, **overrides):
    values = {"actor": world.hukum, "victim": victim_of(world), "started_on": today(), "organisation": lbh()}
    return legal_aid_set(**(values | overrides))


def close(case):
    case.status = CaseStatus.CLOSED
    case.save(update_fields=["status"])


# --- Accompaniment ------------------------------------------------------------------------------


def test_an_accompaniment_is_recorded_with_its_staff_and_a_timeline_event_of_codes_only(world):
    accompaniment = accompany(world)
    assert set(accompaniment.staff.all()) == {world.hukum, world.psikolog}
    assert accompaniment.recorded_by == world.hukum and accompaniment.note == NOTE
    event = CaseEvent.objects.get(case=world.case_a, kind=EventKind.ACCOMPANIMENT)
    assert event.data == {
        "accompaniment": str(accompaniment.code),
        "victim": str(victim_of(world).code),
        "stage": AccompanimentStage.POLICE_EXAMINATION,
        "date": accompaniment.date.isoformat(),  # the day it happened, shown on the timeline
    }
    assert NOTE not in str(event.data) and "Polresta" not in str(event.data)


def test_the_head_may_accompany_without_being_on_the_team(world):
    assert accompany(world, actor=world.kepala, staff=[world.kepala]).pk


@pytest.mark.parametrize("username", ["manajer_lain", "pengaduan", "operator", "penghubung"])
def test_only_the_case_team_or_the_head_accompany(world, username):
    errors = refusal(accompany, world=world, staff=[world.hukum, world.users[username]])
    assert "staff" in errors


def test_a_deactivated_team_member_does_not_accompany(world):
    world.psikolog.is_active = False
    world.psikolog.save(update_fields=["is_active"])
    assert "staff" in refusal(accompany, world=world)


def test_an_accompaniment_needs_staff_and_a_date_not_in_the_future(world):
    errors = refusal(accompany, world=world, staff=[], date=today() + timedelta(days=1))
    assert set(errors) == {"staff", "date"}


def test_only_a_victim_of_the_case_is_accompanied(world):
    perpetrator = person_add(actor=None, case=world.case_a, role=PersonRole.PERPETRATOR, estimated_age=30).person
    assert "victim" in refusal(accompany, world=world, victim=perpetrator)


def test_an_accompaniment_is_refused_on_a_closed_case_or_a_complaint(world):
    close(world.case_a)
    assert "__all__" in refusal(accompany, world=world)
    intake_victim = world.intake_c.people.filter(role=PersonRole.VICTIM).first()
    assert "__all__" in refusal(accompany, world=world, victim=intake_victim, staff=[world.kepala])


# --- Legal aid ----------------------------------------------------------------------------------


def test_legal_aid_starts_changes_and_ends_with_timeline_events(world):
    aid = set_aid(world, advocate="Budi Santoso, S.H.", note="Pro bono")
    assert aid.organisation == lbh() and aid.ended_on is None
    aid = set_aid(world, legal_aid=aid, organisation=None, provider_name="Posbakum PN Jambi", advocate="Budi")
    assert aid.organisation is None and aid.provider_name == "Posbakum PN Jambi"
    aid = legal_aid_end(actor=world.hukum, legal_aid=aid, ended_on=today())
    assert aid.ended_on == today()
    changes = [e.data["change"] for e in CaseEvent.objects.filter(kind=EventKind.LEGAL_AID_CHANGED).order_by("pk")]
    assert changes == ["started", "changed", "ended"]
    assert all("Budi" not in str(e.data) for e in CaseEvent.objects.filter(case=world.case_a))


def test_legal_aid_needs_one_provider_listed_or_named_not_both(world):
    assert "organisation" in refusal(set_aid, world=world, organisation=None)
    assert "provider_name" in refusal(set_aid, world=world, provider_name="LBH Jambi")


def test_legal_aid_comes_from_an_active_partner_not_the_unit_itself(world):
    unit = Organisation.objects.get(short_name="UPTD PPA")
    assert "organisation" in refusal(set_aid, world=world, organisation=unit)
    partner = lbh()
    partner.is_active = False
    partner.save(update_fields=["is_active"])
    assert "organisation" in refusal(set_aid, world=world, organisation=partner)


def test_a_victim_has_one_legal_aid_at_a_time(world):
    aid = set_aid(world)
    assert "victim" in refusal(set_aid, world=world, provider_name="Posbakum", organisation=None)
    legal_aid_end(actor=world.hukum, legal_aid=aid, ended_on=today())
    assert set_aid(world, provider_name="Posbakum", organisation=None).pk
    assert LegalAid.objects.filter(victim=victim_of(world)).count() == 2


def test_legal_aid_dates_are_not_in_the_future_and_the_end_not_before_the_start(world):
    assert "started_on" in refusal(set_aid, world=world, started_on=today() + timedelta(days=1))
    aid = set_aid(world, started_on=today() - timedelta(days=3))
    errors = refusal(legal_aid_end, actor=world.hukum, legal_aid=aid, ended_on=today() - timedelta(days=4))
    assert "ended_on" in errors
    assert "ended_on" in refusal(legal_aid_end, actor=world.hukum, legal_aid=aid, ended_on=today() + timedelta(1))
    legal_aid_end(actor=world.hukum, legal_aid=aid, ended_on=today())
    assert "__all__" in refusal(legal_aid_end, actor=world.hukum, legal_aid=aid, ended_on=today())


def test_a_legal_aid_record_stays_with_its_victim(world):
    aid = set_aid(world)
    other = person_add(actor=None, case=world.case_a, role=PersonRole.VICTIM, nickname="Ani").person
    assert "victim" in refusal(set_aid, world=world, victim=other, legal_aid=aid)


def test_legal_aid_is_refused_on_a_closed_case(world):
    aid = set_aid(world)
    close(world.case_a)
    assert "__all__" in refusal(set_aid, world=world, legal_aid=aid)
    assert "__all__" in refusal(legal_aid_end, actor=world.hukum, legal_aid=aid, ended_on=today())


def test_a_new_team_member_can_accompany_once_added(world):
    newcomer = UserFactory(role=Role.PENDAMPING_HUKUM)
    assert "staff" in refusal(accompany, world=world, staff=[newcomer])
    case_team_add(actor=world.kepala, case=world.case_a, user=newcomer, team_role=TeamRole.PENDAMPING)
    assert accompany(world, staff=[newcomer]).pk


def test_notes_stay_out_of_the_audit_trail(world):
    accompaniment = accompany(world)
    aid = set_aid(world, note="Rahasia klien")
    entries = LogEntry.objects.filter(object_pk__in=[str(accompaniment.pk), str(aid.pk)])
    assert entries.count() >= 2
    assert all(NOTE not in str(e.changes) and "Rahasia" not in str(e.changes) for e in entries)
