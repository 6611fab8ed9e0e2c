"""Legal assistance: legal-process events per perpetrator, UPTD mediation, restitution,
accompaniment of victims and their legal aid provider.

Two rules with legal force live here and nowhere else (forms and the API only call these):
- UU 12/2022 (TPKS) Pasal 23: sexual violence is never settled out of court. A case with sexual
  violence gets no UPTD mediation at all: with an adult perpetrator (or one of unknown age) the law
  forbids it, and a child perpetrator's case goes to diversion, which is a legal-process event run
  by the police, prosecutor or court with Bapas.
- UU 11/2012 (SPPA) Pasal 7: diversion only for a child aged 12 to under 18 at the offence, an
  offence punishable by under 7 years, not a repeat offence, with the victim's or family's consent.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date as date_type
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import (
    DIVERSION_MAX_AGE,
    DIVERSION_MIN_AGE,
    DIVERSION_PENALTY_LIMIT_YEARS,
    Accompaniment,
    Case,
    EventKind,
    LegalAid,
    LegalEvent,
    Mediation,
    MediationFollowUp,
    MediationSession,
    MediationStatus,
    Person,
    PersonRole,
    Restitution,
    RestitutionPayer,
)
from cases.vocabularies import LegalStage
from uptdppa.accounts.models import Organisation, OrganisationKind

from .common import (
    acting_user,
    case_has_sexual_violence,
    event_add,
    future_date_error,
    lock_case,
    raise_if,
    require_open,
    require_open_registered,
    require_party,
)
from .registry import case_record_police_report
from .staff import COMPANION_REFUSAL, MEDIATOR_REFUSAL, case_staff, is_among, mediators_for


def mediation_refusal(case: Case, perpetrator: Person | None = None) -> str | None:
    """UU TPKS Pasal 23: why no UPTD mediation may be held on ``case`` (None when it may). A case
    with sexual violence gets none: with an adult perpetrator (or one of unknown age) the law
    forbids it, and a child perpetrator's case goes to diversion. With ``perpetrator`` the reason
    names that perpetrator's situation; without, it is the case's (the page and the plan show it).
    Checked when a mediation opens, at each session, before an agreement and for a plan's mediation
    items, because sexual violence or a perpetrator's age may be recorded after the fact."""
    if not case_has_sexual_violence(case):
        return None
    if perpetrator is None:
        return _(
            "Mediation is not allowed: this case involves sexual violence. UU 12/2022 (TPKS) Pasal 23 "
            "forbids settling sexual violence outside court; a child perpetrator's case goes to diversion "
            "(a legal process event), not to UPTD mediation."
        )
    is_child = perpetrator.is_child
    if is_child is None:
        return _(
            "Mediation is not allowed: this case involves sexual violence and the perpetrator's age is "
            "unknown. UU 12/2022 (TPKS) Pasal 23 forbids settling sexual violence outside court unless "
            "the perpetrator is a child, and a child perpetrator's case goes to diversion (recorded as a "
            "legal process event), not to UPTD mediation. Record the perpetrator's age."
        )
    if not is_child:
        return _(
            "Mediation is not allowed: this case involves sexual violence by an adult perpetrator. "
            "UU 12/2022 (TPKS) Pasal 23 forbids settling sexual violence outside court."
        )
    return _(
        "Mediation is not allowed: this case involves sexual violence (UU 12/2022 (TPKS) Pasal 23). "
        "For a child perpetrator the only route is diversion under UU 11/2012 (SPPA), run by the "
        "police, prosecutor or court with Bapas: record it as a legal process event."
    )


def _refuse_mediation_of_sexual_violence(case: Case, perpetrator: Person) -> None:
    if refusal := mediation_refusal(case, perpetrator):
        raise ValidationError({"perpetrator": refusal})


# --- Legal-process events ---------------------------------------------------------------------


