"""Keeping the audit key of a deleted record of a case (cases.models.DeletedRecord), so that the
case's access history still lists who read, changed and deleted it."""

from __future__ import annotations

from functools import cache
from typing import Any

from auditlog.models import LogEntry
from django.db import models

from cases.models import DeletedRecord
from cases.selectors.access_history import case_record_paths


@cache
def _paths() -> dict[type[models.Model], str]:
    return dict(case_record_paths())


def _case_id_of(instance: models.Model, path: str) -> Any:
    """The case id of ``instance`` along ``path`` (case_record_paths): read from the instance
    for a record of the case itself, else through its first foreign key, whose row still exists
    when the record's own deletion is logged (a cascade deletes the dependent rows first)."""
    first, _sep, rest = path.partition("__")
    if not rest:
        return getattr(instance, first)
    field: Any = instance._meta.get_field(first)
    parent_pk = getattr(instance, field.attname)
    if parent_pk is None:
        return None
    return field.related_model._base_manager.filter(pk=parent_pk).values_list(rest, flat=True).first()


def keep_deleted_record_key(sender: type[models.Model], *, action: int, log_entry: Any = None, **kwargs: Any) -> None:
    """auditlog's post_log: when the deletion of a record of a case has been logged, keep the
    record's key with its case, in the deletion's transaction."""
    if action != LogEntry.Action.DELETE or log_entry is None:
        return
    path = _paths().get(sender)
    if path is None:
        return
    case_id = _case_id_of(kwargs["instance"], path)
    if case_id is None:
        return
    DeletedRecord.objects.create(
        case_id=case_id, content_type_id=log_entry.content_type_id, object_pk=log_entry.object_pk
    )
