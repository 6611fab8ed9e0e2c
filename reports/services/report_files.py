"""Writes of report files (PDF report, Excel tables, case-level Excel export): asked for a period,
made by a Celery task, kept for download.

Who may ask for which kind and who may download a file: reports/access.py (``kinds_for``,
``report_files_visible_to``). For users whose small cells are hidden (pimpinan) the figures
inside are suppressed, and the file is marked ``suppressed``.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cases.models import Case
from uptdppa.accounts.services import enqueue
from uptdppa.audit import log_access, log_access_many

from ..access import kinds_for, period_refusal, small_cells_hidden_from
from ..models import ReportFile, ReportFileKind, SnapshotRunStatus
from ..selectors import figures_shown_to, report_files_pending
from ..statistics import Period
from .snapshots import snapshot_current

logger = logging.getLogger(__name__)


class ExportNotAllowed(Exception):
    """The user may not ask for a file of that kind (the page answers 404: outside their scope)."""


def report_file_request(*, actor: Any, kind: str, period: Period) -> ReportFile:
    """Ask for a file of ``kind`` for ``period``; it is made by a Celery task queued on commit. The
    same request still waiting (a double click) is not queued twice. The request is audit-logged.
    Raises ExportNotAllowed when ``actor`` may not export that kind, and a ValidationError when
    they may not have that period's figures (leadership: whole calendar months only)."""
    if kind not in kinds_for(actor):
        raise ExportNotAllowed(kind)
    refusal = period_refusal(actor, period)
    if refusal is not None:
        raise ValidationError({"date_from": [refusal]})
    with transaction.atomic():
        waiting = ReportFile.objects.filter(
            kind=kind,
            period_start=period.start,
            period_end=period.end,
            requested_by=actor,
            status__in=[SnapshotRunStatus.QUEUED, SnapshotRunStatus.RUNNING],
        ).first()
        if waiting is not None:
            return waiting
        report_file = ReportFile.objects.create(
            kind=kind,
            period_start=period.start,
            period_end=period.end,
            requested_by=actor,
            requested_at=timezone.now(),
            suppressed=small_cells_hidden_from(actor),
        )
        log_access(report_file, actor=actor, detail=report_file.audit_detail("export requested"))
        transaction.on_commit(lambda: _queue(report_file.pk))
    return report_file


def _queue(report_file_id: int) -> bool:
    from ..tasks import generate_report_file

    return enqueue(generate_report_file, report_file_id)


def _render(report_file: ReportFile) -> tuple[bytes, list[int], bool]:
    """The file's content, the ids of the cases it shows row by row (case-level export only), and
    whether its figures are suppressed (the requester's, as they may see them now)."""
    from ..excel import cases_workbook, statistics_workbook
    from ..pdf import render_pdf

    period = Period(report_file.period_start, report_file.period_end)
    requester = report_file.requested_by
    suppressed = small_cells_hidden_from(requester)
    if report_file.kind == ReportFileKind.XLSX_CASES:
        content, case_ids = cases_workbook(period)
        return content, case_ids, suppressed
    # A new file has the current figures: a stale snapshot is made again first. The file states
    # when they were computed, and keeps them (a file already made is never changed).
    snapshot = snapshot_current(period=period)
    shown = figures_shown_to(requester, snapshot.figures)
    computed_at = snapshot.generated_at
    if report_file.kind == ReportFileKind.PDF:
        pdf = render_pdf(shown, generated_at=timezone.now(), suppressed=suppressed, computed_at=computed_at)
        return pdf, [], suppressed
    return statistics_workbook(shown, computed_at=computed_at), [], suppressed


def report_file_generate(*, report_file_id: int) -> bool:
    """Make the file of a request. Idempotent: a file already done is left as it is; a run killed
    half-way left the row queued or running, and the next run (redelivery, the periodic job) makes
    it. Returns whether this run stored the file."""
    report_file = ReportFile.objects.select_related("requested_by").filter(pk=report_file_id).first()
    if report_file is None or report_file.status == SnapshotRunStatus.DONE:
        return False
    # The requester may have lost the right since asking: nothing is made for them then.
    if not report_file.requested_by.is_active or report_file.kind not in kinds_for(report_file.requested_by):
        ReportFile.objects.filter(pk=report_file.pk).update(status=SnapshotRunStatus.FAILED, finished_at=timezone.now())
        logger.warning("report file refused: requester may no longer export id=%s", report_file.pk)
        return False
    ReportFile.objects.filter(pk=report_file.pk).exclude(status=SnapshotRunStatus.DONE).update(
        status=SnapshotRunStatus.RUNNING
    )
    try:
        content, case_ids, suppressed = _render(report_file)
    except Exception:
        ReportFile.objects.filter(pk=report_file.pk).exclude(status=SnapshotRunStatus.DONE).update(
            status=SnapshotRunStatus.FAILED, finished_at=timezone.now()
        )
        # Logged with its traceback (ids only); the page shows "failed" and the user asks again.
        logger.exception("report file failed id=%s", report_file.pk)
        return False
    with transaction.atomic():
        locked = ReportFile.objects.select_for_update().get(pk=report_file.pk)
        if locked.status == SnapshotRunStatus.DONE:  # another run finished first
            return False
        locked.file.save(f"{locked.code.hex}.{locked.extension}", ContentFile(content), save=False)
        locked.status = SnapshotRunStatus.DONE
        locked.suppressed = suppressed
        locked.finished_at = timezone.now()
        locked.save(update_fields=["file", "status", "suppressed", "finished_at"])
        actor = locked.requested_by
        log_access(locked, actor=actor, detail=locked.audit_detail("export generated"))
        if case_ids:
            log_access_many(
                Case.objects.filter(pk__in=case_ids), actor=actor, detail=locked.audit_detail("case-level export")
            )
    logger.info("report file stored id=%s kind=%s", locked.pk, locked.kind)
    return True


def report_files_generate_pending(now: Any = None) -> int:
    """Make the files asked for but not made (``reports.selectors.report_files_pending``).
    Returns how many were made."""
    return sum(report_file_generate(report_file_id=pk) for pk in report_files_pending(now))
