"""Reads of complaints, cases and people with the access rules applied. This module holds the
case, person and worklist reads; the service records have one module each beside it.

Views and the API fetch only through these. Reads of a case or a person are written to the
audit trail here (or, for pages of a list, by the caller once the page is cut).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.core.cache import caches
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from cases.access import cases_visible_to, people_visible_to, restriction_allows
from cases.models import (
    REGISTERED_STATUSES,
    Case,
    CaseStatus,
    CaseTeamMember,
    ConsentRecord,
    MonitoringFollowUp,
    PerpetratorRelation,
    Person,
    PersonRole,
    PsychSession,
    Region,
    RegionLevel,
    ShelterStay,
    ShelterStayQuerySet,
    VictimRight,
    VictimRightKind,
    ViolenceRecord,
)

# Who may be named for the unit on a case: the forms' staff choices are the services' rules.
from cases.services.staff import case_staff as case_staff
from cases.services.staff import mediators_for as mediators_for
from cases.services.staff import unit_staff as unit_staff
from uptdppa.accounts.access import permission_refusal
from uptdppa.accounts.watch import get_or_refuse, person_search_counted, refused
from uptdppa.audit import log_access, log_access_many
from uptdppa.crypto import blind_index_value, blind_match


def _people_prefetch(user: Any) -> Prefetch:
    """The people shown with a case: those ``user`` may open (cases.access.people_visible_to), so a
    person whose processing is restricted (UU 27/2022 Pasal 41) is left out for anyone outside the
    case team, the head included, until the restriction is lifted."""
    return Prefetch(
        "people",
        queryset=Person.objects.filter(restriction_allows(user))
        .select_related("region")
        .prefetch_related(
            "violence_forms",
            "protection_categories",
            Prefetch("perpetrator_relations", queryset=PerpetratorRelation.objects.select_related("perpetrator")),
        ),
    )


def case_get_for_user(*, user: Any, code: Any, perm: str | None = None) -> Case:
    """The complaint or case ``code`` if ``user`` may see it, else Http404 (a logged refusal); with
    ``perm``, also PermissionDenied unless the user may do that on it. Logs the read, and the read
    of every person shown with it."""
    # Not joined: the organisation a complaint outside the mandate went to and the case a duplicate
    # repeats (few complaints have either; Django reads them only when set). Two more joins, one
    # of them the wide case table again, cost PostgreSQL 1.6 ms of planning on every case page
    # (2.1 against 0.5 ms at 100,000 cases, bench/README.md).
    case = get_or_refuse(
        cases_visible_to(user)
        .select_related("created_by", "incident_region__parent", "referring_organisation")
        .prefetch_related(
            Prefetch("team", queryset=CaseTeamMember.objects.select_related("user").order_by("team_role")),
            _people_prefetch(user),
        ),
        user=user,
        kind="case",
        code=code,
    )
    log_access_many([case, *case.people.all()], actor=user, detail={"case": str(case.code)})
    if perm is not None and not user.has_perm(perm, case):
        raise permission_refusal(perm)
    return case


def registered_case_get_for_user(*, user: Any, code: Any, perm: str | None = None) -> Case:
    """case_get_for_user, for the pages and operations of a registered case (legal, protection,
    closure): a complaint awaiting triage or ended at intake is a 404 there, as if absent."""
    case = case_get_for_user(user=user, code=code, perm=perm)
    if not case.is_registered:
        raise Http404
    return case


def case_team_member(case: Case, user_code: Any) -> CaseTeamMember:
    """The member of a case fetched with case_get_for_user whose user has ``user_code`` (a user
    is on a team at most once), else Http404. Uses the case's prefetch: no query."""
    member = next((m for m in case.team.all() if m.user.code == user_code), None)
    if member is None:
        raise refused(user=None, kind="team_member", code=user_code)
    return member


def case_by_register_number_for_user(*, user: Any, number: str) -> Case | None:
    """A registered case the user may see, by its register number (e.g. "duplicate of"), or None."""
    number = number.strip()
    return cases_visible_to(user).filter(register_number__iexact=number).first() if number else None


def person_get_for_user(*, user: Any, code: Any, perm: str | None = None) -> Person:
    """The person ``code`` if ``user`` may see their case, else Http404; with ``perm``, also
    PermissionDenied unless the user may do that on the person's case. Logs the read."""
    person = get_or_refuse(
        people_visible_to(user).select_related("case", "region"), user=user, kind="person", code=code
    )
    log_access(person, actor=user)
    if perm is not None and not user.has_perm(perm, person.case):
        raise permission_refusal(perm)
    return person


