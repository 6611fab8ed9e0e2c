"""Closure of a case and post-closure monitoring (issue 4 item 10): the same selectors and
services as the closure page, so the same rules. Outside the user's scope a 404; an action the
user may never take a 403; the service's refusal (e.g. plan items still open) a 400."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases import services
from cases.forms.common import plausible_date
from cases.models import CaseStatus, ClosureReason, MonitoringFollowUp
from cases.selectors import registered_case_get_for_user
from cases.selectors.closure import (
    case_get_for_closure_action,
    closure_overview,
    closure_pending_request,
    follow_up_get_for_user,
)
from cases.serializers import ERRORS, CaseSummaryOutput, ErrorOutput, OptionalTextOutput, UserBriefOutput

# --- Serializers -------------------------------------------------------------------------------


class ClosureRequestOutput(serializers.Serializer):
    code = serializers.UUIDField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    reason = serializers.CharField()
    reason_label = serializers.CharField(source="get_reason_display")
    summary = serializers.CharField(allow_null=True)
    requested_at = serializers.DateTimeField()
    requested_by = UserBriefOutput(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    decided_by = UserBriefOutput(allow_null=True)
    decision_comment = OptionalTextOutput()
    reopened_at = serializers.DateTimeField(allow_null=True)
    reopened_by = UserBriefOutput(allow_null=True)
    reopen_reason = serializers.CharField(allow_null=True)


class MonitoringFollowUpOutput(serializers.Serializer):
    code = serializers.UUIDField()
    due_on = serializers.DateField()
    done_on = serializers.DateField(allow_null=True)
    is_overdue = serializers.SerializerMethodField()
    outcome = serializers.CharField(allow_null=True)
    recorded_by = UserBriefOutput(allow_null=True)

    def get_is_overdue(self, follow_up: MonitoringFollowUp) -> bool:
        return not follow_up.is_done and follow_up.due_on < timezone.localdate()


class ClosureOverviewOutput(serializers.Serializer):
    case = serializers.UUIDField(source="case.code")
    case_status = serializers.CharField(source="case.status")
    refusals = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("Why the case cannot be closed now (open cases only); empty when it can."),
    )
    requests = ClosureRequestOutput(many=True, help_text=_("Oldest first."))
    follow_ups = MonitoringFollowUpOutput(many=True)


class ClosureRequestInput(serializers.Serializer):
    reason = serializers.ChoiceField(choices=ClosureReason.choices)
    summary = serializers.CharField(help_text=_("The services given and the situation at closure."))


class ClosureApproveInput(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ClosureReturnInput(serializers.Serializer):
    comment = serializers.CharField(help_text=_("What is still to be done. No names or personal details."))


class CaseReopenInput(serializers.Serializer):
    reason = serializers.CharField()


class MonitoringFollowUpRecordInput(serializers.Serializer):
    done_on = serializers.DateField(validators=[plausible_date])
    outcome = serializers.CharField()


def _valid(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


# --- Views -------------------------------------------------------------------------------------


class ClosureApi(APIView):
    @extend_schema(responses={200: ClosureOverviewOutput, 404: ErrorOutput})
    def get(self, request: Request, code: UUID) -> Response:
        case = registered_case_get_for_user(user=request.user, code=code)
        overview = closure_overview(case)
        body = {
            "case": case,
            "refusals": overview.refusals,
            "requests": overview.requests,
            "follow_ups": overview.follow_ups,
        }
        return Response(ClosureOverviewOutput(body).data)


class ClosureRequestApi(APIView):
    @extend_schema(
        request=ClosureRequestInput,
        responses={201: ClosureRequestOutput, **ERRORS},
        examples=[
            OpenApiExample(
                "The victim's needs are met",
                request_only=True,
                value={"reason": "needs_met", "summary": "Korban kembali bersekolah; pendampingan psikologis selesai."},
            )
        ],
    )
    def post(self, request: Request, code: UUID) -> Response:
        case = case_get_for_closure_action(
            user=request.user, code=code, perm="cases.request_closure", status=CaseStatus.OPEN
        )
        values = _valid(ClosureRequestInput, request)
        closure = services.closure_request(actor=request.user, case=case, **values)
        return Response(ClosureRequestOutput(closure).data, status=status.HTTP_201_CREATED)


class ClosureApproveApi(APIView):
    @extend_schema(request=ClosureApproveInput, responses={200: ClosureRequestOutput, **ERRORS})
    def post(self, request: Request, code: UUID) -> Response:
        case = case_get_for_closure_action(
            user=request.user, code=code, perm="cases.approve_closure", status=CaseStatus.OPEN
        )
        values = _valid(ClosureApproveInput, request)
        closure = services.closure_approve(actor=request.user, request=closure_pending_request(case), **values)
        return Response(ClosureRequestOutput(closure).data)


class ClosureReturnApi(APIView):
    @extend_schema(
        request=ClosureReturnInput,
        responses={200: ClosureRequestOutput, **ERRORS},
        examples=[
            OpenApiExample(
                "A referral is still open",
                request_only=True,
                value={"comment": "Rujukan ke Dinas Sosial belum selesai."},
            )
        ],
    )
    def post(self, request: Request, code: UUID) -> Response:
        case = case_get_for_closure_action(
            user=request.user, code=code, perm="cases.approve_closure", status=CaseStatus.OPEN
        )
        values = _valid(ClosureReturnInput, request)
        closure = services.closure_return(actor=request.user, request=closure_pending_request(case), **values)
        return Response(ClosureRequestOutput(closure).data)


class CaseReopenApi(APIView):
    @extend_schema(request=CaseReopenInput, responses={200: CaseSummaryOutput, **ERRORS})
    def post(self, request: Request, code: UUID) -> Response:
        case = case_get_for_closure_action(
            user=request.user, code=code, perm="cases.reopen_case", status=CaseStatus.CLOSED
        )
        values = _valid(CaseReopenInput, request)
        case = services.case_reopen(actor=request.user, case=case, **values)
        return Response(CaseSummaryOutput(case).data)


class MonitoringFollowUpApi(APIView):
    @extend_schema(
        request=MonitoringFollowUpRecordInput,
        responses={200: MonitoringFollowUpOutput, **ERRORS},
        examples=[
            OpenApiExample(
                "A home visit a month after closure",
                request_only=True,
                value={"done_on": "2026-12-01", "outcome": "Korban dalam keadaan baik dan tetap bersekolah."},
            )
        ],
    )
    def post(self, request: Request, code: UUID) -> Response:
        follow_up = follow_up_get_for_user(user=request.user, code=code, perm="cases.record_follow_up")
        values = _valid(MonitoringFollowUpRecordInput, request)
        follow_up = services.monitoring_follow_up_record(actor=request.user, follow_up=follow_up, **values)
        return Response(MonitoringFollowUpOutput(follow_up).data)
