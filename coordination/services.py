"""Every write of case conferences, task-force meetings and action items, with their rules
(docs/rules.md). Notifications hold the case's register number, dates and times only, never a
name (the invitation, the reminders and the escalation alike)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases.models import Case, CaseTeamMember, EventKind, Person, PersonRole, TeamRole
from cases.selectors import victim_has_consent_or_basis
from cases.services.common import event_add, future_date_error, raise_if, require_open_registered
from cases.services.staff import case_staff, is_among
from uptdppa.accounts.access import permission_refusal
from uptdppa.accounts.models import Organisation, OrganisationKind, Role, User
from uptdppa.accounts.selectors import active_heads
from uptdppa.accounts.services import notify

from .models import (
    ActionItem,
    ActionItemStatus,
    Attendance,
    CaseConference,
    ConferenceStatus,
    Decision,
    SharingBasis,
    TaskForceMeeting,
)

# --- Helpers ------------------------------------------------------------------------------------


def _require(actor: Any, perm: str, obj: Any = None) -> None:
    if not actor.has_perm(perm, obj):
        raise permission_refusal(perm)


def _when(moment: datetime) -> str:
    """A time as a notification shows it: local, to the minute, no name of anything."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _liaisons_of(organisation_ids: list[int]) -> list[User]:
    return list(
        User.objects.filter(role=Role.PENGHUBUNG_OPD, is_active=True, organisation_id__in=organisation_ids).order_by(
            "pk"
        )
    )


def _managers_of(case: Case) -> list[User]:
    return [
        m.user
        for m in CaseTeamMember.objects.filter(case=case, team_role=TeamRole.MANAJER_KASUS, user__is_active=True)
        .select_related("user")
        .order_by("pk")
    ]


def conference_url(conference: CaseConference, *, for_liaison: bool) -> str:
    name = "coordination:portal-conference" if for_liaison else "coordination:conference"
    return reverse(name, args=[conference.code])


def action_item_url(item: ActionItem, *, for_liaison: bool = False) -> str:
    """One page for every reader of an action item (its selector decides what they may see)."""
    return reverse("coordination:action-item", args=[item.code])


def partner_organisations() -> Any:
    """The partners a conference or a meeting may invite (active; not the unit itself)."""
    return Organisation.objects.filter(is_active=True).exclude(kind=OrganisationKind.UPTD_PPA)


# --- Rules --------------------------------------------------------------------------------------


def conference_sharing_refusal(case: Case) -> str | None:
    """Why the case may not be discussed with partner organisations at a conference, if it may
    not: a victim with no consent or other legal basis in force (none recorded, or the consent
    withdrawn; UU 27/2022 Pasal 20, 40) or whose processing is restricted (Pasal 41). The same
    ground a referral needs (referrals.services.referral_send)."""
    victims = list(Person.objects.filter(case=case, role=PersonRole.VICTIM).order_by("pk"))
    if any(victim.is_restricted for victim in victims):
        return _("The processing of a victim of this case is restricted: their data may not be shared.")
    if any(not victim_has_consent_or_basis(victim) for victim in victims):
        return _("No consent or legal basis is in force for every victim of this case: sharing is blocked.")
    return None


def attendance_refusal(*, actor: Any, attendance: Attendance) -> str | None:
    """Who records attendance: whoever records the minutes of the conference (or the head, for a
    task-force meeting), and a liaison for their own organisation's row; not on a cancelled
    conference."""
    conference = attendance.conference
    if conference is not None and conference.status == ConferenceStatus.CANCELLED:
        return _("The conference was cancelled.")
    if actor.role == Role.PENGHUBUNG_OPD:
        if actor.organisation_id == attendance.organisation_id:
            return None
        return _("A liaison officer records the attendance of their own organisation only.")
    if conference is not None and actor.has_perm("coordination.record_minutes", conference):
        return None
    if attendance.meeting_id is not None and actor.has_perm("coordination.manage_meetings"):
        return None
    return _("The attendance is recorded by whoever records the minutes, or by the organisation's liaison officer.")


# --- Conferences --------------------------------------------------------------------------------


