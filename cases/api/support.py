"""Case management API (issue 4): outreach visits, health services, assessments and the
intervention plan with the head's approval. The same services and selectors as the pages.

People, users and organisations are named by their codes (UUID), regions by their Kemendagri
code (e.g. 15.71.01.1001); no database id goes in or out.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases import services
from cases.models import Case, HealthServiceKind, InterventionPlan, Person, PlanItem, PlanItemStatus
from cases.selectors import case_get_for_user
from cases.selectors.support import (
    assessments,
    case_victim,
    health_service_get_for_user,
    health_services,
    outreach_visits,
    plan_item_get_for_user,
    plan_item_is_overdue,
    plan_of,
    plan_required,
)
from cases.serializers import (
    ERRORS,
    ErrorOutput,
    OptionalTextOutput,
    OrganisationBriefOutput,
    RegionOutput,
    UserBriefOutput,
    kelurahan_field,
)
from cases.vocabularies import ServiceType
from uptdppa.accounts.models import Organisation, User

from .common import organisation_by_code

# --- Output -------------------------------------------------------------------------------------


class OutreachVisitOutput(serializers.Serializer):
    code = serializers.UUIDField()
    visited_on = serializers.DateField()
    team = UserBriefOutput(many=True)
    region = RegionOutput(allow_null=True)
    place_other = serializers.CharField(allow_null=True)
    purpose = serializers.CharField()
    is_emergency = serializers.BooleanField()
    partners = OrganisationBriefOutput(many=True)
    result = serializers.CharField(allow_null=True)
    next_step = serializers.CharField(allow_null=True)
    recorded_by = UserBriefOutput(allow_null=True)


class HealthServiceOutput(serializers.Serializer):
    code = serializers.UUIDField()
    victim = serializers.UUIDField(source="victim.code", help_text=_("Code of the victim"))
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    facility = OrganisationBriefOutput(allow_null=True)
    facility_other = OptionalTextOutput()
    requested_on = serializers.DateField()
    done_on = serializers.DateField(allow_null=True)
    is_done = serializers.BooleanField()
    result = serializers.CharField(allow_null=True, help_text=_("E.g. the findings of the visum et repertum"))


class AssessmentOutput(serializers.Serializer):
    code = serializers.UUIDField()
    victim = serializers.UUIDField(source="victim.code", help_text=_("Code of the victim"))
    assessed_on = serializers.DateField()
    assessor = UserBriefOutput()
    physical = serializers.CharField(allow_null=True)
    psychological = serializers.CharField(allow_null=True)
    social = serializers.CharField(allow_null=True)
    economic = serializers.CharField(allow_null=True)
    education = serializers.CharField(allow_null=True)
    spiritual = serializers.CharField(allow_null=True)
    needs_and_hopes = serializers.CharField(allow_null=True, help_text=_("In the victim's own words"))


class PlanItemOutput(serializers.Serializer):
    code = serializers.UUIDField()
    service = serializers.CharField()
    service_label = serializers.CharField(source="get_service_display")
    description = serializers.CharField()
    responsible_user = UserBriefOutput(allow_null=True)
    responsible_organisation = OrganisationBriefOutput(allow_null=True)
    due_on = serializers.DateField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    waive_reason = serializers.CharField(allow_null=True)
    is_overdue = serializers.SerializerMethodField()

    def get_is_overdue(self, item: PlanItem) -> bool:
        return plan_item_is_overdue(item)


class PlanOutput(serializers.Serializer):
    """The plan of a case; before its first item: code null, status draft, no items."""

    code = serializers.UUIDField(allow_null=True)
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    made_with_beneficiary = serializers.BooleanField()
    submitted_by = UserBriefOutput(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    decided_by = UserBriefOutput(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_comment = OptionalTextOutput(help_text=_("The head's comment (why it was returned)"))
    items = PlanItemOutput(many=True, source="item_list")


def plan_body(case: Case, plan: InterventionPlan | None = None) -> dict[str, Any]:
    """The PlanOutput of ``case``'s plan (read again after a change, with its items)."""
    plan = plan_of(case) if plan is None else plan
    if plan is None:
        plan = InterventionPlan(case=case)
        plan.code = None  # type: ignore[assignment]  # no plan yet: no code to show
        plan.item_list = []  # type: ignore[attr-defined]
    else:
        plan.item_list = list(plan.items.all())  # type: ignore[attr-defined]
    return PlanOutput(plan).data  # type: ignore[return-value]


# --- Input --------------------------------------------------------------------------------------


