"""API serializers of the data-protection app (a package: one module per duty)."""

from .breaches import (
    CloseInput,
    IncidentFilter,
    IncidentInput,
    IncidentOutput,
    IncidentSummaryOutput,
    NoticeInput,
    NoticeOutput,
    NoticeSentInput,
    ProposalOutput,
)
from .processing import DpiaInput, DpiaOutput, DpiaSummaryOutput, RecordClassOutput
from .requests import (
    CorrectionInput,
    DecideInput,
    RequestFilter,
    RequestInput,
    RequestOutput,
    RequestSummaryOutput,
)
from .retention import (
    ApprovalInput,
    BatchOutput,
    DueCaseOutput,
    HoldInput,
    HoldOutput,
    ItemOutput,
    LiftInput,
    ProposeInput,
)

__all__ = [
    "DpiaInput",
    "DpiaOutput",
    "DpiaSummaryOutput",
    "RecordClassOutput",
    "CloseInput",
    "IncidentFilter",
    "IncidentInput",
    "IncidentOutput",
    "IncidentSummaryOutput",
    "NoticeInput",
    "NoticeOutput",
    "NoticeSentInput",
    "ProposalOutput",
    # requests.py
    "CorrectionInput",
    "DecideInput",
    "RequestFilter",
    "RequestInput",
    "RequestOutput",
    "RequestSummaryOutput",
    "ApprovalInput",
    "BatchOutput",
    "DueCaseOutput",
    "HoldInput",
    "HoldOutput",
    "ItemOutput",
    "LiftInput",
    "ProposeInput",
]
