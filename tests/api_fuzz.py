"""Helpers of the API fuzzing (tests/test_api_fuzz.py): the schema, the objects whose codes the
path parameters take, and the table of every operation with the roles that fuzz it."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from typing import Any

import schemathesis
from django.core.wsgi import get_wsgi_application
from django.utils import timezone, translation
from django.utils.functional import Promise
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from rest_framework import exceptions, fields, serializers

from cases.models import Case, TeamRole
from cases.models.protection import VictimRightKind
from cases.services import (
    case_team_add,
)
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
from referrals.models import Referral
from referrals.services import referral_send
from reports.services import kla_pack_make, taskforce_report_make
from uptdppa.accounts.models import Organisation, Role, RoleChangeRequest
from uptdppa.accounts.services import user_role_change

from .conftest import World
from .coordination.records import a_meeting, conference_records
from .factories import UserFactory
from .records import CaseRecords, case_records, closed_case, referral_draft


@cache
def api_schema() -> Any:
    """The OpenAPI schema as /api/schema/ serves it (generated in-process: the endpoint itself
    needs a login), bound to the WSGI application so that calls never leave the process."""
    raw = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = get_wsgi_application()
    return schema


def operation_labels() -> set[str]:
    return {
        f"{method.upper()} {path}" for path, methods in api_schema().raw_schema["paths"].items() for method in methods
    }


@cache
def english_drf_message() -> re.Pattern[str]:
    """Matches a message of DRF's own (a field's error, an exception's default, a parser's
    complaint) left in English. DRF's Indonesian catalogue lacks some of them; an Indonesian user
    must never get one."""
    templates: set[str] = set()
    with translation.override("en"):
        for module in (fields, serializers, exceptions):
            for value in vars(module).values():
                if isinstance(value, type):
                    templates.update(str(m) for m in getattr(value, "default_error_messages", {}).values())
                    if isinstance(getattr(value, "default_detail", None), Promise):
                        templates.add(str(value.default_detail))
    english = [re.sub(r"\\\{\w+\\\}|%\\\(\w+\\\)[sdr]", ".*", re.escape(t)) for t in templates]
    english += [r"(JSON|Multipart form|FileUpload) parse error - .*"]
    return re.compile(r"(^|: )(" + "|".join(english) + r")$", re.DOTALL)


def messages_of(body: Any) -> list[str]:
    """The messages of an error body (ErrorOutput): its detail and every field's."""
    if not isinstance(body, dict):
        return []
    errors = body.get("errors") or {}
    return [str(body.get("detail", ""))] + [str(m) for ms in errors.values() if isinstance(ms, list) for m in ms]


@dataclass
class Objects:
    """Real objects whose codes the operations' paths take: the records of ``case_a`` and, beside
    them, what some operations need in another state."""

    records: CaseRecords  # of case_a; its referral is accepted, with an action file
    spare_member: Any  # on case_a's team, for the removal
    referral_draft: Referral
    referral_sent: Referral  # awaiting the liaison's answer
    follow_up: Any  # of case_closed
    case_closed: Case
    role_change: RoleChangeRequest  # manajer_lain to psychologist, awaiting the head
    incident: Any  # an open data breach touching case_a
    notice: Any  # its notice to the supervising agency, not sent
    subject_request: Any  # an open access request about case_a's victim
    dpia: Any  # the first version of the DPIA
    legal_hold: Any  # the head's hold on case_a
    disposal_batch: Any  # a proposed batch (empty: nothing to destroy)
    conferences: Any  # case_a's held and scheduled conferences with Dinas Sosial, its attendance row and action item
    meeting: Any  # a task-force meeting
    taskforce_report: Any  # last year's fourth quarter
    kla_pack: Any  # last year's, frozen today


