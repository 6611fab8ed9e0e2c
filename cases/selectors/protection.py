"""Reads of the protection and recovery records of a case: psychological sessions (through
psych_sessions_for_user, which keeps the notes from who may not read them), shelter stays, the
consent or legal basis and the rights checklist of each victim.

Everything here takes a case already fetched with case_get_for_user (the scope check and the
logged read), and reads each kind of record with one query whatever the number of victims.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from cases.access import cases_visible_to
from cases.models import Case, ConsentRecord, Person, PsychSession, ShelterStay, VictimRight, VictimRightKind
from uptdppa.accounts.watch import get_or_refuse, refused

from . import case_get_for_user, psych_sessions_for_user, victims


@dataclass
class VictimProtection:
    """What the protection page shows about one victim."""

    victim: Person
    sessions: list[PsychSession] = field(default_factory=list)
    stays: list[ShelterStay] = field(default_factory=list)
    consents: list[ConsentRecord] = field(default_factory=list)
    rights: list[VictimRight] = field(default_factory=list)

    @property
    def active_stay(self) -> ShelterStay | None:
        return next((stay for stay in self.stays if stay.is_active), None)


def shelter_stays_of_case(case: Case) -> QuerySet[ShelterStay]:
    return ShelterStay.objects.filter(case=case).select_related("victim", "organisation")


def consents_of_case(case: Case) -> QuerySet[ConsentRecord]:
    return ConsentRecord.objects.filter(victim__case=case).select_related("victim", "recorded_by")


def rights_checklists(people: list[Person]) -> dict[int, list[VictimRight]]:
    """The rights checklist of each of ``people`` by person id, in one query; like
    cases.selectors.victim_rights_checklist, a right never set is an unsaved "not started" line."""
    recorded = {(line.victim_id, line.right): line for line in VictimRight.objects.filter(victim__in=people)}
    return {
        person.pk: [
            recorded.get((person.pk, right)) or VictimRight(victim=person, right=right)
            for right in VictimRightKind.values
        ]
        for person in people
    }


def protection_overview_for_user(*, user: Any, case: Case) -> list[VictimProtection]:
    """Per victim of ``case`` (fetched with case_get_for_user): sessions as ``user`` may see them
    (notes only with cases.read_psych_notes), shelter stays, consents, rights. Four queries plus
    the audit entry of the notes read, whatever the number of victims and records."""
    people = victims(case)
    overview = {person.pk: VictimProtection(victim=person) for person in people}
    for session in psych_sessions_for_user(user=user, case=case):
        overview[session.victim_id].sessions.append(session)
    for stay in shelter_stays_of_case(case):
        overview[stay.victim_id].stays.append(stay)
    for record in consents_of_case(case):
        overview[record.victim_id].consents.append(record)
    for person_id, lines in rights_checklists(people).items():
        overview[person_id].rights = lines
    return list(overview.values())


def case_victim(case: Case, code: Any) -> Person:
    """The victim ``code`` of a case fetched with case_get_for_user (its prefetch: no query), else
    Http404."""
    found = next((person for person in victims(case) if person.code == code), None)
    if found is None:
        raise refused(user=None, kind="person", code=code)
    return found


def shelter_stay_of_case(case: Case, code: Any) -> ShelterStay:
    """The stay ``code`` of ``case`` (already checked by case_get_for_user), else Http404."""
    return get_or_refuse(shelter_stays_of_case(case), user=None, kind="shelter_stay", code=code)


def shelter_stay_get_for_user(*, user: Any, code: Any, perm: str | None = None) -> ShelterStay:
    """The stay ``code`` if ``user`` may see its case, else Http404; with ``perm``, also
    PermissionDenied unless the user may do that on the case. The case read is logged;
    ``stay.case`` is that case (fetched with case_get_for_user)."""
    found = (
        ShelterStay.objects.filter(code=code, case__in=cases_visible_to(user).values("pk"))
        .values_list("case__code", flat=True)
        .first()
    )
    if found is None:
        raise refused(user=user, kind="shelter_stay", code=code)
    case = case_get_for_user(user=user, code=found, perm=perm)
    stay = shelter_stay_of_case(case, code)
    stay.case = case  # the fetched case, with the team its permission checks use
    return stay
