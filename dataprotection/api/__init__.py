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
from .processing import DpiaApi, DpiaVersionApi, ProcessingRecordApi
from .requests import (
    RequestCorrectApi,
    RequestDataApi,
    RequestDecideApi,
    RequestDetailApi,
    RequestLiftApi,
    RequestPdfApi,
    RequestsApi,
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
    "DpiaApi",
    "DpiaVersionApi",
    "ProcessingRecordApi",
    "IncidentCloseApi",
    "IncidentDetailApi",
    "IncidentsApi",
    "MANAGE",
    "NoticeDetailApi",
    "NoticeLetterApi",
    "NoticesApi",
    "NoticeSentApi",
    "VIEW",
    # requests.py
    "RequestCorrectApi",
    "RequestDataApi",
    "RequestDecideApi",
    "RequestDetailApi",
    "RequestLiftApi",
    "RequestPdfApi",
    "RequestsApi",
    "BatchApprovalApi",
    "BatchDetailApi",
    "BatchExecuteApi",
    "BatchesApi",
    "BeritaAcaraApi",
    "HoldLiftApi",
    "HoldsApi",
    "RetentionWorklistApi",
]
