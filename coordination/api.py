"""The coordination API (issue 18 §1–2): the same services and selectors as the pages.

- staff (the case's team and the head): ``coordination/cases/<case>/conferences/`` (list,
  schedule), ``coordination/conferences/<code>/`` (the whole minutes) with ``hold/``,
  ``cancel/``, ``decisions/`` and ``action-items/``. A liaison gets 404 on all of them.
- liaison (penghubung_opd): ``coordination/portal/conferences/<code>/`` (their organisation's
  part only); they also use ``.../attendance/<row>/`` for their organisation's row.
- everyone who may see an action item: ``coordination/action-items/`` (a liaison's
  organisation's, a staff member's own, every one for the head), ``.../<code>/`` and
  ``.../<code>/status/``; a liaison of another organisation gets 404.
- the task-force meeting register: ``coordination/meetings/`` (the head records; the head and
  leadership read).

Errors as everywhere (uptdppa/api.py): 404 outside the scope, 403 for a step one may not take on
a record one sees, 400 with ``errors`` by field for bad input or a refusal of the services.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.selectors import registered_case_get_for_user
from cases.serializers import ERRORS, ErrorOutput
from uptdppa.accounts.access import permission_refusal
from uptdppa.accounts.models import Organisation, Role, User
from uptdppa.audit import log_access_many
from uptdppa.web import Pagination, require_or_404

from .models import ActionItem, CaseConference, TaskForceMeeting
from .selectors import (
    action_item_get_for_user,
    action_items_for,
    conference_get_for_user,
    conferences_of_case,
    liaison_conference_view,
    meeting_get_for_user,
    meetings_for,
)
from .serializers import (
    ActionItemFilter,
    ActionItemInput,
    ActionItemOutput,
    ActionItemUpdateInput,
    AttendanceInput,
    AttendanceOutput,
    ConferenceHoldInput,
    ConferenceInput,
    ConferenceOutput,
    ConferenceSummaryOutput,
    DecisionInput,
    DecisionOutput,
    LiaisonConferenceOutput,
    MeetingInput,
    MeetingOutput,
    MeetingSummaryOutput,
)
from .services import (
    action_item_add,
    action_item_update,
    attendance_set,
    conference_cancel,
    conference_hold,
    conference_schedule,
    decision_add,
    meeting_record,
)

# --- Helpers ------------------------------------------------------------------------------------


def _user(code: UUID | None, field: str) -> User | None:
    if code is None:
        return None
    user = User.objects.filter(code=code).first()
    if user is None:
        raise exceptions.ValidationError({field: [_("Unknown user.")]})
    return user


def _users(codes: list[UUID], field: str) -> list[User]:
    users = list(User.objects.filter(code__in=set(codes)))
    if len(users) != len(set(codes)):
        raise exceptions.ValidationError({field: [_("Unknown user.")]})
    return users


def _organisation(code: UUID | None, field: str) -> Organisation | None:
    if code is None:
        return None
    organisation = Organisation.objects.filter(code=code).first()
    if organisation is None:
        raise exceptions.ValidationError({field: [_("Unknown organisation.")]})
    return organisation


def _organisations(codes: list[UUID], field: str) -> list[Organisation]:
    organisations = list(Organisation.objects.filter(code__in=set(codes)))
    if len(organisations) != len(set(codes)):
        raise exceptions.ValidationError({field: [_("Unknown organisation.")]})
    return organisations


def _conference_body(request: Request, conference: CaseConference) -> dict[str, Any]:
    fresh = conference_get_for_user(user=request.user, code=conference.code)
    return ConferenceOutput(fresh).data  # type: ignore[return-value]


def _meeting_body(request: Request, meeting: TaskForceMeeting) -> dict[str, Any]:
    return MeetingOutput(meeting_get_for_user(user=request.user, code=meeting.code)).data  # type: ignore[return-value]


def _item_body(item: ActionItem) -> dict[str, Any]:
    fresh = ActionItem.objects.select_related("organisation", "assignee", "conference__case", "meeting", "done_by").get(
        pk=item.pk
    )
    return ActionItemOutput(fresh).data  # type: ignore[return-value]


class LiaisonView(APIView):
    """Endpoints a liaison's token may reach (uptdppa.permissions.LiaisonScope)."""

    liaison_allowed = True


