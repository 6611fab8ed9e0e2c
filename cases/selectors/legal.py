"""Reads of the legal side of a case: what the legal page and the legal API show.

The case itself is fetched (and its read logged) by ``case_get_for_user``; these functions take
that case and load its legal records with a fixed number of queries whatever their number.
Mediations and legal aid named by code in a URL are looked up within the case (404 otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet

from cases.access import cases_visible_to
from cases.models import (
    Accompaniment,
    Case,
    LegalAid,
    LegalEvent,
    Mediation,
    MediationFollowUp,
    MediationSession,
    Person,
    PersonRole,
    Restitution,
)
from cases.vocabularies import LegalStage
from uptdppa.accounts.watch import get_or_refuse, refused

from . import case_get_for_user

_STAGE_ORDER = {stage: index for index, stage in enumerate(LegalStage.values)}


@dataclass
class PerpetratorLegal:
    """One alleged perpetrator with the legal process against them and the restitutions they owe."""

    person: Person
    events: list[LegalEvent] = field(default_factory=list)
    restitutions: list[Restitution] = field(default_factory=list)


@dataclass
class VictimLegal:
    """One victim with the accompaniments given and their legal aid providers."""

    person: Person
    accompaniments: list[Accompaniment] = field(default_factory=list)
    legal_aid: list[LegalAid] = field(default_factory=list)


@dataclass
class LegalOverview:
    perpetrators: list[PerpetratorLegal]
    victims: list[VictimLegal]
    mediations: list[Mediation]


def legal_events_of(case: Case) -> QuerySet[LegalEvent]:
    return LegalEvent.objects.filter(case=case).select_related("perpetrator")


def mediations_of(case: Case) -> QuerySet[Mediation]:
    """With their sessions and follow-ups; berita acara and notes are decrypted only when shown."""
    return (
        Mediation.objects.filter(case=case)
        .select_related("victim", "perpetrator", "mediator")
        .prefetch_related(
            Prefetch("sessions", queryset=MediationSession.objects.select_related("mediator")),
            Prefetch("follow_ups", queryset=MediationFollowUp.objects.all()),
        )
    )


def restitutions_of(case: Case) -> QuerySet[Restitution]:
    return Restitution.objects.filter(case=case).select_related("victim", "perpetrator")


def accompaniments_of(case: Case) -> QuerySet[Accompaniment]:
    return Accompaniment.objects.filter(case=case).select_related("victim").prefetch_related("staff")


def legal_aid_of(case: Case) -> QuerySet[LegalAid]:
    return LegalAid.objects.filter(case=case).select_related("victim", "organisation")


def _entry(groups: dict[int, Any], kind: type, person: Person) -> Any:
    if person.pk not in groups:
        groups[person.pk] = kind(person)
    return groups[person.pk]


def legal_overview(case: Case) -> LegalOverview:
    """Everything on the legal page, grouped per person. ``case`` comes from case_get_for_user
    (its people are prefetched). Legal events are in date order, the stage order breaking ties
    (the stage list is not chronological: an appeal comes after the first verdict)."""
    people = list(case.people.all())
    perpetrators = {p.pk: PerpetratorLegal(p) for p in people if p.role == PersonRole.PERPETRATOR}
    victims = {p.pk: VictimLegal(p) for p in people if p.role == PersonRole.VICTIM}
    events = sorted(
        LegalEvent.objects.filter(case=case).select_related("perpetrator"),
        key=lambda e: (e.date, _STAGE_ORDER.get(e.stage, 0), e.created_at),
    )
    # A person whose role was corrected after the fact keeps their records; they are listed
    # under the role they had (added on demand) rather than dropped.
    for event in events:
        _entry(perpetrators, PerpetratorLegal, event.perpetrator).events.append(event)
    for restitution in Restitution.objects.filter(case=case).select_related("victim", "perpetrator"):
        _entry(perpetrators, PerpetratorLegal, restitution.perpetrator).restitutions.append(restitution)
    for accompaniment in Accompaniment.objects.filter(case=case).select_related("victim").prefetch_related("staff"):
        _entry(victims, VictimLegal, accompaniment.victim).accompaniments.append(accompaniment)
    for aid in LegalAid.objects.filter(case=case).select_related("victim", "organisation"):
        _entry(victims, VictimLegal, aid.victim).legal_aid.append(aid)
    mediations = list(mediations_of(case))
    return LegalOverview(list(perpetrators.values()), list(victims.values()), mediations)


def mediation_of_case(case: Case, code: Any) -> Mediation:
    """A mediation of ``case`` (already checked by case_get_for_user), else Http404."""
    mediations = Mediation.objects.select_related("victim", "perpetrator", "mediator").filter(case=case)
    return get_or_refuse(mediations, user=None, kind="mediation", code=code)


def legal_aid_of_case(case: Case, code: Any) -> LegalAid:
    legal_aid = LegalAid.objects.select_related("victim", "organisation").filter(case=case)
    return get_or_refuse(legal_aid, user=None, kind="legal_aid", code=code)


def mediation_get_for_user(*, user: Any, code: Any, perm: str | None = None) -> Mediation:
    """A mediation named by its own code (the API), if ``user`` may see its case, else Http404;
    PermissionDenied without ``perm``. The case read is logged like any other."""
    case_code = Mediation.objects.filter(case__in=cases_visible_to(user), code=code).values_list(
        "case__code", flat=True
    )
    found = case_code.first()
    if found is None:
        raise refused(user=user, kind="mediation", code=code)
    case = case_get_for_user(user=user, code=found, perm=perm)
    return mediation_of_case(case, code)


def legal_aid_get_for_user(*, user: Any, code: Any, perm: str | None = None) -> LegalAid:
    """A legal aid record by its own code (the API); same rules as mediation_get_for_user."""
    found = (
        LegalAid.objects.filter(case__in=cases_visible_to(user), code=code).values_list("case__code", flat=True).first()
    )
    if found is None:
        raise refused(user=user, kind="legal_aid", code=code)
    case = case_get_for_user(user=user, code=found, perm=perm)
    return legal_aid_of_case(case, code)