@dataclass
class WorklistFilters:
    """What the worklist can be narrowed by. Empty values do not filter."""

    status: str = ""
    risk: str = ""
    overdue: bool = False
    assigned_to_me: bool = False
    violence_form: str = ""
    kecamatan: Any = None  # a Region of level kecamatan, or its id
    received_from: date | None = None
    received_to: date | None = None
    query: str = ""  # register number, NIK, phone or name
    ordering: str = "-received_at"


WORKLIST_ORDERINGS = ("-received_at", "received_at", "response_due_at", "police_report_due_at", "register_number")


# The kecamatan of Kota Jambi change by regulation, loaded with manage.py load_regions: a few
# minutes in each process's memory, as the filter fields rendered with them (case_list.html).
KECAMATAN_OPTIONS_SECONDS = 300


def kecamatan_options() -> list[tuple[str, int, str]]:
    """(code, id, name) of every kecamatan, by name: the worklist's kecamatan filter."""
    cache = caches["local"]
    options: list[tuple[str, int, str]] | None = cache.get("kecamatan-options")
    if options is None:
        options = list(
            Region.objects.filter(level=RegionLevel.KECAMATAN).order_by("name").values_list("code", "pk", "name")
        )
        cache.set("kecamatan-options", options, KECAMATAN_OPTIONS_SECONDS)
    return options


def _identifier_query(query: str) -> Q:
    """A search term is tried as a register number, and exactly as NIK, phone or name words."""
    text = query.strip()
    by_identifier = (
        blind_match(Person, "nik", text) | blind_match(Person, "phone", text) | blind_match(Person, "full_name", text)
    )
    matched_people = Person.objects.filter(by_identifier, case=OuterRef("pk"))
    return Q(register_number__iexact=text) | Q(Exists(matched_people))


def overdue_condition(now: datetime) -> Q:
    """A case past one of its deadlines at ``now``: the police report of a sexual-violence case
    (its clock runs only while it is due: cases.services.common.police_deadline_refresh), or the
    response to a complaint still awaiting triage. The worklist's "overdue" filter and the home
    page's count."""
    return Q(police_report_due_at__lt=now) | Q(status=CaseStatus.RECEIVED, response_due_at__lt=now)


def case_counts_for_user(*, user: Any) -> dict[str, int]:
    """What the home page counts of the cases ``user`` sees (the worklist's cases): all of them
    (``listed``), the open ones and the overdue ones (overdue_condition). Three counts, not one
    aggregate: each alone is an index scan, the three together read every case row (measured at
    100,000 cases: 8 against 45 ms for the head, 39 against 65 ms for a case manager)."""
    cases = case_worklist_for_user(user=user).order_by()
    return {
        "listed": cases.count(),
        "open": cases.filter(status=CaseStatus.OPEN).count(),
        "overdue": cases.filter(overdue_condition(timezone.now())).count(),
    }


def case_worklist_for_user(*, user: Any, filters: WorklistFilters | None = None) -> QuerySet[Case]:
    """The worklist: cases and complaints the user may see, filtered and ordered. The caller logs
    the page it shows (log_access_many); searches are logged without the searched terms."""
    f = filters or WorklistFilters()
    now = timezone.now()
    conditions: list[Any] = []  # one filter() call: every call copies the whole query
    if f.status:
        conditions.append(Q(status=f.status))
    if f.risk:
        conditions.append(Q(risk=f.risk))
    if f.overdue:
        conditions.append(overdue_condition(now))
    if f.assigned_to_me:
        conditions.append(Exists(CaseTeamMember.objects.filter(case=OuterRef("pk"), user=user)))
    if f.violence_form:
        conditions.append(Exists(ViolenceRecord.objects.filter(victim__case=OuterRef("pk"), form=f.violence_form)))
    if f.kecamatan is not None:
        conditions.append(Q(incident_region__parent=f.kecamatan))
    if f.received_from:
        conditions.append(Q(received_at__gte=timezone.make_aware(datetime.combine(f.received_from, time.min))))
    if f.received_to:
        conditions.append(Q(received_at__lte=timezone.make_aware(datetime.combine(f.received_to, time.max))))
    if f.query.strip():
        conditions.append(_identifier_query(f.query))
    cases = cases_visible_to(user).select_related("incident_region__parent")
    if conditions:
        cases = cases.filter(*conditions)
    ordering = f.ordering if f.ordering in WORKLIST_ORDERINGS else "-received_at"
    name = ordering.lstrip("-")
    field = F(name)
    if Case._meta.get_field(name).null:
        # Cases without a deadline (or number) sort after those with one, on every database.
        order = field.desc(nulls_last=True) if ordering.startswith("-") else field.asc(nulls_last=True)
    else:
        # A column that is never NULL sorts plainly, so that PostgreSQL walks its index (NULLS LAST
        # on it made every unfiltered worklist sort all the cases: 170 ms at 100,000 cases).
        order = field.desc() if ordering.startswith("-") else field.asc()
    return cases.order_by(order, "-pk")


