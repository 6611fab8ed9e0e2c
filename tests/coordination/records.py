"""A held conference on case_a with Dinas Sosial (the world's liaison) and RSUD invited, a
decision and an action item for each, and the helpers the coordination tests share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone

from cases.models import Case, LegalBasis, PersonRole
from cases.services import consent_record
from coordination.models import ActionItem, CaseConference, Decision
from coordination.services import action_item_add, conference_hold, conference_schedule, decision_add
from tests.conftest import World
from tests.factories import UserFactory
from uptdppa.accounts.models import Organisation, Role

DINSOS = "Dinas Sosial Kota Jambi"
RSUD = "RSUD H. Abdul Manap"


def consent_all(case: Case, actor: Any) -> None:
    for victim in case.people.filter(role=PersonRole.VICTIM):
        consent_record(
            actor=actor,
            victim=victim,
            basis=LegalBasis.CONSENT,
            given_on=timezone.localdate(),
            consent_given_by="Ibu korban",
        )


def schedule(
    world: World, case: Case | None = None, *, actor: Any = None, orgs: list[str] | None = None
) -> CaseConference:
    case = case or world.case_a
    actor = actor or world.manajer
    return conference_schedule(
        actor=actor,
        case=case,
        scheduled_at=timezone.now() + timedelta(days=2),
        chair=actor,
        note_taker=actor,
        place="Ruang rapat UPTD PPA",
        agenda="Rencana pemulihan anak.",
        staff=[world.psikolog] if case == world.case_a else [],
        organisations=[Organisation.objects.get(name=name) for name in (orgs if orgs is not None else [DINSOS, RSUD])],
    )


@dataclass
class HeldConference:
    conference: CaseConference
    dinsos: Organisation
    rsud: Organisation
    rsud_liaison: Any
    decision_a: Decision
    decision_b: Decision
    decision_all: Decision
    item_a: ActionItem
    item_b: ActionItem


def held_conference(world: World) -> HeldConference:
    dinsos = Organisation.objects.get(name=DINSOS)
    rsud = Organisation.objects.get(name=RSUD)
    rsud_liaison = UserFactory(username="penghubung_rsud_k", role=Role.PENGHUBUNG_OPD, organisation=rsud)
    consent_all(world.case_a, world.manajer)
    conference = schedule(world)
    conference = conference_hold(
        actor=world.manajer,
        conference=conference,
        summary="Anak aman; perlu rehabilitasi sosial dan pemeriksaan lanjutan.",
        next_review_on=timezone.localdate() + timedelta(days=30),
    )
    today = timezone.localdate()
    return HeldConference(
        conference=conference,
        dinsos=dinsos,
        rsud=rsud,
        rsud_liaison=rsud_liaison,
        decision_a=decision_add(
            actor=world.manajer,
            conference=conference,
            text="Dinsos menyiapkan rehabilitasi sosial.",
            organisation=dinsos,
        ),
        decision_b=decision_add(
            actor=world.manajer, conference=conference, text="RSUD menjadwalkan visum ulang.", organisation=rsud
        ),
        decision_all=decision_add(actor=world.manajer, conference=conference, text="Tim memantau sekolah anak."),
        item_a=action_item_add(
            actor=world.manajer,
            conference=conference,
            organisation=dinsos,
            assignee=world.penghubung,
            title="Kunjungan rumah oleh pekerja sosial",
            due_on=today + timedelta(days=7),
        ),
        item_b=action_item_add(
            actor=world.manajer,
            conference=conference,
            organisation=rsud,
            title="Visum et repertum ulang",
            due_on=today + timedelta(days=5),
        ),
    )


@dataclass
class ConferenceRecords:
    """What the access matrix and the fuzzing name on one case: a held conference with a decision
    and an action item for ``organisation`` (assigned to ``liaison``), its attendance row of that
    organisation, a second conference still scheduled, and a task-force meeting."""

    held: CaseConference
    scheduled: CaseConference
    attendance: Any
    item: ActionItem


def conference_records(*, case: Case, manager: Any, organisation: Organisation, liaison: Any) -> ConferenceRecords:
    """On ``case`` (whose victims have a consent recorded), with ``manager`` on its team."""

    def make() -> CaseConference:
        return conference_schedule(
            actor=manager,
            case=case,
            scheduled_at=timezone.now() + timedelta(days=3),
            chair=manager,
            note_taker=manager,
            place="Ruang rapat UPTD PPA",
            organisations=[organisation],
        )

    held = conference_hold(actor=manager, conference=make(), summary="Ringkasan konferensi.")
    decision_add(actor=manager, conference=held, text="Keputusan untuk mitra.", organisation=organisation)
    item = action_item_add(
        actor=manager,
        conference=held,
        organisation=organisation,
        assignee=liaison,
        title="Kunjungan rumah",
        due_on=timezone.localdate() + timedelta(days=7),
    )
    return ConferenceRecords(
        held=held, scheduled=make(), attendance=held.attendance.get(organisation=organisation), item=item
    )


def a_meeting(head: Any) -> Any:
    from coordination.services import meeting_record

    organisation = Organisation.objects.get(name=DINSOS)
    return meeting_record(
        actor=head,
        held_on=timezone.localdate(),
        place="Aula DPMPPA",
        summary="Rapat koordinasi gugus tugas.",
        invited=[organisation],
        present=[organisation],
    )
