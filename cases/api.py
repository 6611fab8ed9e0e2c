"""Case API: the same services and selectors as the pages, so the same rules.

Staff part: one view per operation. An object outside the user's scope is a 404 (selectors); an
action the user may not take on an object they can see is a 403 (``has_perm``). A service's
ValidationError becomes a 400 with ``errors`` by field (uptdppa/api.py).

Public part (no login): the complaint form and the status lookup for a future mobile app, with
the same validation, honeypot and per-address limits as the pages (cases/views/public.py).
"""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from uptdppa.accounts.models import Organisation, User
from uptdppa.audit import log_access_many

from . import services
from .access import cases_visible_to
from .models import Case, PublicAction
from .selectors import (
    WorklistFilters,
    case_get_for_user,
    case_worklist_for_user,
    intake_queue_for_user,
    person_get_for_user,
    person_matches_for_user,
    public_status_lookup,
)
from .serializers import (
    ERRORS,
    CaseDetailOutput,
    CaseSummaryOutput,
    ErrorOutput,
    IntakeInput,
    PerpetratorRelationInput,
    PerpetratorRelationOutput,
    PersonAddInput,
    PersonInput,
    PersonMatchesOutput,
    PersonMatchFilter,
    PersonResultOutput,
    PoliceReportInput,
    PublicComplaintInput,
    PublicReceiptOutput,
    PublicStatusInput,
    PublicStatusOutput,
    TeamAddInput,
    TeamMemberOutput,
    TriageDecideInput,
    TriageProposeInput,
    WorklistFilter,
)
from .views.public import (
    HONEYPOT_FIELD,
    NOT_RECOGNISED,
    STATUS_SENTENCES,
    THROTTLED_MESSAGE,
    complaint_arguments,
    decoy_receipt,
    service_errors,
    throttle_exceeded,
    throttle_record,
)

# --- Helpers -----------------------------------------------------------------------------------


def _case_for_action(request: Request, code: UUID, permission: str) -> Case:
    """The case if the user may see it (else 404) and take this action on it (else 403)."""
    case = case_get_for_user(user=request.user, code=code)
    if not request.user.has_perm(permission, case):
        raise PermissionDenied
    return case


