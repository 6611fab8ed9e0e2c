"""Retention and lawful destruction (UU 27/2022 PDP Pasal 42–44; UU 43/2009, PP 28/2012): every write
and rule.

- ``retention_of``: the one computation of a closed case's retention class and end date (settings;
  placeholders until the unit confirms its JRA).
- ``legal_hold_reasons``: what keeps a case past its end date (an open police report or trial, an
  unpaid restitution claim, an open mediation or referral, the head's hold).
- ``disposal_refusal``: only a closed case past its end date, not held, not destroyed and in no
  other batch may be destroyed; asked when a batch is proposed, when its execution is ordered
  and again by the task, case by case.
- ``case_destroy``: erases everything that identifies a person and keeps the coded facts the
  statistics count (reports/statistics.py), so every past period's figures stay the same;
  ``audit_scrub``: the audit trail keeps its entries (actor, time, object code) without values.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import IO, Any

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, models, transaction
from django.db.models import Case as DbCase
from django.db.models import Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import (
    Accompaniment,
    Assessment,
    Attachment,
    Case,
    CaseEvent,
    CaseStatus,
    ClosureRequest,
    ConsentRecord,
    HealthService,
    InterventionPlan,
    LegalAid,
    LegalEvent,
    Mediation,
    MediationFollowUp,
    MediationSession,
    MediationStatus,
    MonitoringFollowUp,
    OutreachVisit,
    Person,
    PersonRole,
    PlanItem,
    PsychSession,
    Restitution,
    ShelterStay,
    VictimRight,
)
from cases.services.attachments import (
    IMAGE_FORMATS,
    attachment_storage,
    clean_file_name,
    detect_type,
    read_bounded,
    strip_image_metadata,
)
from cases.services.common import future_date_error
from cases.vocabularies import LegalStage
from coordination.models import ActionItem, CaseConference, Decision
from referrals.models import OPEN_STATUSES, Referral, ReferralAction, ReferralActionFile
from uptdppa.crypto import BlindIndexField, EncryptedDateField, EncryptedMixin

from ..models import (
    BreachNotice,
    DisposalBatch,
    DisposalItem,
    DisposalStatus,
    LegalHold,
    RetentionClass,
    SubjectRequest,
)

logger = logging.getLogger(__name__)

CHILD_MAJORITY = 18

# --- The retention of a closed case ----------------------------------------------------------------


def add_years(day: date, years: int) -> date:
    """``day`` ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Retention:
    retention_class: RetentionClass
    closed_on: date
    ends_on: date
    # The day the youngest child victim turns 18 (a child's case only).
    majority_on: date | None = None

    @property
    def label(self) -> str:
        return str(self.retention_class.label)

    def is_over(self, today: date) -> bool:
        """Past the end date: on the end date itself the case is still kept."""
        return today > self.ends_on


def _majority_on(case: Case, person: Person) -> date | None:
    """The day ``person`` turns 18: from the date of birth, else (conservatively, the latest day it
    can be) from the age at the incident and the incident's or the complaint's date."""
    if person.birth_date:
        return add_years(person.birth_date, CHILD_MAJORITY)
    if person.age_at_incident is None:
        return None
    reference = case.incident_date or timezone.localdate(case.received_at)
    return add_years(reference, CHILD_MAJORITY - person.age_at_incident + 1) - timedelta(days=1)


