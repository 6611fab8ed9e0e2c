"""Referrals API (issue 5 item 9): the same services and selectors as the pages, so the same rules.

Three sets of endpoints that never overlap:

- staff (UPTD PPA): ``cases/<case>/referrals/`` (list, draft), ``referrals/<code>/`` (the sender's
  view), ``.../send/``, ``.../revoke/``, ``.../letter/``, ``.../action-files/<file>/``. A liaison
  gets 404 on all of them, like on every case endpoint: they use the inbox, which shows the
  shared part only.
- liaison (penghubung_opd): ``inbox/referrals/`` and ``inbox/referrals/<code>/`` with
  ``accept/``, ``decline/``, ``actions/`` (JSON, or multipart with files), ``complete/``,
  ``letter/`` and ``action-files/<file>/``. Staff get 404 there. A referral of another
  organisation, a draft or a revoked one is a 404 (selectors).
- head (kepala_uptd): ``referrals/overview/``; 404 for everybody else.

Errors (uptdppa/api.py): outside one's scope 404; a step the user may not take on a referral
they see 403; a step the referral's status does not allow, or bad input, 400 with ``errors`` by
field (the services' refusals) — never a 500.
"""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from django.http.response import HttpResponseBase
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.access import is_case_worker, is_head, is_on_case_team
from cases.api.common import organisation_by_code
from cases.models import AttachmentType, PersonRole
from cases.selectors import case_get_for_user
from cases.serializers import ERRORS, ErrorOutput
from uptdppa.accounts.watch import refused
from uptdppa.audit import log_access_many
from uptdppa.parsers import JSONParser
from uptdppa.web import Pagination, require_or_404

from .access import is_liaison, works_on_the_case
from .downloads import action_file_response
from .forms import OverviewPeriodForm
from .letters import letter_response
from .models import Referral
from .overview import referral_overview
from .selectors import (
    action_file_get,
    inbox_for_user,
    plan_items_to_carry_out,
    referral_get_for_user,
    referrals_of_case,
)
from .serializers import (
    ActionInput,
    ActionUploadInput,
    CompleteInput,
    DeclineInput,
    InboxActionOutput,
    InboxFilter,
    InboxItemOutput,
    OverviewOutput,
    ReasonInput,
    ReferralInput,
    ReferralSharedOutput,
    ReferralStaffOutput,
    ReferralSummaryOutput,
    SendInput,
)
from .services import (
    referral_accept,
    referral_action_add,
    referral_complete,
    referral_create,
    referral_decline,
    referral_revoke,
    referral_send,
    referral_update,
)

EXAMPLE_CODE = "3fa85f64-5717-4562-b3fc-2c963f66afa6"

# --- Access helpers -----------------------------------------------------------------------------


def staff_referral(request: Request, code: UUID) -> Referral:
    """A referral through the sender's endpoints: 404 for a liaison (they use the inbox)."""
    if is_liaison(request.user):
        raise refused(user=request.user, kind="referral", code=code)
    return referral_get_for_user(user=request.user, code=code)


def require_case_work(request: Request, referral: Referral) -> None:
    """Only the case's team and the head act on a referral (403 for other staff who see it).
    Whether its status allows the step is the service's to say (400)."""
    if not works_on_the_case(request.user, referral):
        raise exceptions.PermissionDenied


def inbox_referral(request: Request, code: UUID) -> Referral:
    """A referral through the inbox: liaisons only (404 for staff); the selector limits it to
    the liaison's organisation, once sent and unless revoked (404 otherwise)."""
    if not request.user.has_perm("referrals.view_inbox"):
        raise refused(user=request.user, kind="referral", code=code)
    return referral_get_for_user(user=request.user, code=code)


def staff_body(referral: Referral) -> dict[str, Any]:
    """The sender's view, read again with its events and actions after a change."""
    fresh = (
        Referral.objects.filter(pk=referral.pk)
        .select_related("case", "organisation", "created_by", "sent_by", "consent_override_by")
        .prefetch_related("events__actor", "actions__recorded_by", "actions__files")
        .get()
    )
    return cast(dict[str, Any], ReferralStaffOutput(fresh).data)


def shared_body(referral: Referral) -> dict[str, Any]:
    """The receiver's view, read again with its events and actions after a change."""
    fresh = (
        Referral.objects.filter(pk=referral.pk)
        .select_related("organisation")
        .prefetch_related("events", "actions__recorded_by", "actions__files")
        .get()
    )
    return cast(dict[str, Any], ReferralSharedOutput(fresh).data)


class PdfView(APIView):
    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # Accept: application/pdf is fine: the file is a download whatever is accepted,
        # and errors are still JSON.
        return super().perform_content_negotiation(request, force=True)


