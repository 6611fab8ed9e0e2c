"""API views of the data-protection app (a package: one module per duty)."""

from .breaches import (
    MANAGE,
    VIEW,
    IncidentCloseApi,
    IncidentDetailApi,
    IncidentsApi,
    NoticeDetailApi,
    NoticeLetterApi,
    NoticesApi,
    NoticeSentApi,
)
from .retention import (
    BatchApprovalApi,
    BatchDetailApi,
    BatchesApi,
    BatchExecuteApi,
    BeritaAcaraApi,
    HoldLiftApi,
    HoldsApi,
    RetentionWorklistApi,
)

__all__ = [
    "IncidentCloseApi",
    "IncidentDetailApi",
    "IncidentsApi",
    "MANAGE",
    "NoticeDetailApi",
    "NoticeLetterApi",
    "NoticesApi",
    "NoticeSentApi",
    "VIEW",
    "BatchApprovalApi",
    "BatchDetailApi",
    "BatchExecuteApi",
    "BatchesApi",
    "BeritaAcaraApi",
    "HoldLiftApi",
    "HoldsApi",
    "RetentionWorklistApi",
]
