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
]
