"""The breach register's API (/api/v1/data-protection/): the same selectors and services as the
pages. The head of the unit and the data protection officer only: 404 for everybody else (a
liaison too, as on every address not marked ``liaison_allowed``). Bad input and refusals of the
services are 400 with ``errors`` by field, never a 500."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http.response import HttpResponseBase
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.serializers import ERRORS, ErrorOutput
from uptdppa.audit import log_access_many
from uptdppa.web import Pagination, require_or_404

from ..letters import notice_letter_response
from ..models import Incident
from ..selectors import incident_get_for_user, incidents_for_user, notice_get_for_user
from ..serializers import (
    CloseInput,
    IncidentFilter,
    IncidentInput,
    IncidentOutput,
    IncidentSummaryOutput,
    NoticeInput,
    NoticeOutput,
    NoticeSentInput,
)
from ..services import incident_close, incident_record, notice_create, notice_mark_sent

VIEW = "dataprotection.view_incident"
MANAGE = "dataprotection.manage_incident"


def _incident_body(request: Request, incident: Incident) -> dict[str, object]:
    fresh = incident_get_for_user(user=request.user, code=incident.code)
    return IncidentOutput(fresh).data  # type: ignore[return-value]


class IncidentsApi(APIView):
    pagination_class = Pagination

    @extend_schema(parameters=[IncidentFilter], responses={200: IncidentSummaryOutput(many=True), **ERRORS})
    def get(self, request: Request) -> Response:
        """The breach register, newest discovery first (``?status=terbuka`` for the open ones)."""
        require_or_404(request.user, VIEW)
        query = IncidentFilter(data=request.query_params)
        query.is_valid(raise_exception=True)
        paginator = Pagination()
        items = paginator.paginate_queryset(
            incidents_for_user(user=request.user, status=query.validated_data.get("status", "")), request, view=self
        )
        items = items or []
        log_access_many(items, actor=request.user, detail={"list": "incidents", "api": True})
        return paginator.get_paginated_response(IncidentSummaryOutput(items, many=True).data)

    @extend_schema(request=IncidentInput, responses={201: IncidentOutput, **ERRORS})
    def post(self, request: Request) -> Response:
        """Record a breach; the head and the data protection officer are told at once."""
        require_or_404(request.user, MANAGE)
        data = IncidentInput(data=request.data)
        data.is_valid(raise_exception=True)
        incident = incident_record(actor=request.user, **data.validated_data)
        return Response(_incident_body(request, incident), status=status.HTTP_201_CREATED)


class IncidentDetailApi(APIView):
    @extend_schema(responses={200: IncidentOutput, **ERRORS})
    def get(self, request: Request, code: UUID) -> Response:
        """An incident with its notices and the recipients proposed from its cases."""
        incident = incident_get_for_user(user=request.user, code=code, perm=VIEW)
        return Response(IncidentOutput(incident).data)


class IncidentCloseApi(APIView):
    @extend_schema(request=CloseInput, responses={200: IncidentOutput, **ERRORS})
    def post(self, request: Request, code: UUID) -> Response:
        """Close an incident with the lessons learned and the measures taken."""
        incident = incident_get_for_user(user=request.user, code=code, perm=MANAGE)
        data = CloseInput(data=request.data)
        data.is_valid(raise_exception=True)
        incident = incident_close(actor=request.user, incident=incident, **data.validated_data)
        return Response(_incident_body(request, incident))


class NoticesApi(APIView):
    @extend_schema(request=NoticeInput, responses={201: NoticeOutput, **ERRORS})
    def post(self, request: Request, code: UUID) -> Response:
        """Draft a notice to an affected person (a child: to a guardian, ``on_behalf_of`` the
        child; never an alleged perpetrator) or to the supervising agency."""
        incident = incident_get_for_user(user=request.user, code=code, perm=MANAGE)
        data = NoticeInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        notice = notice_create(
            actor=request.user,
            incident=incident,
            person_code=values.pop("person"),
            on_behalf_of_code=values.pop("on_behalf_of"),
            **values,
        )
        return Response(NoticeOutput(notice).data, status=status.HTTP_201_CREATED)


class NoticeDetailApi(APIView):
    @extend_schema(responses={200: NoticeOutput, **ERRORS})
    def get(self, request: Request, code: UUID) -> Response:
        """A notice with the three elements of Pasal 46(2) and when it was sent."""
        return Response(NoticeOutput(notice_get_for_user(user=request.user, code=code, perm=VIEW)).data)


class NoticeSentApi(APIView):
    @extend_schema(request=NoticeSentInput, responses={200: NoticeOutput, **ERRORS})
    def post(self, request: Request, code: UUID) -> Response:
        """Record that a notice went out (refused until its three elements are filled)."""
        notice = notice_get_for_user(user=request.user, code=code, perm=MANAGE)
        data = NoticeSentInput(data=request.data)
        data.is_valid(raise_exception=True)
        notice = notice_mark_sent(actor=request.user, notice=notice, sent_at=data.validated_data["sent_at"])
        return Response(NoticeOutput(notice).data)


class NoticeLetterApi(APIView):
    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The notice letter (PDF)."),
            403: ErrorOutput,
            404: ErrorOutput,
        }
    )
    def get(self, request: Request, code: UUID) -> HttpResponseBase:
        """The notice as a letter in Indonesian (PDF); every download is audited."""
        notice = notice_get_for_user(user=request.user, code=code, perm=VIEW)
        return notice_letter_response(user=request.user, notice=notice, detail={"api": True})
