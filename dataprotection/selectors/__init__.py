"""Every read of the data-protection app (a package: one module per duty)."""

from .breaches import (
    incident_get_for_user,
    incidents_for_user,
    notice_get_for_user,
    open_incidents_for_user,
)
from .processing import (
    dpia_current_for_user,
    dpia_version_get_for_user,
    dpia_versions_for_user,
    processing_record_for_user,
)
from .requests import (
    case_people_for_request,
    open_requests_for_user,
    request_get_for_user,
    requests_for_user,
    subject_data,
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
    # requests.py
    "case_people_for_request",
    "open_requests_for_user",
    "request_get_for_user",
    "requests_for_user",
    "subject_data",
    "dpia_current_for_user",
    "dpia_version_get_for_user",
    "dpia_versions_for_user",
    "processing_record_for_user",
    "DueCase",
    "disposal_batch_get_for_user",
    "disposal_batches_for_user",
    "legal_hold_get_for_user",
    "legal_holds_for_user",
    "retention_worklist_for_user",
]
