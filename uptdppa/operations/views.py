"""The head's backups page: recent backups and restore drills, with recovery point and time."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .selectors import newest_successful_backup, recent_backups, recent_drills


@login_required
@permission_required("operations.view_backups", raise_exception=True)
def backups(request: HttpRequest) -> HttpResponse:
    newest = newest_successful_backup()
    now = timezone.now()
    finished = newest.finished_at if newest else None
    stale = finished is None or (now - finished).total_seconds() > settings.BACKUP_MAX_AGE_HOURS * 3600
    context = {
        "newest": newest,
        "stale": stale,
        "max_age_hours": settings.BACKUP_MAX_AGE_HOURS,
        "backups": recent_backups(),
        "drills": recent_drills(),
        "keep": (settings.BACKUP_KEEP_DAILY, settings.BACKUP_KEEP_WEEKLY, settings.BACKUP_KEEP_MONTHLY),
    }
    return render(request, "operations/backups.html", context)
