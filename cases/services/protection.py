"""Protection and recovery: psychological sessions, temporary shelter, consent and legal basis,
the victim's rights checklist (UU TPKS Pasal 66–70).

Who may call these is checked by the caller with the permissions of cases.access
(cases.record_psych_session, cases.manage_shelter, cases.record_consent, cases.set_victim_rights);
the rules about the records themselves live here.
"""

from __future__ import annotations

from datetime import date as date_type
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import (
    ENDED_AT_INTAKE,
    CaseTeamMember,
    ConsentRecord,
    EventKind,
    LegalBasis,
    Person,
    PersonRole,
    PsychSession,
    ShelterStay,
    TeamRole,
    VictimRight,
    VictimRightKind,
    VictimRightStatus,
)
from uptdppa.accounts.models import Organisation

from .common import (
    acting_user,
    event_add,
    future_date_error,
    lock_case,
    raise_if,
    require_open,
    require_open_registered,
    require_party,
)

# --- Psychological sessions -------------------------------------------------------------------


@transaction.atomic
def psych_session_record(
    *,
    actor: Any,
    victim: Person,
    psychologist: Any,
    date: date_type,
    method: str = "",
    observations: str = "",
    recommendations: str = "",
) -> PsychSession:
    """A session held by ``psychologist``, who must be on the case team as its psychologist."""
    case = lock_case(victim.case_id)
    require_open_registered(case, not_registered=_("Psychological sessions are recorded on a registered case."))
    require_party(case, victim, PersonRole.VICTIM, "victim")
    errors: dict[str, str] = {}
    on_team = CaseTeamMember.objects.filter(case=case, user=psychologist, team_role=TeamRole.PSIKOLOG).exists()
    if psychologist is None or not psychologist.is_active or not on_team:
        errors["psychologist"] = _("Choose a psychologist on the team of this case.")
    if future := future_date_error(date):
        errors["date"] = future
    raise_if(errors)
    session = PsychSession(
        case=case,
        victim=victim,
        psychologist=psychologist,
        date=date,
        method=method.strip(),
        observations=observations.strip() or None,
        recommendations=recommendations.strip() or None,
        recorded_by=acting_user(actor),
    )
    session.full_clean()
    session.save()
    # The timeline is for everyone who sees the case: the fact of the session, never its notes.
    event_add(
        case=case,
        kind=EventKind.PSYCH_SESSION,
        actor=actor,
        session=str(session.code),
        victim=str(victim.code),
        date=date.isoformat(),
    )
    return session


# --- Temporary shelter ------------------------------------------------------------------------


@transaction.atomic
def shelter_admit(
    *,
    actor: Any,
    victim: Person,
    place: str,
    admitted_on: date_type,
    organisation: Organisation | None = None,
    note: str = "",
) -> ShelterStay:
    """Admit a victim of an open case to temporary shelter; one active stay per victim."""
    case = lock_case(victim.case_id)
    refusal = _("Shelter is arranged for a registered case that is still open.")
    require_open_registered(case, not_registered=refusal, closed=refusal)
    require_party(case, victim, PersonRole.VICTIM, "victim")
    errors: dict[str, str] = {}
    if not place.strip():
        errors["place"] = _("Enter the shelter.")
    if future := future_date_error(admitted_on):
        errors["admitted_on"] = future
    if ShelterStay.objects.filter(victim=victim, discharged_on__isnull=True).exists():
        errors["victim"] = _("This victim is already in shelter; record the discharge first.")
    raise_if(errors)
    stay = ShelterStay(
        case=case,
        victim=victim,
        place=place.strip(),
        organisation=organisation,
        admitted_on=admitted_on,
        note=note.strip() or None,
        admitted_by=acting_user(actor),
    )
    stay.full_clean()
    stay.save()
    event_add(
        case=case,
        kind=EventKind.SHELTER_ADMITTED,
        actor=actor,
        stay=str(stay.code),
        victim=str(victim.code),
        admitted_on=admitted_on.isoformat(),
    )
    return stay


@transaction.atomic
def shelter_discharge(*, actor: Any, stay: ShelterStay, discharged_on: date_type, note: str = "") -> ShelterStay:
    """End an active stay. ``note`` (e.g. where the victim went) is added to the stay's note."""
    stay = ShelterStay.objects.select_for_update().select_related("case", "victim").get(pk=stay.pk)
    if not stay.is_active:
        raise ValidationError(_("This shelter stay has already ended."))
    errors: dict[str, str] = {}
    if future := future_date_error(discharged_on):
        errors["discharged_on"] = future
    elif discharged_on < stay.admitted_on:
        errors["discharged_on"] = _("The discharge cannot be before the admission.")
    raise_if(errors)
    stay.discharged_on = discharged_on
    stay.discharged_by = acting_user(actor)
    if note.strip():
        stay.note = "\n\n".join(part for part in (stay.note, note.strip()) if part)
    stay.full_clean()
    stay.save()
    event_add(
        case=stay.case,
        kind=EventKind.SHELTER_DISCHARGED,
        actor=actor,
        stay=str(stay.code),
        victim=str(stay.victim.code),
        discharged_on=discharged_on.isoformat(),
        days=stay.days,
    )
    return stay