class OutreachInput(serializers.Serializer):
    visited_on = serializers.DateField()
    team = serializers.ListField(child=serializers.UUIDField(), help_text=_("Codes of the staff who went"))
    purpose = serializers.CharField(max_length=200)
    region = kelurahan_field(help_text=_("Kelurahan code in Kota Jambi (or give place_other)"))
    place_other = serializers.CharField(required=False, allow_blank=True, max_length=500)
    is_emergency = serializers.BooleanField(default=False)
    partners = serializers.ListField(
        child=serializers.UUIDField(), required=False, default=list, help_text=_("Organisation codes")
    )
    result = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    next_step = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class HealthServiceInput(serializers.Serializer):
    victim = serializers.UUIDField(help_text=_("Code of a victim of the case"))
    kind = serializers.ChoiceField(choices=HealthServiceKind.choices)
    facility = serializers.UUIDField(required=False, allow_null=True, help_text=_("Code of a health partner"))
    facility_other = serializers.CharField(required=False, allow_blank=True, max_length=200)
    requested_on = serializers.DateField()
    done_on = serializers.DateField(required=False, allow_null=True, help_text=_("When already done (with result)"))
    result = serializers.CharField(required=False, allow_blank=True, max_length=20_000)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (attrs.get("result") or "").strip() and not attrs.get("done_on"):
            raise serializers.ValidationError({"done_on": [_("Give the date the service was done with its result.")]})
        return attrs


class HealthCompleteInput(serializers.Serializer):
    done_on = serializers.DateField()
    result = serializers.CharField(max_length=20_000)


class AssessmentInput(serializers.Serializer):
    victim = serializers.UUIDField(help_text=_("Code of a victim of the case"))
    assessed_on = serializers.DateField()
    physical = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    psychological = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    social = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    economic = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    education = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    spiritual = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    needs_and_hopes = serializers.CharField(
        required=False, allow_blank=True, max_length=20_000, help_text=_("In the victim's own words")
    )


class PlanItemInput(serializers.Serializer):
    """One responsible: a staff member or an organisation, not both."""

    service = serializers.ChoiceField(choices=ServiceType.choices)
    description = serializers.CharField(max_length=300)
    due_on = serializers.DateField()
    responsible_user = serializers.UUIDField(required=False, allow_null=True, help_text=_("Code of a staff member"))
    responsible_organisation = serializers.UUIDField(
        required=False, allow_null=True, help_text=_("Code of an organisation")
    )


class PlanItemStatusInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=PlanItemStatus.choices)
    waive_reason = serializers.CharField(
        required=False, allow_blank=True, max_length=5000, help_text=_("Required when waived")
    )


class PlanSubmitInput(serializers.Serializer):
    made_with_beneficiary = serializers.BooleanField(
        help_text=_("Confirms the plan was made with the beneficiary; required to submit")
    )