ITEM_EXAMPLE = OpenApiExample(
    "A home visit by Dinas Sosial",
    request_only=True,
    value={
        "title": "Kunjungan rumah oleh pekerja sosial",
        "organisation": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
        "assignee": None,
        "due_on": "2026-12-20",
    },
)
DECISION_EXAMPLE = OpenApiExample(
    "A decision for one partner",
    request_only=True,
    value={"text": "Dinas Sosial menyiapkan rehabilitasi sosial.", "organisation": None},
)

# --- Conferences (staff) ------------------------------------------------------------------------


class CaseConferencesApi(APIView):
    @extend_schema(responses={200: ConferenceSummaryOutput(many=True), 403: ErrorOutput, 404: ErrorOutput})
    def get(self, request: Request, code: UUID) -> Response:
        """The conferences of a registered case, newest first (the case's team and the head)."""
        case = registered_case_get_for_user(user=request.user, code=code, perm="coordination.view_case_conferences")
        return Response(ConferenceSummaryOutput(conferences_of_case(user=request.user, case=case), many=True).data)

    @extend_schema(
        request=ConferenceInput,
        responses={201: ConferenceOutput, **ERRORS},
        examples=[
            OpenApiExample(
                "A conference with Dinas Sosial",
                request_only=True,
                value={
                    "scheduled_at": "2026-12-10T09:00:00+07:00",
                    "place": "Ruang rapat UPTD PPA",
                    "link": "",
                    "chair": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                    "note_taker": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                    "agenda": "Rencana pemulihan anak.",
                    "staff": [],
                    "organisations": ["7c9e6679-7425-40de-944b-e07fc1f90ae7"],
                },
            )
        ],
    )
    def post(self, request: Request, code: UUID) -> Response:
        """Schedule a conference (the case manager or the head, on an open case) and invite staff
        of the team and partner organisations; the invitations show the case code and time only."""
        case = registered_case_get_for_user(user=request.user, code=code, perm="coordination.schedule_conference")
        data = ConferenceInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        conference = conference_schedule(
            actor=request.user,
            case=case,
            scheduled_at=values["scheduled_at"],
            place=values["place"],
            link=values["link"],
            agenda=values["agenda"],
            chair=_user(values["chair"], "chair"),
            note_taker=_user(values["note_taker"], "note_taker"),
            staff=_users(values["staff"], "staff"),
            organisations=_organisations(values["organisations"], "organisations"),
        )
        return Response(_conference_body(request, conference), status=status.HTTP_201_CREATED)


class ConferenceDetailApi(APIView):
    @extend_schema(responses={200: ConferenceOutput, 404: ErrorOutput})
    def get(self, request: Request, code: UUID) -> Response:
        """A conference with its whole minutes (the case's team and the head); every read is audited."""
        return Response(ConferenceOutput(conference_get_for_user(user=request.user, code=code)).data)


class ConferenceHoldApi(APIView):
    @extend_schema(
        request=ConferenceHoldInput,
        responses={200: ConferenceOutput, **ERRORS},
        examples=[
            OpenApiExample(
                "Held with consent recorded",
                request_only=True,
                value={"summary": "Anak aman di rumah nenek.", "next_review_on": "2027-01-10", "override_reason": ""},
            )
        ],
    )
    def post(self, request: Request, code: UUID) -> Response:
        """Record a scheduled conference as held, with its summary and next review. A case whose
        sharing is blocked needs the head's ``override_reason`` (400 on that field otherwise)."""
        conference = conference_get_for_user(user=request.user, code=code, perm="coordination.record_minutes")
        data = ConferenceHoldInput(data=request.data)
        data.is_valid(raise_exception=True)
        conference = conference_hold(actor=request.user, conference=conference, **data.validated_data)
        return Response(_conference_body(request, conference))


class ConferenceCancelApi(APIView):
    @extend_schema(request=None, responses={200: ConferenceOutput, **ERRORS})
    def post(self, request: Request, code: UUID) -> Response:
        """Cancel a scheduled conference; the invited are told (case code and time only)."""
        conference = conference_get_for_user(user=request.user, code=code, perm="coordination.cancel_conference")
        conference = conference_cancel(actor=request.user, conference=conference)
        return Response(_conference_body(request, conference))