def _diversion_errors(
    event: LegalEvent,
    *,
    perpetrator: Person,
    offence_max_penalty_years: Decimal | int | None,
    repeat_offence: bool | None,
    victim_consent: bool | None,
    victim_consent_by: str,
) -> dict[str, str]:
    """Check the SPPA Pasal 7 conditions and store what was checked on ``event``; one error per
    failed condition, so staff see everything that stands in the way at once."""
    errors: dict[str, str] = {}
    age = perpetrator.age_at_incident
    if age is None:
        errors["perpetrator"] = _(
            "Record the perpetrator's date of birth or age first: diversion depends on the age at the "
            "offence (UU 11/2012 (SPPA) Pasal 7)."
        )
    elif not DIVERSION_MIN_AGE <= age <= DIVERSION_MAX_AGE:
        errors["perpetrator"] = _(
            "Diversion is only for a child aged 12 to under 18 at the offence (UU 11/2012 (SPPA) Pasal 7)."
        )
    if offence_max_penalty_years is None:
        errors["offence_max_penalty_years"] = _("Enter the maximum penalty of the offence, in years.")
    elif Decimal(offence_max_penalty_years) < 0:
        errors["offence_max_penalty_years"] = _("Enter a number of years of 0 or more.")
    elif Decimal(offence_max_penalty_years) >= DIVERSION_PENALTY_LIMIT_YEARS:
        errors["offence_max_penalty_years"] = _(
            "Diversion is only for an offence punishable by under 7 years' imprisonment (UU 11/2012 (SPPA) Pasal 7)."
        )
    if repeat_offence is None:
        errors["repeat_offence"] = _("State whether this is a repeat offence.")
    elif repeat_offence:
        errors["repeat_offence"] = _("Diversion is not possible for a repeat offence (UU 11/2012 (SPPA) Pasal 7).")
    if not victim_consent:
        errors["victim_consent"] = _(
            "Diversion needs the consent of the victim or their family (UU 11/2012 (SPPA) Pasal 7 and Pasal 9 ayat 2)."
        )
    elif not victim_consent_by.strip():
        errors["victim_consent_by"] = _("Record who gave the consent: the victim or their relation to the victim.")
    event.perpetrator_age_at_offence = age
    event.offence_max_penalty_years = None if offence_max_penalty_years is None else Decimal(offence_max_penalty_years)
    event.repeat_offence = bool(repeat_offence)
    event.victim_consent = bool(victim_consent)
    event.victim_consent_by = victim_consent_by.strip()
    return errors


@transaction.atomic
def legal_event_record(
    *,
    actor: Any,
    case: Case,
    perpetrator: Person,
    stage: str,
    date: date_type,
    place: str = "",
    reference_number: str = "",
    unit: str = "",
    note: str = "",
    offence_max_penalty_years: Decimal | int | None = None,
    repeat_offence: bool | None = None,
    victim_consent: bool | None = None,
    victim_consent_by: str = "",
) -> LegalEvent:
    """Record one step of the legal process against ``perpetrator`` (a person of ``case``).

    The diversion arguments are for stage ``diversi`` only. A police report (``laporan_polisi``)
    with its LP number also becomes the case's police report when the case has none yet, which
    ends the UU TPKS Pasal 41 clock.
    """
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not case.is_registered:
        raise ValidationError(_("Legal process events are recorded on a registered case."))
    require_party(case, perpetrator, PersonRole.PERPETRATOR, "perpetrator")
    event = LegalEvent(
        case=case,
        perpetrator=perpetrator,
        stage=stage,
        date=date,
        place=place.strip(),
        reference_number=reference_number.strip(),
        unit=unit.strip(),
        note=note.strip() or None,
        recorded_by=acting_user(actor),
    )
    errors: dict[str, str] = {}
    if future := future_date_error(date):
        errors["date"] = future
    if stage == LegalStage.DIVERSI:
        errors |= _diversion_errors(
            event,
            perpetrator=perpetrator,
            offence_max_penalty_years=offence_max_penalty_years,
            repeat_offence=repeat_offence,
            victim_consent=victim_consent,
            victim_consent_by=victim_consent_by,
        )
    elif offence_max_penalty_years is not None or repeat_offence or victim_consent or victim_consent_by.strip():
        errors["stage"] = _("Diversion details are recorded only for a diversion event.")
    if errors:
        raise ValidationError(errors)
    event.full_clean()
    event.save()
    event_add(
        case=case,
        kind=EventKind.LEGAL_EVENT,
        actor=actor,
        legal_event=str(event.code),
        perpetrator=str(perpetrator.code),
        stage=stage,
        date=date.isoformat(),
    )
    if stage == LegalStage.LAPORAN_POLISI and event.reference_number and not case.police_report_number:
        case_record_police_report(
            actor=actor, case=case, number=event.reference_number, report_date=date, unit=event.unit
        )
    return event


# --- Mediation --------------------------------------------------------------------------------


def _lock_mediation(mediation: Mediation) -> Mediation:
    return Mediation.objects.select_for_update().select_related("case", "perpetrator").get(pk=mediation.pk)


def _check_mediator(case: Case, user: Any, field: str = "mediator") -> None:
    if not is_among(mediators_for(case), user):
        raise ValidationError({field: str(MEDIATOR_REFUSAL)})