def _require(request: Request, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _visible_case_codes(user: Any, codes: set[str]) -> set[str]:
    """Which of these case codes ``user`` may see (a local read: one query, nothing logged)."""
    if not codes:
        return set()
    visible = cases_visible_to(user).filter(code__in=codes).values_list("code", flat=True)
    return {str(code) for code in visible}


def _case_detail(user: Any, case: Case) -> dict[str, Any]:
    linked = {str(e.data["duplicate"]) for e in case.events.all() if "duplicate" in e.data}
    if case.duplicate_of is not None:
        linked.add(str(case.duplicate_of.code))
    context = {"visible_case_codes": _visible_case_codes(user, linked)}
    return CaseDetailOutput(case, context=context).data  # type: ignore[return-value]


class _Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100


def _paginated(request: Request, view: APIView, cases: QuerySet[Case], detail: dict[str, Any]) -> Response:
    """One page of cases; every case on it is logged as read (a search without its terms)."""
    paginator = _Pagination()
    page = paginator.paginate_queryset(cases, request, view=view) or []
    log_access_many(page, actor=request.user, detail={**detail, "api": True})
    return paginator.get_paginated_response(CaseSummaryOutput(page, many=True).data)


def _organisation(code: UUID | None, field: str) -> Organisation | None:
    if code is None:
        return None
    organisation = Organisation.objects.filter(code=code).first()
    if organisation is None:
        raise exceptions.ValidationError({field: [_("Unknown organisation.")]})
    return organisation


# --- Intake ------------------------------------------------------------------------------------


class IntakeApi(APIView):
    """The intake queue (complaints awaiting triage), and a complaint taken by staff."""

    pagination_class = _Pagination

    @extend_schema(responses=CaseSummaryOutput(many=True))
    def get(self, request: Request) -> Response:
        _require(request, "cases.register_intake")
        return _paginated(request, self, intake_queue_for_user(user=request.user), {"list": "intakes"})

    @extend_schema(
        request=IntakeInput,
        responses={201: CaseSummaryOutput, **ERRORS},
        examples=[
            OpenApiExample(
                "A phone call from a neighbour",
                request_only=True,
                value={
                    "channel": "telepon",
                    "received_at": "2026-03-02T09:15:00+07:00",
                    "chronology": "Tetangga mendengar anak menangis dan dipukul setiap malam.",
                    "incident_date": "2026-03-01",
                    "incident_date_precision": "exact",
                    "incident_region": "15.71.01.1001",
                    "scene": "rumah_tangga",
                    "reporter_relation": "tetangga",
                    "reporter": {"full_name": "Siti Aminah", "phone": "0812 3456 7890", "phone_is_whatsapp": True},
                },
            )
        ],
    )
    def post(self, request: Request) -> Response:
        _require(request, "cases.register_intake")
        data = IntakeInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["referring_organisation"] = _organisation(values.get("referring_organisation"), "referring_organisation")
        values["reporter"] = values.get("reporter") or None
        case = services.intake_register(actor=cast(User, request.user), **values)
        return Response(CaseSummaryOutput(case).data, status=status.HTTP_201_CREATED)


# --- Cases -------------------------------------------------------------------------------------


class CaseListApi(APIView):
    """The worklist: the cases and complaints the user may see, filtered, sorted and paginated."""

    pagination_class = _Pagination

    @extend_schema(parameters=[WorklistFilter], responses={200: CaseSummaryOutput(many=True), 400: ErrorOutput})
    def get(self, request: Request) -> Response:
        data = WorklistFilter(data=request.query_params)
        data.is_valid(raise_exception=True)
        f = data.validated_data
        filters = WorklistFilters(
            status=f.get("status", ""),
            risk=f.get("risk", ""),
            overdue=f.get("overdue", False),
            assigned_to_me=f.get("assigned_to_me", False),
            violence_form=f.get("violence_form", ""),
            kecamatan=f.get("kecamatan"),
            received_from=f.get("received_from"),
            received_to=f.get("received_to"),
            query=f.get("q", ""),
            ordering=f.get("ordering", "-received_at"),
        )
        detail: dict[str, Any] = {"list": "cases"}
        if filters.query.strip():
            detail["search"] = True  # never the searched terms
        return _paginated(request, self, case_worklist_for_user(user=request.user, filters=filters), detail)


class CaseDetailApi(APIView):
    @extend_schema(responses={200: CaseDetailOutput, 404: ErrorOutput})
    def get(self, request: Request, code: UUID) -> Response:
        case = case_get_for_user(user=request.user, code=code)
        return Response(_case_detail(request.user, case))


class TriageProposeApi(APIView):
    @extend_schema(
        request=TriageProposeInput,
        responses={200: CaseSummaryOutput, **ERRORS},
        examples=[
            OpenApiExample(
                "A child at high risk",
                request_only=True,
                value={"case_type": "ampk", "risk": "tinggi", "authority": "daerah", "note": "Anak masih serumah."},
            )
        ],
    )
    def post(self, request: Request, code: UUID) -> Response:
        case = _case_for_action(request, code, "cases.propose_triage")
        data = TriageProposeInput(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.triage_propose(actor=request.user, case=case, **data.validated_data)
        return Response(CaseSummaryOutput(case).data)


class TriageDecideApi(APIView):
    @extend_schema(
        request=TriageDecideInput,
        responses={200: CaseSummaryOutput, **ERRORS},
        examples=[
            OpenApiExample(
                "Accepted as a case",
                request_only=True,
                value={"outcome": "accepted", "case_type": "ampk", "risk": "tinggi", "authority": "daerah"},
            ),
            OpenApiExample(
                "Outside the mandate, referred on",
                request_only=True,
                value={
                    "outcome": "outside_mandate",
                    "note": "Sengketa warisan; diberi informasi tentang LBH.",
                    "referred_to": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                },
            ),
        ],
    )
    def post(self, request: Request, code: UUID) -> Response:
        case = _case_for_action(request, code, "cases.decide_triage")
        data = TriageDecideInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["referred_to"] = _organisation(values.get("referred_to"), "referred_to")
        original_code = values.pop("duplicate_of", None)
        original = None
        if original_code is not None:
            original = cases_visible_to(request.user).filter(code=original_code).first()
            if original is None:
                raise exceptions.ValidationError({"duplicate_of": [_("Choose a case you can see.")]})
        case = services.triage_decide(actor=request.user, case=case, duplicate_of=original, **values)
        return Response(CaseSummaryOutput(case).data)


class TeamAddApi(APIView):
    @extend_schema(
        request=TeamAddInput,
        responses={201: TeamMemberOutput, **ERRORS},
        examples=[
            OpenApiExample(
                "A case manager",
                request_only=True,
                value={"user": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "team_role": "manajer_kasus"},
            )
        ],
    )
    def post(self, request: Request, code: UUID) -> Response:
        case = _case_for_action(request, code, "cases.assign_team")
        data = TeamAddInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = User.objects.filter(code=data.validated_data["user"], is_active=True).first()
        if user is None:
            raise exceptions.ValidationError({"user": [_("Unknown user.")]})
        member = services.case_team_add(
            actor=request.user, case=case, user=user, team_role=data.validated_data["team_role"]
        )
        return Response(TeamMemberOutput(member).data, status=status.HTTP_201_CREATED)


class TeamRemoveApi(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("user_code", UUID, OpenApiParameter.PATH, description=_("Code of the member"))],
        responses={204: None, 403: ErrorOutput, 404: ErrorOutput},
    )
    def delete(self, request: Request, code: UUID, user_code: UUID) -> Response:
        case = _case_for_action(request, code, "cases.assign_team")
        member = case.team.filter(user__code=user_code).select_related("user", "case").first()
        if member is None:
            raise Http404
        services.case_team_remove(actor=request.user, member=member)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PoliceReportApi(APIView):
    @extend_schema(
        request=PoliceReportInput,
        responses={200: CaseSummaryOutput, **ERRORS},
        examples=[
            OpenApiExample(
                "A police report (LP)",
                request_only=True,
                value={
                    "number": "LP/B/123/III/2026/SPKT/POLRESTA JAMBI",
                    "report_date": "2026-03-03",
                    "unit": "Unit PPA Satreskrim Polresta Jambi",
                },
            )
        ],
    )
    def post(self, request: Request, code: UUID) -> Response:
        case = _case_for_action(request, code, "cases.record_police_report")
        data = PoliceReportInput(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.case_record_police_report(actor=request.user, case=case, **data.validated_data)
        return Response(CaseSummaryOutput(case).data)


# --- People ------------------------------------------------------------------------------------

_PERSON_EXAMPLE = {
    "full_name": "Putri Ramadhani",
    "nik": "1571015708150001",
    "birth_date": "2015-08-17",
    "sex": "P",
    "region": "15.71.01.1001",
    "education": "sd",
    "violence_forms": ["fisik", "psikis"],
    "protection_categories": ["i"],
}


class PersonAddApi(APIView):
    @extend_schema(
        request=PersonAddInput,
        responses={201: PersonResultOutput, **ERRORS},
        examples=[OpenApiExample("A child victim", request_only=True, value={"role": "korban", **_PERSON_EXAMPLE})],
    )
    def post(self, request: Request, code: UUID) -> Response:
        case = _case_for_action(request, code, "cases.edit_people")
        data = PersonAddInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.person_add(actor=request.user, case=case, **data.validated_data)
        body = {"person": result.person, "warnings": result.warnings}
        return Response(PersonResultOutput(body).data, status=status.HTTP_201_CREATED)


class PersonUpdateApi(APIView):
    @extend_schema(
        request=PersonInput,
        responses={200: PersonResultOutput, **ERRORS},
        examples=[
            OpenApiExample(
                "A corrected date of birth",
                request_only=True,
                value={"birth_date": "2015-08-18", "violence_forms": ["fisik", "psikis", "perundungan"]},
            )
        ],
    )
    def patch(self, request: Request, code: UUID) -> Response:
        person = person_get_for_user(user=request.user, code=code)
        if not request.user.has_perm("cases.edit_people", person.case):
            raise PermissionDenied
        data = PersonInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        result = services.person_update(actor=request.user, person=person, **data.validated_data)
        body = {"person": result.person, "warnings": result.warnings}
        return Response(PersonResultOutput(body).data)


class PerpetratorRelationApi(APIView):
    @extend_schema(
        request=PerpetratorRelationInput,
        responses={201: PerpetratorRelationOutput, **ERRORS},
        examples=[
            OpenApiExample(
                "A stepfather",
                request_only=True,
                value={"perpetrator": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "relation": "ayah_tiri"},
            )
        ],
    )
    def post(self, request: Request, code: UUID) -> Response:
        victim = person_get_for_user(user=request.user, code=code)
        if not request.user.has_perm("cases.edit_people", victim.case):
            raise PermissionDenied
        data = PerpetratorRelationInput(data=request.data)
        data.is_valid(raise_exception=True)
        perpetrator = victim.case.people.filter(code=data.validated_data["perpetrator"]).first()
        if perpetrator is None:
            raise exceptions.ValidationError({"perpetrator": [_("Choose a person of the same case.")]})
        link = services.perpetrator_relation_set(
            actor=request.user, victim=victim, perpetrator=perpetrator, relation=data.validated_data["relation"]
        )
        return Response(PerpetratorRelationOutput(link).data, status=status.HTTP_201_CREATED)


class PersonMatchesApi(APIView):
    """Search before create: people matching a NIK, a phone, or name words (+ year of birth)."""

    @extend_schema(parameters=[PersonMatchFilter], responses={200: PersonMatchesOutput, **ERRORS})
    def get(self, request: Request) -> Response:
        _require(request, "cases.view_worklist")
        data = PersonMatchFilter(data=request.query_params)
        data.is_valid(raise_exception=True)
        f = data.validated_data
        matches = person_matches_for_user(
            user=request.user,
            nik=f.get("nik", ""),
            phone=f.get("phone", ""),
            name=f.get("name", ""),
            birth_year=f.get("birth_year"),
        )
        return Response(PersonMatchesOutput(matches).data)


# --- Public (no login) -------------------------------------------------------------------------


class PublicComplaintApi(APIView):
    """A complaint from the public, as on the form at /pengaduan/. Answers the tracking code and
    the PIN once; limited per client address; the honeypot field must stay empty."""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=PublicComplaintInput,
        responses={201: PublicReceiptOutput, 400: ErrorOutput, 429: ErrorOutput},
        auth=[],
        examples=[
            OpenApiExample(
                "An anonymous complaint",
                request_only=True,
                value={
                    "chronology": "Anak tetangga sering dipukul dan tidak sekolah.",
                    "incident_region": "15.71.01.1001",
                    "victim_age": 9,
                    "victim_sex": "P",
                    "reporter_anonymous": True,
                    "reporter_relation": "tetangga",
                    "acknowledgement": True,
                },
            ),
            OpenApiExample("The receipt", response_only=True, value={"tracking_code": "K7MQ2XR9TB", "pin": "042917"}),
        ],
    )
    def post(self, request: Request) -> Response:
        if throttle_exceeded(request, PublicAction.COMPLAINT):
            raise exceptions.Throttled(detail=THROTTLED_MESSAGE)
        if hasattr(request.data, "get") and request.data.get(HONEYPOT_FIELD):
            throttle_record(request, PublicAction.COMPLAINT)
            code, pin = decoy_receipt()
            return Response({"tracking_code": code, "pin": pin}, status=status.HTTP_201_CREATED)
        data = PublicComplaintInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            case, pin = services.intake_submit_public(**complaint_arguments(data.validated_data))
        except DjangoValidationError as exc:
            errors = service_errors(exc)
            raise exceptions.ValidationError(
                {name or "non_field_errors": msgs for name, msgs in errors.items()}
            ) from exc
        throttle_record(request, PublicAction.COMPLAINT)
        return Response({"tracking_code": case.tracking_code, "pin": pin}, status=status.HTTP_201_CREATED)


class PublicStatusApi(APIView):
    """The status of a complaint for its tracking code and PIN: a status value, never content."""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=PublicStatusInput,
        responses={200: PublicStatusOutput, 400: ErrorOutput, 404: ErrorOutput, 429: ErrorOutput},
        auth=[],
        examples=[
            OpenApiExample("A lookup", request_only=True, value={"tracking_code": "K7MQ2XR9TB", "pin": "042917"}),
        ],
    )
    def post(self, request: Request) -> Response:
        if throttle_exceeded(request, PublicAction.STATUS):
            raise exceptions.Throttled(detail=THROTTLED_MESSAGE)
        throttle_record(request, PublicAction.STATUS)
        data = PublicStatusInput(data=request.data)
        data.is_valid(raise_exception=True)
        value = public_status_lookup(**data.validated_data)
        if value is None:
            # The same answer for an unknown code and a wrong PIN.
            raise exceptions.NotFound(NOT_RECOGNISED, code="not_recognised")
        return Response({"status": value, "message": str(STATUS_SENTENCES.get(value, ""))})


