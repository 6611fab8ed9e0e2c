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
from .processing import DpiaForm
from .requests import CorrectionForm, DecideForm, RequestForm, person_label
from .retention import ApprovalForm, ExecuteForm, HoldForm, LiftForm, ProposeForm

__all__ = [
    "DpiaForm",
    "AGENCY",
    "CloseForm",
    "IncidentForm",
    "lines",
    "NoticeEditForm",
    "NoticeForm",
    "NoticeSentForm",
    "recipient_value",
    "StatementForm",
    # requests.py
    "CorrectionForm",
    "DecideForm",
    "person_label",
    "RequestForm",
    "ApprovalForm",
    "ExecuteForm",
    "HoldForm",
    "LiftForm",
    "ProposeForm",
]