def retention_of(case: Case) -> Retention | None:
    """The retention class and end date of a closed case (None while it is not closed). A case with
    a child victim (under 18 at the incident) is kept until its youngest child victim turns 18 plus
    RETENTION_CHILD_YEARS_AFTER_MAJORITY years, and at least RETENTION_CHILD_MIN_YEARS_AFTER_CLOSURE
    years after closure; another case RETENTION_ADULT_YEARS_AFTER_CLOSURE years after closure.
    Uses ``case.people.all()`` (prefetched on lists)."""
    if case.status != CaseStatus.CLOSED or case.closed_at is None:
        return None
    closed_on = timezone.localdate(case.closed_at)
    majorities = [
        day
        for person in case.people.all()
        if person.role == PersonRole.VICTIM and person.is_child
        for day in [_majority_on(case, person)]
        if day is not None
    ]
    if not majorities:
        return Retention(
            RetentionClass.ADULT, closed_on, add_years(closed_on, settings.RETENTION_ADULT_YEARS_AFTER_CLOSURE)
        )
    majority = max(majorities)
    ends_on = max(
        add_years(majority, settings.RETENTION_CHILD_YEARS_AFTER_MAJORITY),
        add_years(closed_on, settings.RETENTION_CHILD_MIN_YEARS_AFTER_CLOSURE),
    )
    return Retention(RetentionClass.CHILD, closed_on, ends_on, majority)


# --- Legal holds ----------------------------------------------------------------------------------

# A perpetrator's process has ended when its latest step is one of these (a later appeal reopens it).
LEGAL_PROCESS_END_STAGES = frozenset({LegalStage.PUTUSAN, LegalStage.DIVERSI, LegalStage.RESTITUSI})


def _legal_process_open(case: Case) -> bool:
    latest: dict[int, LegalEvent] = {}
    for event in case.legal_events.all():
        current = latest.get(event.perpetrator_id)
        if current is None or (event.date, event.created_at) > (current.date, current.created_at):
            latest[event.perpetrator_id] = event
    if not latest:
        # A police report with no step recorded since: its outcome is unknown, so it is open.
        return bool(case.police_report_number)
    return any(event.stage not in LEGAL_PROCESS_END_STAGES for event in latest.values())


def legal_hold_reasons(case: Case) -> list[str]:
    """Why ``case`` must be kept whatever its end date (UU 27/2022 Pasal 43-44: not while related to
    an open legal case): an open police report or trial stage, an unpaid restitution claim, an open
    mediation or referral, the head's hold. Uses the related lists (prefetched on lists)."""
    reasons = []
    if _legal_process_open(case):
        reasons.append(_("A police report or trial is still open."))
    if any(item.claimed and not item.paid for item in case.restitutions.all()):
        reasons.append(_("A restitution claim is still unpaid."))
    if any(item.status == MediationStatus.OPEN for item in case.mediations.all()):
        reasons.append(_("A mediation is still open."))
    if any(item.status in OPEN_STATUSES for item in case.referrals.all()):
        reasons.append(_("A referral is still open."))
    if any(hold.is_active for hold in case.legal_holds.all()):  # type: ignore[attr-defined]
        reasons.append(_("The head placed a legal hold."))
    return reasons


def _require_head(actor: Any, message: str) -> None:
    if not actor.has_perm("dataprotection.decide_retention"):
        raise ValidationError(message)


@transaction.atomic
def legal_hold_place(*, actor: Any, case_code: str, reason: str) -> LegalHold:
    """The head keeps a case (by register number or code) past its end date, with a reason."""
    _require_head(actor, _("Only the head of the unit places a legal hold."))
    errors: dict[str, str] = {}
    case = _case_by_code(case_code)
    if case is None or case.status not in (CaseStatus.OPEN, CaseStatus.CLOSED):
        errors["case"] = _("No registered case has this number or code.")
    elif LegalHold.objects.filter(case=case, lifted_at__isnull=True).exists():
        errors["case"] = _("This case is already on hold.")
    if not reason.strip():
        errors["reason"] = _("Say why the case is kept.")
    if case is not None and DisposalItem.objects.filter(case=case, destroyed_at__isnull=False).exists():
        errors["case"] = _("This case was destroyed.")
    if errors or case is None:
        raise ValidationError(errors)
    hold = LegalHold(case=case, reason=reason.strip(), placed_by=actor, placed_at=timezone.now())
    hold.full_clean()
    hold.save()
    return hold