LETTER_RESPONSES: dict[Any, Any] = {
    (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description=_("The referral letter (PDF).")),
    403: ErrorOutput,
    404: ErrorOutput,
}

ACTION_FILE_RESPONSES: dict[Any, Any] = {
    (200, AttachmentType.PDF.value): OpenApiResponse(OpenApiTypes.BINARY, description=_("The file.")),
    (200, AttachmentType.JPEG.value): OpenApiTypes.BINARY,
    (200, AttachmentType.PNG.value): OpenApiTypes.BINARY,
    404: ErrorOutput,
}

# --- Staff --------------------------------------------------------------------------------------


class CaseReferralsApi(APIView):
    @extend_schema(responses={200: ReferralSummaryOutput(many=True), 404: ErrorOutput})
    def get(self, request: Request, code: UUID) -> Response:
        """The referrals of a case, newest first."""
        case = case_get_for_user(user=request.user, code=code)
        referrals = list(referrals_of_case(user=request.user, case=case))
        for referral in referrals:
            referral.case = case
        return Response(ReferralSummaryOutput(referrals, many=True).data)

    @extend_schema(
        request=ReferralInput,
        responses={201: ReferralStaffOutput, **ERRORS},
        examples=[
            OpenApiExample(
                "A child referred to Dinas Sosial for social rehabilitation",
                request_only=True,
                value={
                    "victims": [EXAMPLE_CODE],
                    "organisation": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                    "services": ["rehabilitasi_sosial"],
                    "reason": "Anak membutuhkan pendampingan sosial setelah kembali ke rumah.",
                    "urgency": "tinggi",
                    "shared_fields": ["initials", "age", "sex", "violence_forms"],
                    "facts": "Anak perempuan 10 tahun, tinggal bersama nenek; butuh kunjungan rumah.",
                    "cover_note": "Mohon konfirmasi penerimaan dalam 3 hari.",
                },
            )
        ],
    )
    def post(self, request: Request, code: UUID) -> Response:
        """Draft a referral of victims of this (open) case. Only the ticked ``shared_fields`` and
        the ``facts``/``cover_note`` will reach the receiver; ``reason`` stays with UPTD PPA."""
        case = case_get_for_user(user=request.user, code=code)
        if not (is_head(request.user) or (is_case_worker(request.user) and is_on_case_team(request.user, case))):
            raise exceptions.PermissionDenied
        data = ReferralInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        codes = set(values.pop("victims"))
        victims = list(case.people.filter(code__in=codes, role=PersonRole.VICTIM))
        if len(victims) != len(codes):
            raise exceptions.ValidationError({"victims": [_("Choose victims of this case.")]})
        organisation = organisation_by_code(values.pop("organisation"), "organisation")
        if organisation is None:  # never: the field is required
            raise exceptions.ValidationError({"organisation": [_("Choose an organisation.")]})
        values["plan_item"] = _plan_item(case, values.pop("plan_item", None))
        referral = referral_create(actor=request.user, case=case, victims=victims, organisation=organisation, **values)
        return Response(staff_body(referral), status=status.HTTP_201_CREATED)


def _plan_item(case: Any, code: UUID | None) -> Any:
    """The plan item named by ``code`` among the case's own (400 otherwise)."""
    if code is None:
        return None
    item = next((item for item in plan_items_to_carry_out(case) if item.code == code), None)
    if item is None:
        raise exceptions.ValidationError({"plan_item": [_("Choose an item of this case's intervention plan.")]})
    return item


class ReferralDetailApi(APIView):
    @extend_schema(request=ReferralInput, responses={200: ReferralStaffOutput, **ERRORS})
    def put(self, request: Request, code: UUID) -> Response:
        """Change a draft, every field as when drafting it; a referral once sent is refused (400)."""
        referral = staff_referral(request, code)
        require_case_work(request, referral)
        data = ReferralInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        codes = set(values.pop("victims"))
        victims = list(referral.case.people.filter(code__in=codes, role=PersonRole.VICTIM))
        if len(victims) != len(codes):
            raise exceptions.ValidationError({"victims": [_("Choose victims of this case.")]})
        organisation = organisation_by_code(values.pop("organisation"), "organisation")
        if organisation is None:  # never: the field is required
            raise exceptions.ValidationError({"organisation": [_("Choose an organisation.")]})
        values["plan_item"] = _plan_item(referral.case, values.pop("plan_item", None))
        referral = referral_update(
            actor=request.user, referral=referral, victims=victims, organisation=organisation, **values
        )
        return Response(staff_body(referral))

    @extend_schema(responses={200: ReferralStaffOutput, 404: ErrorOutput})
    def get(self, request: Request, code: UUID) -> Response:
        """A referral as its sender sees it (staff). A liaison gets 404 here and reads the
        shared part through ``inbox/referrals/<code>/``."""
        referral = staff_referral(request, code)
        return Response(ReferralStaffOutput(referral).data)


