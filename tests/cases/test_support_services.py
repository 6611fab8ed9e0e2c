"""Case management (issue 4): outreach visits, health services, the biopsychosocial assessment and
the intervention plan with its approval by the head. One rule per test."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from cases.models import (
    Assessment,
    Case,
    CaseStatus,
    EventKind,
    HealthService,
    HealthServiceKind,
    InterventionPlan,
    OutreachVisit,
    PersonRole,
    PlanItem,
    PlanItemStatus,
    PlanStatus,
    Region,
)
from cases.services import (
    assessment_record,
    health_service_complete,
    health_service_record,
    outreach_record,
    person_add,
    plan_approve,
    plan_item_add,
    plan_item_remove,
    plan_item_set_status,
    plan_return,
    plan_submit,
)
from cases.vocabularies import ServiceType
from tests.conftest import refusal
from tests.factories import CaseFactory, OrganisationFactory, UserFactory
from uptdppa.accounts.models import Organisation, Role

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
RESULT = "Korban ditemukan di rumah kerabat, kondisi stabil."
FINDINGS = "Luka memar pada lengan kiri."
NEEDS = "Saya ingin tetap sekolah dan tidak kembali ke rumah itu."
CASES = ("case_a", "case_b", "intake_c", "intake_d")


def victim_of(case):
    return person_add(actor=None, case=case, role=PersonRole.VICTIM, nickname="Ani").person


def kelurahan():
    return Region.objects.filter(level="kelurahan").order_by("code").first()


def hospital():
    return Organisation.objects.get(name="RS Bhayangkara Jambi")


def police():
    return Organisation.objects.get(name="Polresta Jambi Unit PPA")


def stored(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608 - test constants
        return cursor.fetchone()[0]


def permitted(world, user, perm):
    return {name for name in CASES if user.has_perm(perm, getattr(world, name))}


# --- Outreach ---------------------------------------------------------------------------------


def record_visit(world, **kwargs):
    values = {
        "actor": world.manajer,
        "case": world.case_a,
        "visited_on": TODAY(),
        "team": [world.manajer, world.psikolog],
        "purpose": "Kunjungan rumah",
        "region": kelurahan(),
        "result": RESULT,
    } | kwargs
    return outreach_record(**values)


def test_a_visit_is_recorded_with_its_team_place_and_a_timeline_event(world):
    visit = record_visit(world, next_step="Asesmen lanjutan")
    assert set(visit.team.all()) == {world.manajer, world.psikolog}
    assert visit.region == kelurahan() and not visit.is_emergency
    event = world.case_a.events.get(kind=EventKind.OUTREACH_VISIT)
    assert event.data["visit"] == str(visit.code)
    assert RESULT not in str(event.data)


def test_the_visit_result_and_a_place_elsewhere_are_encrypted(world):
    visit = record_visit(world, region=None, place_other="Jl. Lintas Timur km 5, Muaro Jambi")
    assert RESULT not in str(stored("cases_outreachvisit", "result", visit.pk))
    assert "Lintas" not in str(stored("cases_outreachvisit", "place_other", visit.pk))
    visit.refresh_from_db()
    assert visit.place_other == "Jl. Lintas Timur km 5, Muaro Jambi"


def test_outreach_may_come_before_the_complaint_is_accepted(world):
    visit = record_visit(world, actor=world.pengaduan, case=world.intake_c, team=[world.pengaduan])
    assert visit.case == world.intake_c


def test_outreach_is_refused_for_a_complaint_that_ended_or_a_closed_case(world):
    closed = CaseFactory(created_by=world.pengaduan)
    Case.objects.filter(pk=closed.pk).update(status=CaseStatus.CLOSED)
    for case in (world.intake_d, closed):
        with pytest.raises(ValidationError):
            record_visit(world, case=case)
    assert not OutreachVisit.objects.exists()


def test_a_visit_date_cannot_be_in_the_future(world):
    assert "visited_on" in refusal(record_visit, world=world, visited_on=TODAY() + timedelta(days=1))


def test_a_visit_needs_a_team(world):
    assert "team" in refusal(record_visit, world=world, team=[])


@pytest.mark.parametrize("who", ["deactivated", "liaison"])
def test_the_visit_team_is_made_of_active_unit_staff(world, who):
    if who == "deactivated":
        member = UserFactory(role=Role.MANAJER_KASUS)
        member.is_active = False
        member.save(update_fields=["is_active"])
    else:
        member = world.penghubung
    assert "team" in refusal(record_visit, world=world, team=[world.manajer, member])


def test_the_visit_place_must_be_a_kelurahan(world):
    kecamatan = Region.objects.filter(level="kecamatan").first()
    assert "region" in refusal(record_visit, world=world, region=kecamatan)


def test_a_visit_needs_a_place(world):
    assert "region" in refusal(record_visit, world=world, region=None)


def test_a_visit_has_a_kelurahan_or_a_place_elsewhere_not_both(world):
    assert "place_other" in refusal(record_visit, world=world, place_other="Muaro Jambi")


def test_the_database_refuses_a_visit_with_two_places(world):
    visit = record_visit(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        OutreachVisit.objects.filter(pk=visit.pk).update(place_other="Muaro Jambi")


def test_a_visit_needs_a_purpose(world):
    assert "purpose" in refusal(record_visit, world=world, purpose=" ")


def test_an_emergency_rescue_is_recorded_with_its_partners(world):
    visit = record_visit(world, is_emergency=True, partners=[police(), hospital()])
    assert visit.is_emergency and set(visit.partners.all()) == {police(), hospital()}
    assert world.case_a.events.get(kind=EventKind.OUTREACH_VISIT).data["emergency"] is True


def test_an_inactive_partner_cannot_join_a_rescue(world):
    partner = OrganisationFactory(is_active=False)
    assert "partners" in refusal(record_visit, world=world, is_emergency=True, partners=[partner])


# --- Health services --------------------------------------------------------------------------


def request_health(world, victim=None, **kwargs):
    values = {
        "actor": world.manajer,
        "victim": victim or victim_of(world.case_a),
        "kind": HealthServiceKind.VISUM,
        "requested_on": TODAY() - timedelta(days=2),
        "facility": hospital(),
    } | kwargs
    return health_service_record(**values)


def test_a_visum_is_requested_then_done_with_its_result(world):
    service = request_health(world)
    assert not service.is_done
    health_service_complete(actor=world.manajer, service=service, done_on=TODAY(), result=FINDINGS)
    service.refresh_from_db()
    assert service.is_done and service.result == FINDINGS
    kinds = list(world.case_a.events.filter(kind__startswith="health").values_list("kind", flat=True))
    assert kinds == [EventKind.HEALTH_SERVICE_REQUESTED, EventKind.HEALTH_SERVICE_DONE]


def test_a_health_service_given_already_is_recorded_done_at_once(world):
    service = request_health(world, done_on=TODAY(), result=FINDINGS)
    assert service.is_done


def test_the_health_result_is_encrypted_and_kept_off_the_timeline(world):
    service = request_health(world, done_on=TODAY(), result=FINDINGS)
    assert FINDINGS not in str(stored("cases_healthservice", "result", service.pk))
    assert FINDINGS not in str(list(world.case_a.events.values_list("data", flat=True)))


def test_a_health_service_is_done_only_with_its_result(world):
    service = request_health(world)
    errors = refusal(health_service_complete, actor=world.manajer, service=service, done_on=TODAY(), result=" ")
    assert "result" in errors


def test_a_health_service_cannot_be_done_before_it_was_requested(world):
    service = request_health(world)
    errors = refusal(
        health_service_complete,
        actor=world.manajer,
        service=service,
        done_on=service.requested_on - timedelta(days=1),
        result=FINDINGS,
    )
    assert "done_on" in errors


def test_a_health_service_is_done_only_once(world):
    service = request_health(world, done_on=TODAY(), result=FINDINGS)
    with pytest.raises(ValidationError):
        health_service_complete(actor=world.manajer, service=service, done_on=TODAY(), result=FINDINGS)


def test_the_facility_is_a_health_partner(world):
    assert "facility" in refusal(request_health, world=world, facility=police())


def test_a_facility_that_is_not_a_partner_is_named_instead(world):
    service = request_health(world, facility=None, facility_other="Klinik Pratama Sehat")
    assert service.facility is None and service.facility_other == "Klinik Pratama Sehat"
    assert "facility" in refusal(request_health, world=world, facility=None)
    assert "facility_other" in refusal(request_health, world=world, facility_other="Klinik Pratama Sehat")


def test_the_database_refuses_a_health_service_done_without_a_result(world):
    service = request_health(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        HealthService.objects.filter(pk=service.pk).update(done_on=TODAY())


@pytest.mark.parametrize(("field", "value"), [("kind", "xray"), ("requested_on", "tomorrow")])
def test_a_health_request_needs_a_known_service_and_a_date_not_in_the_future(world, field, value):
    value = TODAY() + timedelta(days=1) if value == "tomorrow" else value
    assert field in refusal(request_health, world=world, **{field: value})


def test_health_services_are_for_victims_of_registered_cases(world):
    with pytest.raises(ValidationError):
        request_health(world, victim=victim_of(world.intake_c))
    perpetrator = person_add(actor=None, case=world.case_a, role=PersonRole.PERPETRATOR, nickname="Budi").person
    assert "victim" in refusal(request_health, world=world, victim=perpetrator)


# --- Assessment -------------------------------------------------------------------------------


def test_an_assessment_records_every_area_and_the_victims_own_words(world):
    victim = victim_of(world.case_a)
    assessment = assessment_record(
        actor=world.manajer,
        victim=victim,
        assessed_on=TODAY(),
        physical="Sehat",
        psychological="Cemas",
        social="Tinggal dengan nenek",
        economic="Bergantung pada nenek",
        education="Kelas 8",
        spiritual="Aktif mengaji",
        needs_and_hopes=NEEDS,
    )
    assessment.refresh_from_db()
    assert assessment.needs_and_hopes == NEEDS and assessment.assessor == world.manajer
    assert NEEDS not in str(stored("cases_assessment", "needs_and_hopes", assessment.pk))
    assert world.case_a.events.get(kind=EventKind.ASSESSMENT_RECORDED).data["victim"] == str(victim.code)


def test_an_assessment_needs_at_least_one_area(world):
    errors = refusal(assessment_record, actor=world.manajer, victim=victim_of(world.case_a), assessed_on=TODAY())
    assert "__all__" in errors
    assert not Assessment.objects.exists()


def test_an_assessment_date_cannot_be_in_the_future(world):
    errors = refusal(
        assessment_record,
        actor=world.manajer,
        victim=victim_of(world.case_a),
        assessed_on=TODAY() + timedelta(days=1),
        physical="Sehat",
    )
    assert "assessed_on" in errors


def test_a_victim_may_be_reassessed(world):
    victim = victim_of(world.case_a)
    for days in (30, 0):
        assessment_record(actor=world.manajer, victim=victim, assessed_on=TODAY() - timedelta(days), social="x")
    assert victim.assessments.count() == 2


def test_assessments_are_for_victims_of_registered_cases(world):
    with pytest.raises(ValidationError):
        assessment_record(actor=world.kepala, victim=victim_of(world.intake_c), assessed_on=TODAY(), social="x")


# --- Intervention plan ------------------------------------------------------------------------


def add_item(world, case=None, **kwargs):
    values = {
        "actor": world.manajer,
        "case": case or world.case_a,
        "service": ServiceType.KESEHATAN,
        "description": "Pemeriksaan kesehatan lanjutan",
        "due_on": TODAY() + timedelta(days=14),
        "responsible_user": world.manajer,
    } | kwargs
    return plan_item_add(**values)


def submitted_plan(world):
    item = add_item(world)
    return plan_submit(actor=world.manajer, plan=item.plan, made_with_beneficiary=True), item


def test_the_first_item_starts_a_draft_plan(world):
    item = add_item(world)
    assert item.plan.case == world.case_a and item.plan.status == PlanStatus.DRAFT
    add_item(world, responsible_user=None, responsible_organisation=hospital())
    assert InterventionPlan.objects.get().items.count() == 2


def test_the_plan_workflow_submit_return_edit_resubmit_approve(world):
    plan, item = submitted_plan(world)
    assert plan.status == PlanStatus.SUBMITTED and plan.submitted_by == world.manajer
    plan = plan_return(actor=world.kepala, plan=plan, comment="Tambahkan layanan hukum.")
    assert plan.status == PlanStatus.RETURNED and plan.decision_comment == "Tambahkan layanan hukum."
    add_item(world, service=ServiceType.BANTUAN_HUKUM, responsible_user=world.hukum)
    plan_item_remove(actor=world.manajer, item=item)
    plan = plan_submit(actor=world.manajer, plan=plan, made_with_beneficiary=True)
    plan = plan_approve(actor=world.kepala, plan=plan)
    assert plan.status == PlanStatus.APPROVED and plan.decided_by == world.kepala
    assert list(plan.items.values_list("service", flat=True)) == [ServiceType.BANTUAN_HUKUM]
    decisions = (EventKind.PLAN_SUBMITTED, EventKind.PLAN_RETURNED, EventKind.PLAN_APPROVED)
    kinds = list(world.case_a.events.filter(kind__in=decisions).values_list("kind", flat=True))
    assert kinds == [
        EventKind.PLAN_SUBMITTED,
        EventKind.PLAN_RETURNED,
        EventKind.PLAN_SUBMITTED,
        EventKind.PLAN_APPROVED,
    ]


def test_a_plan_is_submitted_only_when_made_with_the_beneficiary(world):
    item = add_item(world)
    errors = refusal(plan_submit, actor=world.manajer, plan=item.plan, made_with_beneficiary=False)
    assert "made_with_beneficiary" in errors


def test_a_plan_without_items_cannot_be_submitted(world):
    item = add_item(world)
    plan_item_remove(actor=world.manajer, item=item)
    assert "__all__" in refusal(plan_submit, actor=world.manajer, plan=item.plan, made_with_beneficiary=True)


def test_a_plan_is_returned_only_with_a_comment(world):
    plan, _item = submitted_plan(world)
    assert "comment" in refusal(plan_return, actor=world.kepala, plan=plan, comment=" ")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


@pytest.mark.parametrize("username", ["manajer", "psikolog", "pengaduan", "operator", "admin"])
def test_only_the_head_approves_or_returns_a_plan(world, username):
    plan, _item = submitted_plan(world)
    user = world.users[username]
    with pytest.raises(ValidationError):
        plan_approve(actor=user, plan=plan)
    with pytest.raises(ValidationError):
        plan_return(actor=user, plan=plan, comment="Tidak lengkap.")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED and not user.has_perm("cases.approve_plan", world.case_a)


def test_a_draft_plan_cannot_be_approved(world):
    plan = add_item(world).plan
    with pytest.raises(ValidationError):
        plan_approve(actor=world.kepala, plan=plan)


def test_an_approved_plan_is_not_decided_again(world):
    plan, _item = submitted_plan(world)
    plan_approve(actor=world.kepala, plan=plan)
    with pytest.raises(ValidationError):
        plan_return(actor=world.kepala, plan=plan, comment="Ubah.")


@pytest.mark.parametrize("state", [PlanStatus.SUBMITTED, PlanStatus.APPROVED])
def test_items_are_locked_while_the_plan_awaits_approval_or_is_approved(world, state):
    plan, item = submitted_plan(world)
    if state == PlanStatus.APPROVED:
        plan_approve(actor=world.kepala, plan=plan)
    with pytest.raises(ValidationError):
        add_item(world)
    with pytest.raises(ValidationError):
        plan_item_remove(actor=world.manajer, item=item)
    with pytest.raises(ValidationError):
        plan_submit(actor=world.manajer, plan=plan, made_with_beneficiary=True)
    assert PlanItem.objects.count() == 1


def test_the_items_of_an_approved_plan_are_followed_through_their_status(world):
    plan, item = submitted_plan(world)
    plan_approve(actor=world.kepala, plan=plan)
    item = plan_item_set_status(actor=world.manajer, item=item, status=PlanItemStatus.IN_PROGRESS)
    item = plan_item_set_status(actor=world.manajer, item=item, status=PlanItemStatus.DONE)
    assert item.status == PlanItemStatus.DONE
    assert world.case_a.events.filter(kind=EventKind.PLAN_ITEM_STATUS).count() == 2


def test_item_status_changes_wait_for_the_approval(world):
    _plan, item = submitted_plan(world)
    with pytest.raises(ValidationError):
        plan_item_set_status(actor=world.manajer, item=item, status=PlanItemStatus.DONE)


def test_an_item_is_waived_only_with_a_reason(world):
    plan, item = submitted_plan(world)
    plan_approve(actor=world.kepala, plan=plan)
    errors = refusal(plan_item_set_status, actor=world.manajer, item=item, status=PlanItemStatus.WAIVED)
    assert "waive_reason" in errors
    item = plan_item_set_status(
        actor=world.manajer, item=item, status=PlanItemStatus.WAIVED, waive_reason="Korban menolak."
    )
    assert item.waive_reason == "Korban menolak."
    item = plan_item_set_status(actor=world.manajer, item=item, status=PlanItemStatus.IN_PROGRESS)
    assert item.waive_reason is None


def test_an_item_has_exactly_one_responsible(world):
    assert "responsible_user" in refusal(add_item, world=world, responsible_user=None)
    assert "responsible_user" in refusal(add_item, world=world, responsible_organisation=hospital())


def test_the_database_refuses_an_item_with_no_or_two_responsibles(world):
    item = add_item(world)
    for change in ({"responsible_user": None}, {"responsible_organisation": hospital()}):
        with pytest.raises(IntegrityError), transaction.atomic():
            PlanItem.objects.filter(pk=item.pk).update(**change)


def test_the_responsible_staff_member_is_active_unit_staff(world):
    assert "responsible_user" in refusal(add_item, world=world, responsible_user=world.penghubung)


def test_a_plan_item_needs_a_known_service_and_a_description(world):
    assert "service" in refusal(add_item, world=world, service="sulap")
    assert "description" in refusal(add_item, world=world, description=" ")


def test_a_plan_is_made_for_an_open_case_only(world):
    for case in (world.intake_c, world.intake_d):
        with pytest.raises(ValidationError):
            add_item(world, case=case)
    assert not InterventionPlan.objects.exists()


# --- Permissions ------------------------------------------------------------------------------

USERNAMES = (
    "admin",
    "kepala",
    "pengaduan",
    "pengaduan_lain",
    "manajer",
    "manajer_lain",
    "psikolog",
    "hukum",
    "operator",
    "penghubung",
    "pimpinan",
    "dpo",
)
NONE: dict[str, set[str]] = {name: set() for name in USERNAMES}
TEAM_WORK = NONE | {"kepala": {"case_a", "case_b"}, "manajer": {"case_a"}, "psikolog": {"case_a"}, "hukum": {"case_a"}}
EXPECTED = {
    "cases.record_outreach": TEAM_WORK
    | {"kepala": {"case_a", "case_b", "intake_c"}, "pengaduan": {"intake_c"}, "pengaduan_lain": {"intake_c"}},
    "cases.record_health_service": TEAM_WORK,
    "cases.record_assessment": TEAM_WORK,
    "cases.edit_plan": TEAM_WORK,
    "cases.approve_plan": NONE | {"kepala": {"case_a", "case_b"}},
}


@pytest.mark.parametrize("perm", sorted(EXPECTED))
@pytest.mark.parametrize("username", USERNAMES)
def test_who_may_record_case_management(world, perm, username):
    assert permitted(world, world.users[username], perm) == EXPECTED[perm][username]


def test_everyone_allowed_a_case_management_action_can_see_the_case(world):
    for user in world.users.values():
        for name in CASES:
            case = getattr(world, name)
            for perm in EXPECTED:
                assert not user.has_perm(perm, case) or user.has_perm("cases.view_case", case)
