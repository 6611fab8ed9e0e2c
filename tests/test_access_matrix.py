"""The access matrix (tests/access_matrix.py) against the running app: every URL pattern and every
API operation, for every role of the test world and anonymous, on an object inside and one
outside the role's scope (docs/architecture.md#roles-and-access).

- The cheap tests check the table itself: it covers every URL pattern and every operation of the
  OpenAPI schema exactly (a new URL without a row fails, and so does a row whose URL is gone),
  and it holds the rules: admin and leadership never reach case content, a liaison only their
  organisation's referrals, and out of scope is 404, never 403.
- The two matrix tests ask the app every (row, method, role, inside/outside) once and collect
  every mismatch into one message ("GET cases:detail [case] as pimpinan (inside): expected 404,
  got 200"). Each request runs in a savepoint rolled back after it, so every request meets the
  same world and an allowed POST changes nothing for the next.

The objects, "inside" and "outside":
- records of ``case_a`` (manajer, psikolog and hukum are its team) and a referral of case_a sent
  to Dinas Sosial (penghubung's organisation), accepted, with an action file; "outside" the same
  on ``case_b`` (another case manager's) and a referral of case_b to RSUD (another liaison's);
- intake pages: ``intake_c`` (awaiting triage: every intake officer's queue) inside, a complaint
  another intake officer ended at intake outside;
- closed cases for reopening and the post-closure follow-ups: the team's and another;
- reports: leadership's (suppressed) statistics workbook inside, the operator's case-level
  export outside; a snapshot run (runs are not per user: no outside); the SIMFONI mark: a
  registered case inside, a complaint not registered outside.
Everything is made through the services, as the application makes it.

``ACCESS_MATRIX_PROBE=1`` prints what the app answers per row (to write a new row).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from http.cookies import SimpleCookie
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from cases.models import CaseStatus, TeamRole
from cases.models.protection import VictimRightKind
from cases.services.team import case_team_add
from dataprotection.models import (
    DisposalBatch,
    IdentityCheck,
    IncidentKind,
    NoticeRecipient,
    RecordClass,
    Requester,
    RequestKind,
)
from dataprotection.services import dpia_save, incident_record, legal_hold_place, notice_create, request_register
from reports.models import ReportFileKind, SnapshotKind, SnapshotRun, SnapshotRunStatus
from reports.services import kla_pack_make, report_file_generate, report_file_request, taskforce_report_make
from reports.statistics import Period
from tests import access_matrix as matrix
from tests.conftest import World
from tests.coordination.records import a_meeting, conference_records
from tests.factories import CaseFactory, PersonFactory, UserFactory
from tests.records import case_records, closed_case
from uptdppa.accounts.models import Organisation, Role
from uptdppa.accounts.services import user_role_change

PROBE = os.environ.get("ACCESS_MATRIX_PROBE")

# --- The objects ---------------------------------------------------------------------------------


Kwargs = dict[str, Any]


@dataclass(frozen=True)
class Pair:
    """The URL arguments of an object inside the scope and of one outside it (None: none exists)."""

    inside: Kwargs
    outside: Kwargs | None


def _report_files(world: World) -> tuple[Any, Any]:
    """A statistics workbook leadership asked for (suppressed) and the operator's case-level export."""
    last_year = timezone.localdate().year - 1
    period = Period(date(last_year, 1, 1), date(last_year, 12, 31))
    tables = report_file_request(actor=world.pimpinan, kind=ReportFileKind.XLSX, period=period)
    cases = report_file_request(actor=world.operator, kind=ReportFileKind.XLSX_CASES, period=period)
    for report_file in (tables, cases):
        # In a transactional test (the browser's) the request's commit has queued and made it already.
        report_file_generate(report_file_id=report_file.pk)
        report_file.refresh_from_db()
        assert report_file.status == SnapshotRunStatus.DONE
    return tables, cases


