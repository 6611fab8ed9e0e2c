"""The data-subject requests' API (/api/v1/data-protection/requests/): the same selectors and
services as the pages. The head of the unit and the data protection officer only: 404 for
everybody else. Bad input and refusals of the services are 400 with ``errors`` by field."""

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

from ..models import SubjectRequest
from ..selectors import request_get_for_user, requests_for_user, subject_data
from ..serializers import (
    CorrectionInput,
    DecideInput,
    RequestFilter,
    RequestInput,
    RequestOutput,
    RequestSummaryOutput,
)
from ..services import request_correct, request_decide, request_register, request_release, request_restriction_lift
from ..subject_export import subject_data_response

VIEW = "dataprotection.view_request"
MANAGE = "dataprotection.manage_request"


def _body(request: Request, item: SubjectRequest) -> dict[str, object]:
    fresh = request_get_for_user(user=request.user, code=item.code)
    return RequestOutput(fresh).data  # type: ignore[return-value]


class RequestsApi(APIView):
    pagination_class = Pagination

    @extend_schema(parameters=[RequestFilter], responses={200: RequestSummaryOutput(many=True), **ERRORS})
    def get(self, request: Request) -> Response:
        """The data-subject requests, the latest received first (``?status=terbuka`` for the open ones)."""
        require_or_404(request.user, VIEW)
        query = RequestFilter(data=request.query_params)
        query.is_valid(raise_exception=True)
        paginator = Pagination()
        items = paginator.paginate_queryset(
            requests_for_user(user=request.user, **query.validated_data), request, view=self
        )
        items = items or []
        log_access_many(items, actor=request.user, detail={"list": "subject requests", "api": True})
        return paginator.get_paginated_response(RequestSummaryOutput(items, many=True).data)

    @extend_schema(request=RequestInput, responses={201: RequestOutput, **ERRORS})
    def post(self, request: Request) -> Response:
        """Record a request; it is due DSR_*_HOURS after it was received, by kind."""
        require_or_404(request.user, MANAGE)
        data = RequestInput(data=request.data)
        data.is_valid(raise_exception=True)
        item = request_register(actor=request.user, **data.validated_data)
        return Response(_body(request, item), status=status.HTTP_201_CREATED)


class RequestDetailApi(APIView):
    @extend_schema(responses={200: RequestOutput, **ERRORS})
    def get(self, request: Request, code: UUID) -> Response:
        """A request with its deadline, decision and outcomes (the person by code and initials)."""
        return Response(RequestOutput(request_get_for_user(user=request.user, code=code, perm=VIEW)).data)


class RequestDecideApi(APIView):
    @extend_schema(request=DecideInput, responses={200: RequestOutput, **ERRORS})
    def post(self, request: Request, code: UUID) -> Response:
        """Decide a request (a reason unless granted in full; Pasal 15 never for access or correction)."""
        item = request_get_for_user(user=request.user, code=code, perm=MANAGE)
        data = DecideInput(data=request.data)
        data.is_valid(raise_exception=True)
        item = request_decide(actor=request.user, request=item, **data.validated_data)
        return Response(_body(request, item))


class RequestCorrectApi(APIView):
    @extend_schema(request=CorrectionInput, responses={200: RequestOutput, **ERRORS})
    def post(self, request: Request, code: UUID) -> Response:
        """Make the correction a correction request asks for; the request links the change."""
        item = request_get_for_user(user=request.user, code=code, perm=MANAGE)
        data = CorrectionInput(data=request.data)
        data.is_valid(raise_exception=True)
        item = request_correct(actor=request.user, request=item, **data.validated_data)
        return Response(_body(request, item))


class RequestLiftApi(APIView):
    @extend_schema(request=None, responses={200: RequestOutput, **ERRORS})
    def post(self, request: Request, code: UUID) -> Response:
        """Lift the restriction a granted restriction request put on the person."""
        item = request_get_for_user(user=request.user, code=code, perm=MANAGE)
        item = request_restriction_lift(actor=request.user, request=item)
        return Response(_body(request, item))


class RequestDataApi(APIView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT, **ERRORS})
    def get(self, request: Request, code: UUID) -> Response:
        """The person's data and processing trail (machine-readable) for a granted access or copy;
        refused to an alleged perpetrator (Pasal 33); every release is audited."""
        item = request_get_for_user(user=request.user, code=code, perm=MANAGE)
        item = request_release(actor=request.user, request=item, fmt="json")
        return Response(subject_data(item))


class RequestPdfApi(APIView):
    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The person's data (PDF)."),
            400: ErrorOutput,
            403: ErrorOutput,
            404: ErrorOutput,
        }
    )
    def get(self, request: Request, code: UUID) -> HttpResponseBase:
        """The person's data and processing trail as a PDF in Indonesian (see ``data/``)."""
        item = request_get_for_user(user=request.user, code=code, perm=MANAGE)
        return subject_data_response(user=request.user, request=item, fmt="pdf")