# What a table of cases shows (templates/cases/includes/case_table.html): only these columns are
# fetched, so no narrative is read or decrypted and the rows stay light to build.
CASE_ROW_COLUMNS = (
    "code",
    "register_number",
    "status",
    "risk",
    "channel",
    "received_at",
    "response_due_at",
    "police_report_due_at",
)


def for_case_rows(cases: QuerySet[Case]) -> QuerySet[Case]:
    """``cases`` (from case_worklist_for_user) as a table of cases reads them: its columns, and the
    name of the incident's kecamatan as ``row_kecamatan`` (None without one) rather than two region
    instances per row."""
    return cases.select_related(None).only(*CASE_ROW_COLUMNS).annotate(row_kecamatan=F("incident_region__parent__name"))


def read_label_names(cases: Iterable[Case]) -> None:
    """Read the names whose initials name the complaints among ``cases`` (``Case.label`` before
    registration) in one query for them all, rather than one per complaint; no query when every
    case has its register number. Call it on the cases of a page before they are shown."""
    complaints: dict[int, list[Case]] = {}
    for case in cases:
        if not case.register_number:
            complaints.setdefault(case.pk, []).append(case)
    if not complaints:
        return
    names: dict[int, list[str]] = {pk: [] for pk in complaints}
    victims = Person.objects.filter(case_id__in=complaints, role=PersonRole.VICTIM).order_by("pk")
    for case_id, full_name in victims.values_list("case_id", "full_name"):
        names[case_id].append(full_name or "")
    for pk, instances in complaints.items():
        for case in instances:
            case.label_victim_names = names[pk]  # type: ignore[attr-defined]


def intake_queue_for_user(*, user: Any) -> QuerySet[Case]:
    """Complaints awaiting triage, the most urgent first (due soonest, then oldest)."""
    return (
        cases_visible_to(user)
        .filter(status=CaseStatus.RECEIVED)
        .select_related("incident_region")
        .order_by(F("response_due_at").asc(nulls_last=True), "received_at")
    )


@dataclass
class PersonMatches:
    """People matching what is being typed: those the user may see, and whether others exist."""

    visible: list[Person] = field(default_factory=list)
    hidden_exists: bool = False


def person_matches_for_user(
    *,
    user: Any,
    case: Case,
    nik: str = "",
    phone: str = "",
    name: str = "",
    birth_year: int | None = None,
) -> PersonMatches:
    """Search before create, while recording people of ``case`` (which the caller checked the
    user may edit): exact NIK, phone, or all name words (+ year of birth when given).

    A match in a case outside the user's scope is only signalled ("a possible match exists; ask
    the head of the unit"), never counted or described. Every search is counted against the
    user's limit (SearchLimited beyond it; the head is told of heavy use) and written to the audit
    trail on ``case``, whether it finds something or not: the terms as their blind indexes (keyed
    hashes, normalised as the matching does), never the terms themselves.
    """
    person_search_counted(user=user)
    q = Q(pk__in=[])
    if nik.strip():
        q |= blind_match(Person, "nik", nik)
    if phone.strip():
        q |= blind_match(Person, "phone", phone)
    if name.strip():
        by_name = blind_match(Person, "full_name", name)
        q |= by_name & Q(birth_year=birth_year) if birth_year else by_name
    matches = Person.objects.filter(q).exclude(case=case)
    visible_cases = cases_visible_to(user).values("pk")
    visible = list(matches.filter(case__in=visible_cases).select_related("case").order_by("-case__received_at")[:20])
    hidden_exists = matches.exclude(case__in=visible_cases).exists()
    typed = {"nik": ("nik", nik), "phone": ("phone", phone), "name": ("full_name", name)}
    hashes = {key: blind_index_value(Person, source, value) for key, (source, value) in typed.items()}
    detail = {
        "search": "person_match",
        "found": len(visible),
        "in_case": str(case.code),
        "terms": {key: digest for key, digest in hashes.items() if digest},
    }
    log_access_many([case, *visible], actor=user, detail=detail)
    return PersonMatches(visible=visible, hidden_exists=hidden_exists)


def public_status_lookup(*, tracking_code: str, pin: str) -> str | None:
    """The status of a complaint sent through the public form, for its tracking code + PIN only.

    Returns only a status value (never any content), or None when the pair does not match.
    """
    case = Case.objects.filter(tracking_code=tracking_code.strip().upper()).only("status", "pin_hash").first()
    if case is None:
        make_password(pin)  # the same hashing work either way: no timing hint about which codes exist
        return None
    if not case.pin_hash or not check_password(pin.strip(), case.pin_hash):
        return None
    if case.status in REGISTERED_STATUSES:
        return "in_progress" if case.status == CaseStatus.OPEN else "closed"
    return case.status


