"""Who may see and do what with complaints, cases and the people in them (docs/architecture.md#roles-and-access).

The predicates and the querysets below say the same thing twice, once per object and once for
lists; tests/cases/test_access.py checks that they agree for every user of the test world.

Seeing:
- kepala_uptd: every complaint and case;
- petugas_pengaduan: the intake queue (complaints awaiting triage) and the complaints they
  registered that ended at intake; a registered case belongs to its team;
- manajer_kasus, psikolog, pendamping_hukum: the cases whose team they are on;
- operator_data, admin, penghubung_opd, pimpinan: no case page at all. A case is seen by its team
  and the head only; the operator works from the SIMFONI export (initials, codes, vocabularies),
  liaisons from their referrals, leadership from aggregates, each through their own app.
"""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from uptdppa.accounts.access import has_role, is_admin, is_dpo, who_may_declare
from uptdppa.accounts.models import Role

from .models import ENDED_AT_INTAKE, REGISTERED_STATUSES, Case, CaseStatus, CaseTeamMember, Person, TeamRole

TEAM_ROLES = frozenset({Role.MANAJER_KASUS, Role.PSIKOLOG, Role.PENDAMPING_HUKUM})
# Every role that works with case content (the worklist is theirs; the others never see it).
CASE_ROLES = frozenset({Role.KEPALA_UPTD, Role.PETUGAS_PENGADUAN}) | TEAM_ROLES

is_head = has_role(Role.KEPALA_UPTD)
is_case_worker = has_role(*TEAM_ROLES)
is_intake_officer = has_role(Role.PETUGAS_PENGADUAN)
works_with_cases = has_role(*CASE_ROLES)


@rules.predicate
def is_registered(user: Any, case: Case | None) -> bool:
    return case is not None and case.status in REGISTERED_STATUSES


@rules.predicate
def is_open(user: Any, case: Case | None) -> bool:
    return case is not None and case.status == CaseStatus.OPEN


@rules.predicate
def is_closed(user: Any, case: Case | None) -> bool:
    return case is not None and case.status == CaseStatus.CLOSED


@rules.predicate
def is_awaiting_triage(user: Any, case: Case | None) -> bool:
    return case is not None and case.status == CaseStatus.RECEIVED


def _team_roles_of(user: Any, case: Case) -> set[str]:
    # .all() uses the team case_get_for_user prefetched: permission checks on a page cost no query.
    return {member.team_role for member in case.team.all() if member.user_id == user.pk}


@rules.predicate
def is_on_case_team(user: Any, case: Case | None) -> bool:
    return case is not None and bool(_team_roles_of(user, case))


@rules.predicate
def is_legal_or_manager_on_team(user: Any, case: Case | None) -> bool:
    return case is not None and bool(_team_roles_of(user, case) & {TeamRole.MANAJER_KASUS, TeamRole.PENDAMPING_HUKUM})


@rules.predicate
def is_manager_on_team(user: Any, case: Case | None) -> bool:
    return case is not None and TeamRole.MANAJER_KASUS in _team_roles_of(user, case)


@rules.predicate
def is_psychologist_on_team(user: Any, case: Case | None) -> bool:
    return case is not None and TeamRole.PSIKOLOG in _team_roles_of(user, case)


@rules.predicate
def registered_and_ended_at_intake(user: Any, case: Case | None) -> bool:
    return case is not None and case.created_by_id == user.pk and case.status in ENDED_AT_INTAKE


can_view_case = (
    is_head
    | (is_case_worker & is_on_case_team)
    | (is_intake_officer & (is_awaiting_triage | registered_and_ended_at_intake))
)
# Recording people and their details: at intake by the intake officers, later by the team.
can_edit_case_people = (
    is_head | (is_intake_officer & is_awaiting_triage) | (is_case_worker & is_on_case_team & is_registered)
)