_SUBJECT_NAMES = (
    "case intake person team_member health_service plan_item mediation legal_aid shelter_stay "
    "victim_right attachment closed_case follow_up referral_case referral action_file snapshot_run "
    "report_file simfoni_case api_person api_team_member api_victim api_health_service api_plan_item "
    "api_mediation api_legal_aid api_shelter_stay api_attachment api_follow_up role_change incident notice "
    "api_incident api_notice subject_request api_subject_request dpia_version legal_hold api_legal_hold "
    "disposal_batch conference scheduled_conference conference_attendance action_item meeting "
    "taskforce_report kla_pack"
)
SUBJECT_NAMES = frozenset(_SUBJECT_NAMES.split())


def build_subjects(world: World) -> dict[str, Pair]:
    """Every subject a matrix row may name, by key."""
    dinsos = Organisation.objects.get(name="Dinas Sosial Kota Jambi")
    rsud = Organisation.objects.get(name="RSUD H. Abdul Manap")
    rsud_liaison = UserFactory(username="penghubung_rsud", role=Role.PENGHUBUNG_OPD, organisation=rsud)
    manajer_b = UserFactory(username="manajer_b", role=Role.MANAJER_KASUS)
    case_team_add(actor=world.kepala, case=world.case_b, user=manajer_b, team_role=TeamRole.MANAJER_KASUS)
    a = case_records(
        case=world.case_a, actor=world.manajer, head=world.kepala, organisation=dinsos, liaison=world.penghubung
    )
    b = case_records(case=world.case_b, actor=manajer_b, head=world.kepala, organisation=rsud, liaison=rsud_liaison)
    members = {a.case.pk: world.manajer.code, b.case.pk: manajer_b.code}
    # coordination (issue 18): case_a's conferences with Dinas Sosial, case_b's with RSUD
    conf_a = conference_records(case=a.case, manager=world.manajer, organisation=dinsos, liaison=world.penghubung)
    conf_b = conference_records(case=b.case, manager=manajer_b, organisation=rsud, liaison=rsud_liaison)
    meeting = a_meeting(world.kepala)
    last_year = timezone.localdate().year - 1
    taskforce_report = taskforce_report_make(actor=world.kepala, year=last_year, quarter=4)
    kla_pack, _made = kla_pack_make(actor=world.kepala, year=last_year)
    intake_e = CaseFactory(created_by=world.pengaduan_lain, status=CaseStatus.OUTSIDE_MANDATE)
    PersonFactory(case=intake_e)
    closed_in = closed_case(
        world,
        team=[
            (world.manajer, TeamRole.MANAJER_KASUS),
            (world.psikolog, TeamRole.PSIKOLOG),
            (world.hukum, TeamRole.PENDAMPING_HUKUM),
        ],
    )
    closed_out = closed_case(world, team=[(manajer_b, TeamRole.MANAJER_KASUS)])
    follow_in, follow_out = (case.monitoring_follow_ups.order_by("due_on").first() for case in (closed_in, closed_out))
    tables, case_export = _report_files(world)
    run = SnapshotRun.objects.create(
        kind=SnapshotKind.CUSTOM,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 1, 31),
        requested_by=world.kepala,
        requested_at=timezone.now(),
    )
    right = VictimRightKind.RESTITUTION.value
    role_change = user_role_change(actor=world.admin, user=world.manajer_lain, role=Role.PSIKOLOG)
    assert role_change is not None
    incident = incident_record(
        actor=world.kepala,
        discovered_at=timezone.now(),
        kind=IncidentKind.CONFIDENTIALITY,
        record_classes=[RecordClass.REPORT],
        description="Ekspor terkirim ke alamat yang salah.",
        case_codes=[str(world.case_a.code)],
    )
    notice = notice_create(actor=world.kepala, incident=incident, recipient_kind=NoticeRecipient.AGENCY)
    subject_request = request_register(
        actor=world.dpo,
        case_code=str(a.case.code),
        person=a.victim.code,
        kind=RequestKind.ACCESS,
        requester=Requester.SELF,
        identity_check=IdentityCheck.KTP,
        received_at=timezone.now(),
    )
    dpia = dpia_save(
        actor=world.dpo,
        description="Uraian.",
        necessity="Perlu.",
        risks="Risiko.",
        measures="Langkah.",
        next_review_on=timezone.localdate() + timedelta(days=90),
    )
    hold = legal_hold_place(actor=world.kepala, case_code=str(world.case_a.code), reason="Penyidikan berjalan.")
    batch = DisposalBatch.objects.create(proposed_by=world.kepala, proposed_at=timezone.now())

    def pair(make: Any) -> Pair:
        return Pair(make(a), make(b))

    subjects = {
        # Pages (Django URL kwargs).
        "case": pair(lambda r: {"code": r.case.code}),
        "intake": Pair({"code": world.intake_c.code}, {"code": intake_e.code}),
        "person": pair(lambda r: {"code": r.case.code, "person": r.victim.code}),
        "team_member": pair(lambda r: {"code": r.case.code, "user": members[r.case.pk]}),
        "health_service": pair(lambda r: {"code": r.case.code, "service": r.health_service.code}),
        "plan_item": pair(lambda r: {"code": r.case.code, "item": r.plan_item.code}),
        "mediation": pair(lambda r: {"code": r.case.code, "mediation": r.mediation.code}),
        "legal_aid": pair(lambda r: {"code": r.case.code, "legal_aid": r.legal_aid.code}),
        "shelter_stay": pair(lambda r: {"code": r.case.code, "stay": r.shelter_stay.code}),
        "victim_right": pair(lambda r: {"code": r.case.code, "person": r.victim.code, "right": right}),
        "attachment": pair(lambda r: {"code": r.case.code, "attachment": r.attachment.code}),
        "closed_case": Pair({"code": closed_in.code}, {"code": closed_out.code}),
        "follow_up": Pair(
            {"code": closed_in.code, "follow_up": follow_in.code},
            {"code": closed_out.code, "follow_up": follow_out.code},
        ),
        "referral_case": pair(lambda r: {"code": r.case.code}),
        "referral": pair(lambda r: {"code": r.referral.code}),
        "action_file": pair(lambda r: {"code": r.referral.code, "file": r.action_file.code}),
        "snapshot_run": Pair({"code": run.code}, None),
        "report_file": Pair({"code": tables.code}, {"code": case_export.code}),
        "simfoni_case": Pair({"code": world.case_a.code}, {"code": world.intake_c.code}),
        # A role change the administrator asked for (pages and API: the head's alone).
        "role_change": Pair({"code": role_change.code}, None),
        # The breach register is not per user: nothing is outside the scope of who sees it.
        "incident": Pair({"code": incident.code}, None),
        "notice": Pair({"code": incident.code, "notice": notice.code}, None),
        "api_incident": Pair({"code": incident.code}, None),
        "api_notice": Pair({"code": notice.code}, None),
        # A data-subject request (open, access) about case_a's victim: the head's and the DPO's.
        "subject_request": Pair({"code": subject_request.code}, None),
        "api_subject_request": Pair({"code": subject_request.code}, None),
        # The DPIA's versions, by number (pages and API alike).
        "dpia_version": Pair({"version": dpia.version}, None),
        # Retention: holds and disposal batches are not per user either.
        "legal_hold": Pair({"code": hold.code}, None),
        "api_legal_hold": Pair({"code": hold.code}, None),
        "disposal_batch": Pair({"code": batch.code}, None),
        # API (path parameters of the schema).
        "api_person": pair(lambda r: {"code": r.victim.code}),
        "api_team_member": pair(lambda r: {"code": r.case.code, "user_code": members[r.case.pk]}),
        "api_victim": pair(lambda r: {"code": r.case.code, "person": r.victim.code}),
        "api_health_service": pair(lambda r: {"code": r.health_service.code}),
        "api_plan_item": pair(lambda r: {"code": r.plan_item.code}),
        "api_mediation": pair(lambda r: {"code": r.mediation.code}),
        "api_legal_aid": pair(lambda r: {"code": r.legal_aid.code}),
        "api_shelter_stay": pair(lambda r: {"code": r.shelter_stay.code}),
        "api_attachment": pair(lambda r: {"code": r.attachment.code}),
        "api_follow_up": Pair({"code": follow_in.code}, {"code": follow_out.code}),
        # coordination (pages and API alike): case_a's conference inside, case_b's outside
        "conference": Pair({"code": conf_a.held.code}, {"code": conf_b.held.code}),
        "scheduled_conference": Pair({"code": conf_a.scheduled.code}, {"code": conf_b.scheduled.code}),
        "conference_attendance": Pair(
            {"code": conf_a.held.code, "attendance": conf_a.attendance.code},
            {"code": conf_b.held.code, "attendance": conf_b.attendance.code},
        ),
        "action_item": Pair({"code": conf_a.item.code}, {"code": conf_b.item.code}),
        # the task-force meeting register is not per user: nothing is outside the scope of who sees it
        "meeting": Pair({"code": meeting.code}, None),
        # issue 18 §2-3: not per user (a liaison's rows are chosen when shown)
        "taskforce_report": Pair({"code": taskforce_report.code}, None),
        "kla_pack": Pair({"code": kla_pack.code}, None),
    }
    assert set(subjects) == SUBJECT_NAMES
    return subjects


