"""Requests from the public (the complaint form and the status page), counted per client address.

A database table rather than the cache: the limit must hold when Redis is down, which is exactly
when the form still has to work. Only a keyed digest of the address is stored, never the address.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PublicAction(models.TextChoices):
    COMPLAINT = "complaint", "complaint"
    STATUS = "status", "status"


class PublicSubmissionThrottle(models.Model):
    """One counted request from the public. Rows older than the longest window are deleted."""

    # The composite index below serves lookups by digest; created_at alone serves the clean-up.
    key_digest = models.CharField(max_length=64)
    action = models.CharField(max_length=10, choices=PublicAction.choices)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("public form request count")
        verbose_name_plural = _("public form request counts")
        indexes = [
            models.Index(fields=["key_digest", "action", "created_at"], name="public_throttle_lookup_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action}:{self.key_digest[:8]}"
