"""The audit keys of a case's deleted records (docs/rules.md: "A case's access history").

The access history finds the audit entries of a case by the keys (content type, primary key) of
the case and of every record that belongs to it. A record that has been deleted (a violence form
taken off a victim, a team member removed, a plan item dropped, a file destroyed with its case's
personal data) has no row left to lead from the case to its entries, so its key is kept here,
written with the deletion's own audit entry (cases.services.audit_keys). Codes only: nothing here
says anything about a person.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .cases import Case


class DeletedRecord(models.Model):
    """A deleted record of ``case``: the key its audit entries carry."""

    # No database constraint: a record deleted while its case is being deleted (the cascade runs
    # record by record) is written after the case's own keys were gathered for the cascade, and
    # must not make that deletion fail. Cases are never deleted by the app (lawful destruction
    # keeps the row, emptied).
    case = models.ForeignKey(Case, on_delete=models.CASCADE, db_constraint=False, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_pk = models.CharField(max_length=255)
    deleted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("key of a deleted record")
        verbose_name_plural = _("keys of deleted records")
        ordering = ("deleted_at", "pk")

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_pk}"
