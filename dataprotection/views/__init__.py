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
from .processing import dpia, dpia_edit, dpia_version, processing_record, processing_record_pdf

__all__ = [
    "dpia",
    "dpia_edit",
    "dpia_version",
    "processing_record",
    "processing_record_pdf",
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
]
