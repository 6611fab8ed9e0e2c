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
]
