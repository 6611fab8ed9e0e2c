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
    "CloseInput",
    "IncidentFilter",
    "IncidentInput",
    "IncidentOutput",
    "IncidentSummaryOutput",
    "NoticeInput",
    "NoticeOutput",
    "NoticeSentInput",
    "ProposalOutput",
    "ApprovalInput",
    "BatchOutput",
    "DueCaseOutput",
    "HoldInput",
    "HoldOutput",
    "ItemOutput",
    "LiftInput",
    "ProposeInput",
]