@pytest.fixture
def subjects(world: World) -> dict[str, Pair]:
    return build_subjects(world)


# --- What exists ---------------------------------------------------------------------------------


def url_patterns(
    resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str]]:
    """(name with its namespaces, or the route when unnamed; the full route) of every URL pattern."""
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
            yield from url_patterns(pattern, route, inner or namespace)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield (name or route), route


def api_operations() -> set[str]:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {f"{method.upper()} {path}" for path, operations in schema["paths"].items() for method in operations}


def schema_path(route: str) -> str:
    """ "api/v1/cases/<uuid:code>/" as the schema writes it: "/api/v1/cases/{code}/"."""
    parts = route.split("<")
    return (
        "/"
        + parts[0]
        + "".join("{" + part.split(">", 1)[0].split(":")[-1] + "}" + part.split(">", 1)[1] for part in parts[1:])
    )


def third_party_match(name: str) -> bool:
    return any(name == entry or (entry.endswith("*") and name.startswith(entry[:-1])) for entry in matrix.THIRD_PARTY)


# --- Asking the app ------------------------------------------------------------------------------


def outcome(response: Any) -> str:
    """The status, or ``login`` for a redirect to a login page (the admin's goes through allauth too)."""
    logins = (resolve_url(settings.LOGIN_URL), reverse("admin:login"))
    if response.status_code == 302 and response["Location"].startswith(logins):
        return matrix.LOGIN
    return str(response.status_code)