urlpatterns = [
    path("intakes/", IntakeApi.as_view(), name="intake-list"),
    path("cases/", CaseListApi.as_view(), name="case-list"),
    path("cases/<uuid:code>/", CaseDetailApi.as_view(), name="case-detail"),
    path("cases/<uuid:code>/triage/propose/", TriageProposeApi.as_view(), name="case-triage-propose"),
    path("cases/<uuid:code>/triage/decide/", TriageDecideApi.as_view(), name="case-triage-decide"),
    path("cases/<uuid:code>/team/", TeamAddApi.as_view(), name="case-team-add"),
    path("cases/<uuid:code>/team/<uuid:user_code>/", TeamRemoveApi.as_view(), name="case-team-remove"),
    path("cases/<uuid:code>/police-report/", PoliceReportApi.as_view(), name="case-police-report"),
    path("cases/<uuid:code>/people/", PersonAddApi.as_view(), name="case-person-add"),
    path("people/matches/", PersonMatchesApi.as_view(), name="person-matches"),
    path("people/<uuid:code>/", PersonUpdateApi.as_view(), name="person-update"),
    path("people/<uuid:code>/relations/", PerpetratorRelationApi.as_view(), name="person-relation-add"),
    path("public/complaints/", PublicComplaintApi.as_view(), name="public-complaint"),
    path("public/complaints/status/", PublicStatusApi.as_view(), name="public-complaint-status"),
]
