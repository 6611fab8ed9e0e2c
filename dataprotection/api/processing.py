"""The record of processing (Pasal 31) and the DPIA (Pasal 34) in the API
(/api/v1/data-protection/): the same selectors and services as the pages. The head of the unit
and the data protection officer read; the DPO alone saves a DPIA version (403 for the head); 404
for everybody else."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.serializers import ERRORS
from uptdppa.accounts.access import permission_refusal
from uptdppa.web import Pagination

from ..selectors import dpia_version_get_for_user, dpia_versions_for_user, processing_record_for_user
from ..serializers import DpiaInput, DpiaOutput, DpiaSummaryOutput, RecordClassOutput
from ..services import dpia_save

VIEW_DPIA = "dataprotection.view_dpia"
EDIT_DPIA = "dataprotection.edit_dpia"


class ProcessingRecordApi(APIView):
    @extend_schema(responses={200: RecordClassOutput(many=True), **ERRORS})
    def get(self, request: Request) -> Response:
        """The record of processing activities: per record class, its purpose, legal basis, fields
        (encrypted or not), readers, recipients and retention, read from the code."""
        entries = processing_record_for_user(user=request.user, detail={"api": True})
        return Response(RecordClassOutput(entries, many=True).data)


class DpiaApi(APIView):
    pagination_class = Pagination

    @extend_schema(responses={200: DpiaSummaryOutput(many=True), **ERRORS})
    def get(self, request: Request) -> Response:
        """Every version of the DPIA, newest (the one in force) first."""
        paginator = Pagination()
        items = paginator.paginate_queryset(dpia_versions_for_user(user=request.user), request, view=self) or []
        return paginator.get_paginated_response(DpiaSummaryOutput(items, many=True).data)

    @extend_schema(request=DpiaInput, responses={201: DpiaOutput, **ERRORS})
    def post(self, request: Request) -> Response:
        """Save the DPIA as a new version (the data protection officer only)."""
        dpia_versions_for_user(user=request.user)  # 404 for those who may not read it
        if not request.user.has_perm(EDIT_DPIA):  # the head reads it: 403 before the input is read
            raise permission_refusal(EDIT_DPIA)
        data = DpiaInput(data=request.data)
        data.is_valid(raise_exception=True)
        version = dpia_save(actor=request.user, **data.validated_data)
        return Response(DpiaOutput(version).data, status=status.HTTP_201_CREATED)


class DpiaVersionApi(APIView):
    @extend_schema(responses={200: DpiaOutput, **ERRORS})
    def get(self, request: Request, version: int) -> Response:
        """One version of the DPIA with its four sections and its next review date."""
        found = dpia_version_get_for_user(user=request.user, version=version, perm=VIEW_DPIA)
        return Response(DpiaOutput(found).data)