@transaction.atomic
def conference_schedule(
    *,
    actor: Any,
    case: Case,
    scheduled_at: datetime,
    chair: User | None,
    note_taker: User | None,
    place: str = "",
    link: str = "",
    agenda: str = "",
    staff: list[User] | None = None,
    organisations: list[Organisation] | None = None,
) -> CaseConference:
    """Schedule a conference on an open registered case (the head or the case manager), invite
    the chosen staff of the team and partner organisations, and notify them: case code and
    time only."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _require(actor, "coordination.schedule_conference", case)
    require_open_registered(case)
    people = case_staff(case)
    staff = list(staff or [])
    organisations = list(organisations or [])
    errors: dict[str, str] = {}
    if scheduled_at < timezone.now() - timedelta(minutes=5):
        errors["scheduled_at"] = _("A conference is scheduled for a time still to come.")
    if not place.strip() and not link.strip():
        errors["place"] = _("Give the place or the meeting link.")
    if not is_among(people, chair):
        errors["chair"] = _("The chair is the head of the unit or a staff member on the case team.")
    if not is_among(people, note_taker):
        errors["note_taker"] = _("The note-taker is the head of the unit or a staff member on the case team.")
    if any(not is_among(people, user) for user in staff):
        errors["staff"] = _("Invite staff of the case team or the head of the unit only.")
    partners = set(partner_organisations().values_list("pk", flat=True))
    if any(org.pk not in partners for org in organisations):
        errors["organisations"] = _("Invite active partner organisations only.")
    raise_if(errors)
    conference = CaseConference(
        case=case,
        scheduled_at=scheduled_at,
        place=place.strip(),
        link=link.strip(),
        chair=chair,
        note_taker=note_taker,
        agenda=agenda.strip() or None,
        created_by=actor,
    )
    conference.full_clean()
    conference.save()
    invited_staff = list({u.pk: u for u in [chair, note_taker, *staff] if u is not None}.values())
    Attendance.objects.bulk_create(
        [Attendance(conference=conference, organisation_id=u.organisation_id, user=u) for u in invited_staff]
        + [Attendance(conference=conference, organisation=org) for org in {o.pk: o for o in organisations}.values()]
    )
    event_add(case=case, kind=EventKind.CONFERENCE_SCHEDULED, actor=actor, conference=str(conference.code))
    params = {"case": case.label, "when": _when(scheduled_at)}
    message = gettext_noop("Invitation to a case conference on case %(case)s, %(when)s.")
    notify(
        recipients=[u for u in invited_staff if u.pk != actor.pk],
        message=message,
        params=params,
        url=conference_url(conference, for_liaison=False),
    )
    notify(
        recipients=_liaisons_of([org.pk for org in organisations]),
        message=message,
        params=params,
        url=conference_url(conference, for_liaison=True),
    )
    return conference


def _invitees(conference: CaseConference) -> tuple[list[User], list[User]]:
    rows = list(conference.attendance.filter(invited=True).select_related("user"))
    staff = [row.user for row in rows if row.user is not None and row.user.is_active]
    liaisons = _liaisons_of([row.organisation_id for row in rows if row.user is None])
    return staff, liaisons


@transaction.atomic
def conference_cancel(*, actor: Any, conference: CaseConference) -> CaseConference:
    """Cancel a scheduled conference and tell the invited (case code and time only)."""
    conference = CaseConference.objects.select_for_update(of=("self",)).select_related("case").get(pk=conference.pk)
    _require(actor, "coordination.cancel_conference", conference)
    conference.status = ConferenceStatus.CANCELLED
    conference.cancelled_at = timezone.now()
    conference.save(update_fields=["status", "cancelled_at", "updated_at"])
    event_add(case=conference.case, kind=EventKind.CONFERENCE_CANCELLED, actor=actor, conference=str(conference.code))
    staff, liaisons = _invitees(conference)
    params = {"case": conference.case.label, "when": _when(conference.scheduled_at)}
    message = gettext_noop("The case conference on case %(case)s, %(when)s, was cancelled.")
    notify(recipients=[u for u in staff if u.pk != actor.pk], message=message, params=params)
    notify(recipients=liaisons, message=message, params=params)
    return conference


@transaction.atomic
def conference_hold(
    *,
    actor: Any,
    conference: CaseConference,
    summary: str,
    next_review_on: date | None = None,
    override_reason: str = "",
) -> CaseConference:
    """Record that a scheduled conference was held, with its summary, the legal basis for the
    sharing at the meeting and the next review date. A case whose sharing is blocked
    (``conference_sharing_refusal``) is held only on the head's recorded override, with a reason."""
    conference = CaseConference.objects.select_for_update(of=("self",)).select_related("case").get(pk=conference.pk)
    _require(actor, "coordination.record_minutes", conference)
    if conference.status != ConferenceStatus.SCHEDULED:
        raise ValidationError(_("Only a scheduled conference can be recorded as held."))
    errors: dict[str, str] = {}
    if not summary.strip():
        errors["summary"] = _("Write the summary of the conference.")
    today = timezone.localdate()
    if next_review_on is not None and next_review_on <= today:
        errors["next_review_on"] = _("The next review is a date after today.")
    blocked = conference_sharing_refusal(conference.case)
    override = override_reason.strip()
    if blocked:
        if not actor.has_perm("coordination.override_sharing"):
            errors["override_reason"] = _("%(why)s Only the head of the unit may hold the conference anyway.") % {
                "why": blocked
            }
        elif not override:
            errors["override_reason"] = _("%(why)s Write the reason to hold the conference anyway.") % {"why": blocked}
    raise_if(errors)
    now = timezone.now()
    conference.status = ConferenceStatus.HELD
    conference.held_at = now
    conference.summary = summary.strip()
    conference.next_review_on = next_review_on
    if blocked:
        conference.sharing_basis = SharingBasis.HEAD_OVERRIDE
        conference.head_override_by = actor
        conference.head_override_at = now
        conference.head_override_reason = override
    else:
        conference.sharing_basis = SharingBasis.CONSENT_OR_BASIS
    conference.full_clean()
    conference.save()
    data: dict[str, Any] = {"conference": str(conference.code)}
    if next_review_on:
        data["next_review_on"] = next_review_on.isoformat()
    event_add(case=conference.case, kind=EventKind.CONFERENCE_HELD, actor=actor, **data)
    if blocked:
        event_add(
            case=conference.case,
            kind=EventKind.CONFERENCE_SHARING_OVERRIDDEN,
            actor=actor,
            conference=str(conference.code),
        )
    return conference


