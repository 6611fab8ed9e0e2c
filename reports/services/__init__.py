"""All writes of reports (a package: one module per subject, as cases/services/). Import from here."""

from .accountability import kla_pack_due, kla_pack_make, taskforce_report_due, taskforce_report_make
from .report_files import ExportNotAllowed, report_file_generate, report_file_request, report_files_generate_pending
from .snapshots import (
    scheduled_periods,
    snapshot_current,
    snapshot_ensure,
    snapshot_generate,
    snapshot_kind_for,
    snapshot_run_execute,
    snapshot_run_request,
    snapshot_runs_requeue,
    snapshots_generate_scheduled,
    snapshots_refresh_due,
    snapshots_refresh_stale,
    stale_refresh_soon,
)

__all__ = [
    "kla_pack_due",
    "kla_pack_make",
    "taskforce_report_due",
    "taskforce_report_make",
    "ExportNotAllowed",
    "report_file_generate",
    "report_file_request",
    "report_files_generate_pending",
    "scheduled_periods",
    "snapshot_current",
    "snapshot_ensure",
    "snapshot_generate",
    "snapshot_kind_for",
    "snapshot_run_execute",
    "snapshot_run_request",
    "snapshot_runs_requeue",
    "snapshots_generate_scheduled",
    "snapshots_refresh_due",
    "snapshots_refresh_stale",
    "stale_refresh_soon",
]