class ReferralSendApi(APIView):
    @extend_schema(
        request=SendInput,
        responses={200: ReferralStaffOutput, **ERRORS},
        examples=[
            OpenApiExample("With the victims' consent recorded", request_only=True, value={}),
            OpenApiExample(
                "The head sends without a recorded consent",
                request_only=True,
                value={"consent_override_reason": "Anak dalam bahaya; wali tidak dapat dihubungi."},
            ),
        ],
    )
    def post(self, request: Request, code: UUID) -> Response:
        """Send a draft: freezes what is shared, numbers the letter, notifies the receiver's
        liaisons. Refused (400, on ``consent_override_reason``) unless every victim has a recorded
        consent or legal basis, or the head gives a reason to send without it."""
        referral = staff_referral(request, code)
        require_case_work(request, referral)
        data = SendInput(data=request.data)
        data.is_valid(raise_exception=True)
        referral = referral_send(actor=request.user, referral=referral, **data.validated_data)
        return Response(staff_body(referral))


class ReferralRevokeApi(APIView):
    @extend_schema(
        request=ReasonInput,
        responses={200: ReferralStaffOutput, **ERRORS},
        examples=[OpenApiExample("Sent to the wrong office", request_only=True, value={"reason": "Salah alamat."})],
    )
    def post(self, request: Request, code: UUID) -> Response:
        """Withdraw a referral (draft, sent, accepted or in progress): the receiver no longer
        sees it."""
        referral = staff_referral(request, code)
        require_case_work(request, referral)
        data = ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        referral = referral_revoke(actor=request.user, referral=referral, reason=data.validated_data["reason"])
        return Response(staff_body(referral))


class ReferralLetterApi(PdfView):
    @extend_schema(responses=LETTER_RESPONSES)
    def get(self, request: Request, code: UUID) -> HttpResponseBase:
        """The referral letter (surat rujukan) of a sent referral; every download is audited."""
        return letter_response(user=request.user, referral=staff_referral(request, code), detail={"api": True})


class ReferralActionFileApi(PdfView):
    @extend_schema(responses=ACTION_FILE_RESPONSES)
    def get(self, request: Request, code: UUID, file: UUID) -> HttpResponseBase:
        """A file of the receiver's action log, as a download; every download is audited."""
        referral = staff_referral(request, code)
        return action_file_response(action_file_get(user=request.user, referral=referral, code=file))


class OverviewApi(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, description=_("Sent from this day (default: 1 January)")),
            OpenApiParameter("to", OpenApiTypes.DATE, description=_("Sent until this day, inclusive (default: today)")),
        ],
        responses={200: OverviewOutput, 400: ErrorOutput, 404: ErrorOutput},
    )
    def get(self, request: Request) -> Response:
        """The head's overview (kepala_uptd; 404 for everybody else): referrals sent in the period
        by organisation and status, median days to accept and to complete, and today's overdue
        list. The same figures as the overview page."""
        require_or_404(request.user, "referrals.view_overview")
        form = OverviewPeriodForm(
            {"date_from": request.query_params.get("from"), "date_to": request.query_params.get("to")}
        )
        if not form.is_valid():
            names = {"date_from": "from", "date_to": "to"}
            raise exceptions.ValidationError({names.get(k, k): [str(m) for m in v] for k, v in form.errors.items()})
        start, end = form.period()
        return Response(OverviewOutput(referral_overview(date_from=start, date_to=end)).data)


# --- Liaison ------------------------------------------------------------------------------------


class InboxView(APIView):
    """The endpoints a liaison's token is meant for. ``liaison_allowed`` lets them through
    uptdppa.permissions.LiaisonScope, which answers 404 to a liaison everywhere else."""

    liaison_allowed = True


class InboxApi(InboxView):
    pagination_class = Pagination

    @extend_schema(
        parameters=[InboxFilter], responses={200: InboxItemOutput(many=True), 400: ErrorOutput, 404: ErrorOutput}
    )
    def get(self, request: Request) -> Response:
        """The referrals sent to the liaison's organisation (liaisons only), the earliest due
        first: ``box`` new (awaiting an answer), overdue, in_progress or closed; empty for all."""
        require_or_404(request.user, "referrals.view_inbox")
        data = InboxFilter(data=request.query_params)
        data.is_valid(raise_exception=True)
        paginator = Pagination()
        page = paginator.paginate_queryset(
            inbox_for_user(user=request.user, box=data.validated_data["box"]), request, self
        )
        page = page or []
        log_access_many(page, actor=request.user, detail={"list": "referral inbox", "api": True})
        return paginator.get_paginated_response(InboxItemOutput(page, many=True).data)


