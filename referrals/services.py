"""Writes of referrals: functions named <entity>_<action>, keyword-only, atomic, audited.

Status machine (every change logged in ReferralEvent and on the case timeline)::

    draft ──send──▶ sent ──accept──▶ accepted ──action──▶ in_progress ──complete──▶ completed
                      └──decline──▶ declined        └────────complete──────────────▲
    draft, sent, accepted, in_progress ──revoke (sender, with a reason)──▶ revoked
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date as date_type
from datetime import timedelta
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from cases.models import AttachmentType, Case, EventKind, Person, PersonRole, PlanItem, PlanItemStatus
from cases.models.attachments import EXTENSIONS
from cases.selectors import victim_consent_withdrawn, victim_has_consent_or_basis
from cases.services.attachments import (
    IMAGE_FORMATS,
    attachment_storage,
    clean_file_name,
    detect_type,
    read_bounded,
    size_limit_message,
    strip_image_metadata,
)
from cases.services.common import event_add, future_date_error, raise_if, require_open_registered
from cases.services.registry import yearly_number_issue
from cases.vocabularies import ServiceType
from uptdppa.accounts.models import Organisation, OrganisationKind, Role, User
from uptdppa.accounts.selectors import active_heads
from uptdppa.accounts.services import enqueue, notify

from .models import (
    ACTIVE_STATUSES,
    DeclineReason,
    LetterCounter,
    Referral,
    ReferralAction,
    ReferralActionFile,
    ReferralEvent,
    ReferralEventKind,
    ReferralOutcome,
    ReferralStatus,
    ReferralUrgency,
    SharedField,
)

logger = logging.getLogger(__name__)

# The refusal of a referral drafted on a case that is not open (the draft page says it too).
NOT_FROM_A_CLOSED_CASE = gettext_lazy("Referrals are made from an open case.")

# The case timeline's kind for each referral event (codes only in its data).
_CASE_EVENT = {
    ReferralEventKind.CREATED: EventKind.REFERRAL_CREATED,
    ReferralEventKind.SENT: EventKind.REFERRAL_SENT,
    ReferralEventKind.ACCEPTED: EventKind.REFERRAL_ACCEPTED,
    ReferralEventKind.DECLINED: EventKind.REFERRAL_DECLINED,
    ReferralEventKind.STARTED: EventKind.REFERRAL_STARTED,
    ReferralEventKind.ACTION: EventKind.REFERRAL_ACTION,
    ReferralEventKind.COMPLETED: EventKind.REFERRAL_COMPLETED,
    ReferralEventKind.REVOKED: EventKind.REFERRAL_REVOKED,
    ReferralEventKind.CONSENT_OVERRIDDEN: EventKind.REFERRAL_CONSENT_OVERRIDDEN,
}


def _log(referral: Referral, kind: ReferralEventKind, actor: Any, at: Any = None) -> None:
    ReferralEvent.objects.create(
        referral=referral, kind=kind, at=at or timezone.now(), actor=actor if getattr(actor, "pk", None) else None
    )
    event_add(
        case=referral.case,
        kind=_CASE_EVENT[kind],
        actor=actor,
        referral=str(referral.code),
        organisation=str(referral.organisation.code),
    )


def _lock(referral: Referral) -> Referral:
    return Referral.objects.select_related("case", "organisation").select_for_update(of=("self",)).get(pk=referral.pk)


def _require_status(referral: Referral, *statuses: str) -> None:
    if referral.status not in statuses:
        raise ValidationError(
            _("This cannot be done on a referral that is %(status)s.")
            % {"status": referral.get_status_display().lower()}
        )


def _require_liaison(actor: Any, referral: Referral) -> None:
    """Defence in depth: the views ask the permission; the service refuses anyone else too."""
    if getattr(actor, "role", None) != Role.PENGHUBUNG_OPD or actor.organisation_id != referral.organisation_id:
        raise ValidationError(_("Only a liaison officer of the receiving organisation can do this."))


def due_date(urgency: str, sent_on: date_type) -> date_type:
    """When the receiver should have responded, by urgency (settings.REFERRAL_DUE_DAYS)."""
    return sent_on + timedelta(days=settings.REFERRAL_DUE_DAYS[urgency])


@dataclass(frozen=True)
class StepDeadlines:
    """The day by which each step of a sent referral is due (None: not due yet, as the step it
    counts from has not happened)."""

    accept_by: date_type
    first_service_by: date_type | None
    complete_by: date_type


def step_deadlines(referral: Referral) -> StepDeadlines | None:
    """The per-step deadlines of a sent referral (None for a draft), from the settings by urgency
    and service type (docs/domain.md#referral-steps): accepted by the "respond by" date
    (REFERRAL_DUE_DAYS from the sending day); the first service within REFERRAL_FIRST_SERVICE_DAYS
    of the acceptance; completed within REFERRAL_COMPLETE_DAYS of the sending day, or the longest
    REFERRAL_COMPLETE_DAYS_BY_SERVICE of the services requested when longer. The one function the
    referral page, the API and the task-force report read."""
    if referral.sent_at is None:
        return None
    sent_on = timezone.localdate(referral.sent_at)
    urgency = referral.urgency
    accepted = referral.responded_at if referral.status != ReferralStatus.DECLINED else None
    first_service_by = (
        timezone.localdate(accepted) + timedelta(days=settings.REFERRAL_FIRST_SERVICE_DAYS[urgency])
        if accepted is not None
        else None
    )
    by_service = settings.REFERRAL_COMPLETE_DAYS_BY_SERVICE
    complete_days = max(
        [settings.REFERRAL_COMPLETE_DAYS[urgency], *(by_service.get(service, 0) for service in referral.services)]
    )
    return StepDeadlines(
        accept_by=due_date(urgency, sent_on),
        first_service_by=first_service_by,
        complete_by=sent_on + timedelta(days=complete_days),
    )


class StepKind:
    ANSWER = "answer"
    FIRST_SERVICE = "first_service"
    COMPLETION = "completion"


STEP_LABELS = {
    StepKind.ANSWER: gettext_lazy("Accepted or declined"),
    StepKind.FIRST_SERVICE: gettext_lazy("First service (first action logged)"),
    StepKind.COMPLETION: gettext_lazy("Completed"),
}


@dataclass(frozen=True)
class Step:
    """One step of a sent referral as of a moment: its deadline, when it was done (None: not by
    then) and whether it is late (done after its day, or not done and its day has passed)."""

    kind: str
    due: date_type | None
    done_at: Any
    late: bool

    @property
    def label(self) -> str:
        return str(STEP_LABELS[self.kind])


def referral_steps(referral: Referral, as_of: Any = None) -> list[Step]:
    """The steps of a sent referral as they stood at ``as_of`` (default now): what happened later
    is not done yet. A declined referral has only its answer; a revoked one's pending steps are
    not late (nothing is expected of the receiver any more). The page shows them; the task-force
    report counts a referral with a late step as overdue."""
    deadlines = step_deadlines(referral)
    if deadlines is None:
        return []
    as_of = as_of or timezone.now()
    day = timezone.localdate(as_of)
    stopped = referral.status == ReferralStatus.REVOKED and referral.revoked_at is not None

    def _step(kind: str, due: date_type | None, done_at: Any) -> Step:
        done_at = done_at if done_at is not None and done_at <= as_of else None
        if done_at is not None:
            late = due is not None and timezone.localdate(done_at) > due
        else:
            late = due is not None and day > due and not (stopped and referral.revoked_at <= as_of)
        return Step(kind=kind, due=due, done_at=done_at, late=late)

    steps = [_step(StepKind.ANSWER, deadlines.accept_by, referral.responded_at)]
    if referral.status == ReferralStatus.DECLINED and referral.responded_at and referral.responded_at <= as_of:
        return steps
    accepted = referral.responded_at if referral.responded_at and referral.responded_at <= as_of else None
    steps.append(
        _step(StepKind.FIRST_SERVICE, deadlines.first_service_by if accepted else None, referral.first_service_at)
    )
    steps.append(_step(StepKind.COMPLETION, deadlines.complete_by, referral.completed_at))
    return steps


def _draft_errors(
    case: Case,
    victims: list[Person],
    organisation: Organisation,
    services: list[str],
    shared_fields: list[str],
    urgency: str,
    reason: str,
) -> dict[str, str]:
    """What is wrong with a draft, new or changed: victims of this case, an active partner, the
    services and shared fields from their lists, the urgency and the reason."""
    errors: dict[str, str] = {}
    if not victims:
        errors["victims"] = _("Choose at least one victim.")
    elif any(v.case_id != case.pk or v.role != PersonRole.VICTIM for v in victims):
        errors["victims"] = _("Only victims of this case can be referred.")
    if not organisation.is_active or organisation.kind == OrganisationKind.UPTD_PPA:
        errors["organisation"] = _("Choose an active partner organisation.")
    if not services:
        errors["services"] = _("Choose at least one service.")
    elif set(services) - set(ServiceType.values):
        errors["services"] = _("Choose services from the list.")
    if set(shared_fields) - set(SharedField.values):
        errors["shared_fields"] = _("Choose what to share from the list.")
    if urgency not in ReferralUrgency.values:
        errors["urgency"] = _("Choose the urgency.")
    if not reason.strip():
        errors["reason"] = _("Say why the victim is referred.")
    return errors


# An item done or waived is carried out by nobody any more.
_ITEM_CLOSED = (PlanItemStatus.DONE, PlanItemStatus.WAIVED)


def plan_item_refusal(case: Case, plan_item: PlanItem | None) -> str | None:
    """Why a referral of ``case`` may not carry out ``plan_item``, or None: the item must be of
    this case's intervention plan, and neither done nor waived."""
    if plan_item is None:
        return None
    if plan_item.plan.case_id != case.pk:
        return _("Choose an item of this case's intervention plan.")
    if plan_item.status in _ITEM_CLOSED:
        return _("This plan item is already done or waived.")
    return None


@transaction.atomic
def referral_create(
    *,
    actor: Any,
    case: Case,
    victims: Iterable[Person],
    organisation: Organisation,
    services: Iterable[str],
    reason: str,
    urgency: str = ReferralUrgency.NORMAL,
    shared_fields: Iterable[str] = (),
    facts: str = "",
    cover_note: str = "",
    plan_item: PlanItem | None = None,
) -> Referral:
    """Draft a referral of victims of an open case to a partner organisation, carrying out an
    item of the case's intervention plan if one is named."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    refusal = str(NOT_FROM_A_CLOSED_CASE)
    require_open_registered(case, not_registered=refusal, closed=refusal)
    victim_list = list({v.pk: v for v in victims}.values())
    service_list = list(dict.fromkeys(services))
    field_list = list(dict.fromkeys(shared_fields))
    errors = _draft_errors(case, victim_list, organisation, service_list, field_list, urgency, reason)
    if error := plan_item_refusal(case, plan_item):
        errors["plan_item"] = error
    raise_if(errors)
    referral = Referral(
        case=case,
        organisation=organisation,
        services=service_list,
        reason=reason.strip(),
        urgency=urgency,
        shared_fields=field_list,
        facts=facts.strip() or None,
        cover_note=cover_note.strip() or None,
        created_by=actor,
        plan_item=plan_item,
    )
    referral.full_clean()
    referral.save()
    referral.victims.set(victim_list)
    _log(referral, ReferralEventKind.CREATED, actor)
    return referral


@transaction.atomic
def referral_update(
    *,
    actor: Any,
    referral: Referral,
    victims: Iterable[Person],
    organisation: Organisation,
    services: Iterable[str],
    reason: str,
    urgency: str = ReferralUrgency.NORMAL,
    shared_fields: Iterable[str] = (),
    facts: str = "",
    cover_note: str = "",
    plan_item: PlanItem | None = None,
) -> Referral:
    """Change a draft, by the rules of drafting it; once sent, a referral is no longer changed
    (what the receiver got is frozen): revoke it and draft another."""
    referral = _lock(referral)
    _require_status(referral, ReferralStatus.DRAFT)
    refusal = str(NOT_FROM_A_CLOSED_CASE)
    require_open_registered(referral.case, not_registered=refusal, closed=refusal)
    victim_list = list({v.pk: v for v in victims}.values())
    service_list = list(dict.fromkeys(services))
    field_list = list(dict.fromkeys(shared_fields))
    errors = _draft_errors(referral.case, victim_list, organisation, service_list, field_list, urgency, reason)
    if error := plan_item_refusal(referral.case, plan_item):
        errors["plan_item"] = error
    raise_if(errors)
    referral.plan_item = plan_item
    referral.organisation = organisation
    referral.services = service_list
    referral.reason = reason.strip()
    referral.urgency = urgency
    referral.shared_fields = field_list
    referral.facts = facts.strip() or None
    referral.cover_note = cover_note.strip() or None
    referral.full_clean()
    referral.save()
    referral.victims.set(victim_list)
    event_add(
        case=referral.case,
        kind=EventKind.REFERRAL_CREATED,
        actor=actor,
        referral=str(referral.code),
        organisation=str(organisation.code),
        changed=True,
    )
    return referral


def shared_data_of(referral: Referral) -> list[dict[str, Any]]:
    """What the receiver may know of each victim: the ticked fields only."""
    fields = set(referral.shared_fields)
    rows = []
    for victim in referral.victims.select_related("region").prefetch_related("violence_forms").order_by("pk"):
        row: dict[str, Any] = {}
        if SharedField.INITIALS in fields:
            row["initials"] = victim.initials
        if SharedField.FULL_NAME in fields:
            row["full_name"] = victim.full_name or ""
        if SharedField.AGE in fields:
            row["age"] = victim.age_at_incident
        if SharedField.SEX in fields:
            row["sex"] = victim.sex
        if SharedField.BIRTH_DATE in fields and victim.birth_date:
            row["birth_date"] = victim.birth_date.isoformat()
        if SharedField.NIK in fields:
            row["nik"] = victim.nik or ""
        if SharedField.PHONE in fields:
            row["phone"] = victim.phone or ""
        if SharedField.ADDRESS in fields:
            row["address"] = victim.address_line or ""
        if SharedField.KELURAHAN in fields and victim.region is not None:
            row["kelurahan"] = victim.region.name
        if SharedField.VIOLENCE_FORMS in fields:
            row["violence_forms"] = sorted(record.form for record in victim.violence_forms.all())
        rows.append(row)
    return rows


def _liaisons_of(organisation_id: int) -> list[User]:
    return list(User.objects.filter(role=Role.PENGHUBUNG_OPD, organisation_id=organisation_id, is_active=True))


def _referral_url(referral: Referral, *, for_receiver: bool) -> str:
    from django.urls import reverse

    name = "referrals:inbox-detail" if for_receiver else "referrals:detail"
    return reverse(name, args=[referral.code])


def withdrawn_consent_refusal(victims: list[Any]) -> str | None:
    """Why a referral of ``victims`` may not be sent because a victim withdrew the consent it
    relied on (UU 27/2022 Pasal 9, 40), or None. Not even the head overrides a withdrawal; a
    legal basis other than consent, once recorded, allows the sharing again."""
    withdrawn = [(victim, at) for victim in victims if (at := victim_consent_withdrawn(victim))]
    if not withdrawn:
        return None
    return _(
        "%(victims)s withdrew consent (%(date)s): the referral relied on it and cannot be sent. It may be "
        "sent only on another legal basis, once recorded."
    ) % {
        "victims": ", ".join(victim.initials for victim, _at in withdrawn),
        "date": ", ".join(timezone.localtime(at).strftime("%d-%m-%Y") for _victim, at in withdrawn),
    }


@transaction.atomic
def referral_send(*, actor: Any, referral: Referral, consent_override_reason: str = "") -> Referral:
    """Send a draft: needs a recorded consent or legal basis for each victim (UU 27/2022 PDP),
    unless a user with referrals.override_consent (the head) overrides with a written reason; a
    consent the victim withdrew blocks it, override or not (``withdrawn_consent_refusal``).
    Freezes the shared data, numbers the letter, notifies the receiver's liaisons and queues the
    letter PDF."""
    referral = _lock(referral)
    _require_status(referral, ReferralStatus.DRAFT)
    refusal = _("Referrals are sent from an open case.")
    require_open_registered(referral.case, not_registered=refusal, closed=refusal)
    victims = list(referral.victims.all())
    if withdrawn := withdrawn_consent_refusal(victims):
        raise ValidationError({"consent_override_reason": withdrawn})
    missing = [v for v in victims if not victim_has_consent_or_basis(v)]
    override = consent_override_reason.strip()
    if missing and not override:
        raise ValidationError(
            {
                "consent_override_reason": _(
                    "No consent or legal basis is recorded for %(victims)s. Record it first, or the head "
                    "may send with a written reason."
                )
                % {"victims": ", ".join(v.initials for v in missing)}
            }
        )
    if missing and not (actor is not None and actor.has_perm("referrals.override_consent", referral)):
        raise ValidationError({"consent_override_reason": _("Only the head of UPTD PPA can send without consent.")})
    now = timezone.now()
    referral.status = ReferralStatus.SENT
    referral.sent_at = now
    referral.sent_by = actor
    referral.due_on = due_date(referral.urgency, timezone.localdate(now))
    referral.shared_data = json.dumps(shared_data_of(referral), ensure_ascii=False)
    # Gap-free per year: the counter row stays locked until the sending transaction ends.
    referral.letter_number = yearly_number_issue(
        LetterCounter, at=now, number_format=settings.REFERRAL_LETTER_NUMBER_FORMAT
    ).number
    if missing:
        referral.consent_override_reason = override
        referral.consent_override_by = actor
    referral.full_clean()
    referral.save()
    if missing:
        _log(referral, ReferralEventKind.CONSENT_OVERRIDDEN, actor, at=now)
    _log(referral, ReferralEventKind.SENT, actor, at=now)
    notify(
        recipients=_liaisons_of(referral.organisation_id),
        message=gettext_noop("A new referral %(letter)s was sent to your organisation."),
        params={"letter": referral.letter_number},
        url=_referral_url(referral, for_receiver=True),
    )
    from .tasks import generate_referral_letter

    transaction.on_commit(lambda: enqueue(generate_referral_letter, referral.pk))
    return referral


def _notify_sender(referral: Referral, message: str) -> None:
    sender = referral.sent_by or referral.created_by
    notify(
        recipients=[sender],
        message=message,
        params={"letter": referral.letter_number or ""},
        url=_referral_url(referral, for_receiver=False),
    )


@transaction.atomic
def referral_accept(*, actor: Any, referral: Referral) -> Referral:
    referral = _lock(referral)
    _require_liaison(actor, referral)
    _require_status(referral, ReferralStatus.SENT)
    referral.status = ReferralStatus.ACCEPTED
    referral.responded_at = timezone.now()
    referral.save(update_fields=["status", "responded_at", "updated_at"])
    _log(referral, ReferralEventKind.ACCEPTED, actor)
    _notify_sender(referral, gettext_noop("Referral %(letter)s was accepted."))
    return referral


@transaction.atomic
def referral_decline(*, actor: Any, referral: Referral, reason_code: str, reason: str = "") -> Referral:
    """Decline a referral awaiting an answer, with the reason as a code (counted in the task-force
    report) and in words (required for "other")."""
    referral = _lock(referral)
    _require_liaison(actor, referral)
    _require_status(referral, ReferralStatus.SENT)
    errors: dict[str, str] = {}
    if reason_code not in DeclineReason.values:
        errors["reason_code"] = _("Choose why the referral is declined.")
    elif reason_code == DeclineReason.OTHER and not reason.strip():
        errors["reason"] = _("Say why the referral is declined.")
    raise_if(errors)
    referral.status = ReferralStatus.DECLINED
    referral.responded_at = timezone.now()
    referral.decline_reason_code = reason_code
    referral.decline_reason = reason.strip() or None
    referral.save(update_fields=["status", "responded_at", "decline_reason_code", "decline_reason", "updated_at"])
    _log(referral, ReferralEventKind.DECLINED, actor)
    _notify_sender(referral, gettext_noop("Referral %(letter)s was declined."))
    return referral


# At most this many files on one action (each up to settings.ATTACHMENT_MAX_BYTES, held in
# memory while checked).
MAX_ACTION_FILES = 10


@dataclass(frozen=True)
class _CheckedFile:
    """An uploaded file that passed the attachment rules, ready to store."""

    name: str
    kind: AttachmentType
    data: bytes


def _check_action_files(files: Iterable[Any]) -> tuple[list[_CheckedFile], list[str]]:
    """Every file checked like a case attachment (cases.services.attachments): type from the
    content, size, images re-encoded without metadata. Returns the accepted files and one
    message per refused file, naming it, so the liaison knows which one to fix."""
    checked: list[_CheckedFile] = []
    refusals: list[str] = []
    uploads = list(files)
    if len(uploads) > MAX_ACTION_FILES:
        return [], [_("At most %(count)d files on one action.") % {"count": MAX_ACTION_FILES}]
    for upload in uploads:
        name = clean_file_name(getattr(upload, "name", "") or "")
        try:
            data = read_bounded(upload)
            kind = detect_type(data)
            if kind in IMAGE_FORMATS:
                data = strip_image_metadata(data, kind)
                # Re-encoding may grow a heavily compressed image past the limit.
                if len(data) > settings.ATTACHMENT_MAX_BYTES:
                    raise ValidationError({"file": size_limit_message()})
        except ValidationError as error:
            refusals.extend(
                _("%(name)s: %(message)s") % {"name": name, "message": message} for message in error.messages
            )
            continue
        checked.append(_CheckedFile(name=name, kind=kind, data=data))
    return checked, refusals


def _store_action_files(entry: ReferralAction, checked: list[_CheckedFile], actor: Any, stored: list[str]) -> None:
    """Store the files of ``entry`` under random names, each with its row. The names written are
    appended to ``stored`` as they are written, so the caller can delete them if anything fails."""
    storage = attachment_storage()
    for item in checked:
        wanted = f"referral-action-files/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{EXTENSIONS[item.kind]}"
        stored_name = storage.save(wanted, ContentFile(item.data))
        stored.append(stored_name)
        row = ReferralActionFile(
            action=entry,
            stored_name=stored_name,
            original_name=item.name,
            mime_type=item.kind,
            size=len(item.data),
            sha256=hashlib.sha256(item.data).hexdigest(),
            uploaded_by=actor,
        )
        row.full_clean()
        row.save()


@transaction.atomic
def referral_action_add(
    *,
    actor: Any,
    referral: Referral,
    date: date_type,
    action: str,
    notes: str = "",
    files: Iterable[IO[bytes]] = (),
) -> ReferralAction:
    """Log what the receiver did, with files if any (reports, photos; PDF, JPEG or PNG). The
    first action moves an accepted referral to "in progress". All or nothing: one refused file
    refuses the action (errors on "files") and nothing is stored."""
    # The files first: checking and re-encoding them needs no database, so the referral row is
    # locked only for the short part below.
    checked, refusals = _check_action_files(files)
    referral = _lock(referral)
    _require_liaison(actor, referral)
    _require_status(referral, ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS)
    errors: dict[str, Any] = {}
    if future := future_date_error(date):
        errors["date"] = future
    if not action.strip():
        errors["action"] = _("Say what was done.")
    if refusals:
        errors["files"] = refusals
    raise_if(errors)
    entry = ReferralAction(
        referral=referral, date=date, action=action.strip(), notes=notes.strip() or None, recorded_by=actor
    )
    entry.full_clean()
    entry.save()
    if referral.first_service_at is None:
        # The first action logged is the first service (the task-force report's "days to first service").
        referral.first_service_at = entry.created_at
        referral.save(update_fields=["first_service_at", "updated_at"])
    stored: list[str] = []
    try:
        _store_action_files(entry, checked, actor, stored)
        if referral.status == ReferralStatus.ACCEPTED:
            referral.status = ReferralStatus.IN_PROGRESS
            referral.save(update_fields=["status", "updated_at"])
            _log(referral, ReferralEventKind.STARTED, actor)
        _log(referral, ReferralEventKind.ACTION, actor)
    except BaseException:
        # No row, no file: this transaction is rolled back, so the files written go too. (A
        # caller's own transaction rolled back later would leave them: harmless, named by no
        # row; the same as case attachments.)
        storage = attachment_storage()
        for name in stored:
            storage.delete(name)
        raise
    if stored:
        logger.info("referral action %s stored %d file(s) on referral %s", entry.code, len(stored), referral.code)
    return entry


@transaction.atomic
def referral_complete(*, actor: Any, referral: Referral, outcome_code: str, outcome: str) -> Referral:
    """Complete an accepted or in-progress referral, with the outcome as a code and in words."""
    referral = _lock(referral)
    _require_liaison(actor, referral)
    _require_status(referral, ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS)
    errors: dict[str, str] = {}
    if outcome_code not in ReferralOutcome.values:
        errors["outcome_code"] = _("Choose the outcome.")
    if not outcome.strip():
        errors["outcome"] = _("Describe the outcome.")
    raise_if(errors)
    referral.status = ReferralStatus.COMPLETED
    referral.completed_at = timezone.now()
    referral.outcome_code = outcome_code
    referral.outcome = outcome.strip()
    referral.save(update_fields=["status", "completed_at", "outcome_code", "outcome", "updated_at"])
    _log(referral, ReferralEventKind.COMPLETED, actor)
    plan_item_done_by(referral, actor)
    _notify_sender(referral, gettext_noop("Referral %(letter)s was completed."))
    return referral


def plan_item_done_by(referral: Referral, actor: Any) -> None:
    """The plan item a completed referral carried out is done (unless it was done or waived
    already), with a timeline event naming the referral."""
    if referral.plan_item_id is None:
        return
    item = PlanItem.objects.select_for_update().select_related("plan").get(pk=referral.plan_item_id)
    if item.status in _ITEM_CLOSED:
        return
    item.status = PlanItemStatus.DONE
    item.save(update_fields=["status", "updated_at"])
    event_add(
        case=referral.case,
        kind=EventKind.PLAN_ITEM_STATUS,
        actor=actor,
        item=str(item.code),
        status=PlanItemStatus.DONE,
        referral=str(referral.code),
    )


@transaction.atomic
def referral_revoke(*, actor: Any, referral: Referral, reason: str) -> Referral:
    """Withdraw a referral: the receiver no longer sees it (nor anything about it)."""
    referral = _lock(referral)
    _require_status(
        referral, ReferralStatus.DRAFT, ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS
    )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the referral is revoked.")})
    referral.status = ReferralStatus.REVOKED
    referral.revoked_at = timezone.now()
    referral.revoke_reason = reason.strip()
    referral.save(update_fields=["status", "revoked_at", "revoke_reason", "updated_at"])
    _log(referral, ReferralEventKind.REVOKED, actor)
    return referral


def referral_deadline_notices(*, today: date_type) -> tuple[int, int]:
    """The daily job: remind the receiver's liaisons of referrals due today or tomorrow, and
    escalate overdue ones to the head(s) of UPTD PPA and the sender. At most once per referral,
    recipient and day (notification keys), however often it runs. Returns (reminded, escalated)."""
    active = Referral.objects.filter(status__in=ACTIVE_STATUSES, due_on__isnull=False)
    reminded = escalated = 0
    for referral in active.filter(due_on__in=[today, today + timedelta(days=1)]).order_by("pk"):
        with transaction.atomic():
            ids = notify(
                recipients=_liaisons_of(referral.organisation_id),
                message=gettext_noop("Referral %(letter)s is due on %(due)s."),
                params={"letter": referral.letter_number or "", "due": referral.due_on.isoformat()},  # type: ignore[union-attr]
                url=_referral_url(referral, for_receiver=True),
                key=f"referral-due:{referral.pk}:{today.isoformat()}",
            )
        reminded += bool(ids)
    heads = list(active_heads())
    for referral in Referral.objects.overdue(today).select_related("sent_by").order_by("pk"):
        with transaction.atomic():
            ids = notify(
                recipients=[*heads, *([referral.sent_by] if referral.sent_by else [])],
                message=gettext_noop("Referral %(letter)s is overdue since %(due)s."),
                params={"letter": referral.letter_number or "", "due": referral.due_on.isoformat()},  # type: ignore[union-attr]
                url=_referral_url(referral, for_receiver=False),
                key=f"referral-overdue:{referral.pk}:{today.isoformat()}",
            )
        escalated += bool(ids)
    return reminded, escalated