@transaction.atomic
def mediation_open(
    *, actor: Any, case: Case, victim: Person, perpetrator: Person, dispute_kind: str, mediator: Any
) -> Mediation:
    """Open a UPTD PPA mediation for a civil/family dispute or a complaint-only offence.

    Refused for any case with sexual violence (UU TPKS Pasal 23; see the module docstring).
    """
    case = Case.objects.select_for_update().get(pk=case.pk)
    refusal = _("Mediation is opened on a registered case that is still open.")
    require_open_registered(case, not_registered=refusal, closed=refusal)
    require_party(case, victim, PersonRole.VICTIM, "victim")
    require_party(case, perpetrator, PersonRole.PERPETRATOR, "perpetrator")
    _refuse_mediation_of_sexual_violence(case, perpetrator)
    _check_mediator(case, mediator)
    if Mediation.objects.filter(
        case=case, victim=victim, perpetrator=perpetrator, status=MediationStatus.OPEN
    ).exists():
        raise ValidationError({"perpetrator": _("A mediation between these parties is already open.")})
    mediation = Mediation(
        case=case,
        victim=victim,
        perpetrator=perpetrator,
        dispute_kind=dispute_kind,
        mediator=mediator,
        opened_by=acting_user(actor),
    )
    mediation.full_clean()
    mediation.save()
    event_add(
        case=case,
        kind=EventKind.MEDIATION_OPENED,
        actor=actor,
        mediation=str(mediation.code),
        victim=str(victim.code),
        perpetrator=str(perpetrator.code),
        dispute_kind=dispute_kind,
    )
    return mediation


@transaction.atomic
def mediation_session_add(
    *,
    actor: Any,
    mediation: Mediation,
    date: date_type,
    parties_present: str,
    berita_acara: str = "",
    mediator: Any = None,
) -> MediationSession:
    """A session of an open mediation; ``mediator`` defaults to the mediation's mediator."""
    mediation = _lock_mediation(mediation)
    require_open(mediation.case)
    if mediation.status != MediationStatus.OPEN:
        raise ValidationError(_("This mediation is closed."))
    _refuse_mediation_of_sexual_violence(mediation.case, mediation.perpetrator)
    mediator = mediator or mediation.mediator
    _check_mediator(mediation.case, mediator)
    errors: dict[str, str] = {}
    if future := future_date_error(date):
        errors["date"] = future
    elif date < timezone.localdate(mediation.created_at):
        errors["date"] = _("A session cannot be before the mediation was opened.")
    if errors:
        raise ValidationError(errors)
    session = MediationSession(
        mediation=mediation,
        date=date,
        mediator=mediator,
        parties_present=parties_present.strip(),
        berita_acara=berita_acara.strip() or None,
        recorded_by=acting_user(actor),
    )
    session.full_clean()
    session.save()
    event_add(
        case=mediation.case,
        kind=EventKind.MEDIATION_SESSION,
        actor=actor,
        mediation=str(mediation.code),
        session=str(session.code),
        date=date.isoformat(),
    )
    return session


@transaction.atomic
def mediation_close(*, actor: Any, mediation: Mediation, outcome: str, agreement_terms: str = "") -> Mediation:
    """Record the outcome. An agreement needs its terms and a session, and is refused if the case
    has meanwhile got sexual violence (UU TPKS Pasal 23): no such case is ever "settled by
    mediation". Ending without agreement is always possible."""
    mediation = _lock_mediation(mediation)
    require_open(mediation.case)
    if mediation.status != MediationStatus.OPEN:
        raise ValidationError(_("This mediation is already closed."))
    if outcome not in (MediationStatus.AGREEMENT, MediationStatus.NO_AGREEMENT):
        raise ValidationError({"outcome": _("Choose agreement or no agreement.")})
    terms = agreement_terms.strip()
    if outcome == MediationStatus.AGREEMENT:
        _refuse_mediation_of_sexual_violence(mediation.case, mediation.perpetrator)
        if not terms:
            raise ValidationError({"agreement_terms": _("Write down the terms of the agreement.")})
        if not mediation.sessions.exists():
            raise ValidationError({"outcome": _("Record the session in which the agreement was reached first.")})
    mediation.status = outcome
    mediation.agreement_terms = terms or None
    mediation.closed_at = timezone.now()
    mediation.closed_by = acting_user(actor)
    mediation.full_clean()
    mediation.save()
    event_add(
        case=mediation.case,
        kind=EventKind.MEDIATION_OUTCOME,
        actor=actor,
        mediation=str(mediation.code),
        outcome=outcome,
    )
    return mediation