class InboxDetailApi(InboxView):
    @extend_schema(responses={200: ReferralSharedOutput, 404: ErrorOutput})
    def get(self, request: Request, code: UUID) -> Response:
        """A referral sent to the liaison's organisation: only what was shared with it."""
        return Response(ReferralSharedOutput(inbox_referral(request, code)).data)


class InboxAcceptApi(InboxView):
    @extend_schema(request=None, responses={200: ReferralSharedOutput, **ERRORS})
    def post(self, request: Request, code: UUID) -> Response:
        """Accept a referral that awaits an answer (400 otherwise)."""
        referral = referral_accept(actor=request.user, referral=inbox_referral(request, code))
        return Response(shared_body(referral))


class InboxDeclineApi(InboxView):
    @extend_schema(
        request=DeclineInput,
        responses={200: ReferralSharedOutput, **ERRORS},
        examples=[
            OpenApiExample(
                "Outside the organisation's remit",
                request_only=True,
                value={
                    "reason_code": "not_our_mandate",
                    "reason": "Layanan yang diminta bukan kewenangan kami; mohon dirujuk ke RSUD.",
                },
            )
        ],
    )
    def post(self, request: Request, code: UUID) -> Response:
        """Decline a referral that awaits an answer, with the reason as a code (and in words,
        required for "other")."""
        referral = inbox_referral(request, code)
        data = DeclineInput(data=request.data)
        data.is_valid(raise_exception=True)
        referral = referral_decline(actor=request.user, referral=referral, **data.validated_data)
        return Response(shared_body(referral))


class InboxActionApi(InboxView):
    # JSON without files, or multipart/form-data with them (a plain form post still works).
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        request={"application/json": ActionInput, "multipart/form-data": ActionUploadInput},
        responses={201: InboxActionOutput, **ERRORS},
        examples=[
            OpenApiExample(
                "A home visit",
                request_only=True,
                media_type="application/json",
                value={"date": "2026-03-05", "action": "Kunjungan rumah", "notes": "Anak dan nenek ditemui."},
            ),
            OpenApiExample(
                "A home visit with the visit report",
                request_only=True,
                media_type="multipart/form-data",
                value={"date": "2026-03-05", "action": "Kunjungan rumah", "notes": "", "files": ["(binary)"]},
            ),
        ],
    )
    def post(self, request: Request, code: UUID) -> Response:
        """Log what the organisation did (accepted or in-progress referrals; the first action
        puts an accepted referral in progress), with files if sent as multipart (``files``,
        repeated). Each file is checked like a case attachment: one refused file (type, size)
        refuses the whole action (400 on ``files``) and nothing is stored."""
        referral = inbox_referral(request, code)
        data = ActionUploadInput(data=request.data)
        data.is_valid(raise_exception=True)
        entry = referral_action_add(actor=request.user, referral=referral, **data.validated_data)
        return Response(InboxActionOutput(entry).data, status=status.HTTP_201_CREATED)


class InboxCompleteApi(InboxView):
    @extend_schema(
        request=CompleteInput,
        responses={200: ReferralSharedOutput, **ERRORS},
        examples=[
            OpenApiExample(
                "Services given",
                request_only=True,
                value={
                    "outcome_code": "service_provided",
                    "outcome": "Anak mendapat pendampingan sosial dan kembali bersekolah.",
                },
            )
        ],
    )
    def post(self, request: Request, code: UUID) -> Response:
        """Complete an accepted or in-progress referral, with the outcome as a code and in words."""
        referral = inbox_referral(request, code)
        data = CompleteInput(data=request.data)
        data.is_valid(raise_exception=True)
        referral = referral_complete(actor=request.user, referral=referral, **data.validated_data)
        return Response(shared_body(referral))


class InboxActionFileApi(PdfView, InboxView):
    @extend_schema(responses=ACTION_FILE_RESPONSES)
    def get(self, request: Request, code: UUID, file: UUID) -> HttpResponseBase:
        """A file of the organisation's action log, as a download; every download is audited."""
        referral = inbox_referral(request, code)
        return action_file_response(action_file_get(user=request.user, referral=referral, code=file))


class InboxLetterApi(PdfView, InboxView):
    @extend_schema(responses=LETTER_RESPONSES)
    def get(self, request: Request, code: UUID) -> HttpResponseBase:
        """The referral letter: the shared facts only; every download is audited."""
        return letter_response(user=request.user, referral=inbox_referral(request, code), detail={"api": True})
