"""Pages of case conferences, the liaison's coordination portal, action items and the task-force
meeting register. Thin: access helper → form → service → redirect or the page again."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases.selectors import registered_case_get_for_user
from uptdppa.accounts.access import permission_refusal
from uptdppa.accounts.models import Role
from uptdppa.audit import log_access_many
from uptdppa.web import bound_data, form_page, page_of, refusal_redirect, require_or_404

from .access import conferences_visible_to
from .forms import (
    ActionItemForm,
    ActionItemUpdateForm,
    AttendanceForm,
    ConferenceForm,
    DecisionForm,
    HoldForm,
    MeetingForm,
    conference_officers,
    conference_organisations,
    meeting_officers,
    meeting_organisations,
)
from .models import ActionItem, CaseConference, ConferenceStatus, TaskForceMeeting
from .selectors import (
    action_item_get_for_user,
    action_items_for,
    conference_get_for_user,
    conferences_of_case,
    liaison_conference_view,
    meeting_get_for_user,
    meetings_for,
)
from .services import (
    action_item_add,
    action_item_update,
    attendance_set,
    conference_cancel,
    conference_hold,
    conference_schedule,
    conference_sharing_refusal,
    decision_add,
    meeting_record,
)

# --- A case's conferences (the team and the head) -----------------------------------------------


@login_required
@require_GET
def case_conferences(request: HttpRequest, code: UUID) -> HttpResponse:
    case = registered_case_get_for_user(user=request.user, code=code, perm="coordination.view_case_conferences")
    context = {
        "case": case,
        "conferences": conferences_of_case(user=request.user, case=case),
        "can_schedule": request.user.has_perm("coordination.schedule_conference", case),
    }
    return render(request, "coordination/case_conferences.html", context)


@login_required
def conference_schedule_view(request: HttpRequest, code: UUID) -> HttpResponse:
    case = registered_case_get_for_user(user=request.user, code=code, perm="coordination.schedule_conference")
    form = ConferenceForm(bound_data(request), case=case, initial={"chair": getattr(request.user, "code", None)})
    return form_page(
        request,
        form,
        lambda data: conference_schedule(actor=request.user, case=case, **data),
        page="coordination/conference_form.html",
        success=_("The conference was scheduled and the invitations were sent."),
        then=lambda conference: reverse("coordination:conference", args=[conference.code]),
        case=case,
    )


def _conference_page(
    request: HttpRequest,
    conference: CaseConference,
    *,
    hold_form: forms.Form | None = None,
    decision_form: forms.Form | None = None,
    item_form: forms.Form | None = None,
) -> HttpResponse:
    user: Any = request.user
    may_record = user.has_perm("coordination.record_minutes", conference)
    scheduled = conference.status == ConferenceStatus.SCHEDULED
    held = conference.status == ConferenceStatus.HELD
    blocked = conference_sharing_refusal(conference.case) if scheduled else None
    organisations = conference_organisations(conference)
    context = {
        "case": conference.case,
        "conference": conference,
        "attendance": list(conference.attendance.all()),
        "decisions": list(conference.decisions.all()),
        "items": list(conference.action_items.all()),
        "today": timezone.localdate(),
        "can_hold": may_record and scheduled,
        "can_cancel": user.has_perm("coordination.cancel_conference", conference),
        "can_add": may_record and held,
        "can_attend": may_record and conference.status != ConferenceStatus.CANCELLED,
        "blocked": blocked,
        "may_override": user.has_perm("coordination.override_sharing"),
        "hold_form": hold_form or HoldForm(),
        "decision_form": decision_form or DecisionForm(organisations=organisations),
        "item_form": item_form or ActionItemForm(organisations=organisations, officers=conference_officers(conference)),
    }
    return render(request, "coordination/conference_detail.html", context)


@login_required
@require_GET
def conference_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    return _conference_page(request, conference_get_for_user(user=request.user, code=code))


def _form_on_page(
    request: HttpRequest,
    form: forms.Form,
    save: Callable[[dict[str, Any]], Any],
    *,
    url: str,
    page: Callable[..., HttpResponse],
    success: str,
    name: str,
) -> HttpResponse:
    """A form of a conference's or a meeting's page: saved, back to ``url``; refused, the page again
    with the bound form as its ``name`` (what the user typed kept)."""
    return form_page(
        request,
        form,
        save,
        page=lambda bound: page(**{name: bound}),
        success=success,
        then=url,
        refusal_url=url,
    )


def _conference_form(
    request: HttpRequest,
    conference: CaseConference,
    form: forms.Form,
    save: Callable[[dict[str, Any]], Any],
    *,
    success: str,
    name: str,
) -> HttpResponse:
    url = reverse("coordination:conference", args=[conference.code])
    page = functools.partial(_conference_page, request, conference)
    return _form_on_page(request, form, save, url=url, page=page, success=success, name=name)


@login_required
@require_POST
def conference_hold_view(request: HttpRequest, code: UUID) -> HttpResponse:
    conference = conference_get_for_user(user=request.user, code=code, perm="coordination.record_minutes")
    return _conference_form(
        request,
        conference,
        HoldForm(request.POST),
        lambda data: conference_hold(actor=request.user, conference=conference, **data),
        success=_("The conference was recorded as held. Record its decisions and actions."),
        name="hold_form",
    )


@login_required
@require_POST
def conference_cancel_view(request: HttpRequest, code: UUID) -> HttpResponse:
    conference = conference_get_for_user(user=request.user, code=code, perm="coordination.cancel_conference")
    conference_cancel(actor=request.user, conference=conference)
    messages.success(request, _("The conference was cancelled and the invited were told."))
    return redirect("coordination:conference", conference.code)


@login_required
@require_POST
def decision_add_view(request: HttpRequest, code: UUID) -> HttpResponse:
    conference = conference_get_for_user(user=request.user, code=code, perm="coordination.record_minutes")
    return _conference_form(
        request,
        conference,
        DecisionForm(request.POST, organisations=conference_organisations(conference)),
        lambda data: decision_add(actor=request.user, conference=conference, **data),
        success=_("The decision was recorded."),
        name="decision_form",
    )


@login_required
@require_POST
def action_item_add_view(request: HttpRequest, code: UUID) -> HttpResponse:
    conference = conference_get_for_user(user=request.user, code=code, perm="coordination.record_minutes")
    form = ActionItemForm(
        request.POST, organisations=conference_organisations(conference), officers=conference_officers(conference)
    )
    return _conference_form(
        request,
        conference,
        form,
        lambda data: action_item_add(actor=request.user, conference=conference, **data),
        success=_("The action was recorded and its officer notified."),
        name="item_form",
    )


@login_required
@require_POST
def attendance_view(request: HttpRequest, code: UUID, attendance: UUID) -> HttpResponse:
    """Present or absent, for one invited row: by whoever records the minutes (the conference
    page) or by a liaison for their organisation (their portal)."""
    user: Any = request.user
    if user.role == Role.PENGHUBUNG_OPD:
        view = liaison_conference_view(user=user, code=code)
        rows = view["attendance"]
        url = reverse("coordination:portal-conference", args=[code])
    else:
        conference = conference_get_for_user(user=user, code=code)
        rows = list(conference.attendance.all())
        url = reverse("coordination:conference", args=[code])
    row = next((r for r in rows if r.code == attendance), None)
    if row is None:
        raise Http404
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose present or absent."))
        return redirect(url)
    try:
        attendance_set(actor=user, attendance=row, present=form.cleaned_data["present"])
    except ValidationError as error:
        return refusal_redirect(request, error, url)
    messages.success(request, _("The attendance was recorded."))
    return redirect(url)


# --- Action items (everyone who may see one) ----------------------------------------------------


@login_required
def action_item_view(request: HttpRequest, code: UUID) -> HttpResponse:
    user: Any = request.user
    item = action_item_get_for_user(user=user, code=code)
    may_update = user.has_perm("coordination.update_action_item", item)
    may_cancel = may_update and (
        user.has_perm("coordination.record_minutes", item.conference)
        if item.conference is not None
        else user.has_perm("coordination.manage_meetings")
    )
    if request.method == "POST" and not may_update:
        messages.error(request, _("This action can no longer be updated by you."))
        return redirect("coordination:action-item", item.code)
    form = ActionItemUpdateForm(bound_data(request), may_cancel=may_cancel)
    back = _item_back(user, item)
    return form_page(
        request,
        form,
        lambda data: action_item_update(actor=user, item=item, **data),
        page="coordination/action_item.html",
        success=_("The action was updated."),
        then=reverse("coordination:action-item", args=[item.code]),
        item=item,
        may_update=may_update,
        back=back,
        overdue=item.is_overdue(),
        liaison=user.role == Role.PENGHUBUNG_OPD,
    )


def _item_back(user: Any, item: ActionItem) -> str:
    if user.role == Role.PENGHUBUNG_OPD:
        if item.conference is not None:
            return reverse("coordination:portal-conference", args=[item.conference.code])
        return reverse("coordination:portal")
    if item.conference is not None:
        return reverse("coordination:conference", args=[item.conference.code])
    if item.meeting is not None and user.has_perm("coordination.view_meetings"):
        return reverse("coordination:meeting", args=[item.meeting.code])
    return reverse("cases:tasks") if user.has_perm("cases.view_worklist") else reverse("home")


# --- The liaison's portal -----------------------------------------------------------------------

PORTAL = "coordination.view_portal"  # liaisons only; a 404 for everybody else
BOXES = ("open", "overdue", "all")


@login_required
@require_GET
def portal(request: HttpRequest) -> HttpResponse:
    """The liaison's organisation's action items (open by default) and the conferences it was
    invited to."""
    require_or_404(request.user, PORTAL)
    user: Any = request.user
    box = request.GET.get("box", "open")
    if box not in BOXES:
        box = "open"
    page = page_of(request, action_items_for(user=user, box=box))
    conferences = list(conferences_visible_to(user).select_related("case").order_by("-scheduled_at")[:20])
    log_access_many([*page.object_list, *conferences], actor=user, detail={"list": "coordination portal"})
    context = {"page": page, "box": box, "conferences": conferences, "today": timezone.localdate()}
    return render(request, "coordination/portal.html", context)


@login_required
@require_GET
def portal_conference(request: HttpRequest, code: UUID) -> HttpResponse:
    require_or_404(request.user, PORTAL)
    view = liaison_conference_view(user=request.user, code=code)
    view["today"] = timezone.localdate()
    view["can_attend"] = view["conference"].status != ConferenceStatus.CANCELLED
    return render(request, "coordination/portal_conference.html", view)


# --- The task-force meeting register ------------------------------------------------------------


@login_required
@require_GET
def meetings(request: HttpRequest) -> HttpResponse:
    require_or_404(request.user, "coordination.view_meetings")
    year = timezone.localdate().year
    page = page_of(request, meetings_for(user=request.user))
    log_access_many(page.object_list, actor=request.user, detail={"list": "task-force meetings"})
    context = {
        "page": page,
        "year": year,
        "year_count": meetings_for(user=request.user, year=year).count(),
        "can_record": request.user.has_perm("coordination.manage_meetings"),
    }
    return render(request, "coordination/meetings.html", context)


@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    require_or_404(request.user, "coordination.view_meetings")
    if not request.user.has_perm("coordination.manage_meetings"):
        raise permission_refusal("coordination.manage_meetings")
    form = MeetingForm(bound_data(request))
    return form_page(
        request,
        form,
        lambda data: meeting_record(actor=request.user, **data),
        page="coordination/meeting_form.html",
        success=_("The meeting was recorded. Add its decisions and actions."),
        then=lambda meeting: reverse("coordination:meeting", args=[meeting.code]),
    )


def _meeting_page(
    request: HttpRequest,
    meeting: TaskForceMeeting,
    *,
    decision_form: forms.Form | None = None,
    item_form: forms.Form | None = None,
) -> HttpResponse:
    context = {
        "meeting": meeting,
        "attendance": list(meeting.attendance.all()),
        "decisions": list(meeting.decisions.all()),
        "items": list(meeting.action_items.all()),
        "today": timezone.localdate(),
        "can_add": request.user.has_perm("coordination.manage_meetings"),
        "decision_form": decision_form or DecisionForm(organisations=meeting_organisations()),
        "item_form": item_form or ActionItemForm(organisations=meeting_organisations(), officers=meeting_officers()),
    }
    return render(request, "coordination/meeting_detail.html", context)


@login_required
@require_GET
def meeting_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    return _meeting_page(request, meeting_get_for_user(user=request.user, code=code))


def _meeting_form(
    request: HttpRequest, meeting: TaskForceMeeting, form: forms.Form, save: Any, *, success: str, name: str
) -> HttpResponse:
    url = reverse("coordination:meeting", args=[meeting.code])
    page = functools.partial(_meeting_page, request, meeting)
    return _form_on_page(request, form, save, url=url, page=page, success=success, name=name)


@login_required
@require_POST
def meeting_decision_add(request: HttpRequest, code: UUID) -> HttpResponse:
    meeting = meeting_get_for_user(user=request.user, code=code, perm="coordination.manage_meetings")
    return _meeting_form(
        request,
        meeting,
        DecisionForm(request.POST, organisations=meeting_organisations()),
        lambda data: decision_add(actor=request.user, meeting=meeting, **data),
        success=_("The decision was recorded."),
        name="decision_form",
    )


@login_required
@require_POST
def meeting_item_add(request: HttpRequest, code: UUID) -> HttpResponse:
    meeting = meeting_get_for_user(user=request.user, code=code, perm="coordination.manage_meetings")
    return _meeting_form(
        request,
        meeting,
        ActionItemForm(request.POST, organisations=meeting_organisations(), officers=meeting_officers()),
        lambda data: action_item_add(actor=request.user, meeting=meeting, **data),
        success=_("The action was recorded and its officer notified."),
        name="item_form",
    )