def make_objects(world: World) -> Objects:
    head, manajer = world.kepala, world.manajer
    dinsos = Organisation.objects.get(name="Dinas Sosial Kota Jambi")
    records = case_records(case=world.case_a, actor=manajer, head=head, organisation=dinsos, liaison=world.penghubung)
    spare = UserFactory(role=Role.PSIKOLOG)
    case_team_add(actor=head, case=world.case_a, user=spare, team_role=TeamRole.PSIKOLOG)
    draft, sent = (
        referral_draft(case=world.case_a, actor=manajer, victim=records.victim, organisation=dinsos) for _ in range(2)
    )
    referral_send(actor=manajer, referral=sent)
    closed = closed_case(world, team=[(manajer, TeamRole.MANAJER_KASUS)])
    role_change = user_role_change(actor=world.admin, user=world.manajer_lain, role=Role.PSIKOLOG)
    assert role_change is not None
    incident = incident_record(
        actor=head,
        discovered_at=timezone.now(),
        kind=IncidentKind.CONFIDENTIALITY,
        record_classes=[RecordClass.REPORT],
        description="Ekspor terkirim ke alamat yang salah.",
        case_codes=[str(world.case_a.code)],
    )
    notice = notice_create(actor=head, incident=incident, recipient_kind=NoticeRecipient.AGENCY)
    subject_request = request_register(
        actor=head,
        case_code=str(world.case_a.code),
        person=records.victim.code,
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
    legal_hold = legal_hold_place(actor=head, case_code=str(world.case_a.code), reason="Penyidikan berjalan.")
    batch = DisposalBatch.objects.create(proposed_by=head, proposed_at=timezone.now())
    conferences = conference_records(case=world.case_a, manager=manajer, organisation=dinsos, liaison=world.penghubung)
    last_year = timezone.localdate().year - 1
    return Objects(
        taskforce_report=taskforce_report_make(actor=head, year=last_year, quarter=4),
        kla_pack=kla_pack_make(actor=head, year=last_year)[0],
        conferences=conferences,
        meeting=a_meeting(head),
        legal_hold=legal_hold,
        disposal_batch=batch,
        records=records,
        spare_member=spare,
        referral_draft=draft,
        referral_sent=sent,
        follow_up=closed.monitoring_follow_ups.order_by("due_on").first(),
        case_closed=closed,
        role_change=role_change,
        incident=incident,
        notice=notice,
        subject_request=subject_request,
        dpia=dpia,
    )


# --- The table ----------------------------------------------------------------------------------

# What a path's {code} is, by the path's first segment(s).
CODE_OF: dict[str, Callable[[World, Objects], Any]] = {
    "/api/v1/cases/": lambda w, o: w.case_a.code,
    "/api/v1/people/": lambda w, o: o.records.victim.code,
    "/api/v1/health-services/": lambda w, o: o.records.health_service.code,
    "/api/v1/plan-items/": lambda w, o: o.records.plan_item.code,
    "/api/v1/mediations/": lambda w, o: o.records.mediation.code,
    "/api/v1/legal-aid/": lambda w, o: o.records.legal_aid.code,
    "/api/v1/shelter-stays/": lambda w, o: o.records.shelter_stay.code,
    "/api/v1/follow-ups/": lambda w, o: o.follow_up.code,
    "/api/v1/attachments/": lambda w, o: o.records.attachment.code,
    "/api/v1/referrals/": lambda w, o: o.records.referral.code,
    "/api/v1/inbox/referrals/": lambda w, o: o.records.referral.code,
    "/api/v1/simfoni/cases/": lambda w, o: w.case_a.code,
    "/api/v1/role-changes/": lambda w, o: o.role_change.code,
    "/api/v1/data-protection/incidents/": lambda w, o: o.incident.code,
    "/api/v1/data-protection/notices/": lambda w, o: o.notice.code,
    "/api/v1/data-protection/requests/": lambda w, o: o.subject_request.code,
    "/api/v1/data-protection/retention/holds/": lambda w, o: o.legal_hold.code,
    "/api/v1/data-protection/retention/batches/": lambda w, o: o.disposal_batch.code,
    "/api/v1/coordination/cases/": lambda w, o: w.case_a.code,
    "/api/v1/coordination/conferences/": lambda w, o: o.conferences.held.code,
    "/api/v1/coordination/portal/conferences/": lambda w, o: o.conferences.held.code,
    "/api/v1/coordination/action-items/": lambda w, o: o.conferences.item.code,
    "/api/v1/coordination/meetings/": lambda w, o: o.meeting.code,
    "/api/v1/taskforce-reports/": lambda w, o: o.taskforce_report.code,
    "/api/v1/kla-packs/": lambda w, o: o.kla_pack.code,
}
OTHER_PARAMETERS: dict[str, Callable[[World, Objects], Any]] = {
    "user_code": lambda w, o: o.spare_member.code,
    "person": lambda w, o: o.records.victim.code,
    "right": lambda w, o: VictimRightKind.PROTECTION.value,
    "file": lambda w, o: o.records.action_file.code,
    "version": lambda w, o: o.dpia.version,
    "attendance": lambda w, o: o.conferences.attendance.code,
}


@dataclass(frozen=True)
class Target:
    """Who fuzzes an operation: ``reach`` are roles in scope (each must get some answer other
    than 404, so the path parameters are real); ``outside`` are roles that must get only 401,
    403 or 404. They run in this order, outsiders first, so an in-scope role's successful
    DELETE or state change comes last. ``code`` overrides the object of {code}."""

    reach: tuple[str, ...]
    outside: tuple[str, ...]
    code: Callable[[World, Objects], Any] | None = None

    def path_parameters(self, label: str, world: World, objects: Objects) -> dict[str, str]:
        path = label.split(" ", 1)[1]
        values: dict[str, str] = {}
        if "{code}" in path:
            pick = self.code or next(
                fn for prefix, fn in sorted(CODE_OF.items(), reverse=True) if path.startswith(prefix)
            )
            values["code"] = str(pick(world, objects))
        for name, fn in OTHER_PARAMETERS.items():
            if "{" + name + "}" in path:
                values[name] = str(fn(world, objects))
        return values


def roles(text: str) -> tuple[str, ...]:
    return tuple(text.split())


TEAM = "manajer psikolog hukum kepala"


def t(reach: str, outside: str, code: Callable[[World, Objects], Any] | None = None) -> Target:
    return Target(roles(reach), roles(outside), code)


def _intake(w: World, o: Objects) -> Any:
    return w.intake_c.code


def _closed(w: World, o: Objects) -> Any:
    return o.case_closed.code


def _scheduled(w: World, o: Objects) -> Any:
    return o.conferences.scheduled.code


TARGETS: dict[str, Target] = {
    # Accounts and tokens.
    "POST /api/v1/auth/token/": t("anonymous", ""),
    "POST /api/v1/auth/token/revoke/": t("penghubung manajer", "anonymous"),
    "GET /api/v1/me/": t("penghubung admin pimpinan", "anonymous"),
    "GET /api/v1/role-changes/": t("kepala", "admin manajer"),
    "POST /api/v1/role-changes/{code}/approve/": t("kepala", "admin pimpinan"),
    "POST /api/v1/role-changes/{code}/refuse/": t("kepala", "admin manajer_lain"),
    # Public complaint form (no login).
    "POST /api/v1/public/complaints/": t("anonymous", ""),
    "POST /api/v1/public/complaints/status/": t("anonymous", ""),
    # Intake and triage.
    "GET /api/v1/intakes/": t("pengaduan kepala", "penghubung"),
    "POST /api/v1/intakes/": t("pengaduan kepala", "pimpinan"),
    "POST /api/v1/cases/{code}/triage/propose/": t("pengaduan_lain pengaduan", "manajer", _intake),
    "POST /api/v1/cases/{code}/triage/decide/": t("kepala", "penghubung pengaduan", _intake),
    # The worklist and the case.
    "GET /api/v1/cases/": t("manajer pengaduan kepala", "penghubung operator pimpinan"),
    "GET /api/v1/cases/{code}/": t("psikolog kepala", "anonymous operator admin manajer_lain"),
    "GET /api/v1/cases/{code}/access-history/": t("kepala dpo manajer", "psikolog hukum manajer_lain pimpinan"),
    "POST /api/v1/cases/{code}/team/": t("kepala", "manajer_lain"),
    "DELETE /api/v1/cases/{code}/team/{user_code}/": t("kepala", "pimpinan manajer"),
    "POST /api/v1/cases/{code}/police-report/": t("hukum kepala", "admin"),
    "POST /api/v1/cases/{code}/registry/": t("kepala", "penghubung"),
    # People.
    "POST /api/v1/cases/{code}/people/": t("manajer kepala", "pimpinan"),
    "GET /api/v1/cases/{code}/people/matches/": t("manajer kepala", "manajer_lain"),
    "PATCH /api/v1/people/{code}/": t("manajer kepala", "admin"),
    "POST /api/v1/people/{code}/relations/": t("manajer kepala", "penghubung"),
    # Case management.
    "GET /api/v1/cases/{code}/outreach-visits/": t(TEAM, "pimpinan"),
    "POST /api/v1/cases/{code}/outreach-visits/": t("manajer kepala", "admin"),
    "GET /api/v1/cases/{code}/health-services/": t(TEAM, "penghubung"),
    "POST /api/v1/cases/{code}/health-services/": t("manajer kepala", "manajer_lain"),
    "POST /api/v1/health-services/{code}/complete/": t("psikolog kepala", "pimpinan"),
    "GET /api/v1/cases/{code}/assessments/": t(TEAM, "admin"),
    "POST /api/v1/cases/{code}/assessments/": t("manajer kepala", "penghubung"),
    "GET /api/v1/cases/{code}/plan/": t(TEAM, "manajer_lain"),
    "POST /api/v1/cases/{code}/plan/items/": t("manajer kepala", "pimpinan"),
    "POST /api/v1/plan-items/{code}/status/": t("manajer kepala", "admin"),
    "DELETE /api/v1/plan-items/{code}/": t("manajer", "penghubung pimpinan"),
    # Workflows that don't lose the user (issue 13 §4).
    "PUT /api/v1/plan-items/{code}/": t("manajer kepala", "manajer_lain"),
    "POST /api/v1/cases/{code}/plan/submit/": t("manajer kepala", "manajer_lain"),
    "POST /api/v1/cases/{code}/plan/approve/": t("kepala", "admin manajer"),
    "POST /api/v1/cases/{code}/plan/return/": t("kepala", "penghubung"),
    # Legal.
    "GET /api/v1/cases/{code}/legal-events/": t(TEAM, "pimpinan"),
    "POST /api/v1/cases/{code}/legal-events/": t("hukum kepala", "admin"),
    "GET /api/v1/cases/{code}/mediations/": t(TEAM, "penghubung"),
    "POST /api/v1/cases/{code}/mediations/": t("manajer kepala", "manajer_lain"),
    "POST /api/v1/mediations/{code}/sessions/": t("manajer kepala", "pimpinan"),
    "POST /api/v1/mediations/{code}/follow-ups/": t("manajer kepala", "admin"),
    "POST /api/v1/mediations/{code}/close/": t("manajer kepala", "penghubung"),
    "GET /api/v1/cases/{code}/restitutions/": t(TEAM, "manajer_lain"),
    "PUT /api/v1/cases/{code}/restitutions/": t("hukum kepala", "pimpinan"),
    "GET /api/v1/cases/{code}/accompaniments/": t(TEAM, "admin"),
    "POST /api/v1/cases/{code}/accompaniments/": t("hukum kepala", "penghubung"),
    "GET /api/v1/cases/{code}/legal-aid/": t(TEAM, "manajer_lain"),
    "POST /api/v1/cases/{code}/legal-aid/": t("hukum kepala", "pimpinan"),
    "PUT /api/v1/legal-aid/{code}/": t("hukum kepala", "admin"),
    "POST /api/v1/legal-aid/{code}/end/": t("hukum kepala", "penghubung"),
    # Protection and recovery.
    "GET /api/v1/cases/{code}/psych-sessions/": t(TEAM, "manajer_lain"),
    "POST /api/v1/cases/{code}/psych-sessions/": t("psikolog kepala", "manajer pimpinan"),
    "GET /api/v1/cases/{code}/shelter-stays/": t(TEAM, "admin"),
    "POST /api/v1/cases/{code}/shelter-stays/": t("manajer kepala", "penghubung"),
    "POST /api/v1/shelter-stays/{code}/discharge/": t("manajer kepala", "manajer_lain"),
    "GET /api/v1/cases/{code}/consents/": t(TEAM, "pimpinan"),
    "POST /api/v1/cases/{code}/consents/": t("manajer kepala", "admin"),
    "GET /api/v1/cases/{code}/victims/{person}/rights/": t(TEAM, "penghubung"),
    "PUT /api/v1/cases/{code}/victims/{person}/rights/{right}/": t("psikolog kepala", "manajer_lain"),
    # Attachments.
    "GET /api/v1/cases/{code}/attachments/": t(TEAM, "pimpinan"),
    "POST /api/v1/cases/{code}/attachments/": t("manajer kepala", "admin"),
    "GET /api/v1/attachments/{code}/download/": t("hukum kepala", "penghubung"),
    "DELETE /api/v1/attachments/{code}/": t("manajer", "manajer_lain pimpinan"),
    # Closure and monitoring.
    "GET /api/v1/cases/{code}/closure/": t(TEAM, "admin"),
    "POST /api/v1/cases/{code}/closure/request/": t("manajer kepala", "penghubung"),
    "POST /api/v1/cases/{code}/closure/approve/": t("kepala", "manajer_lain manajer"),
    "POST /api/v1/cases/{code}/closure/return/": t("kepala", "pimpinan"),
    "POST /api/v1/cases/{code}/reopen/": t("kepala", "admin manajer", _closed),
    "POST /api/v1/follow-ups/{code}/": t("manajer kepala", "penghubung"),
    # Referrals, staff side.
    "GET /api/v1/cases/{code}/referrals/": t(TEAM, "penghubung"),
    "POST /api/v1/cases/{code}/referrals/": t("manajer kepala", "pimpinan"),
    "GET /api/v1/referrals/overview/": t("kepala", "penghubung"),
    "GET /api/v1/referrals/{code}/": t("manajer kepala", "penghubung admin"),
    "POST /api/v1/referrals/{code}/send/": t("manajer kepala", "manajer_lain", lambda w, o: o.referral_draft.code),
    # Workflows that don't lose the user (issue 13 §4).
    "PUT /api/v1/referrals/{code}/": t("manajer kepala", "manajer_lain", lambda w, o: o.referral_draft.code),
    "POST /api/v1/referrals/{code}/revoke/": t("manajer kepala", "penghubung"),
    "GET /api/v1/referrals/{code}/letter/": t("manajer kepala", "pimpinan"),
    "GET /api/v1/referrals/{code}/action-files/{file}/": t("manajer kepala", "admin"),
    # The liaison's inbox.
    "GET /api/v1/inbox/referrals/": t("penghubung", "manajer"),
    "GET /api/v1/inbox/referrals/{code}/": t("penghubung", "kepala"),
    "POST /api/v1/inbox/referrals/{code}/accept/": t("penghubung", "manajer", lambda w, o: o.referral_sent.code),
    "POST /api/v1/inbox/referrals/{code}/decline/": t("penghubung", "kepala", lambda w, o: o.referral_sent.code),
    "POST /api/v1/inbox/referrals/{code}/actions/": t("penghubung", "pimpinan"),
    "POST /api/v1/inbox/referrals/{code}/complete/": t("penghubung", "admin"),
    "GET /api/v1/inbox/referrals/{code}/letter/": t("penghubung", "manajer"),
    "GET /api/v1/inbox/referrals/{code}/action-files/{file}/": t("penghubung", "kepala"),
    # Statistics and SIMFONI.
    "GET /api/v1/statistics/": t("pimpinan operator kepala", "penghubung"),
    "GET /api/v1/simfoni/cases/": t("operator kepala", "pimpinan"),
    "POST /api/v1/simfoni/cases/{code}/entered/": t("operator kepala", "manajer_lain"),
    # The breach register (the head and the data protection officer).
    "GET /api/v1/data-protection/incidents/": t("dpo kepala", "manajer admin"),
    "POST /api/v1/data-protection/incidents/": t("dpo kepala", "penghubung pimpinan"),
    "GET /api/v1/data-protection/incidents/{code}/": t("dpo kepala", "admin"),
    "POST /api/v1/data-protection/incidents/{code}/close/": t("dpo kepala", "manajer"),
    "POST /api/v1/data-protection/incidents/{code}/notices/": t("dpo kepala", "operator"),
    "GET /api/v1/data-protection/notices/{code}/": t("dpo kepala", "penghubung"),
    "GET /api/v1/data-protection/notices/{code}/letter/": t("dpo kepala", "pimpinan"),
    "POST /api/v1/data-protection/notices/{code}/sent/": t("dpo kepala", "manajer_lain"),
    # Data-subject requests (the head and the data protection officer).
    "GET /api/v1/data-protection/requests/": t("dpo kepala", "manajer pimpinan"),
    "POST /api/v1/data-protection/requests/": t("dpo kepala", "admin"),
    "GET /api/v1/data-protection/requests/{code}/": t("dpo kepala", "psikolog"),
    "POST /api/v1/data-protection/requests/{code}/decide/": t("dpo kepala", "manajer"),
    "POST /api/v1/data-protection/requests/{code}/correct/": t("dpo kepala", "penghubung"),
    "POST /api/v1/data-protection/requests/{code}/lift-restriction/": t("dpo kepala", "operator"),
    "GET /api/v1/data-protection/requests/{code}/data/": t("dpo kepala", "hukum"),
    "GET /api/v1/data-protection/requests/{code}/data.pdf": t("dpo kepala", "pimpinan"),
    # The record of processing and the DPIA (read by both; the DPIA written by the DPO alone).
    "GET /api/v1/data-protection/processing-record/": t("dpo kepala", "manajer pimpinan"),
    "GET /api/v1/data-protection/dpia/": t("dpo kepala", "admin"),
    "POST /api/v1/data-protection/dpia/": t("dpo", "kepala penghubung"),
    "GET /api/v1/data-protection/dpia/{version}/": t("dpo kepala", "operator"),
    # Retention and destruction (the head and the data protection officer).
    "GET /api/v1/data-protection/retention/worklist/": t("dpo kepala", "manajer"),
    "POST /api/v1/data-protection/retention/holds/": t("kepala dpo", "psikolog"),
    "POST /api/v1/data-protection/retention/holds/{code}/lift/": t("kepala dpo", "hukum"),
    "GET /api/v1/data-protection/retention/batches/": t("dpo kepala", "admin"),
    "POST /api/v1/data-protection/retention/batches/": t("dpo kepala", "operator"),
    "GET /api/v1/data-protection/retention/batches/{code}/": t("dpo kepala", "pimpinan"),
    "POST /api/v1/data-protection/retention/batches/{code}/approval/": t("dpo kepala", "penghubung"),
    "POST /api/v1/data-protection/retention/batches/{code}/execute/": t("kepala dpo", "manajer_lain"),
    "GET /api/v1/data-protection/retention/batches/{code}/berita-acara/": t("dpo kepala", "manajer"),
    # Coordination (issue 18): case conferences, the liaison's part, action items, task-force meetings.
    "GET /api/v1/coordination/cases/{code}/conferences/": t(TEAM, "penghubung"),
    "POST /api/v1/coordination/cases/{code}/conferences/": t("manajer kepala", "psikolog pimpinan"),
    "GET /api/v1/coordination/conferences/{code}/": t(TEAM, "penghubung admin"),
    "POST /api/v1/coordination/conferences/{code}/hold/": t("manajer kepala", "manajer_lain", _scheduled),
    "POST /api/v1/coordination/conferences/{code}/cancel/": t("manajer kepala", "pimpinan", _scheduled),
    "POST /api/v1/coordination/conferences/{code}/decisions/": t("manajer kepala", "admin"),
    "POST /api/v1/coordination/conferences/{code}/action-items/": t("manajer kepala", "penghubung"),
    "POST /api/v1/coordination/conferences/{code}/attendance/{attendance}/": t(
        "penghubung manajer kepala", "manajer_lain"
    ),
    "GET /api/v1/coordination/portal/conferences/{code}/": t("penghubung", "kepala"),
    "GET /api/v1/coordination/action-items/": t("penghubung manajer kepala", "admin pimpinan"),
    "GET /api/v1/coordination/action-items/{code}/": t("penghubung psikolog kepala", "manajer_lain"),
    "POST /api/v1/coordination/action-items/{code}/status/": t("penghubung manajer kepala", "pimpinan"),
    "GET /api/v1/coordination/meetings/": t("kepala pimpinan", "manajer"),
    # Inter-agency accountability (issue 18 §2-3).
    "GET /api/v1/taskforce-reports/": t("kepala pimpinan penghubung", "operator manajer"),
    "POST /api/v1/taskforce-reports/": t("kepala pimpinan", "penghubung operator"),
    "GET /api/v1/taskforce-reports/{code}/": t("kepala penghubung", "manajer dpo"),
    "GET /api/v1/kla-packs/": t("kepala operator pimpinan", "penghubung manajer"),
    "POST /api/v1/kla-packs/": t("kepala operator", "pimpinan penghubung"),
    "GET /api/v1/kla-packs/{code}/": t("operator pimpinan", "penghubung admin"),
    "POST /api/v1/coordination/meetings/": t("kepala", "penghubung manajer"),
    "GET /api/v1/coordination/meetings/{code}/": t("kepala pimpinan", "admin"),
    "POST /api/v1/coordination/meetings/{code}/decisions/": t("kepala", "pimpinan"),
    "POST /api/v1/coordination/meetings/{code}/action-items/": t("kepala", "operator"),
}