rules.add_perm("cases.view_case", can_view_case)
rules.add_perm("cases.view_worklist", works_with_cases)
rules.add_perm("cases.register_intake", is_head | is_intake_officer)
rules.add_perm("cases.propose_triage", (is_head | is_intake_officer) & is_awaiting_triage)
rules.add_perm("cases.decide_triage", is_head & is_awaiting_triage)
rules.add_perm("cases.assign_team", is_head & is_registered)
rules.add_perm("cases.edit_people", can_edit_case_people)
rules.add_perm("cases.record_police_report", (is_head | is_legal_or_manager_on_team) & is_registered)
rules.add_perm("cases.set_registry_numbers", is_head & is_registered)
# Legal assistance (issue 4). Mediation is the case manager's; its legal guard is in the services.
rules.add_perm("cases.record_legal_event", (is_head | (is_case_worker & is_legal_or_manager_on_team)) & is_registered)
rules.add_perm("cases.manage_mediation", (is_head | (is_case_worker & is_manager_on_team)) & is_registered)
# Protection and recovery (issue 4). Psychological notes are the team's psychologists' and the
# head's alone (docs/domain.md#psychological-notes): the rest of the team sees only that a session took place.
can_read_psych_notes = is_head | (is_case_worker & is_psychologist_on_team)
rules.add_perm("cases.record_psych_session", can_read_psych_notes & is_registered)
rules.add_perm("cases.read_psych_notes", can_read_psych_notes)
can_work_on_case = (is_head | (is_case_worker & is_on_case_team)) & is_registered
rules.add_perm("cases.manage_shelter", can_work_on_case)
rules.add_perm("cases.set_victim_rights", can_work_on_case)
# The consent sheet is taken at intake (docs/domain.md#service-functions): who records the people records it.
rules.add_perm("cases.record_consent", can_edit_case_people)
# Case management (issue 4). Outreach may come before the complaint is accepted.
rules.add_perm(
    "cases.record_outreach",
    (is_head | (is_intake_officer & is_awaiting_triage) | (is_case_worker & is_on_case_team))
    & (is_awaiting_triage | is_registered),
)
rules.add_perm("cases.record_health_service", can_work_on_case)
# Attachments: like outreach, from intake on (the scanned consent sheet is taken at intake).
# Psychological-session attachments also need cases.read_psych_notes (cases.selectors.attachments).
rules.add_perm(
    "cases.manage_attachments",
    (is_head | (is_intake_officer & is_awaiting_triage) | (is_case_worker & is_on_case_team))
    & (is_awaiting_triage | is_registered),
)
rules.add_perm("cases.record_assessment", can_work_on_case)
rules.add_perm("cases.edit_plan", can_work_on_case)
rules.add_perm("cases.approve_plan", is_head & is_registered)
# Closure and monitoring (issue 4). A closed case is read-only (the services refuse writes to it)
# except for the post-closure follow-ups, which the team records on the closed case.
rules.add_perm("cases.request_closure", (is_head | (is_case_worker & is_manager_on_team)) & is_open)
rules.add_perm("cases.approve_closure", is_head & is_open)
rules.add_perm("cases.reopen_case", is_head & is_closed)
rules.add_perm("cases.record_follow_up", can_work_on_case)
# A case's access history (who read, exported or changed it and its records): the head and the
# data protection officer, who read the audit trail, and the case manager of that case, who answers
# for its file and is the first to notice a read that had no reason. Nobody else on the team: the
# history names colleagues and their addresses. The officer sees no case content: the history
# shows the records' codes, never a name (cases.selectors.access_history).
can_view_access_history = is_head | is_dpo | (is_case_worker & is_manager_on_team)
rules.add_perm("cases.view_access_history", can_view_access_history)
rules.add_rule("cases.view_access_history", can_view_access_history)  # the tab asks the rule: no query


@rules.predicate
def _person_case_visible(user: Any, person: Person | None) -> bool:
    return person is not None and can_view_case(user, person.case)


@rules.predicate
def _person_not_restricted_or_on_team(user: Any, person: Person | None) -> bool:
    """A person whose processing is restricted (UU 27/2022 Pasal 11, 41) is opened only by the
    case team; the data protection officer reaches them only through the request."""
    return person is not None and (not person.is_restricted or is_on_case_team(user, person.case))


rules.add_perm("cases.view_person", _person_case_visible & _person_not_restricted_or_on_team)

# Regions are reference data: everyone reads them, the administrator edits them.
rules.add_perm("cases.view_region", rules.is_authenticated)
rules.add_perm("cases.add_region", is_admin)
rules.add_perm("cases.change_region", is_admin)