@transaction.atomic
def mediation_follow_up_add(
    *, actor: Any, mediation: Mediation, date: date_type, complied: bool, note: str = ""
) -> MediationFollowUp:
    """A check on whether the parties keep to the agreement."""
    mediation = _lock_mediation(mediation)
    if mediation.status != MediationStatus.AGREEMENT:
        raise ValidationError(_("Compliance is followed up only after an agreement."))
    errors: dict[str, str] = {}
    if future := future_date_error(date):
        errors["date"] = future
    elif mediation.closed_at and date < timezone.localdate(mediation.closed_at):
        errors["date"] = _("A follow-up cannot be before the agreement.")
    if errors:
        raise ValidationError(errors)
    follow_up = MediationFollowUp(
        mediation=mediation,
        date=date,
        complied=complied,
        note=note.strip() or None,
        recorded_by=acting_user(actor),
    )
    follow_up.full_clean()
    follow_up.save()
    event_add(
        case=mediation.case,
        kind=EventKind.MEDIATION_FOLLOW_UP,
        actor=actor,
        mediation=str(mediation.code),
        complied=complied,
    )
    return follow_up


# --- Restitution ------------------------------------------------------------------------------


def _restitution_payer(perpetrator: Person, payer: str, paid: bool) -> str:
    """For a child perpetrator the parent pays; the parent pays for nobody else."""
    if perpetrator.is_child:
        if payer and payer != RestitutionPayer.PARENT:
            raise ValidationError({"payer": _("For a child perpetrator the restitution is paid by the parent.")})
        return RestitutionPayer.PARENT
    if payer == RestitutionPayer.PARENT and perpetrator.is_child is False:
        raise ValidationError({"payer": _("The parent pays the restitution only for a child perpetrator.")})
    if paid and not payer:
        raise ValidationError({"payer": _("Record who paid the restitution.")})
    return payer


@transaction.atomic
def restitution_set(
    *,
    actor: Any,
    victim: Person,
    perpetrator: Person,
    claimed: bool = False,
    amount: Decimal | None = None,
    lpsk_assessment: str = "",
    lpsk_amount: Decimal | None = None,
    decision: str = "",
    paid: bool = False,
    paid_at: date_type | None = None,
    payer: str = "",
) -> Restitution:
    """Create or replace the restitution record of ``victim`` against ``perpetrator``."""
    case = Case.objects.select_for_update().get(pk=victim.case_id)
    if not case.is_registered:
        raise ValidationError(_("Restitution is recorded on a registered case."))
    require_party(case, victim, PersonRole.VICTIM, "victim")
    require_party(case, perpetrator, PersonRole.PERPETRATOR, "perpetrator")
    errors: dict[str, str] = {}
    for name, value in (("amount", amount), ("lpsk_amount", lpsk_amount)):
        if value is not None and value < 0:
            errors[name] = _("An amount cannot be negative.")
    if paid and paid_at is None:
        errors["paid_at"] = _("Enter the date the restitution was paid.")
    elif not paid and paid_at is not None:
        errors["paid"] = _("A payment date is recorded only when the restitution is paid.")
    elif future := future_date_error(paid_at):
        errors["paid_at"] = future
    if errors:
        raise ValidationError(errors)
    restitution = Restitution.objects.select_for_update().filter(victim=victim, perpetrator=perpetrator).first()
    restitution = restitution or Restitution(case=case, victim=victim, perpetrator=perpetrator)
    restitution.claimed = claimed
    restitution.amount = amount
    restitution.lpsk_assessment = lpsk_assessment.strip()
    restitution.lpsk_amount = lpsk_amount
    restitution.decision = decision.strip()
    restitution.paid = paid
    restitution.paid_at = paid_at
    restitution.payer = _restitution_payer(perpetrator, payer, paid)
    restitution.recorded_by = acting_user(actor)
    restitution.full_clean()
    restitution.save()
    event_add(
        case=case,
        kind=EventKind.RESTITUTION_CHANGED,
        actor=actor,
        restitution=str(restitution.code),
        victim=str(victim.code),
        perpetrator=str(perpetrator.code),
        claimed=claimed,
        paid=paid,
    )
    return restitution


# --- Accompaniment and legal aid ----------------------------------------------------------------


