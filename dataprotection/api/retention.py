"""Retention and destruction API (/api/v1/data-protection/retention/): the same selectors and
services as the pages. The head and the data protection officer only (404 for everybody else);
refusals are 400 with ``errors`` by field, never a 500."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http.response import HttpResponseBase
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.serializers import ERRORS, ErrorOutput
from uptdppa.audit import log_access_many
from uptdppa.web import require_or_404

from ..letters import berita_acara_response
from ..selectors import (
    disposal_batch_get_for_user,
    disposal_batches_for_user,
    legal_hold_get_for_user,
    retention_worklist_for_user,
)
from ..serializers import (
    ApprovalInput,
    BatchOutput,
    DueCaseOutput,
    HoldInput,
    HoldOutput,
    LiftInput,
    ProposeInput,
)
from ..services import disposal_approval_attach, disposal_execute, disposal_propose, legal_hold_lift, legal_hold_place

VIEW = "dataprotection.view_retention"
MANAGE = "dataprotection.manage_retention"


def _batch_body(request: Request, batch: Any) -> dict[str, Any]:
    fresh = disposal_batch_get_for_user(user=request.user, code=batch.code)
    return BatchOutput(fresh).data  # type: ignore[return-value]


class RetentionWorklistApi(APIView):
    @extend_schema(responses={200: DueCaseOutput(many=True), **ERRORS})
    def get(self, request: Request) -> Response:
        """Closed cases past their retention end date, with what holds each (empty: may be destroyed)."""
        rows = retention_worklist_for_user(user=request.user, today=timezone.localdate())
        return Response(DueCaseOutput(rows, many=True).data)


class HoldsApi(APIView):
    @extend_schema(request=HoldInput, responses={201: HoldOutput, **ERRORS})
    def post(self, request: Request) -> Response:
        """The head keeps a case past its end date, with a reason."""
        require_or_404(request.user, VIEW)
        data = HoldInput(data=request.data)
        data.is_valid(raise_exception=True)
        hold = legal_hold_place(
            actor=request.user, case_code=data.validated_data["case"], reason=data.validated_data["reason"]
        )
        return Response(HoldOutput(hold).data, status=status.HTTP_201_CREATED)


class HoldLiftApi(APIView):
    @extend_schema(request=LiftInput, responses={200: HoldOutput, **ERRORS})
    def post(self, request: Request, code: UUID) -> Response:
        """The head lifts a legal hold, with a reason."""
        hold = legal_hold_get_for_user(user=request.user, code=code, perm=VIEW)
        data = LiftInput(data=request.data)
        data.is_valid(raise_exception=True)
        hold = legal_hold_lift(actor=request.user, hold=hold, reason=data.validated_data["reason"])
        return Response(HoldOutput(hold).data)


class BatchesApi(APIView):
    @extend_schema(responses={200: BatchOutput(many=True), **ERRORS})
    def get(self, request: Request) -> Response:
        """The disposal batches, newest first (each executed one is a berita acara)."""
        require_or_404(request.user, VIEW)
        batches = list(disposal_batches_for_user(user=request.user)[:100])
        log_access_many(batches, actor=request.user, detail={"list": "disposal batches", "api": True})
        return Response(BatchOutput(batches, many=True).data)

    @extend_schema(request=ProposeInput, responses={201: BatchOutput, **ERRORS})
    def post(self, request: Request) -> Response:
        """Propose a batch: only closed cases past their end date, not held, in no other batch."""
        require_or_404(request.user, MANAGE)
        data = ProposeInput(data=request.data)
        data.is_valid(raise_exception=True)
        batch = disposal_propose(
            actor=request.user, case_codes=data.validated_data["cases"], note=data.validated_data["note"]
        )
        return Response(_batch_body(request, batch), status=status.HTTP_201_CREATED)


class BatchDetailApi(APIView):
    @extend_schema(responses={200: BatchOutput, **ERRORS})
    def get(self, request: Request, code: UUID) -> Response:
        """A disposal batch with its appraisal list."""
        return Response(BatchOutput(disposal_batch_get_for_user(user=request.user, code=code, perm=VIEW)).data)


class BatchApprovalApi(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": ApprovalInput}, responses={200: BatchOutput, **ERRORS})
    def post(self, request: Request, code: UUID) -> Response:
        """Attach the written approval (a scan) with its number, date and office, and the witnesses."""
        batch = disposal_batch_get_for_user(user=request.user, code=code, perm=MANAGE)
        data = ApprovalInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        batch = disposal_approval_attach(
            actor=request.user,
            batch=batch,
            file=values["file"],
            file_name=values["file"].name or "",
            approval_reference=values["approval_reference"],
            approval_date=values["approval_date"],
            approved_by_office=values["approved_by_office"],
            witnesses="\n".join(values["witnesses"]),
        )
        return Response(_batch_body(request, batch))


class BatchExecuteApi(APIView):
    @extend_schema(request=None, responses={200: BatchOutput, **ERRORS})
    def post(self, request: Request, code: UUID) -> Response:
        """The head orders an approved batch destroyed (a task on the backup queue does it)."""
        batch = disposal_batch_get_for_user(user=request.user, code=code, perm=VIEW)
        batch = disposal_execute(actor=request.user, batch=batch)
        return Response(_batch_body(request, batch))


class BeritaAcaraApi(APIView):
    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The berita acara pemusnahan (PDF)."
            ),
            403: ErrorOutput,
            404: ErrorOutput,
        }
    )
    def get(self, request: Request, code: UUID) -> HttpResponseBase:
        """The berita acara pemusnahan (before execution: the appraisal list); every download is audited."""
        batch = disposal_batch_get_for_user(user=request.user, code=code, perm=VIEW)
        return berita_acara_response(user=request.user, batch=batch, detail={"api": True})
