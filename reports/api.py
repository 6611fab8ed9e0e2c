"""DRF views of reports: the statistics of a period and the SIMFONI work list (issue 6 items 7, 9).

The statistics endpoint returns ``figures_shown_to(user, figures_for(period=...)[0])``: the same
calls as the dashboard and the PDF, so the numbers always agree; with them, when they were
computed and whether they are stale (``computed_at``, ``stale``, ``notice``). Anyone without the
permission gets 404, as for every page outside one's scope.
"""

from __future__ import annotations

from functools import partial
from typing import Any
from uuid import UUID

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.serializers import ERRORS
from cases.services import case_mark_simfoni_entered
from uptdppa.audit import log_access_many
from uptdppa.web import Pagination, require_or_404

from .access import period_refusal
from .models import KlaPack, Snapshot, TaskForceReport
from .selectors import (
    figures_for,
    figures_shown_to,
    kla_figures_shown_to,
    kla_pack_get_for_user,
    kla_packs_for_user,
    simfoni_case_get_for_user,
    taskforce_figures_shown_to,
    taskforce_report_get_for_user,
    taskforce_reports_for_user,
)
from .serializers import (
    KlaPackBriefOutput,
    KlaPackInput,
    KlaPackOutput,
    SimfoniCaseOutput,
    SimfoniCaseQuery,
    SimfoniEnteredInput,
    StatisticsOutput,
    StatisticsQuery,
    TaskForceReportBriefOutput,
    TaskForceReportInput,
    TaskForceReportOutput,
)
from .services import kla_pack_make, snapshot_ensure, taskforce_report_make
from .simfoni import simfoni_cases
from .summary import stale_notice

EXPORT_SIMFONI = "reports.export_simfoni"
STATISTICS_PERMS = ("reports.view_dashboard", "reports.export_statistics")

_EXAMPLE_FIGURES = {
    "definitions_version": 1,
    "period": {"start": "2024-01-01", "end": "2024-10-31"},
    "totals": {
        "cases": 97,
        "closed": 40,
        "child_cases": 83,
        "victims": 101,
        "child_victims": 86,
        "complaints_received": 112,
    },
    "child_cases_by_form": {"fisik": 22, "psikis": 17, "seksual": 25, "penelantaran": 9, "perundungan": 12},
    "cases_by_month": {"2024-01": 9, "2024-02": 8},
    "computed_at": "2024-11-01T01:00:12+07:00",
    "stale": False,
    "notice": None,
}


def figures_status(snapshot: Snapshot | None) -> dict[str, Any]:
    """When the figures served were computed, and whether they are stale (with the notice every
    output shows then, "angka sedang diperbarui")."""
    stale = snapshot is not None and snapshot.is_stale
    return {
        "computed_at": snapshot.generated_at if snapshot is not None else None,
        "stale": stale,
        "notice": stale_notice(snapshot.generated_at) if snapshot is not None and stale else None,
    }


class StatisticsApi(APIView):
    """The figures of a period, as the dashboard shows them to the caller."""

    @extend_schema(
        parameters=[StatisticsQuery],
        responses={200: StatisticsOutput, **ERRORS},
        examples=[OpenApiExample("January to October 2024", value=_EXAMPLE_FIGURES, response_only=True)],
    )
    def get(self, request: Request) -> Response:
        require_or_404(request.user, *STATISTICS_PERMS)
        # Leadership's periods are whole calendar months (reports.access.period_refusal).
        refusal = partial(period_refusal, request.user)
        query = StatisticsQuery(data=request.query_params, context={"period_refusal": refusal})
        query.is_valid(raise_exception=True)
        period = query.validated_data["period"]
        snapshot_ensure(period=period)  # stored once, then read from its snapshot (labelled while stale)
        raw, snapshot = figures_for(period=period)
        figures = figures_shown_to(request.user, raw)
        breakdown = query.validated_data.get("breakdown")
        if breakdown:
            figures = {
                "definitions_version": figures["definitions_version"],
                "period": figures["period"],
                breakdown: figures.get(breakdown),
            }
        return Response({**figures, **figures_status(snapshot)})


class SimfoniCasesApi(APIView):
    """The SIMFONI work list: registered cases of a period with the "entered" marker."""

    pagination_class = Pagination

    @extend_schema(parameters=[SimfoniCaseQuery], responses={200: SimfoniCaseOutput(many=True), **ERRORS})
    def get(self, request: Request) -> Response:
        require_or_404(request.user, EXPORT_SIMFONI)
        query = SimfoniCaseQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        cases = simfoni_cases(query.validated_data["period"], pending_only=query.validated_data["pending"])
        paginator = Pagination()
        page = paginator.paginate_queryset(cases, request, view=self) or []
        log_access_many(page, actor=request.user, detail={"list": "simfoni", "api": True})
        return paginator.get_paginated_response(SimfoniCaseOutput(page, many=True).data)


