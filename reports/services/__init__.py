"""All writes of reports (a package: one module per subject, as cases/services/). Import from here."""

from .report_files import ExportNotAllowed, report_file_generate, report_file_request, report_files_generate_pending
from .snapshots import (
    scheduled_periods,
    snapshot_ensure,
    snapshot_generate,
    snapshot_kind_for,
    snapshot_run_execute,
    snapshot_run_request,
    snapshot_runs_requeue,
    snapshots_generate_scheduled,
)

__all__ = [
    "ExportNotAllowed",
    "report_file_generate",
    "report_file_request",
    "report_files_generate_pending",
    "scheduled_periods",
    "snapshot_ensure",
    "snapshot_generate",
    "snapshot_kind_for",
    "snapshot_run_execute",
    "snapshot_run_request",
    "snapshot_runs_requeue",
    "snapshots_generate_scheduled",
]