@transaction.atomic
def legal_hold_lift(*, actor: Any, hold: LegalHold, reason: str) -> LegalHold:
    """The head lifts a hold, with a reason; the hold stays on record."""
    _require_head(actor, _("Only the head of the unit lifts a legal hold."))
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if not hold.is_active:
        raise ValidationError(_("This hold was already lifted."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the hold is lifted.")})
    hold.lifted_at = timezone.now()
    hold.lifted_by = actor
    hold.lift_reason = reason.strip()
    hold.full_clean()
    hold.save()
    return hold


# --- Disposal batches -----------------------------------------------------------------------------

ACTIVE_BATCH = (DisposalStatus.PROPOSED, DisposalStatus.APPROVED, DisposalStatus.QUEUED)


def _case_by_code(entry: str) -> Case | None:
    entry = (entry or "").strip()
    if not entry:
        return None
    query = Q(register_number=entry)
    with contextlib.suppress(ValueError):
        query |= Q(code=uuid.UUID(entry))
    return Case.objects.filter(query).first()


def related_for_retention(cases: Any) -> Any:
    """``cases`` with what retention_of and legal_hold_reasons read, prefetched."""
    return cases.prefetch_related("people", "legal_events", "restitutions", "mediations", "referrals", "legal_holds")


def disposal_refusal(case: Case, *, today: date, batch: DisposalBatch | None = None) -> str | None:
    """Why ``case`` may not be destroyed (None: it may). Only a closed case past its end date, not
    held (``legal_hold_reasons``), not destroyed already and in no other batch under way."""
    label = case.label
    if case.status != CaseStatus.CLOSED:
        return _("%(case)s is not closed.") % {"case": label}
    if DisposalItem.objects.filter(case=case, destroyed_at__isnull=False).exists():
        return _("%(case)s was already destroyed.") % {"case": label}
    retention = retention_of(case)
    if retention is None or not retention.is_over(today):
        return _("%(case)s is kept until %(date)s.") % {
            "case": label,
            "date": retention.ends_on.strftime("%d-%m-%Y") if retention else "—",
        }
    reasons = legal_hold_reasons(case)
    if reasons:
        return _("%(case)s is held: %(reasons)s") % {"case": label, "reasons": " ".join(reasons)}
    others = DisposalItem.objects.filter(case=case, batch__status__in=ACTIVE_BATCH)
    if batch is not None:
        others = others.exclude(batch=batch)
    if others.exists():
        return _("%(case)s is already in another disposal batch.") % {"case": label}
    return None


@transaction.atomic
def disposal_propose(*, actor: Any, case_codes: Iterable[str], note: str = "") -> DisposalBatch:
    """Propose a batch with its appraisal list: every case must pass ``disposal_refusal``; every
    refusal is listed at once."""
    today = timezone.localdate()
    entries = [entry.strip() for entry in case_codes if entry and entry.strip()]
    if not entries:
        raise ValidationError({"cases": _("Choose at least one case.")})
    cases: list[Case] = []
    problems: list[str] = []
    for entry in dict.fromkeys(entries):
        case = _case_by_code(entry)
        if case is None:
            problems.append(_("No case has this number or code: %s.") % entry)
            continue
        case = related_for_retention(Case.objects.filter(pk=case.pk).select_for_update(of=("self",))).get()
        refusal = disposal_refusal(case, today=today)
        if refusal:
            problems.append(refusal)
        else:
            cases.append(case)
    if problems:
        raise ValidationError({"cases": problems})
    batch = DisposalBatch(proposed_by=actor, proposed_at=timezone.now(), note=note.strip())
    batch.full_clean()
    batch.save()
    for case in cases:
        retention = retention_of(case)
        if retention is None:  # closed: disposal_refusal checked it
            continue
        DisposalItem.objects.create(
            batch=batch,
            case=case,
            register_number=case.label,
            retention_class=retention.retention_class,
            closed_on=retention.closed_on,
            retention_ends_on=retention.ends_on,
        )
    return batch


def _lock(batch: DisposalBatch) -> DisposalBatch:
    return DisposalBatch.objects.select_for_update().get(pk=batch.pk)


@transaction.atomic
def disposal_approval_attach(
    *,
    actor: Any,
    batch: DisposalBatch,
    file: IO[bytes] | None,
    file_name: str,
    approval_reference: str,
    approval_date: date | None,
    approved_by_office: str,
    witnesses: str,
) -> DisposalBatch:
    """Attach the written approval (a scan: PDF, JPEG or PNG, checked as case attachments are) with
    its letter number, date and office, and the witnesses (at least RETENTION_MIN_WITNESSES)."""
    batch = _lock(batch)
    if batch.status != DisposalStatus.PROPOSED:
        raise ValidationError(_("The approval is attached to a proposed batch only."))
    errors: dict[str, str] = {}
    data = b""
    kind = None
    if file is None:
        errors["file"] = _("Attach the scan of the written approval.")
    else:
        try:
            data = read_bounded(file)
            kind = detect_type(data)
            if kind in IMAGE_FORMATS:
                data = strip_image_metadata(data, kind)
        except ValidationError as error:
            errors.update({key: " ".join(value) for key, value in error.message_dict.items()})
    if not approval_reference.strip():
        errors["approval_reference"] = _("Give the number of the approval letter.")
    if approval_date is None:
        errors["approval_date"] = _("Give the date of the approval.")
    elif message := future_date_error(approval_date):
        errors["approval_date"] = message
    if not approved_by_office.strip():
        errors["approved_by_office"] = _("Say who approved (the office).")
    named = [line.strip() for line in witnesses.splitlines() if line.strip()]
    if len(named) < settings.RETENTION_MIN_WITNESSES:
        errors["witnesses"] = _("Name at least %(n)s witnesses, one per line.") % {
            "n": settings.RETENTION_MIN_WITNESSES
        }
    if errors or kind is None:
        raise ValidationError(errors)
    storage = attachment_storage()
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}[kind.value]
    stored_name = storage.save(f"retention/{uuid.uuid4().hex}.{extension}", ContentFile(data))
    try:
        batch.approval_stored_name = stored_name
        batch.approval_original_name = clean_file_name(file_name)
        batch.approval_mime_type = kind.value
        batch.approval_size = len(data)
        batch.approval_sha256 = hashlib.sha256(data).hexdigest()
        batch.approval_reference = approval_reference.strip()
        batch.approval_date = approval_date
        batch.approved_by_office = approved_by_office.strip()
        batch.witnesses = "\n".join(named)
        batch.approval_recorded_by = actor
        batch.approval_recorded_at = timezone.now()
        batch.status = DisposalStatus.APPROVED
        batch.full_clean()
        batch.save()
    except BaseException:
        storage.delete(stored_name)
        raise
    return batch


def _refusals(batch: DisposalBatch, today: date) -> list[str]:
    cases = related_for_retention(Case.objects.filter(pk__in=batch.items.values("case")))
    return [refusal for case in cases if (refusal := disposal_refusal(case, today=today, batch=batch))]


@transaction.atomic
def disposal_execute(*, actor: Any, batch: DisposalBatch) -> DisposalBatch:
    """The head orders an approved batch destroyed; every case is checked again, then the task
    (on the "backup" queue: it scrubs the audit trail, which needs the owner role) destroys them."""
    _require_head(actor, _("Only the head of the unit orders the destruction."))
    batch = _lock(batch)
    if batch.status != DisposalStatus.APPROVED:
        raise ValidationError(_("Only an approved batch is destroyed."))
    problems = _refusals(batch, timezone.localdate())
    if problems:
        raise ValidationError(problems)
    batch.status = DisposalStatus.QUEUED
    batch.executed_by = actor
    batch.execution_ordered_at = timezone.now()
    batch.save()
    from uptdppa.accounts.services import enqueue

    from ..tasks import destroy_disposal_batch

    batch_id = batch.pk
    transaction.on_commit(lambda: enqueue(destroy_disposal_batch, batch_id))
    return batch


def disposal_batch_destroy(*, batch_id: int) -> DisposalBatch:
    """The task's work: destroy every case of an ordered batch not destroyed yet (each checked
    again: a case held since is left), scrub the audit trail, then mark the batch done. Safe to
    run twice: a destroyed case and a done batch are skipped."""
    batch = DisposalBatch.objects.get(pk=batch_id)
    if batch.status == DisposalStatus.DONE:
        return batch
    if batch.status != DisposalStatus.QUEUED:
        raise ValueError(f"disposal batch {batch.code} is not ordered for destruction")
    today = timezone.localdate()
    touched: list[tuple[type[models.Model], list[Any]]] = []
    for item in batch.items.filter(destroyed_at__isnull=True):
        with transaction.atomic():
            case = related_for_retention(Case.objects.select_for_update(of=("self",)).filter(pk=item.case_id)).get()
            refusal = disposal_refusal(case, today=today, batch=batch)
            if refusal:
                logger.warning("disposal batch %s: case %s left (%s)", batch.code, case.code, refusal)
                continue
            touched += case_destroy(case)
            DisposalItem.objects.filter(pk=item.pk).update(destroyed_at=timezone.now())
    # Every case ever destroyed by this batch (a second run scrubs again: nothing changes).
    for item in batch.items.filter(destroyed_at__isnull=False):
        touched += _records_of(item.case_id)
    audit_scrub(touched)
    with transaction.atomic():
        batch = _lock(batch)
        batch.status = DisposalStatus.DONE
        batch.executed_at = timezone.now()
        batch.save()
    return batch


# --- Destruction ----------------------------------------------------------------------------------

# Each kind of record of a case, by the lookup from it to the case. tests/dataprotection/
# test_retention_destruction.py fails when a model that leads to a case is missing here.
CASE_RECORDS: dict[type[models.Model], str] = {
    Case: "pk",
    Person: "case",
    LegalEvent: "case",
    Mediation: "case",
    MediationSession: "mediation__case",
    MediationFollowUp: "mediation__case",
    Restitution: "case",
    Accompaniment: "case",
    LegalAid: "case",
    PsychSession: "case",
    ShelterStay: "case",
    ConsentRecord: "victim__case",
    VictimRight: "victim__case",
    OutreachVisit: "case",
    HealthService: "case",
    Assessment: "case",
    InterventionPlan: "case",
    PlanItem: "plan__case",
    ClosureRequest: "case",
    MonitoringFollowUp: "case",
    CaseEvent: "case",
    Attachment: "case",
    Referral: "case",
    ReferralAction: "referral__case",
    ReferralActionFile: "action__referral__case",
    # Case conferences: the agenda, minutes, decisions and actions go; dates, statuses and codes stay.
    CaseConference: "case",
    Decision: "conference__case",
    ActionItem: "conference__case",
    # The unit's own records about the case's people: what was asked and decided stays, the values go.
    SubjectRequest: "person__case",
    LegalHold: "case",
}
# Deleted with their files (the statistics count none of them).
DELETED = (Attachment, ReferralActionFile)
# Text kept because it is a code, not a value about a person: the register number (the berita
# acara lists it), the referral's service codes, shared-field names and letter number.
KEPT: dict[type[models.Model], frozenset[str]] = {
    Case: frozenset({"register_number"}),
    Referral: frozenset({"services", "shared_fields", "letter_number"}),
}
# Non-text values that identify: the year of birth (the statistics count the age at the incident).
EXTRA: dict[type[models.Model], dict[str, Any]] = {Person: {"birth_year": None, "phone_is_whatsapp": False}}
# What an erased encrypted text that was set holds: whether it was set is kept (``_blank``).
PLACEHOLDER = "—"


def identifying_fields(model: type[models.Model]) -> list[models.Field]:  # type: ignore[type-arg]
    """The fields of ``model`` destruction erases: every encrypted field and blind index, and every
    free text, JSON or file field that is not a vocabulary code and not KEPT."""
    kept = KEPT.get(model, frozenset())
    found: list[models.Field] = []  # type: ignore[type-arg]
    for field in model._meta.concrete_fields:
        if field.name in kept:
            continue
        if isinstance(field, (EncryptedMixin, BlindIndexField, models.JSONField, models.FileField)) or (
            isinstance(field, (models.CharField, models.TextField)) and not field.choices
        ):
            found.append(field)
    return found


def _blank(model: type[models.Model], field: models.Field) -> Any:  # type: ignore[type-arg]
    """What ``field`` holds once destroyed. Whether an encrypted text was there is kept (a
    placeholder replaces the value), as the statistics and the database constraints read it (a
    place outside the city, a waived plan item's reason, a done health service's result)."""
    if isinstance(field, (EncryptedDateField, BlindIndexField)):
        return None
    if isinstance(field, EncryptedMixin):
        placeholder = Value(PLACEHOLDER, output_field=field)
        if not field.null:
            return placeholder
        return DbCase(
            When(**{f"{field.name}__isnull": True}, then=Value(None)), default=placeholder, output_field=field
        )
    if isinstance(field, models.JSONField):
        return field.get_default()
    if field.null:
        return None
    return ""


def _records_of(case_id: int) -> list[tuple[type[models.Model], list[Any]]]:
    return [
        (model, list(model._default_manager.filter(**{lookup: case_id}).values_list("pk", flat=True)))
        for model, lookup in CASE_RECORDS.items()
    ]


def _files_of(case_id: int) -> list[str]:
    names = list(Attachment.objects.filter(case_id=case_id).values_list("stored_name", flat=True))
    names += list(
        ReferralActionFile.objects.filter(action__referral__case_id=case_id).values_list("stored_name", flat=True)
    )
    names += [name for name in Referral.objects.filter(case_id=case_id).values_list("letter", flat=True) if name]
    return names


def case_destroy(case: Case) -> list[tuple[type[models.Model], list[Any]]]:
    """Erase what identifies anyone in ``case`` (encrypted fields, blind indexes, free text,
    timeline data, files) and keep the coded facts the statistics count: the rows of the case,
    its people (role, sex, age at the incident, kelurahan, education, disability), violence forms,
    protection categories, relation codes, dates, statuses and services. Returns the records
    touched, for ``audit_scrub``. Runs without signals, so it adds no audit values of its own."""
    records = _records_of(case.pk)
    storage = attachment_storage()
    for name in _files_of(case.pk):
        storage.delete(name)
    for model, pks in records:
        if not pks:
            continue
        rows = model._default_manager.filter(pk__in=pks)
        if model in DELETED:
            models.QuerySet.delete(rows)
            continue
        values = {field.name: _blank(model, field) for field in identifying_fields(model)}
        values.update(EXTRA.get(model, {}))
        # The base update: BlindIndexedQuerySet refuses encrypted fields to keep indexes in step,
        # and here both are emptied together.
        models.QuerySet.update(rows, **values)
    people = [pk for model, pks in records if model is Person for pk in pks]
    notices = BreachNotice.objects.filter(Q(person__in=people) | Q(on_behalf_of__in=people))
    notice_ids = list(notices.values_list("pk", flat=True))
    models.QuerySet.update(notices, address=None)
    logger.info("case %s destroyed", case.code)
    return [*records, (BreachNotice, notice_ids)]


SCRUBBED = "********"
# The trigger of uptdppa/accounts/migrations/0003_audit_append_only.py (SQLite).
SQLITE_AUDIT_TRIGGER = (
    "CREATE TRIGGER auditlog_logentry_no_update BEFORE UPDATE ON auditlog_logentry "
    "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only (UPDATE refused)'); END;"
)


def _scrubbed_changes(changes: Any) -> Any:
    if isinstance(changes, str):
        try:
            changes = json.loads(changes)
        except ValueError:
            return None
    if not isinstance(changes, dict):
        return None
    return {key: [SCRUBBED, SCRUBBED] for key in changes}


def audit_scrub(records: Iterable[tuple[type[models.Model], list[Any]]]) -> int:
    """Remove the values from the audit entries of ``records`` (what changed, the serialized data,
    the additional data) and set their object_repr to the record's code; the entries stay with
    their actor, time, action and object. The audit table refuses UPDATE except from a session
    that declares the scrub (migration dataprotection 0002) and whose role holds UPDATE: the
    owner role of BACKUP_DATABASE_URL, which the "backup" worker has (settings.CELERY_TASK_ROUTES).
    Without BACKUP_DATABASE_URL the default connection is used (development and tests)."""
    targets: list[tuple[int, str, str]] = []
    for model, pks in records:
        if not pks:
            continue
        content_type = ContentType.objects.get_for_model(model)
        reprs = {str(pk): str(pk) for pk in pks}
        if model not in DELETED:
            for obj in model._default_manager.filter(pk__in=pks):
                reprs[str(obj.pk)] = str(obj)
        for pk, text in reprs.items():
            targets.append((content_type.pk, pk, text))
    if not targets:
        return 0
    by_key = {(ct, pk): text for ct, pk, text in targets}
    entries = [
        (entry_id, by_key[(ct, pk)], _scrubbed_changes(changes))
        for entry_id, ct, pk, changes in LogEntry.objects.filter(
            content_type_id__in={ct for ct, _pk, _text in targets}, object_pk__in={pk for _ct, pk, _text in targets}
        ).values_list("pk", "content_type_id", "object_pk", "changes")
        if (ct, pk) in by_key
    ]
    if not entries:
        return 0
    rows = [
        (text, json.dumps(changes) if changes is not None else None, entry_id) for entry_id, text, changes in entries
    ]
    update = (
        "UPDATE auditlog_logentry SET object_repr = %s, changes = %s, changes_text = '', serialized_data = NULL, "
        "additional_data = NULL WHERE id = %s"
    )
    if settings.BACKUP_DATABASE_URL:
        from uptdppa.operations.pg import Target

        owner = Target.configured().connect()
        try:
            with owner, owner.cursor() as cursor:
                cursor.execute("SELECT set_config('uptdppa.audit_scrub', 'allowed', true)")
                cursor.executemany(update, rows)
        finally:
            owner.close()
        return len(rows)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config('uptdppa.audit_scrub', 'allowed', true)")
            cursor.executemany(update, rows)
            cursor.execute("SELECT set_config('uptdppa.audit_scrub', '', true)")
        else:
            # SQLite (the embedded demo) has no session settings: its trigger is set aside for
            # this transaction only (DDL is transactional in SQLite).
            cursor.execute("DROP TRIGGER IF EXISTS auditlog_logentry_no_update")
            cursor.executemany(update, rows)
            cursor.execute(SQLITE_AUDIT_TRIGGER)

    return len(rows)


def backup_window_days() -> int:
    """How long a destroyed record may survive in backups: the oldest backup pruning keeps
    (BACKUP_KEEP_DAILY days, BACKUP_KEEP_WEEKLY weeks, BACKUP_KEEP_MONTHLY months)."""
    return max(settings.BACKUP_KEEP_DAILY, settings.BACKUP_KEEP_WEEKLY * 7, settings.BACKUP_KEEP_MONTHLY * 31)


def backups_gone_by(executed_at: datetime) -> date:
    return timezone.localdate(executed_at) + timedelta(days=backup_window_days())