def cases_visible_to(user: Any) -> QuerySet[Case]:
    """Complaints and cases ``user`` may see; mirrors ``can_view_case``."""
    if not getattr(user, "is_active", False):
        return Case.objects.none()
    if user.role == Role.KEPALA_UPTD:
        return Case.objects.all()
    if user.role in TEAM_ROLES:
        # EXISTS, not a join: no duplicate rows, no DISTINCT on a 100,000-row worklist.
        return Case.objects.filter(Exists(CaseTeamMember.objects.filter(case=OuterRef("pk"), user=user)))
    if user.role == Role.PETUGAS_PENGADUAN:
        return Case.objects.filter(
            Q(status=CaseStatus.RECEIVED) | Q(created_by=user, status__in=sorted(ENDED_AT_INTAKE))
        )
    return Case.objects.none()


def people_visible_to(user: Any) -> QuerySet[Person]:
    """People ``user`` may open; mirrors ``cases.view_person``: the people of the cases they see,
    but a person whose processing is restricted only for the case team."""
    visible = Person.objects.filter(case__in=cases_visible_to(user))
    if not getattr(user, "pk", None):
        return visible.none()
    return visible.filter(restriction_allows(user))


def restriction_allows(user: Any) -> Q:
    """The people ``user`` may open as far as a restriction of processing goes (UU 27/2022 Pasal 41):
    everyone unrestricted, and a restricted person only for the case team (the data protection
    officer reads them through the request). The case page's people use it too."""
    on_team = Exists(CaseTeamMember.objects.filter(case=OuterRef("case"), user=user))
    return Q(restricted_at__isnull=True) | Q(on_team)


# What a refusal says (uptdppa.accounts.access.permission_refusal): who may, and on what cases.
who_may_declare(
    {
        "cases.view_worklist": _("The case lists are for the unit's staff who work with cases."),
        "cases.register_intake": _("Complaints are taken by the intake officers and the head of the unit."),
        "cases.propose_triage": _(
            "Triage is proposed by an intake officer or the head of the unit, while the complaint awaits triage."
        ),
        "cases.decide_triage": _("Only the head of the unit decides on triage, while the complaint awaits it."),
        "cases.assign_team": _("Only the head of the unit assigns the team of a registered case."),
        "cases.edit_people": _("People of a case are recorded by its team, the head of the unit, or at intake."),
        "cases.record_police_report": _(
            "The police report is recorded by the case's case manager or legal advisor, or the head of the unit."
        ),
        "cases.set_registry_numbers": _("Only the head of the unit sets the register numbers."),
        "cases.record_legal_event": _(
            "The legal process is recorded by the case's case manager or legal advisor, or the head of the unit."
        ),
        "cases.manage_mediation": _(
            "A mediation is run by the case manager of the case's team or the head of the unit, on a registered case."
        ),
        "cases.record_psych_session": _(
            "Psychological sessions are recorded by the psychologist of the case's team or the head of the unit."
        ),
        "cases.read_psych_notes": _(
            "Psychological notes are read only by the psychologist of the case's team and the head of the unit."
        ),
        "cases.manage_shelter": _("The shelter stay is recorded by the case's team or the head of the unit."),
        "cases.set_victim_rights": _("The victim's rights are recorded by the case's team or the head of the unit."),
        "cases.record_consent": _("Consent is recorded by the case's team or the head of the unit."),
        "cases.record_outreach": _(
            "Outreach is recorded by the case's team or the head of the unit (before triage: an intake officer)."
        ),
        "cases.record_health_service": _("Health services are recorded by the case's team or the head of the unit."),
        "cases.manage_attachments": _(
            "Attachments are added by the case's team or the head of the unit (before triage: an intake officer)."
        ),
        "cases.record_assessment": _("The assessment is recorded by the case's team or the head of the unit."),
        "cases.edit_plan": _("The intervention plan is made by the case's team or the head of the unit."),
        "cases.approve_plan": _("Only the head of the unit approves an intervention plan."),
        "cases.request_closure": _(
            "Closure is requested by the case manager of the case's team or the head of the unit, on an open case."
        ),
        "cases.approve_closure": _("Only the head of the unit approves the closure of an open case."),
        "cases.reopen_case": _("Only the head of the unit reopens a closed case."),
        "cases.record_follow_up": _("Follow-ups are recorded by the case's team or the head of the unit."),
    }
)
