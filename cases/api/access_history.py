"""A case's access history in the API: the same rule and rows as the page
(cases.views.access_history)."""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.selectors.access_history import access_history_case_get_for_user, case_access_history, entry_rows
from cases.serializers import ErrorOutput, UserBriefOutput
from uptdppa.web import Pagination


class AccessEntryOutput(serializers.Serializer):
    timestamp = serializers.DateTimeField()
    actor = UserBriefOutput(allow_null=True, help_text=_("Null for the system (a scheduled job)."))
    action = serializers.IntegerField(help_text=_("0 created, 1 changed, 2 deleted, 3 read or downloaded."))
    action_label = serializers.CharField(help_text=_("What was done, in the request's language."))
    record_kind = serializers.CharField(help_text=_("The kind of record (the case, a person, a referral, …)."))
    record = serializers.CharField(help_text=_("The record's code or register number, never a name."))
    remote_addr = serializers.IPAddressField(allow_null=True)


class AccessHistoryApi(APIView):
    pagination_class = Pagination

    @extend_schema(responses={200: AccessEntryOutput(many=True), 404: ErrorOutput})
    def get(self, request: Request, code: UUID) -> Response:
        """Who read, downloaded, created, changed or deleted the case and its records, newest
        first, paginated. For the head, the data protection officer and the case's manager; 404
        for anyone else. The read of the history is logged."""
        case = access_history_case_get_for_user(user=request.user, code=code)
        paginator = self.pagination_class()
        history = cast(Any, case_access_history(case))  # count() and slices, what the paginator reads
        page: list[Any] = paginator.paginate_queryset(history, request, view=self) or []
        return paginator.get_paginated_response(AccessEntryOutput(entry_rows(page), many=True).data)
