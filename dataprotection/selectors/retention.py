"""Reads of retention and destruction: the head and the data protection officer only (404 for
everybody else), audited. The worklist names cases by register number and shows no case content."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet

from cases.models import Case, CaseStatus
from uptdppa.accounts.access import permission_refusal
from uptdppa.accounts.watch import get_or_refuse
from uptdppa.audit import log_access, log_access_many
from uptdppa.web import require_or_404

from ..access import disposal_batches_visible_to, legal_holds_visible_to
from ..models import DisposalBatch, DisposalItem, LegalHold
from ..services.retention import Retention, legal_hold_reasons, related_for_retention, retention_of

VIEW = "dataprotection.view_retention"


@dataclass(frozen=True)
class DueCase:
    """A closed case on the worklist: its retention, and what holds it (empty: it may be destroyed)."""

    case: Case
    retention: Retention
    held_by: list[str]
    in_batch: bool
    over: bool  # its retention has ended (Retention.is_over)

    @property
    def may_be_destroyed(self) -> bool:
        """Past its end date, held by nothing and in no batch yet: what a disposal batch proposes."""
        return self.over and not self.held_by and not self.in_batch


def retention_worklist_for_user(*, user: Any, today: date, due_only: bool = True) -> list[DueCase]:
    """Closed cases not destroyed, past their end date (``due_only``) or all, earliest end first."""
    require_or_404(user, VIEW)
    destroyed = DisposalItem.objects.filter(destroyed_at__isnull=False).values("case")
    in_batches = set(
        DisposalItem.objects.filter(batch__status__in=("diusulkan", "disetujui", "diproses")).values_list(
            "case_id", flat=True
        )
    )
    cases = related_for_retention(
        Case.objects.filter(status=CaseStatus.CLOSED, closed_at__isnull=False).exclude(pk__in=destroyed)
    )
    rows = []
    for case in cases:
        retention = retention_of(case)
        over = retention is not None and retention.is_over(today)
        if retention is None or (due_only and not over):
            continue
        rows.append(DueCase(case, retention, legal_hold_reasons(case), case.pk in in_batches, over))
    rows.sort(key=lambda row: (row.retention.ends_on, row.case.label))
    log_access_many([row.case for row in rows], actor=user, detail={"list": "retention worklist"})
    return rows


def legal_holds_for_user(*, user: Any, active_only: bool = True) -> QuerySet[LegalHold]:
    holds = legal_holds_visible_to(user).select_related("case", "placed_by", "lifted_by")
    return holds.filter(lifted_at__isnull=True) if active_only else holds


def legal_hold_get_for_user(*, user: Any, code: Any, perm: str | None = None) -> LegalHold:
    hold = get_or_refuse(legal_holds_visible_to(user).select_related("case"), user=user, kind="legal_hold", code=code)
    log_access(hold, actor=user)
    if perm is not None and not user.has_perm(perm):
        raise permission_refusal(perm)
    return hold


def disposal_batches_for_user(*, user: Any) -> QuerySet[DisposalBatch]:
    return disposal_batches_visible_to(user).select_related("proposed_by").prefetch_related("items")


def disposal_batch_get_for_user(*, user: Any, code: Any, perm: str | None = None) -> DisposalBatch:
    """The batch ``code`` with its items if ``user`` may see it, else Http404; with ``perm`` also
    PermissionDenied unless they may do that. Logs the read."""
    batch = get_or_refuse(
        disposal_batches_visible_to(user)
        .select_related("proposed_by", "approval_recorded_by", "executed_by")
        .prefetch_related("items"),
        user=user,
        kind="disposal_batch",
        code=code,
    )
    log_access(batch, actor=user)
    if perm is not None and not user.has_perm(perm):
        raise permission_refusal(perm)
    return batch
