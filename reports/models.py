"""Statistics snapshots: the figures of a period, computed once and kept (reports/statistics.py)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.db.models import F, Q
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _


class SnapshotKind(models.TextChoices):
    MONTH = "month", _("Month")
    YEAR_TO_DATE = "year_to_date", _("Year to date")
    YEAR = "year", _("Year")
    CUSTOM = "custom", _("Custom period")


class StatisticsDay(models.Model):
    """The data version of one calendar day (WIB): how many committed writes changed data that a
    figure of a period containing this day reads (docs/architecture.md "How reports is cut").

    Written only by the database triggers of migration 0003_snapshot_staleness, in the same
    transaction as the write (cases, people and their records, plans, referrals): no service has
    to remember it. A snapshot keeps the sum of its days' versions at the moment its figures were
    computed; a larger sum now means its data changed since (``Snapshot.is_stale``)."""

    day = models.DateField(primary_key=True)
    version = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("statistics data version of a day")
        verbose_name_plural = _("statistics data versions of days")

    def __str__(self) -> str:
        return f"{self.day} v{self.version}"


class Snapshot(models.Model):
    """The figures of one period. Never edited: regenerating replaces the row's figures in one
    UPDATE, so a reader sees the old figures or the new ones, never a mix.

    ``data_version`` is the sum of the period's ``StatisticsDay`` versions read before the figures
    were computed; a snapshot whose period's sum is different now is stale (its data changed
    since) and is served labelled "angka sedang diperbarui" until it is made again."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=SnapshotKind.choices)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    generated_at = models.DateTimeField(_("generated at"))
    figures = models.JSONField(default=dict)
    # -1: made before the data versions were kept (stale, made again by the periodic job).
    data_version = models.BigIntegerField(default=-1)
    # A reader met it stale: made again even if it is a custom period no job makes.
    refresh_requested = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("statistics snapshot")
        verbose_name_plural = _("statistics snapshots")
        ordering = ["-period_end", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "period_start", "period_end"], name="snapshot_unique_period"),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="snapshot_period_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.period_start}..{self.period_end}"

    @property
    def is_stale(self) -> bool:
        """Its data changed since its figures were computed. Needs the ``current_data_version``
        annotation (``reports.selectors.snapshots_with_staleness``); without it, unknown: False."""
        current = getattr(self, "current_data_version", None)
        return current is not None and current != self.data_version


class SnapshotRunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class SnapshotRun(models.Model):
    """A "generate now" asked from the dashboard, followed by the page (HTMX polling)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=SnapshotKind.choices)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"))
    status = models.CharField(max_length=10, choices=SnapshotRunStatus.choices, default=SnapshotRunStatus.QUEUED)
    finished_at = models.DateTimeField(null=True, blank=True)
    snapshot = models.ForeignKey(Snapshot, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("snapshot run")
        verbose_name_plural = _("snapshot runs")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return str(self.code)


class ReportFileKind(models.TextChoices):
    PDF = "pdf", _("Statistics report (PDF)")
    XLSX = "xlsx", _("Statistics tables (Excel)")
    XLSX_CASES = "xlsx_cases", _("Case-level export (Excel)")


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


def report_files_storage() -> Storage:
    """Report files are kept with the attachments: outside the web root, served only by a view that
    checks access (reports.views.exports.export_download)."""
    return storages["attachments"] if "attachments" in settings.STORAGES else storages["default"]


class ReportFile(models.Model):
    """A PDF or Excel export asked for a period, made by a Celery task and kept for download.

    The figures inside are those the requester may see (small cells suppressed for leadership), so
    a file is downloaded only by its requester or by a user who may export that kind with exact
    figures (reports.access.report_files_visible_to)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=ReportFileKind.choices)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"))
    # Whether the figures inside are suppressed (<3): reports.access.small_cells_hidden_from the
    # requester, when asked and again when the file is made (the content and the flag agree).
    suppressed = models.BooleanField(_("small cells suppressed"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=SnapshotRunStatus.choices, default=SnapshotRunStatus.QUEUED
    )
    file = models.FileField(storage=report_files_storage, upload_to="report-files/", blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="report_file_period_ordered"),
        ]

    def __str__(self) -> str:
        # Also the audit trail's object_repr: kind and period, never a name.
        return f"{self.kind} {self.period_start}..{self.period_end}"

    def audit_detail(self, what: str) -> dict[str, str]:
        """What the audit trail keeps of the file: kind and period, never personal data."""
        return {
            "export": what,
            "kind": self.kind,
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(),
            "report_file": str(self.code),
        }

    @property
    def extension(self) -> str:
        return EXTENSIONS[ReportFileKind(self.kind)]

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.extension]

    @property
    def download_name(self) -> str:
        name = f"{DOWNLOAD_NAMES[ReportFileKind(self.kind)]}-{self.period_start}-{self.period_end}"
        return get_valid_filename(f"{name}.{self.extension}")


class FrozenReport(models.Model):
    """Figures of a year frozen as JSON when made: aggregates only, never a child's identifier.
    ``made_by`` is None when the beat job made them."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(_("year"))
    figures = models.JSONField(default=dict)
    made_at = models.DateTimeField(_("made at"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True


class TaskForceReport(FrozenReport):
    """The quarterly task-force report (issue 18 §2): its figures frozen as JSON when made
    (reports.taskforce.compute_taskforce), by the beat job after the quarter or on demand by the
    head or leadership (made again: the figures are replaced in one UPDATE). Organisation codes,
    names and counts only: no child identifier."""

    quarter = models.PositiveSmallIntegerField(_("quarter"))

    class Meta(FrozenReport.Meta):
        verbose_name = _("task-force report")
        verbose_name_plural = _("task-force reports")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="taskforce_report_unique_quarter"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="taskforce_report_quarter_1_4"),
        ]

    def __str__(self) -> str:
        return f"{self.year}-Q{self.quarter}"


class KlaPack(FrozenReport):
    """The KLA Klaster V evidence pack of a year (issue 18 §3), frozen at its cut-off date: its
    figures are computed once, the day it is made (``cut_off``), and never change, so the numbers
    sent to the evaluation can be reproduced; a pack of the same year made on a later day is a new
    pack with the corrections since. Aggregates only."""

    cut_off = models.DateField(_("cut-off date"))

    class Meta(FrozenReport.Meta):
        verbose_name = _("KLA evidence pack")
        verbose_name_plural = _("KLA evidence packs")
        ordering = ["-year", "-cut_off"]
        constraints = [
            models.UniqueConstraint(fields=["year", "cut_off"], name="kla_pack_unique_cut_off"),
        ]

    def __str__(self) -> str:
        return f"{self.year} @ {self.cut_off}"
