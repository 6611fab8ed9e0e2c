"""Statistics snapshots: the figures of a period, computed once and kept (reports/statistics.py)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class SnapshotKind(models.TextChoices):
    MONTH = "month", _("Month")
    YEAR_TO_DATE = "year_to_date", _("Year to date")
    YEAR = "year", _("Year")
    CUSTOM = "custom", _("Custom period")


class Snapshot(models.Model):
    """The figures of one period. Never edited: regenerating replaces the row's figures in one
    UPDATE, so a reader sees the old figures or the new ones, never a mix."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=SnapshotKind.choices)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    generated_at = models.DateTimeField(_("generated at"))
    figures = models.JSONField(default=dict)

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
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return str(self.code)
