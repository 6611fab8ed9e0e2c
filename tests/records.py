"""One record of every kind a case holds, made through the services as the application makes them:
what the access matrix (tests/test_access_matrix.py) and the API fuzzing (tests/test_api_fuzz.py)
put in the URLs they ask."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases.models import Case, LegalBasis, Person, PersonRole
from cases.models.closure import ClosureReason
from cases.models.legal import MediationDisputeKind
from cases.models.services_records import HealthServiceKind
from cases.services import (
    attachment_add,
    case_team_add,
    closure_approve,
    closure_request,
    consent_record,
    health_service_record,
    legal_aid_set,
    mediation_open,
    person_add,
    plan_item_add,
    shelter_admit,
)
from cases.vocabularies import ServiceType
from referrals.models import Referral, SharedField
from referrals.services import referral_accept, referral_action_add, referral_create, referral_send
from tests.conftest import World
from tests.factories import CaseFactory, PersonFactory
from uptdppa.accounts.models import Organisation

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HOSPITAL = "RS Bhayangkara Jambi"


@dataclass
class CaseRecords:
    """The records of one case that URLs name; the referral is accepted, with one action file."""

    case: Case
    victim: Person
    perpetrator: Person
    health_service: Any
    plan_item: Any
    mediation: Any
    legal_aid: Any
    shelter_stay: Any
    attachment: Any
    referral: Referral
    action_file: Any


def pdf_upload(name: str = "laporan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def consented_victim(*, case: Case, actor: Any, full_name: str = "Kenanga Putri", age: int = 9) -> Person:
    """A named child victim of ``case`` with a recorded consent (referrals may be sent for her)."""
    victim = person_add(actor=actor, case=case, role=PersonRole.VICTIM, full_name=full_name, estimated_age=age).person
    consent_record(
        actor=actor, victim=victim, basis=LegalBasis.CONSENT, given_on=timezone.localdate(), consent_given_by="Ayah"
    )
    return victim


def referral_draft(*, case: Case, actor: Any, victim: Person, organisation: Organisation) -> Referral:
    return referral_create(
        actor=actor,
        case=case,
        victims=[victim],
        organisation=organisation,
        services=[ServiceType.REHABILITASI_SOSIAL],
        reason="Perlu rehabilitasi sosial.",
        shared_fields=[SharedField.INITIALS, SharedField.AGE, SharedField.SEX, SharedField.VIOLENCE_FORMS],
        facts="Anak perlu pendampingan sosial.",
    )


def case_records(*, case: Case, actor: Any, head: Any, organisation: Organisation, liaison: Any) -> CaseRecords:
    """One record of each kind on ``case`` (its first victim, with consent); ``actor`` is on its
    team, ``liaison`` works at ``organisation``, where the case's referral goes."""
    today = timezone.localdate()
    victim = case.people.filter(role=PersonRole.VICTIM).order_by("created_at").first()
    assert victim is not None
    perpetrator = person_add(actor=actor, case=case, role=PersonRole.PERPETRATOR, estimated_age=40).person
    consent_record(actor=actor, victim=victim, basis=LegalBasis.CONSENT, given_on=today, consent_given_by="Ibu korban")
    health = health_service_record(
        actor=actor,
        victim=victim,
        kind=HealthServiceKind.MEDICAL_CARE,
        requested_on=today,
        facility=Organisation.objects.get(name=HOSPITAL),
    )
    item = plan_item_add(
        actor=actor,
        case=case,
        service=ServiceType.KESEHATAN,
        description="Pemeriksaan kesehatan",
        due_on=today + timedelta(days=7),
        responsible_user=actor,
    )
    mediation = mediation_open(
        actor=actor,
        case=case,
        victim=victim,
        perpetrator=perpetrator,
        dispute_kind=MediationDisputeKind.CIVIL_FAMILY,
        mediator=actor,
    )
    aid = legal_aid_set(actor=head, victim=victim, started_on=today, provider_name="Posbakum PN Jambi")
    stay = shelter_admit(actor=actor, victim=victim, place="Rumah aman", admitted_on=today)
    attachment = attachment_add(actor=actor, case=case, file=pdf_upload("surat.pdf"), file_name="surat.pdf")
    referral = referral_draft(case=case, actor=actor, victim=victim, organisation=organisation)
    referral = referral_send(actor=actor, referral=referral)
    referral = referral_accept(actor=liaison, referral=referral)
    action = referral_action_add(
        actor=liaison,
        referral=referral,
        date=today,
        action="Kunjungan rumah",
        notes="Keluarga ditemui.",
        files=[pdf_upload()],
    )
    return CaseRecords(
        case=case,
        victim=victim,
        perpetrator=perpetrator,
        health_service=health,
        plan_item=item,
        mediation=mediation,
        legal_aid=aid,
        shelter_stay=stay,
        attachment=attachment,
        referral=referral,
        action_file=action.files.get(),
    )


def closed_case(world: World, *, team: list[tuple[Any, str]]) -> Case:
    """A registered case closed by the head (its follow-ups are scheduled on approval)."""
    case = CaseFactory(created_by=world.pengaduan)
    PersonFactory(case=case)
    for user, team_role in team:
        case_team_add(actor=world.kepala, case=case, user=user, team_role=team_role)
    request = closure_request(
        actor=world.kepala, case=case, reason=ClosureReason.NEEDS_MET, summary="Korban kembali bersekolah."
    )
    closure_approve(actor=world.kepala, request=request)
    return Case.objects.get(pk=case.pk)