def victims(case: Case) -> list[Person]:
    """The victims of a case fetched with case_get_for_user (uses its prefetch)."""
    return [p for p in case.people.all() if p.role == PersonRole.VICTIM]


# --- Protection and recovery --------------------------------------------------------------------


def psych_sessions_for_user(*, user: Any, case: Case) -> list[PsychSession]:
    """The psychological sessions of ``case`` (fetched with case_get_for_user) as ``user`` may
    see them: with their notes for the team's psychologists and the head (a logged read), else
    only that they took place, the notes never loaded and set to None (``notes_visible`` False).

    The returned sessions are for display only: never save them.
    """
    if not user.has_perm("cases.view_case", case):
        raise Http404
    sessions = PsychSession.objects.filter(case=case).select_related("victim", "psychologist")
    if user.has_perm("cases.read_psych_notes", case):
        readable = list(sessions)
        log_access_many(readable, actor=user, detail={"case": str(case.code), "psych_notes": True})
        return readable
    hidden = list(sessions.defer(*PsychSession.NOTE_FIELDS))
    for session in hidden:
        # Assigned, so that reading them does not load the deferred notes from the database.
        for name in PsychSession.NOTE_FIELDS:
            setattr(session, name, None)
        session.notes_visible = False
    return hidden


def _shelter_stays_active(user: Any) -> ShelterStayQuerySet:
    stays = ShelterStay.objects.active().select_related("case", "victim")
    return stays if user is None else stays.filter(case__in=cases_visible_to(user).values("pk"))


def shelter_stays_warning(*, user: Any = None, today: date | None = None) -> QuerySet[ShelterStay]:
    """Active stays from SHELTER_WARNING_DAY up to the limit (ShelterStay.is_warning), longest
    first; of the cases ``user`` may see, or all (for scheduled jobs) without a user."""
    return _shelter_stays_active(user).warning(today)


def shelter_stays_overdue(*, user: Any = None, today: date | None = None) -> QuerySet[ShelterStay]:
    """Active stays past SHELTER_LIMIT_DAYS (ShelterStay.is_overdue), longest first."""
    return _shelter_stays_active(user).overdue(today)


# A follow-up is "due" from this many days before its date (reminders, the tasks page).
MONITORING_DUE_WITHIN_DAYS = 7


def monitoring_follow_ups_due(*, user: Any = None, today: date | None = None) -> QuerySet[MonitoringFollowUp]:
    """Follow-ups not yet done of closed cases, due within MONITORING_DUE_WITHIN_DAYS or overdue,
    earliest first; of the cases ``user`` may see, or all (for scheduled jobs) without a user.
    The case and its team come along (the reminder goes to the case manager)."""
    today = today or timezone.localdate()
    follow_ups = (
        MonitoringFollowUp.objects.filter(
            done_on__isnull=True,
            case__status=CaseStatus.CLOSED,
            due_on__lte=today + timedelta(days=MONITORING_DUE_WITHIN_DAYS),
        )
        .select_related("case")
        .prefetch_related(Prefetch("case__team", queryset=CaseTeamMember.objects.select_related("user")))
        .order_by("due_on", "pk")
    )
    return follow_ups if user is None else follow_ups.filter(case__in=cases_visible_to(user).values("pk"))


def victim_has_consent_or_basis(victim: Person) -> bool:
    """Whether a consent or another legal basis (UU 27/2022 PDP) is recorded for ``victim``.

    Sharing the victim's data with a partner (a referral) needs it; help itself never waits for it.
    A consent the person withdrew (UU 27/2022 Pasal 40) no longer counts.
    """
    return ConsentRecord.objects.filter(victim=victim, withdrawn_at__isnull=True).exists()


def victim_consent_withdrawn(victim: Person) -> datetime | None:
    """When ``victim`` withdrew their consent, if they did and no consent or other legal basis is
    in force since (UU 27/2022 Pasal 9, 40): sharing that relied on the consent ends."""
    if victim_has_consent_or_basis(victim):
        return None
    withdrawn = ConsentRecord.objects.filter(victim=victim, withdrawn_at__isnull=False).order_by("-withdrawn_at")
    return withdrawn.values_list("withdrawn_at", flat=True).first()


def victim_rights_checklist(victim: Person) -> list[VictimRight]:
    """Every right of UU TPKS Pasal 66–70 for ``victim`` in the law's order; a right never set is
    an unsaved line with status "not started"."""
    recorded = {line.right: line for line in VictimRight.objects.filter(victim=victim)}
    return [recorded.get(right) or VictimRight(victim=victim, right=right) for right in VictimRightKind.values]
