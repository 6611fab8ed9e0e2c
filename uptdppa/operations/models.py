"""Records of backups and restore drills (README "Backups and restore").

A BackupRun is written by every ``manage.py backup`` (and the nightly task), successful or not, so
that the freshness check and the head's page read one table. A DrillRun is the evidence that a
backup restores: its recovery point (how old the backup was) and recovery time (how long the
restore and its checks took), and what failed.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BackupRun(models.Model):
    started_at = models.DateTimeField(_("started"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    succeeded = models.BooleanField(_("succeeded"), default=False)
    # The file's name in BACKUP_DIR (no path: the folder is a setting and may move).
    file_name = models.CharField(_("file"), max_length=100, blank=True)
    size = models.BigIntegerField(_("size in bytes"), null=True, blank=True)
    table_count = models.PositiveIntegerField(_("tables"), default=0)
    row_count = models.BigIntegerField(_("rows"), default=0)
    file_count = models.PositiveIntegerField(_("files"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("backup")
        verbose_name_plural = _("backups")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name or f"backup {self.pk}"


class DrillRun(models.Model):
    started_at = models.DateTimeField(_("started"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    file_name = models.CharField(_("backup file"), max_length=100, blank=True)
    backup_taken_at = models.DateTimeField(_("backup taken"), null=True, blank=True)
    # Recovery point: the age of the backup when the drill began (what a restore then would lose).
    recovery_point = models.DurationField(_("recovery point"), null=True, blank=True)
    # Recovery time: decrypting, restoring and checking, start to end.
    recovery_time = models.DurationField(_("recovery time"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), default=False)
    tables_checked = models.PositiveIntegerField(_("tables checked"), default=0)
    files_checked = models.PositiveIntegerField(_("files checked"), default=0)
    values_decrypted = models.PositiveIntegerField(_("values decrypted"), default=0)
    # What failed: [{"message": msgid, "params": {...}}] (names of tables, files and fields only).
    problems = models.JSONField(_("problems"), default=list, blank=True)

    class Meta:
        verbose_name = _("restore drill")
        verbose_name_plural = _("restore drills")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"drill {self.pk} {self.file_name}"

    @property
    def problem_texts(self) -> list[str]:
        from .problems import problem_text

        return [problem_text(entry) for entry in self.problems]

    @property
    def recovery_point_hours(self) -> float | None:
        return self.recovery_point.total_seconds() / 3600 if self.recovery_point is not None else None

    @property
    def recovery_time_seconds(self) -> float | None:
        return self.recovery_time.total_seconds() if self.recovery_time is not None else None