class PlanApproveInput(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class PlanReturnInput(serializers.Serializer):
    comment = serializers.CharField(max_length=2000, help_text=_("What should change in the plan"))


# --- Lookups by code ----------------------------------------------------------------------------


def _valid(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


def _users(codes: Iterable[UUID], field: str) -> list[User]:
    wanted = set(codes)
    found = list(User.objects.filter(code__in=wanted))
    if len(found) != len(wanted):
        raise exceptions.ValidationError({field: [_("Unknown user.")]})
    return found


def _user(code: UUID | None, field: str) -> User | None:
    return None if code is None else _users([code], field)[0]


def _organisations(codes: Iterable[UUID], field: str) -> list[Organisation]:
    wanted = set(codes)
    found = list(Organisation.objects.filter(code__in=wanted))
    if len(found) != len(wanted):
        raise exceptions.ValidationError({field: [_("Unknown organisation.")]})
    return found


def _victim(case: Case, code: UUID) -> Person:
    person = case_victim(case, code)
    if person is None:
        raise exceptions.ValidationError({"victim": [_("Choose a person of this case.")]})
    return person


_CODE = OpenApiParameter("code", UUID, OpenApiParameter.PATH, description=_("Code of the case"))


def _record_code(what: str | Promise) -> OpenApiParameter:
    return OpenApiParameter("code", UUID, OpenApiParameter.PATH, description=what)


# --- Views --------------------------------------------------------------------------------------


class OutreachVisitsApi(APIView):
    """Outreach visits (penjangkauan) of a case or of a complaint awaiting triage."""

    @extend_schema(parameters=[_CODE], responses={200: OutreachVisitOutput(many=True), 404: ErrorOutput})
    def get(self, request: Request, code: UUID) -> Response:
        case = case_get_for_user(user=request.user, code=code)
        return Response(OutreachVisitOutput(outreach_visits(case), many=True).data)

    @extend_schema(
        parameters=[_CODE],
        request=OutreachInput,
        responses={201: OutreachVisitOutput, **ERRORS},
        examples=[
            OpenApiExample(
                "A rescue with the police",
                request_only=True,
                value={
                    "visited_on": "2026-03-02",
                    "team": ["3fa85f64-5717-4562-b3fc-2c963f66afa6"],
                    "purpose": "Penjemputan korban",
                    "region": "15.71.01.1001",
                    "is_emergency": True,
                    "partners": ["7c9e6679-7425-40de-944b-e07fc1f90ae7"],
                    "result": "Korban dibawa ke rumah aman.",
                    "next_step": "Asesmen dan visum.",
                },
            )
        ],
    )
    def post(self, request: Request, code: UUID) -> Response:
        case = case_get_for_user(user=request.user, code=code, perm="cases.record_outreach")
        values = _valid(OutreachInput, request)
        values["team"] = _users(values["team"], "team")
        values["partners"] = _organisations(values["partners"], "partners")
        visit = services.outreach_record(actor=request.user, case=case, **values)
        return Response(OutreachVisitOutput(visit).data, status=status.HTTP_201_CREATED)


class HealthServicesApi(APIView):
    """Health services of a case: medical care, visum et repertum, with their results."""

    @extend_schema(parameters=[_CODE], responses={200: HealthServiceOutput(many=True), 404: ErrorOutput})
    def get(self, request: Request, code: UUID) -> Response:
        case = case_get_for_user(user=request.user, code=code)
        return Response(HealthServiceOutput(health_services(case), many=True).data)

    @extend_schema(
        parameters=[_CODE],
        request=HealthServiceInput,
        responses={201: HealthServiceOutput, **ERRORS},
        examples=[
            OpenApiExample(
                "A visum requested at a partner hospital",
                request_only=True,
                value={
                    "victim": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                    "kind": "visum_et_repertum",
                    "facility": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                    "requested_on": "2026-03-02",
                },
            )
        ],
    )
    def post(self, request: Request, code: UUID) -> Response:
        case = case_get_for_user(user=request.user, code=code, perm="cases.record_health_service")
        values = _valid(HealthServiceInput, request)
        values["victim"] = _victim(case, values["victim"])
        values["facility"] = organisation_by_code(values.get("facility"), "facility")
        service = services.health_service_record(actor=request.user, **values)
        return Response(HealthServiceOutput(service).data, status=status.HTTP_201_CREATED)


class HealthServiceCompleteApi(APIView):
    @extend_schema(
        parameters=[_record_code(_("Code of the health service"))],
        request=HealthCompleteInput,
        responses={200: HealthServiceOutput, **ERRORS},
        examples=[
            OpenApiExample(
                "The visum's findings",
                request_only=True,
                value={"done_on": "2026-03-03", "result": "Luka memar pada lengan kiri."},
            )
        ],
    )
    def post(self, request: Request, code: UUID) -> Response:
        service = health_service_get_for_user(user=request.user, code=code, perm="cases.record_health_service")
        values = _valid(HealthCompleteInput, request)
        service = services.health_service_complete(actor=request.user, service=service, **values)
        return Response(HealthServiceOutput(service).data)


class AssessmentsApi(APIView):
    """Biopsychosocial assessments of the victims of a case (the latest per victim is current)."""

    @extend_schema(parameters=[_CODE], responses={200: AssessmentOutput(many=True), 404: ErrorOutput})
    def get(self, request: Request, code: UUID) -> Response:
        case = case_get_for_user(user=request.user, code=code)
        return Response(AssessmentOutput(assessments(case), many=True).data)

    @extend_schema(
        parameters=[_CODE],
        request=AssessmentInput,
        responses={201: AssessmentOutput, **ERRORS},
        examples=[
            OpenApiExample(
                "An assessment",
                request_only=True,
                value={
                    "victim": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                    "assessed_on": "2026-03-04",
                    "physical": "Sehat, memar mulai pulih.",
                    "psychological": "Cemas, sulit tidur.",
                    "social": "Tinggal dengan nenek.",
                    "needs_and_hopes": "Saya ingin tetap sekolah.",
                },
            )
        ],
    )
    def post(self, request: Request, code: UUID) -> Response:
        case = case_get_for_user(user=request.user, code=code, perm="cases.record_assessment")
        values = _valid(AssessmentInput, request)
        victim = _victim(case, values.pop("victim"))
        assessment = services.assessment_record(actor=request.user, victim=victim, **values)
        return Response(AssessmentOutput(assessment).data, status=status.HTTP_201_CREATED)


class PlanApi(APIView):
    @extend_schema(parameters=[_CODE], responses={200: PlanOutput, 404: ErrorOutput})
    def get(self, request: Request, code: UUID) -> Response:
        case = case_get_for_user(user=request.user, code=code)
        return Response(plan_body(case))


class PlanItemsApi(APIView):
    """Add an item to the plan (the first one starts a draft plan), while it is a draft or returned."""

    @extend_schema(
        parameters=[_CODE],
        request=PlanItemInput,
        responses={201: PlanItemOutput, **ERRORS},
        examples=[
            OpenApiExample(
                "Legal aid by a partner",
                request_only=True,
                value={
                    "service": "bantuan_hukum",
                    "description": "Pendampingan pemeriksaan di Unit PPA",
                    "due_on": "2026-03-20",
                    "responsible_organisation": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                },
            )
        ],
    )
    def post(self, request: Request, code: UUID) -> Response:
        case = case_get_for_user(user=request.user, code=code, perm="cases.edit_plan")
        values = _valid(PlanItemInput, request)
        values["responsible_user"] = _user(values.get("responsible_user"), "responsible_user")
        values["responsible_organisation"] = organisation_by_code(
            values.get("responsible_organisation"), "responsible_organisation"
        )
        item = services.plan_item_add(actor=request.user, case=case, **values)
        return Response(PlanItemOutput(item).data, status=status.HTTP_201_CREATED)


class PlanItemApi(APIView):
    @extend_schema(
        parameters=[_record_code(_("Code of the plan item"))],
        request=PlanItemInput,
        responses={200: PlanItemOutput, **ERRORS},
        description=str(_("Change an item while the plan is a draft or returned: every field, as when adding it.")),
    )
    def put(self, request: Request, code: UUID) -> Response:
        item = plan_item_get_for_user(user=request.user, code=code, perm="cases.edit_plan")
        values = _valid(PlanItemInput, request)
        values["responsible_user"] = _user(values.get("responsible_user"), "responsible_user")
        values["responsible_organisation"] = organisation_by_code(
            values.get("responsible_organisation"), "responsible_organisation"
        )
        item = services.plan_item_edit(actor=request.user, item=item, **values)
        return Response(PlanItemOutput(item).data)

    @extend_schema(
        parameters=[_record_code(_("Code of the plan item"))],
        responses={204: None, 400: ErrorOutput, 403: ErrorOutput, 404: ErrorOutput},
    )
    def delete(self, request: Request, code: UUID) -> Response:
        item = plan_item_get_for_user(user=request.user, code=code, perm="cases.edit_plan")
        services.plan_item_remove(actor=request.user, item=item)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PlanItemStatusApi(APIView):
    """Follow an item of an approved plan: in progress, done, or waived with the reason."""

    @extend_schema(
        parameters=[_record_code(_("Code of the plan item"))],
        request=PlanItemStatusInput,
        responses={200: PlanItemOutput, **ERRORS},
        examples=[
            OpenApiExample("Done", request_only=True, value={"status": "done"}),
            OpenApiExample(
                "Waived", request_only=True, value={"status": "waived", "waive_reason": "Korban menolak layanan."}
            ),
        ],
    )
    def post(self, request: Request, code: UUID) -> Response:
        item = plan_item_get_for_user(user=request.user, code=code, perm="cases.edit_plan")
        values = _valid(PlanItemStatusInput, request)
        item = services.plan_item_set_status(actor=request.user, item=item, **values)
        return Response(PlanItemOutput(item).data)


class PlanSubmitApi(APIView):
    @extend_schema(
        parameters=[_CODE],
        request=PlanSubmitInput,
        responses={200: PlanOutput, **ERRORS},
        examples=[
            OpenApiExample("Made with the beneficiary", request_only=True, value={"made_with_beneficiary": True})
        ],
    )
    def post(self, request: Request, code: UUID) -> Response:
        case = case_get_for_user(user=request.user, code=code, perm="cases.edit_plan")
        values = _valid(PlanSubmitInput, request)
        services.plan_submit(actor=request.user, plan=plan_required(case), **values)
        return Response(plan_body(case))


class PlanApproveApi(APIView):
    """The head of the unit approves a submitted plan."""

    @extend_schema(parameters=[_CODE], request=PlanApproveInput, responses={200: PlanOutput, **ERRORS})
    def post(self, request: Request, code: UUID) -> Response:
        case = case_get_for_user(user=request.user, code=code, perm="cases.approve_plan")
        values = _valid(PlanApproveInput, request)
        services.plan_approve(actor=request.user, plan=plan_required(case), **values)
        return Response(plan_body(case))


class PlanReturnApi(APIView):
    """The head of the unit returns a submitted plan with what should change."""

    @extend_schema(
        parameters=[_CODE],
        request=PlanReturnInput,
        responses={200: PlanOutput, **ERRORS},
        examples=[OpenApiExample("Returned", request_only=True, value={"comment": "Tambahkan layanan hukum."})],
    )
    def post(self, request: Request, code: UUID) -> Response:
        case = case_get_for_user(user=request.user, code=code, perm="cases.approve_plan")
        values = _valid(PlanReturnInput, request)
        services.plan_return(actor=request.user, plan=plan_required(case), **values)
        return Response(plan_body(case))
