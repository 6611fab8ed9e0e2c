"""Reads of the attachments of a case, with the access rules applied.

Everything here takes a case already fetched with case_get_for_user (the scope check, 404 outside
it, and the logged read of the case). A psychological session's attachments are as confidential
as its notes: they exist only for users with cases.read_psych_notes, here and so in every page and
API built on these reads (a 404 for the others, as for anything outside their scope).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import IO, Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404
from django.utils import formats, timezone

from cases.access import cases_visible_to
from cases.models import (
    Assessment,
    Attachment,
    AttachmentTarget,
    Case,
    ClosureRequest,
    ConsentRecord,
    HealthService,
    LegalEvent,
    MediationSession,
    OutreachVisit,
    PsychSession,
)
from cases.services.attachments import attachment_storage
from uptdppa.accounts.access import permission_refusal
from uptdppa.accounts.watch import refused
from uptdppa.audit import log_access

from . import case_get_for_user


def may_see_psych_attachments(user: Any, case: Case) -> bool:
    return bool(user.has_perm("cases.read_psych_notes", case))


def attachments_for_user(
    *, user: Any, case: Case, target_kind: str | None = None, target_code: UUID | None = None
) -> QuerySet[Attachment]:
    """The attachments of ``case`` (not removed) that ``user`` may see, oldest first; of one
    record only with ``target_kind``/``target_code``. One query, whatever their number."""
    if not user.has_perm("cases.view_case", case):
        raise Http404
    attachments = Attachment.objects.filter(case=case, removed_at__isnull=True).select_related("uploaded_by")
    if not may_see_psych_attachments(user, case):
        attachments = attachments.exclude(target_kind=AttachmentTarget.PSYCH_SESSION)
    if target_kind is not None:
        attachments = attachments.filter(target_kind=target_kind, target_code=target_code)
    return attachments.order_by("created_at", "pk")


def attachment_get_for_user(*, user: Any, code: UUID, case: Case | None = None, perm: str | None = None) -> Attachment:
    """The attachment ``code`` if ``user`` may see it (its case, and the notes for a psychological
    session's), else Http404; with ``perm``, PermissionDenied unless the user may do that on its
    case. Without ``case`` the case is looked up and fetched with case_get_for_user."""
    if case is None:
        visible = Attachment.objects.filter(code=code, case__in=cases_visible_to(user).values("pk"))
        case_code = visible.values_list("case__code", flat=True).first()
        if case_code is None:
            raise refused(user=user, kind="attachment", code=code)
        case = case_get_for_user(user=user, code=case_code)
    attachment = attachments_for_user(user=user, case=case).filter(code=code).first()
    if attachment is None:
        raise refused(user=user, kind="attachment", code=code)
    attachment.case = case  # the fetched case, with the team its permission checks use
    if perm is not None and not user.has_perm(perm, case):
        raise permission_refusal(perm)
    return attachment


def attachment_open_for_user(*, user: Any, attachment: Attachment) -> IO[bytes]:
    """The stored file of an attachment fetched with attachment_get_for_user, open for reading;
    the read is written to the audit trail (who, which file, which case)."""
    log_access(attachment, actor=user, detail={"case": str(attachment.case.code), "download": True})
    return attachment_storage().open(attachment.stored_name, "rb")  # type: ignore[no-any-return]


@dataclass(frozen=True)
class TargetOption:
    """A record a file may be attached to, as offered in the upload form."""

    kind: str
    code: UUID | None
    label: str

    @property
    def value(self) -> str:
        """The form's value: "case", or "<kind>:<code>"."""
        return self.kind if self.code is None else f"{self.kind}:{self.code}"


def _day(value: date) -> str:
    return formats.date_format(value)


def attachment_targets_for_user(*, user: Any, case: Case) -> list[TargetOption]:
    """What ``user`` may attach a file to on ``case``: the case itself and each of its service
    records (psychological sessions only for readers of the notes). One query per kind of record,
    whatever their number; labels hold dates and vocabulary values, never names."""
    kinds = AttachmentTarget
    options = [TargetOption(kinds.CASE, None, str(kinds.CASE.label))]

    def add(kind: AttachmentTarget, records: Iterable[Any], describe: Any) -> None:
        options.extend(TargetOption(kind, r.code, f"{kind.label}: {describe(r)}") for r in records)

    add(
        kinds.OUTREACH_VISIT,
        OutreachVisit.objects.filter(case=case).only("code", "visited_on", "purpose"),
        lambda r: f"{_day(r.visited_on)}, {r.purpose}",
    )
    add(
        kinds.HEALTH_SERVICE,
        HealthService.objects.filter(case=case).only("code", "kind", "requested_on"),
        lambda r: f"{r.get_kind_display()}, {_day(r.requested_on)}",
    )
    add(
        kinds.ASSESSMENT,
        Assessment.objects.filter(case=case).only("code", "assessed_on"),
        lambda r: _day(r.assessed_on),
    )
    if may_see_psych_attachments(user, case):
        add(kinds.PSYCH_SESSION, PsychSession.objects.filter(case=case).only("code", "date"), lambda r: _day(r.date))
    add(
        kinds.CONSENT,
        ConsentRecord.objects.filter(victim__case=case).only("code", "basis", "given_on"),
        lambda r: f"{r.get_basis_display()}, {_day(r.given_on)}",
    )
    add(
        kinds.LEGAL_EVENT,
        LegalEvent.objects.filter(case=case).only("code", "stage", "date").order_by("date", "created_at"),
        lambda r: f"{r.get_stage_display()}, {_day(r.date)}",
    )
    add(
        kinds.MEDIATION_SESSION,
        MediationSession.objects.filter(mediation__case=case).only("code", "date"),
        lambda r: _day(r.date),
    )
    add(
        kinds.CLOSURE_REQUEST,
        ClosureRequest.objects.filter(case=case).only("code", "requested_at"),
        lambda r: _day(timezone.localdate(r.requested_at)),
    )
    return options


def label_targets(attachments: Iterable[Attachment], options: list[TargetOption]) -> list[Attachment]:
    """The attachments with ``target_label`` set from ``options`` (no query)."""
    labels = {(option.kind, option.code): option.label for option in options}
    listed = list(attachments)
    for attachment in listed:
        key = (attachment.target_kind, attachment.target_code)
        attachment.target_label = labels.get(key, attachment.get_target_kind_display())  # type: ignore[attr-defined]
    return listed
