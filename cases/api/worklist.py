"""The worklist and the case detail."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.selectors import (
    WorklistFilters,
    case_get_for_user,
    case_worklist_for_user,
)
from cases.serializers import (
    CaseDetailOutput,
    CaseSummaryOutput,
    ErrorOutput,
    WorklistFilter,
)
from uptdppa.web import Pagination

from .common import (
    case_detail,
    paginated,
    require,
)


class CaseListApi(APIView):
    """The worklist: the cases and complaints the user may see, filtered, sorted and paginated."""

    pagination_class = Pagination

    @extend_schema(
        parameters=[WorklistFilter], responses={200: CaseSummaryOutput(many=True), 400: ErrorOutput, 403: ErrorOutput}
    )
    def get(self, request: Request) -> Response:
        require(request, "cases.view_worklist")  # the roles that work with cases, as the worklist page
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
        return paginated(request, self, case_worklist_for_user(user=request.user, filters=filters), detail)


class CaseDetailApi(APIView):
    @extend_schema(responses={200: CaseDetailOutput, 404: ErrorOutput})
    def get(self, request: Request, code: UUID) -> Response:
        case = case_get_for_user(user=request.user, code=code)
        return Response(case_detail(request.user, case))
