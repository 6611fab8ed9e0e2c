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
]