@transaction.atomic
def attendance_set(*, actor: Any, attendance: Attendance, present: bool) -> Attendance:
    """Record whether an invited organisation (or staff member) was present."""
    attendance = (
        Attendance.objects.select_for_update(of=("self",)).select_related("conference__case").get(pk=attendance.pk)
    )
    if refusal := attendance_refusal(actor=actor, attendance=attendance):
        raise ValidationError(refusal)
    attendance.present = present
    attendance.save(update_fields=["present", "updated_at"])
    return attendance


def _source_check(actor: Any, conference: CaseConference | None, meeting: TaskForceMeeting | None) -> None:
    if (conference is None) == (meeting is None):
        raise ValidationError(_("A decision or an action belongs to one conference or one meeting."))
    if conference is not None:
        _require(actor, "coordination.record_minutes", conference)
        if conference.status != ConferenceStatus.HELD:
            raise ValidationError(_("Decisions and actions are recorded once the conference is recorded as held."))
    else:
        _require(actor, "coordination.manage_meetings")


def _organisation_error(
    conference: CaseConference | None, meeting: TaskForceMeeting | None, organisation: Organisation | None
) -> str | None:
    """A conference's decision or action concerns an organisation that was invited to it (the
    sharing at the meeting had its basis for those only); a meeting's, any active organisation."""
    if organisation is None:
        return None
    if conference is not None:
        if not conference.attendance.filter(organisation=organisation).exists():
            return _("Choose an organisation invited to this conference.")
    elif not organisation.is_active:
        return _("Choose an active organisation.")
    return None


@transaction.atomic
def decision_add(
    *,
    actor: Any,
    text: str,
    conference: CaseConference | None = None,
    meeting: TaskForceMeeting | None = None,
    organisation: Organisation | None = None,
) -> Decision:
    """A decision of a held conference or of a task-force meeting; ``organisation`` when it
    concerns one invited partner (its liaisons then read it)."""
    _source_check(actor, conference, meeting)
    errors: dict[str, str] = {}
    if not text.strip():
        errors["text"] = _("Write the decision.")
    if error := _organisation_error(conference, meeting, organisation):
        errors["organisation"] = error
    raise_if(errors)
    decision = Decision(
        conference=conference, meeting=meeting, organisation=organisation, text=text.strip(), recorded_by=actor
    )
    decision.full_clean()
    decision.save()
    if conference is not None:
        event_add(
            case=conference.case,
            kind=EventKind.CONFERENCE_DECISION,
            actor=actor,
            conference=str(conference.code),
            decision=str(decision.code),
        )
    return decision