def matches(expected: str, got: str) -> bool:
    if expected == matrix.OK:
        return got in {"200", "201", "204", "302", "400"}
    return expected == got


class Asker:
    """One logged-in client per role (and one anonymous); each request in a rolled-back savepoint."""

    def __init__(self, world: World) -> None:
        self.clients: dict[str, Client] = {}
        self.sessions: dict[str, str] = {}
        for role in (*matrix.ROLES, matrix.ANON):
            client = Client(raise_request_exception=False)
            if role != matrix.ANON:
                client.force_login(world.users[role])
                self.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
            self.clients[role] = client

    def ask(self, role: str, method: str, url: str, *, api: bool) -> tuple[str, str]:
        client = self.clients[role]
        # The session the client logged in with (a logout or a login page would replace it), and
        # no messages left over from the request before.
        client.cookies = SimpleCookie()
        if role in self.sessions:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[role]
        if method != "GET" and ("/public/" in url or "/auth/token/" in url or url.startswith("/pengaduan/")):
            cache.clear()  # their throttles count per address
        extra: dict[str, Any] = {"content_type": "application/json", "data": "{}"} if api and method != "GET" else {}
        with transaction.atomic():
            response = getattr(client, method.lower())(url, **extra)
            transaction.set_rollback(True)
        if getattr(response, "streaming", False):
            # Read to the end: the test client's wrapper then closes the file without closing the
            # database connection (response.close() would, through request_finished).
            b"".join(response.streaming_content)
        error = ""
        if response.status_code >= 500 and getattr(response, "exc_info", None):
            error = f" ({response.exc_info[1]!r})"
        return outcome(response), error