@transaction.atomic
def accompaniment_record(
    *,
    actor: Any,
    victim: Person,
    stage: str,
    date: date_type,
    staff: Iterable[Any],
    place: str = "",
    note: str = "",
) -> Accompaniment:
    """Staff of the unit went with ``victim`` to a step of the legal process (police, visum,
    prosecutor, court, LPSK). Refused on a closed case, like every write to it."""
    case = lock_case(victim.case_id)
    require_open_registered(case)
    require_party(case, victim, PersonRole.VICTIM, "victim")
    members = list(staff)
    errors: dict[str, str] = {}
    if future := future_date_error(date):
        errors["date"] = future
    if not members:
        errors["staff"] = _("Choose who accompanied the victim.")
    elif not all(is_among(case_staff(case), member) for member in members):
        errors["staff"] = str(COMPANION_REFUSAL)
    raise_if(errors)
    accompaniment = Accompaniment(
        case=case,
        victim=victim,
        stage=stage,
        date=date,
        place=place.strip(),
        note=note.strip() or None,
        recorded_by=acting_user(actor),
    )
    accompaniment.full_clean()
    accompaniment.save()
    accompaniment.staff.set(members)
    event_add(
        case=case,
        kind=EventKind.ACCOMPANIMENT,
        actor=actor,
        accompaniment=str(accompaniment.code),
        victim=str(victim.code),
        stage=stage,
        date=date.isoformat(),
    )
    return accompaniment


def _legal_aid_provider_errors(organisation: Organisation | None, provider_name: str) -> dict[str, str]:
    """A partner organisation from the list, or a provider named by hand when it is not listed."""
    if organisation is not None and provider_name:
        return {"provider_name": _("Choose an organisation from the list or name another provider, not both.")}
    if organisation is None and not provider_name:
        return {"organisation": _("Choose the legal aid organisation, or name the provider if it is not listed.")}
    if organisation is not None and (not organisation.is_active or organisation.kind == OrganisationKind.UPTD_PPA):
        return {"organisation": _("Choose an active partner organisation.")}
    return {}


@transaction.atomic
def legal_aid_set(
    *,
    actor: Any,
    victim: Person,
    started_on: date_type,
    organisation: Organisation | None = None,
    provider_name: str = "",
    advocate: str = "",
    note: str = "",
    legal_aid: LegalAid | None = None,
) -> LegalAid:
    """Record who gives ``victim`` legal aid from ``started_on`` (``legal_aid`` None), or correct
    a record of that victim. A victim has one provider at a time: the current one is ended
    (legal_aid_end) before another starts."""
    case = lock_case(victim.case_id)
    require_open_registered(case)
    require_party(case, victim, PersonRole.VICTIM, "victim")
    if legal_aid is not None:
        legal_aid = LegalAid.objects.select_for_update().get(pk=legal_aid.pk)
        if legal_aid.victim_id != victim.pk:
            raise ValidationError({"victim": _("This legal aid record belongs to another victim.")})
    provider = provider_name.strip()
    errors = _legal_aid_provider_errors(organisation, provider)
    if future := future_date_error(started_on):
        errors["started_on"] = future
    elif legal_aid is not None and legal_aid.ended_on and started_on > legal_aid.ended_on:
        errors["started_on"] = _("The start cannot be after the end.")
    current = LegalAid.objects.filter(victim=victim, ended_on__isnull=True)
    if legal_aid is None and current.exists():
        errors["victim"] = _("This victim already has legal aid; record its end first.")
    raise_if(errors)
    created = legal_aid is None
    record = legal_aid or LegalAid(case=case, victim=victim)
    record.organisation = organisation
    record.provider_name = provider
    record.advocate = advocate.strip()
    record.started_on = started_on
    record.note = note.strip() or None
    record.recorded_by = acting_user(actor)
    record.full_clean()
    record.save()
    event_add(
        case=case,
        kind=EventKind.LEGAL_AID_CHANGED,
        actor=actor,
        legal_aid=str(record.code),
        victim=str(victim.code),
        change="started" if created else "changed",
    )
    return record


@transaction.atomic
def legal_aid_end(*, actor: Any, legal_aid: LegalAid, ended_on: date_type) -> LegalAid:
    """The provider stopped giving the victim legal aid on ``ended_on``."""
    case = lock_case(legal_aid.case_id)
    require_open_registered(case)
    legal_aid = LegalAid.objects.select_for_update().get(pk=legal_aid.pk)
    if legal_aid.ended_on is not None:
        raise ValidationError(_("This legal aid has already ended."))
    if future := future_date_error(ended_on):
        raise ValidationError({"ended_on": future})
    if ended_on < legal_aid.started_on:
        raise ValidationError({"ended_on": _("The end cannot be before the start.")})
    legal_aid.ended_on = ended_on
    legal_aid.recorded_by = acting_user(actor)
    legal_aid.full_clean()
    legal_aid.save()
    event_add(
        case=case,
        kind=EventKind.LEGAL_AID_CHANGED,
        actor=actor,
        legal_aid=str(legal_aid.code),
        victim=str(legal_aid.victim.code),
        change="ended",
    )
    return legal_aid