# --- Consent and legal basis (UU 27/2022 PDP) -------------------------------------------------


@transaction.atomic
def consent_record(
    *,
    actor: Any,
    victim: Person,
    basis: str,
    given_on: date_type,
    consent_given_by: str = "",
    note: str = "",
) -> ConsentRecord:
    """Record the ground for processing the victim's data: consent (by whom, as a relation to the
    victim) or another legal basis. Records accumulate; none of them gates help."""
    case = lock_case(victim.case_id)
    if case.status in ENDED_AT_INTAKE:
        raise ValidationError(_("This complaint ended at intake."))
    require_open(case)
    require_party(case, victim, PersonRole.VICTIM, "victim")
    giver = consent_given_by.strip()
    errors: dict[str, str] = {}
    if basis not in LegalBasis.values:
        errors["basis"] = _("Choose the legal basis.")
    elif basis == LegalBasis.CONSENT and not giver:
        errors["consent_given_by"] = _("Enter who gave consent: the victim or their relation to the victim.")
    elif basis != LegalBasis.CONSENT and giver:
        errors["consent_given_by"] = _("Who gave consent is recorded only when consent is the basis.")
    if future := future_date_error(given_on):
        errors["given_on"] = future
    raise_if(errors)
    record = ConsentRecord(
        victim=victim,
        basis=basis,
        consent_given_by=giver,
        given_on=given_on,
        note=note.strip() or None,
        recorded_by=acting_user(actor),
    )
    record.full_clean()
    record.save()
    event_add(
        case=case,
        kind=EventKind.CONSENT_RECORDED,
        actor=actor,
        record=str(record.code),
        victim=str(victim.code),
        basis=basis,
        date=given_on.isoformat(),
    )
    return record


@transaction.atomic
def consent_withdraw(*, actor: Any, victim: Person) -> int:
    """The person withdraws their consent (UU 27/2022 Pasal 9, 40): every consent of ``victim``
    still in force is marked withdrawn, which ends the sharing that relies on it (a referral is
    then refused by referrals.services.referral_send). Another legal basis (legal duty, public
    task, vital interest) is untouched, and so is the case work. Returns how many were withdrawn;
    refused when no consent is in force."""
    records = list(
        ConsentRecord.objects.select_for_update().filter(
            victim=victim, basis=LegalBasis.CONSENT, withdrawn_at__isnull=True
        )
    )
    if not records:
        raise ValidationError(_("No consent of this person is in force."))
    now = timezone.now()
    for record in records:  # one by one: every change goes through the audit signals
        record.withdrawn_at = now
        record.save(update_fields=["withdrawn_at", "updated_at"])
    event_add(
        case=victim.case,
        kind=EventKind.PERSON_CHANGED,
        actor=actor,
        person=str(victim.code),
        consent_withdrawn=[str(record.code) for record in records],
    )
    return len(records)


# --- Victim's rights (UU TPKS Pasal 66–70) ----------------------------------------------------


@transaction.atomic
def victim_right_set(*, actor: Any, victim: Person, right: str, status: str, evidence_note: str = "") -> VictimRight:
    """Set one line of the rights checklist. Fulfilled or not applicable needs the evidence (or
    the reason); a later change replaces the note only when a new one is given."""
    case = lock_case(victim.case_id)
    require_open_registered(case, not_registered=_("The rights checklist is kept for a registered case."))
    require_party(case, victim, PersonRole.VICTIM, "victim")
    if right not in VictimRightKind.values:
        raise ValidationError({"right": _("Choose a right.")})
    if status not in VictimRightStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    line = VictimRight.objects.select_for_update().filter(victim=victim, right=right).first()
    line = line or VictimRight(victim=victim, right=right)
    evidence = evidence_note.strip() or line.evidence_note
    if status in (VictimRightStatus.FULFILLED, VictimRightStatus.NOT_APPLICABLE) and not evidence:
        raise ValidationError({"evidence_note": _("Describe the evidence, or why the right does not apply.")})
    line.status = status
    line.evidence_note = evidence or None
    line.updated_by = acting_user(actor)
    line.full_clean()
    line.save()
    event_add(
        case=case,
        kind=EventKind.VICTIM_RIGHT_CHANGED,
        actor=actor,
        victim=str(victim.code),
        right=right,
        status=status,
    )
    return line