def sides(row: matrix.Row, method: str, role: str, pair: Pair) -> list[tuple[str, Kwargs]]:
    """The objects to ask about: both, but one when the answer cannot depend on the object (no
    subject, anonymous: the login comes first, GET of a POST-only page: the method comes first)."""
    if row.subject is None or pair.outside is None:
        return [("in", pair.inside)]
    if role == matrix.ANON or (method == "GET" and row.methods.get("GET") == matrix.POST_ONLY):
        return [("in", pair.inside)]
    return [("in", pair.inside), ("out", pair.outside)]


def check(rows: tuple[matrix.Row, ...], subjects: dict[str, Pair], asker: Asker) -> list[str]:
    """Ask every request of ``rows``: the mismatches that are not known bugs (KNOWN_API_BUGS), and
    the known bugs of these rows that are gone (their entries must go too)."""
    mismatches: list[str] = []
    known_left = {bug for bug in matrix.KNOWN_API_BUGS if any(bug[1] == row.key for row in rows)}
    for row in rows:
        pair = subjects[row.subject] if row.subject else Pair({}, None)
        for method, expected in matrix.expectations(row).items():
            seen: list[str] = []
            for role in (*matrix.ROLES, matrix.ANON):
                for side, kwargs in sides(row, method, role, pair):
                    path = row.key.split(" ", 1)[1].format(**kwargs) if row.api else reverse(row.key, kwargs=kwargs)
                    got, error = asker.ask(role, method, path + row.query, api=row.api)
                    seen.append(f"{role}:{side}={got}")
                    want, bug = expected[(role, side)], (method, row.key, role, side)
                    if matches(want, got):
                        continue
                    if bug in matrix.KNOWN_API_BUGS:
                        known_left.discard(bug)
                        continue
                    where = "inside" if side == "in" else "outside"
                    mismatches.append(
                        f"{method} {row.key} [{row.subject}] as {role} ({where}): expected {want}, got {got}{error}"
                    )
            if PROBE:
                sys.stderr.write(f"PROBE {method} {row.key} [{row.subject}] {' '.join(seen)}\n")
    mismatches += [f"{' '.join(bug)}: answers as the row says now: remove it from KNOWN_API_BUGS" for bug in known_left]
    return mismatches


# --- The table covers what exists, exactly -------------------------------------------------------


def test_every_url_pattern_has_a_row_and_every_row_a_url_pattern():
    patterns = dict(url_patterns())
    api_paths = {row.key.split(" ", 1)[1] for row in matrix.API}
    rows = {row.key for row in matrix.PAGES}
    missing = [
        name
        for name, route in patterns.items()
        if not (
            name in rows or third_party_match(name) or (name.startswith("api:") and schema_path(route) in api_paths)
        )
    ]
    assert not missing, "URL patterns without a row in tests/access_matrix.py: " + ", ".join(missing)
    stale = sorted(rows - set(patterns))
    stale += [
        entry
        for entry in matrix.THIRD_PARTY
        if not any(name == entry or (entry.endswith("*") and name.startswith(entry[:-1])) for name in patterns)
    ]
    assert not stale, "rows naming URL patterns that no longer exist: " + ", ".join(stale)


def test_every_api_operation_has_a_row_and_every_row_an_operation():
    operations, rows = api_operations(), [row.key for row in matrix.API]
    assert not operations - set(rows), "operations without a row: " + ", ".join(sorted(operations - set(rows)))
    assert not set(rows) - operations, "rows of operations that no longer exist: " + ", ".join(
        sorted(set(rows) - operations)
    )


def test_every_row_parses_and_names_a_known_subject():
    for row in (*matrix.PAGES, *matrix.API):
        assert row.subject is None or row.subject in SUBJECT_NAMES, row
        assert matrix.expectations(row), row


# --- The table holds the rules of docs/architecture.md#roles-and-access --------------------------


def every_expectation(
    rows: tuple[matrix.Row, ...] = (*matrix.PAGES, *matrix.API),
) -> Iterator[tuple[matrix.Row, str, str, str, str]]:
    for row in rows:
        for method, expected in matrix.expectations(row).items():
            for (role, side), value in expected.items():
                if row.subject is None and side == "out":
                    continue
                yield row, method, role, side, value


