from __future__ import annotations

from django.db.models import QuerySet

from .models import BackupRun, DrillRun

RECENT = 30


def recent_backups() -> QuerySet[BackupRun]:
    return BackupRun.objects.order_by("-started_at", "-pk")[:RECENT]


def recent_drills() -> QuerySet[DrillRun]:
    return DrillRun.objects.order_by("-started_at", "-pk")[:RECENT]


def newest_successful_backup() -> BackupRun | None:
    return BackupRun.objects.filter(succeeded=True).order_by("-finished_at").first()
