"""Pages of the data-protection app (a package: one module per duty)."""

from .breaches import (
    MANAGE,
    VIEW,
    close,
    incident_create,
    incident_detail,
    incident_edit,
    incident_list,
    notice_add,
    notice_edit,
    notice_letter,
    notice_sent,
    statement,
)
from .retention import (
    batch_approval,
    batch_detail,
    batch_execute,
    batch_propose,
    berita_acara,
    hold_lift,
    hold_place,
    worklist,
)

__all__ = [
    "close",
    "incident_create",
    "incident_detail",
    "incident_edit",
    "incident_list",
    "MANAGE",
    "notice_add",
    "notice_edit",
    "notice_letter",
    "notice_sent",
    "statement",
    "VIEW",
    "batch_approval",
    "batch_detail",
    "batch_execute",
    "batch_propose",
    "berita_acara",
    "hold_lift",
    "hold_place",
    "worklist",
]
