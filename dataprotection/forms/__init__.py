"""Forms of the data-protection app (a package: one module per duty)."""

from .breaches import (
    AGENCY,
    CloseForm,
    IncidentForm,
    NoticeEditForm,
    NoticeForm,
    NoticeSentForm,
    StatementForm,
    lines,
    recipient_value,
)
from .retention import ApprovalForm, ExecuteForm, HoldForm, LiftForm, ProposeForm

__all__ = [
    "AGENCY",
    "CloseForm",
    "IncidentForm",
    "lines",
    "NoticeEditForm",
    "NoticeForm",
    "NoticeSentForm",
    "recipient_value",
    "StatementForm",
    "ApprovalForm",
    "ExecuteForm",
    "HoldForm",
    "LiftForm",
    "ProposeForm",
]
