"""Complaints, triage, the case team and the police report."""

from __future__ import annotations

from typing import cast
from uuid import UUID

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases import services
from cases.access import cases_visible_to
from cases.selectors import case_get_for_user, case_team_member, intake_queue_for_user
from cases.serializers import (
    ERRORS,
    CaseSummaryOutput,
    ErrorOutput,
    IntakeInput,
    PoliceReportInput,
    RegistryInput,
    TeamAddInput,
    TeamMemberOutput,
    TriageDecideInput,
    TriageProposeInput,
)
from uptdppa.accounts.models import User
from uptdppa.web import Pagination

from .common import (
    organisation_by_code,
    paginated,
    require,
)


class IntakeApi(APIView):
    """The intake queue (complaints awaiting triage), and a complaint taken by staff."""

    pagination_class = Pagination

    @extend_schema(responses=CaseSummaryOutput(many=True))
    def get(self, request: Request) -> Response:
        require(request, "cases.register_intake")
        return paginated(request, self, intake_queue_for_user(user=request.user), {"list": "intakes"})

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
        require(request, "cases.register_intake")
        data = IntakeInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["referring_organisation"] = organisation_by_code(
            values.get("referring_organisation"), "referring_organisation"
        )
        values["reporter"] = values.get("reporter") or None
        case = services.intake_register(actor=cast(User, request.user), **values)
        return Response(CaseSummaryOutput(case).data, status=status.HTTP_201_CREATED)


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
        case = case_get_for_user(user=request.user, code=code, perm="cases.propose_triage")
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
        case = case_get_for_user(user=request.user, code=code, perm="cases.decide_triage")
        data = TriageDecideInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["referred_to"] = organisation_by_code(values.get("referred_to"), "referred_to")
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
        case = case_get_for_user(user=request.user, code=code, perm="cases.assign_team")
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
        case = case_get_for_user(user=request.user, code=code, perm="cases.assign_team")
        member = case_team_member(case, user_code)
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
        case = case_get_for_user(user=request.user, code=code, perm="cases.record_police_report")
        data = PoliceReportInput(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.case_record_police_report(actor=request.user, case=case, **data.validated_data)
        return Response(CaseSummaryOutput(case).data)


class RegistryApi(APIView):
    """The case's number in SIMFONI PPA, once it has been entered there."""

    @extend_schema(
        request=RegistryInput,
        responses={200: CaseSummaryOutput, **ERRORS},
        examples=[OpenApiExample("SIMFONI number", request_only=True, value={"simfoni_number": "1571-2026-000042"})],
    )
    def post(self, request: Request, code: UUID) -> Response:
        case = case_get_for_user(user=request.user, code=code, perm="cases.set_registry_numbers")
        data = RegistryInput(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.case_set_simfoni_number(actor=request.user, case=case, **data.validated_data)
        return Response(CaseSummaryOutput(case).data)
