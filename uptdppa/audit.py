"""Audit trail helpers on top of django-auditlog.

Writes (create, update, delete) are logged by auditlog's signals for every model registered
here; reads and exports are logged explicitly with :func:`log_access`. Entries hold ids, field
names and non-identifying values only: encrypted fields and blind indexes are excluded from
diffs, and ``__str__`` of audited models must not contain personal data (it becomes
``object_repr``). The table is append-only (a database trigger refuses UPDATE and DELETE).
"""

from __future__ import annotations

from typing import Any

from auditlog.context import auditlog_value
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.db import models

from uptdppa.crypto import blind_index_fields, encrypted_fields


def audit_register(model: type[models.Model], *, exclude: tuple[str, ...] = ()) -> type[models.Model]:
    """Register ``model`` with auditlog, never diffing encrypted fields or blind indexes."""
    secret = [f.name for f in encrypted_fields(model)] + [f.name for f in blind_index_fields(model)]
    auditlog.register(model, exclude_fields=[*secret, *exclude])
    return model


def set_request_actor(user: Any) -> None:
    """Tell the running request's audit context who the actor is.

    AuditlogMiddleware reads ``request.user`` before DRF authenticates a token, so token
    requests would otherwise be logged without an actor.
    """
    try:
        context = auditlog_value.get()
    except LookupError:
        return
    context["actor"] = user


def log_access(obj: models.Model, *, actor: Any = None, detail: dict[str, Any] | None = None) -> LogEntry:
    """Record that ``obj`` was read (or exported). ``detail`` holds ids/filter names, never PII."""
    extra: dict[str, Any] = {}
    if actor is not None and getattr(actor, "is_authenticated", False):
        extra["actor"] = actor
    entry = LogEntry.objects.log_create(
        obj,
        action=LogEntry.Action.ACCESS,
        changes=None,
        force_log=True,
        additional_data=detail or None,
        **extra,
    )
    return entry  # type: ignore[no-any-return]  # force_log always creates one