def refused_object(row: matrix.Row, method: str, value: str) -> bool:
    """404 — or 405 on a GET of a POST-only page, which looks nothing up."""
    return value == "404" or (method == "GET" and row.methods.get("GET") == matrix.POST_ONLY and value == "405")


@pytest.mark.parametrize("role", ["admin", "pimpinan", "operator", "manajer_lain"])
def test_roles_without_case_content_get_404_on_every_case_person_referral_and_attachment(role):
    wrong = [
        f"{method} {row.key} [{row.subject}] {side}: {value}"
        for row, method, who, side, value in every_expectation()
        if who == role
        and row.content
        and not (
            refused_object(row, method, value)
            # A list without an object: refused, or (a case manager on no team) empty.
            or (row.subject is None and (value in ("403", "404") or role == "manajer_lain"))
            or (role == "operator" and row.key in matrix.NATIONAL_RECORDING)
        )
    ]
    assert not wrong, f"{role} reaches case content: " + "; ".join(wrong)


def test_leadership_gets_the_aggregates():
    expected = {
        row.key: matrix.expectations(row)["GET"][("pimpinan", "in")]
        for row in (*matrix.PAGES, *matrix.API)
        if "GET" in row.methods
    }
    assert expected["reports:dashboard"] == expected[f"GET {matrix.V1}/statistics/"] == "200"
    assert expected["reports:exports"] == "200"
    export = next(row for row in matrix.PAGES if row.key == "reports:export_download")
    assert matrix.expectations(export)["GET"][("pimpinan", "out")] == "404"  # the case-level export


def test_a_liaison_reaches_only_the_referrals_to_their_organisation():
    wrong = [
        f"{method} {row.key} [{row.subject}] {side}: {value}"
        for row, method, who, side, value in every_expectation()
        if who == "penghubung"
        and row.content
        and not refused_object(row, method, value)
        and not (side == "in" and row.key in matrix.LIAISON_ROWS)
    ]
    assert not wrong, "the liaison reaches: " + "; ".join(wrong)
    for row in (*matrix.PAGES, *matrix.API):
        for method, expected in matrix.expectations(row).items():
            if (
                row.key in matrix.LIAISON_ROWS
                and row.subject
                and not refused_object(row, method, expected[("penghubung", "in")])
            ):
                assert expected[("penghubung", "out")] == "404", f"{method} {row.key}: another organisation's referral"


def test_outside_the_scope_is_404_never_403():
    wrong = [
        f"{method} {row.key} [{row.subject}] as {role}"
        for row, method, role, side, value in every_expectation()
        if side == "out" and row.subject is not None and role != "kepala" and value == "403"
    ]
    assert not wrong, "403 outside the scope (existence leaks): " + "; ".join(wrong)


def test_anonymous_gets_the_login_page_or_401_except_on_public_urls():
    # 404 reaches nothing either: the API documentation answers it to anyone but API users.
    wrong = [
        f"{method} {row.key}: {value}"
        for row, method, role, side, value in every_expectation()
        if role == matrix.ANON and value not in (matrix.LOGIN, "401", "404") and row.key not in matrix.PUBLIC_ROWS
    ]
    assert not wrong, "anonymous reaches: " + "; ".join(wrong)


# --- The app answers as the table says -----------------------------------------------------------


def test_every_case_page_answers_every_role_as_the_matrix_says(world, subjects):
    rows = tuple(row for row in matrix.PAGES if row.key.startswith("cases:"))
    mismatches = check(rows, subjects, Asker(world))
    assert not mismatches, f"{len(mismatches)} mismatches:\n" + "\n".join(mismatches)


def test_every_other_page_answers_every_role_as_the_matrix_says(world, subjects):
    rows = tuple(row for row in matrix.PAGES if not row.key.startswith("cases:"))
    mismatches = check(rows, subjects, Asker(world))
    assert not mismatches, f"{len(mismatches)} mismatches:\n" + "\n".join(mismatches)


def test_every_api_operation_answers_every_role_as_the_matrix_says(world, subjects):
    mismatches = check(matrix.API, subjects, Asker(world))
    assert not mismatches, f"{len(mismatches)} mismatches:\n" + "\n".join(mismatches)