def _decision_created(request: Request, **source: Any) -> Response:
    """Record a decision of ``source`` (``conference=`` or ``meeting=``) from the request body."""
    data = DecisionInput(data=request.data)
    data.is_valid(raise_exception=True)
    decision = decision_add(
        actor=request.user,
        text=data.validated_data["text"],
        organisation=_organisation(data.validated_data["organisation"], "organisation"),
        **source,
    )
    return Response(DecisionOutput(decision).data, status=status.HTTP_201_CREATED)


def _item_created(request: Request, **source: Any) -> Response:
    """Record an action item of ``source`` (``conference=`` or ``meeting=``) from the request body."""
    data = ActionItemInput(data=request.data)
    data.is_valid(raise_exception=True)
    item = action_item_add(
        actor=request.user,
        title=data.validated_data["title"],
        due_on=data.validated_data["due_on"],
        organisation=_organisation(data.validated_data["organisation"], "organisation"),
        assignee=_user(data.validated_data["assignee"], "assignee"),
        **source,
    )
    return Response(_item_body(item), status=status.HTTP_201_CREATED)


class ConferenceDecisionApi(APIView):
    @extend_schema(request=DecisionInput, responses={201: DecisionOutput, **ERRORS}, examples=[DECISION_EXAMPLE])
    def post(self, request: Request, code: UUID) -> Response:
        """A decision of a held conference; ``organisation`` (one invited) when it concerns a partner."""
        conference = conference_get_for_user(user=request.user, code=code, perm="coordination.record_minutes")
        return _decision_created(request, conference=conference)


class ConferenceActionItemApi(APIView):
    @extend_schema(request=ActionItemInput, responses={201: ActionItemOutput, **ERRORS}, examples=[ITEM_EXAMPLE])
    def post(self, request: Request, code: UUID) -> Response:
        """An action item of a held conference, for the unit or an invited organisation."""
        conference = conference_get_for_user(user=request.user, code=code, perm="coordination.record_minutes")
        return _item_created(request, conference=conference)


class ConferenceAttendanceApi(LiaisonView):
    @extend_schema(request=AttendanceInput, responses={200: AttendanceOutput, **ERRORS})
    def post(self, request: Request, code: UUID, attendance: UUID) -> Response:
        """Present or absent for one invited row: by whoever records the minutes, or by a
        liaison for their own organisation's row."""
        user: Any = request.user
        if user.role == Role.PENGHUBUNG_OPD:
            rows = liaison_conference_view(user=user, code=code)["attendance"]
        else:
            rows = list(conference_get_for_user(user=user, code=code).attendance.all())
        row = next((r for r in rows if r.code == attendance), None)
        if row is None:
            raise Http404
        data = AttendanceInput(data=request.data)
        data.is_valid(raise_exception=True)
        row = attendance_set(actor=user, attendance=row, present=data.validated_data["present"])
        return Response(AttendanceOutput(row).data)


class PortalConferenceApi(LiaisonView):
    @extend_schema(responses={200: LiaisonConferenceOutput, 404: ErrorOutput})
    def get(self, request: Request, code: UUID) -> Response:
        """A conference as a partner's liaison sees it: their organisation's attendance,
        decisions and action items and what a referral already shared; nothing else of the case."""
        require_or_404(request.user, "coordination.view_portal")
        return Response(LiaisonConferenceOutput(liaison_conference_view(user=request.user, code=code)).data)


# --- Action items (everyone who may see one) ----------------------------------------------------


class ActionItemsApi(LiaisonView):
    pagination_class = Pagination

    @extend_schema(
        parameters=[ActionItemFilter], responses={200: ActionItemOutput(many=True), 400: ErrorOutput, 404: ErrorOutput}
    )
    def get(self, request: Request) -> Response:
        """The action items on the user's list, earliest due first: a liaison's organisation's, a
        staff member's own, every one for the head; ``box`` open (default), overdue or all."""
        require_or_404(request.user, "coordination.view_action_items")
        data = ActionItemFilter(data=request.query_params)
        data.is_valid(raise_exception=True)
        paginator = Pagination()
        page = paginator.paginate_queryset(
            action_items_for(user=request.user, box=data.validated_data["box"]), request, self
        )
        page = page or []
        log_access_many(page, actor=request.user, detail={"list": "action items", "api": True})
        return paginator.get_paginated_response(ActionItemOutput(page, many=True).data)


