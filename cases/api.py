"""Case API: the same selectors as the pages, so the same access rules."""

from __future__ import annotations

from uuid import UUID

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from uptdppa.audit import log_access_many

from .selectors import case_get_for_user, case_worklist_for_user


class CaseOutput(serializers.Serializer):
    code = serializers.UUIDField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    created_at = serializers.DateTimeField()


class CaseListApi(APIView):
    @extend_schema(responses=CaseOutput(many=True))
    def get(self, request: Request) -> Response:
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(case_worklist_for_user(user=request.user), request, view=self)
        log_access_many(page or [], actor=request.user, detail={"list": "cases", "api": True})
        return paginator.get_paginated_response(CaseOutput(page, many=True).data)


class CaseDetailApi(APIView):
    @extend_schema(responses=CaseOutput)
    def get(self, request: Request, code: UUID) -> Response:
        return Response(CaseOutput(case_get_for_user(user=request.user, code=code)).data)


urlpatterns = [
    path("cases/", CaseListApi.as_view(), name="case-list"),
    path("cases/<uuid:code>/", CaseDetailApi.as_view(), name="case-detail"),
]
