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
from .requests import (
    request_correct_view,
    request_create,
    request_decide_view,
    request_detail,
    request_export_json,
    request_export_pdf,
    request_lift,
    request_list,
)

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
    # requests.py
    "request_correct_view",
    "request_create",
    "request_decide_view",
    "request_detail",
    "request_export_json",
    "request_export_pdf",
    "request_lift",
    "request_list",
]