def assignee_error(organisation: Organisation, assignee: User | None, conference: CaseConference | None) -> str | None:
    """The officer of an action item belongs to its organisation: for the unit, staff of the
    case team or the head (a conference's) or unit staff (a meeting's); for a partner, one of its
    liaison officers."""
    if assignee is None:
        return None
    if not assignee.is_active or assignee.organisation_id != organisation.pk:
        return _("Choose an officer of the organisation the action is assigned to.")
    if organisation.kind == OrganisationKind.UPTD_PPA:
        if conference is not None and not is_among(case_staff(conference.case), assignee):
            return _("Choose a staff member of the case team or the head of the unit.")
        return None
    if assignee.role != Role.PENGHUBUNG_OPD:
        return _("Choose a liaison officer of the organisation.")
    return None


@transaction.atomic
def action_item_add(
    *,
    actor: Any,
    title: str,
    due_on: date | None,
    organisation: Organisation | None,
    conference: CaseConference | None = None,
    meeting: TaskForceMeeting | None = None,
    assignee: User | None = None,
) -> ActionItem:
    """An action assigned by a held conference or a task-force meeting to an organisation (and
    optionally one of its officers), due on a date; the officer, or else the organisation's
    liaisons, are notified (case code or meeting date and the due date only)."""
    _source_check(actor, conference, meeting)
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Write the action.")
    if due_on is None:
        errors["due_on"] = _("Give the due date.")
    elif due_on < timezone.localdate():
        errors["due_on"] = _("The due date cannot be in the past.")
    if organisation is None:
        errors["organisation"] = _("Choose the organisation.")
    else:
        if conference is not None and organisation.kind == OrganisationKind.UPTD_PPA:
            pass  # the unit itself is always part of its conference
        elif error := _organisation_error(conference, meeting, organisation):
            errors["organisation"] = error
        if error := assignee_error(organisation, assignee, conference):
            errors["assignee"] = error
    raise_if(errors)
    if organisation is None or due_on is None:  # for the type checker: raise_if refused them
        raise ValidationError(_("Choose the organisation."))
    item = ActionItem(
        conference=conference,
        meeting=meeting,
        organisation=organisation,
        assignee=assignee,
        title=title.strip(),
        due_on=due_on,
        created_by=actor,
    )
    item.full_clean()
    item.save()
    recipients = [assignee] if assignee is not None else _liaisons_of([organisation.pk])
    for user in recipients:
        liaison = user.role == Role.PENGHUBUNG_OPD
        if conference is not None:
            notify(
                recipients=[user],
                message=gettext_noop("A follow-up action of the case conference on case %(case)s is due on %(due)s."),
                params={"case": conference.case.label, "due": due_on.isoformat()},
                url=action_item_url(item, for_liaison=liaison),
            )
        elif meeting is not None:
            notify(
                recipients=[user],
                message=gettext_noop("A follow-up action of the task-force meeting of %(date)s is due on %(due)s."),
                params={"date": meeting.held_on.isoformat(), "due": due_on.isoformat()},
                url=action_item_url(item, for_liaison=liaison),
            )
    return item


@transaction.atomic
def action_item_update(*, actor: Any, item: ActionItem, status: str, note: str = "") -> ActionItem:
    """Mark an open action item done (its officer, a liaison of its organisation, the case
    manager or the head: ``coordination.access.may_update_action_item``) or cancelled (who
    records the minutes, or the head for a meeting), with a note."""
    item = (
        ActionItem.objects.select_for_update(of=("self",)).select_related("conference__case", "meeting").get(pk=item.pk)
    )
    _require(actor, "coordination.update_action_item", item)
    note = note.strip()
    if status == ActionItemStatus.DONE:
        item.status = ActionItemStatus.DONE
        item.done_at = timezone.now()
        item.done_by = actor
    elif status == ActionItemStatus.CANCELLED:
        may_cancel = (
            actor.has_perm("coordination.record_minutes", item.conference)
            if item.conference is not None
            else actor.has_perm("coordination.manage_meetings")
        )
        if not may_cancel:
            raise ValidationError({"status": _("An action is cancelled by whoever records the minutes.")})
        if not note:
            raise ValidationError({"note": _("Write why the action is cancelled.")})
        item.status = ActionItemStatus.CANCELLED
    else:
        raise ValidationError({"status": _("Choose done or cancelled.")})
    if note:
        item.note = note
    item.full_clean()
    item.save()
    return item