class SimfoniEnteredApi(APIView):
    """Mark a registered case as entered in SIMFONI, or not yet (undo)."""

    @extend_schema(
        request=SimfoniEnteredInput,
        responses={200: SimfoniCaseOutput, **ERRORS},
        examples=[
            OpenApiExample("Entered", value={"entered": True, "simfoni_number": "1571-2026-000123"}, request_only=True)
        ],
    )
    def post(self, request: Request, code: UUID) -> Response:
        require_or_404(request.user, EXPORT_SIMFONI)
        case = simfoni_case_get_for_user(user=request.user, code=code)
        data = SimfoniEnteredInput(data=request.data)
        data.is_valid(raise_exception=True)
        # A refusal of the service becomes a 400 (uptdppa/api.py).
        case = case_mark_simfoni_entered(
            actor=request.user,
            case=case,
            entered=data.validated_data["entered"],
            simfoni_number=data.validated_data.get("simfoni_number", ""),
        )
        return Response(SimfoniCaseOutput(case).data)


# --- The task-force report and the KLA evidence pack (issue 18 §2-3) ---------------------------


def _taskforce_body(user: Any, report: TaskForceReport) -> dict[str, Any]:
    return {**TaskForceReportBriefOutput(report).data, "figures": taskforce_figures_shown_to(user, report)}


class TaskForceReportsApi(APIView):
    """The quarterly task-force reports; the head and leadership make one on demand."""

    # A liaison reads the reports (their own organisation's row and the city's medians only).
    liaison_allowed = True

    @extend_schema(responses={200: TaskForceReportBriefOutput(many=True), **ERRORS})
    def get(self, request: Request) -> Response:
        require_or_404(request.user, "reports.view_taskforce_report")
        return Response(TaskForceReportBriefOutput(taskforce_reports_for_user(request.user), many=True).data)

    @extend_schema(
        request=TaskForceReportInput,
        responses={201: TaskForceReportOutput, **ERRORS},
        examples=[OpenApiExample("The first quarter of 2026", value={"year": 2026, "quarter": 1}, request_only=True)],
    )
    def post(self, request: Request) -> Response:
        """Make (or make again with the figures of now) the report of an ended quarter."""
        require_or_404(request.user, "reports.make_taskforce_report")
        data = TaskForceReportInput(data=request.data)
        data.is_valid(raise_exception=True)
        report = taskforce_report_make(actor=request.user, **data.validated_data)
        return Response(_taskforce_body(request.user, report), status=status.HTTP_201_CREATED)


class TaskForceReportApi(APIView):
    liaison_allowed = True

    @extend_schema(responses={200: TaskForceReportOutput, **ERRORS})
    def get(self, request: Request, code: UUID) -> Response:
        """One report, as the caller may see it."""
        report = taskforce_report_get_for_user(user=request.user, code=code)
        return Response(_taskforce_body(request.user, report))


def _kla_body(user: Any, pack: KlaPack) -> dict[str, Any]:
    return {**KlaPackBriefOutput(pack).data, "figures": kla_figures_shown_to(user, pack)}


class KlaPacksApi(APIView):
    """The KLA Klaster V evidence packs; the head and the data operator freeze one today."""

    @extend_schema(responses={200: KlaPackBriefOutput(many=True), **ERRORS})
    def get(self, request: Request) -> Response:
        require_or_404(request.user, "reports.view_kla_pack")
        return Response(KlaPackBriefOutput(kla_packs_for_user(request.user), many=True).data)

    @extend_schema(
        request=KlaPackInput,
        responses={200: KlaPackOutput, 201: KlaPackOutput, **ERRORS},
        examples=[OpenApiExample("The year 2025", value={"year": 2025}, request_only=True)],
    )
    def post(self, request: Request) -> Response:
        """Freeze the pack of a year at today's figures (201); asked again the same day, the pack
        already made is returned unchanged (200)."""
        require_or_404(request.user, "reports.make_kla_pack")
        data = KlaPackInput(data=request.data)
        data.is_valid(raise_exception=True)
        pack, created = kla_pack_make(actor=request.user, year=data.validated_data["year"])
        return Response(
            _kla_body(request.user, pack), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class KlaPackApi(APIView):
    @extend_schema(responses={200: KlaPackOutput, **ERRORS})
    def get(self, request: Request, code: UUID) -> Response:
        """One pack, as the caller may see it."""
        pack = kla_pack_get_for_user(user=request.user, code=code)
        return Response(_kla_body(request.user, pack))