class ActionItemDetailApi(LiaisonView):
    @extend_schema(responses={200: ActionItemOutput, 404: ErrorOutput})
    def get(self, request: Request, code: UUID) -> Response:
        """One action item (404 outside the user's scope: another organisation's for a liaison)."""
        return Response(ActionItemOutput(action_item_get_for_user(user=request.user, code=code)).data)


class ActionItemStatusApi(LiaisonView):
    @extend_schema(
        request=ActionItemUpdateInput,
        responses={200: ActionItemOutput, **ERRORS},
        examples=[OpenApiExample("Done", request_only=True, value={"status": "done", "note": "Kunjungan dilakukan."})],
    )
    def post(self, request: Request, code: UUID) -> Response:
        """Mark an open action item done (its officer, its organisation's liaison, the case manager
        or the head) or cancelled (who records the minutes, with a note)."""
        item = action_item_get_for_user(user=request.user, code=code, perm="coordination.update_action_item")
        data = ActionItemUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        item = action_item_update(actor=request.user, item=item, **data.validated_data)
        return Response(_item_body(item))


# --- Task-force meetings ------------------------------------------------------------------------


class MeetingsApi(APIView):
    pagination_class = Pagination

    @extend_schema(responses={200: MeetingSummaryOutput(many=True), 404: ErrorOutput})
    def get(self, request: Request) -> Response:
        """The task-force meetings, newest first (the head and leadership)."""
        require_or_404(request.user, "coordination.view_meetings")
        paginator = Pagination()
        page = paginator.paginate_queryset(meetings_for(user=request.user), request, self) or []
        log_access_many(page, actor=request.user, detail={"list": "task-force meetings", "api": True})
        return paginator.get_paginated_response(MeetingSummaryOutput(page, many=True).data)

    @extend_schema(
        request=MeetingInput,
        responses={201: MeetingOutput, **ERRORS},
        examples=[
            OpenApiExample(
                "A quarterly meeting",
                request_only=True,
                value={
                    "held_on": "2026-12-01",
                    "place": "Aula DPMPPA",
                    "chair": "Kepala DPMPPA",
                    "summary": "Evaluasi rujukan triwulan IV.",
                    "invited": ["7c9e6679-7425-40de-944b-e07fc1f90ae7"],
                    "present": ["7c9e6679-7425-40de-944b-e07fc1f90ae7"],
                },
            )
        ],
    )
    def post(self, request: Request) -> Response:
        """Record a task-force meeting held (the head), with the attendance per organisation."""
        require_or_404(request.user, "coordination.view_meetings")
        if not request.user.has_perm("coordination.manage_meetings"):
            raise permission_refusal("coordination.manage_meetings")
        data = MeetingInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        meeting = meeting_record(
            actor=request.user,
            held_on=values["held_on"],
            place=values["place"],
            chair=values["chair"],
            summary=values["summary"],
            invited=_organisations(values["invited"], "invited"),
            present=_organisations(values["present"], "present"),
        )
        return Response(_meeting_body(request, meeting), status=status.HTTP_201_CREATED)


class MeetingDetailApi(APIView):
    @extend_schema(responses={200: MeetingOutput, 404: ErrorOutput})
    def get(self, request: Request, code: UUID) -> Response:
        """A task-force meeting with its attendance, decisions and action items."""
        return Response(MeetingOutput(meeting_get_for_user(user=request.user, code=code)).data)


class MeetingDecisionApi(APIView):
    @extend_schema(request=DecisionInput, responses={201: DecisionOutput, **ERRORS}, examples=[DECISION_EXAMPLE])
    def post(self, request: Request, code: UUID) -> Response:
        """A decision of a task-force meeting (the head)."""
        meeting = meeting_get_for_user(user=request.user, code=code, perm="coordination.manage_meetings")
        return _decision_created(request, meeting=meeting)


class MeetingActionItemApi(APIView):
    @extend_schema(request=ActionItemInput, responses={201: ActionItemOutput, **ERRORS}, examples=[ITEM_EXAMPLE])
    def post(self, request: Request, code: UUID) -> Response:
        """A follow-up action a task-force meeting assigned to an organisation (the head)."""
        meeting = meeting_get_for_user(user=request.user, code=code, perm="coordination.manage_meetings")
        return _item_created(request, meeting=meeting)