# --- Task-force meetings ------------------------------------------------------------------------


@transaction.atomic
def meeting_record(
    *,
    actor: Any,
    held_on: date | None,
    place: str = "",
    chair: str = "",
    summary: str = "",
    invited: list[Organisation] | None = None,
    present: list[Organisation] | None = None,
) -> TaskForceMeeting:
    """Record a task-force meeting held (the head): date, place, chair, summary and the
    attendance per organisation (invited, present)."""
    _require(actor, "coordination.manage_meetings")
    invited = list(invited or [])
    present = list(present or [])
    errors: dict[str, str] = {}
    if held_on is None:
        errors["held_on"] = _("Give the date of the meeting.")
    elif future := future_date_error(held_on):
        errors["held_on"] = future
    if not summary.strip():
        errors["summary"] = _("Write the summary of the meeting.")
    active = set(Organisation.objects.filter(is_active=True).values_list("pk", flat=True))
    if any(org.pk not in active for org in [*invited, *present]):
        errors["invited"] = _("Choose active organisations.")
    raise_if(errors)
    if held_on is None:  # for the type checker: raise_if refused it
        raise ValidationError(_("Give the date of the meeting."))
    meeting = TaskForceMeeting(
        held_on=held_on, place=place.strip(), chair=chair.strip(), summary=summary.strip(), created_by=actor
    )
    meeting.full_clean()
    meeting.save()
    present_ids = {org.pk for org in present}
    invited_ids = {org.pk for org in invited}
    Attendance.objects.bulk_create(
        [
            Attendance(meeting=meeting, organisation_id=pk, invited=pk in invited_ids, present=pk in present_ids)
            for pk in sorted(invited_ids | present_ids)
        ]
    )
    return meeting


# --- The clock ----------------------------------------------------------------------------------


def action_item_deadline_notices(*, today: date) -> tuple[int, int]:
    """The daily job: remind the officer (or, without one, the organisation's liaisons) of open
    action items due today or tomorrow, and escalate overdue ones to the head(s) of the unit and
    the case's managers. At most once per item, recipient and day (notification keys), however
    often it runs. Returns (reminded, escalated)."""
    open_items = ActionItem.objects.filter(status=ActionItemStatus.OPEN).select_related(
        "conference__case", "meeting", "assignee"
    )
    reminded = escalated = 0
    for item in open_items.filter(due_on__in=[today, today + timedelta(days=1)]).order_by("pk"):
        recipients = [item.assignee] if item.assignee is not None else _liaisons_of([item.organisation_id])
        with transaction.atomic():
            ids: list[int] = []
            for user in recipients:
                ids += notify(
                    recipients=[user],
                    message=gettext_noop("A follow-up action is due on %(due)s (%(source)s)."),
                    params={"due": item.due_on.isoformat(), "source": _source_label(item)},
                    url=action_item_url(item, for_liaison=user.role == Role.PENGHUBUNG_OPD),
                    key=f"action-item-due:{item.pk}:{today.isoformat()}",
                )
        reminded += bool(ids)
    heads = list(active_heads())
    for item in open_items.filter(due_on__lt=today).order_by("pk"):
        recipients = [*heads, *(_managers_of(item.conference.case) if item.conference is not None else [])]
        with transaction.atomic():
            ids = notify(
                recipients=recipients,
                message=gettext_noop("A follow-up action is overdue since %(due)s (%(source)s)."),
                params={"due": item.due_on.isoformat(), "source": _source_label(item)},
                url=action_item_url(item, for_liaison=False),
                key=f"action-item-overdue:{item.pk}:{today.isoformat()}",
            )
        escalated += bool(ids)
    return reminded, escalated


def _source_label(item: ActionItem) -> str:
    """Codes only: the case's register number, or the meeting's date."""
    if item.conference is not None:
        return item.conference.case.label
    return item.meeting.held_on.isoformat() if item.meeting is not None else ""
