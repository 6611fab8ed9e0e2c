"""Report files (PDF report, Excel tables, case-level Excel export): asked for a period, made by a
Celery task, kept for download. Writes and the access rules of the files.

Who may ask for which kind, and who may download a file (reports/access.py):
- PDF and Excel tables: reports.export_statistics; for users without reports.see_small_cells
  (pimpinan) the figures inside are suppressed, and the file is marked ``suppressed``.
- Case-level Excel: reports.export_cases (operator_data, kepala_uptd).
- A file is downloaded by whoever may ask for its kind and either asked for it or sees what is
  in it (a file with exact small cells is never shown to leadership).
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.text import get_valid_filename

from cases.models import Case
from uptdppa.accounts.services import enqueue
from uptdppa.accounts.watch import get_or_refuse
from uptdppa.audit import log_access, log_access_many

from .models import ReportFile, ReportFileKind, SnapshotRunStatus
from .selectors import figures_for, figures_shown_to
from .statistics import Period

logger = logging.getLogger(__name__)

KIND_PERMS = {
    ReportFileKind.PDF: "reports.export_statistics",
    ReportFileKind.XLSX: "reports.export_statistics",
    ReportFileKind.XLSX_CASES: "reports.export_cases",
}
EXTENSIONS = {ReportFileKind.PDF: "pdf", ReportFileKind.XLSX: "xlsx", ReportFileKind.XLSX_CASES: "xlsx"}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
DOWNLOAD_NAMES = {
    ReportFileKind.PDF: "laporan-statistik",
    ReportFileKind.XLSX: "tabel-statistik",
    ReportFileKind.XLSX_CASES: "data-kasus",
}
# A queued file older than this was not picked up (broker down): the periodic job makes it.
PICKUP_DELAY = timedelta(minutes=2)


def kinds_for(user: Any) -> list[ReportFileKind]:
    """The kinds of file ``user`` may ask for (empty: the exports page is a 404 for them)."""
    return [kind for kind in ReportFileKind if user.has_perm(KIND_PERMS[kind])]


def report_files_visible_to(user: Any) -> QuerySet[ReportFile]:
    """The files ``user`` may see and download (see the module docstring)."""
    kinds = kinds_for(user)
    files = ReportFile.objects.filter(kind__in=kinds).select_related("requested_by")
    if user.has_perm("reports.see_small_cells"):
        return files
    return files.filter(Q(requested_by=user) | Q(suppressed=True))


def report_file_get_for_user(*, user: Any, code: Any) -> ReportFile:
    """A file ``user`` may download, else 404 (whether it exists is not told)."""
    return get_or_refuse(report_files_visible_to(user), user=user, kind="report_file", code=code)


def report_file_request(*, user: Any, kind: str, period: Period) -> ReportFile:
    """Ask for a file of ``kind`` for ``period``; it is made by a Celery task queued on commit. The
    same request still waiting (a double click) is not queued twice. The request is audit-logged.
    Raises Http404 when ``user`` may not export that kind."""
    if kind not in kinds_for(user):
        raise Http404
    with transaction.atomic():
        waiting = ReportFile.objects.filter(
            kind=kind,
            period_start=period.start,
            period_end=period.end,
            requested_by=user,
            status__in=[SnapshotRunStatus.QUEUED, SnapshotRunStatus.RUNNING],
        ).first()
        if waiting is not None:
            return waiting
        report_file = ReportFile.objects.create(
            kind=kind,
            period_start=period.start,
            period_end=period.end,
            requested_by=user,
            requested_at=timezone.now(),
            suppressed=not user.has_perm("reports.see_small_cells"),
        )
        log_access(report_file, actor=user, detail=_detail(report_file, "export requested"))
        transaction.on_commit(lambda: _queue(report_file.pk))
    return report_file


def _queue(report_file_id: int) -> bool:
    from .tasks import generate_report_file

    return enqueue(generate_report_file, report_file_id)


def _detail(report_file: ReportFile, what: str) -> dict[str, str]:
    """What the audit trail keeps: kind and period, never personal data."""
    return {
        "export": what,
        "kind": report_file.kind,
        "period_start": report_file.period_start.isoformat(),
        "period_end": report_file.period_end.isoformat(),
        "report_file": str(report_file.code),
    }


def _render(report_file: ReportFile) -> tuple[bytes, list[int]]:
    """The file's content and the ids of the cases it shows row by row (case-level export only)."""
    from .excel import cases_workbook, statistics_workbook
    from .pdf import render_pdf

    period = Period(report_file.period_start, report_file.period_end)
    if report_file.kind == ReportFileKind.XLSX_CASES:
        return cases_workbook(period)
    figures, _snapshot = figures_for(period=period)
    shown = figures_shown_to(report_file.requested_by, figures)
    if report_file.kind == ReportFileKind.PDF:
        return render_pdf(shown, generated_at=timezone.now(), suppressed=report_file.suppressed), []
    return statistics_workbook(shown), []


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
        content, case_ids = _render(report_file)
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
        locked.file.save(
            f"{locked.code.hex}.{EXTENSIONS[ReportFileKind(locked.kind)]}", ContentFile(content), save=False
        )
        locked.status = SnapshotRunStatus.DONE
        locked.finished_at = timezone.now()
        locked.save(update_fields=["file", "status", "finished_at"])
        actor = locked.requested_by
        log_access(locked, actor=actor, detail=_detail(locked, "export generated"))
        if case_ids:
            log_access_many(
                Case.objects.filter(pk__in=case_ids), actor=actor, detail=_detail(locked, "case-level export")
            )
    logger.info("report file stored id=%s kind=%s", locked.pk, locked.kind)
    return True


def report_files_pending(now: Any = None) -> list[int]:
    """Files asked for but not made: queued past the pick-up delay (the broker was down), or
    running past the task time limit (the worker was killed)."""
    now = now or timezone.now()
    stuck_running = now - timedelta(seconds=getattr(settings, "CELERY_TASK_TIME_LIMIT", 360))
    return list(
        ReportFile.objects.filter(
            Q(status=SnapshotRunStatus.QUEUED, requested_at__lt=now - PICKUP_DELAY)
            | Q(status=SnapshotRunStatus.RUNNING, requested_at__lt=stuck_running)
        )
        .order_by("requested_at")
        .values_list("pk", flat=True)
    )


def download_name(report_file: ReportFile) -> str:
    extension = EXTENSIONS[ReportFileKind(report_file.kind)]
    name = f"{DOWNLOAD_NAMES[ReportFileKind(report_file.kind)]}-{report_file.period_start}-{report_file.period_end}"
    return get_valid_filename(f"{name}.{extension}")


def log_download(*, user: Any, report_file: ReportFile) -> None:
    log_access(report_file, actor=user, detail=_detail(report_file, "download"))
