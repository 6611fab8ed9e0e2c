"""Every read of the data-protection app (a package: one module per duty)."""

from .breaches import (
    incident_get_for_user,
    incidents_for_user,
    notice_get_for_user,
    open_incidents_for_user,
)
from .retention import (
    DueCase,
    disposal_batch_get_for_user,
    disposal_batches_for_user,
    legal_hold_get_for_user,
    legal_holds_for_user,
    retention_worklist_for_user,
)

__all__ = [
    "incident_get_for_user",
    "incidents_for_user",
    "notice_get_for_user",
    "open_incidents_for_user",
    "DueCase",
    "disposal_batch_get_for_user",
    "disposal_batches_for_user",
    "legal_hold_get_for_user",
    "legal_holds_for_user",
    "retention_worklist_for_user",
]
