"""Models of the data-protection app (a package: one module per duty)."""

from .breaches import (
    BreachNotice,
    Incident,
    IncidentKind,
    IncidentStatus,
    NoticeRecipient,
    RecordClass,
    validate_record_classes,
)
from .processing import DpiaVersion
from .requests import (
    NOT_EXEMPTIBLE,
    RELEASE_KINDS,
    Decision,
    IdentityCheck,
    Pasal15Exception,
    Pasal33,
    Requester,
    RequestKind,
    RequestStatus,
    SubjectRequest,
    deadline_hours,
)
from .retention import DisposalBatch, DisposalItem, DisposalStatus, LegalHold, RetentionClass

__all__ = [
    "DpiaVersion",
    "BreachNotice",
    "DisposalBatch",
    "DisposalItem",
    "DisposalStatus",
    "LegalHold",
    "Pasal33",
    "RetentionClass",
    "Incident",
    "IncidentKind",
    "IncidentStatus",
    "NoticeRecipient",
    "RecordClass",
    "validate_record_classes",
    # requests.py
    "Decision",
    "deadline_hours",
    "IdentityCheck",
    "NOT_EXEMPTIBLE",
    "Pasal15Exception",
    "RELEASE_KINDS",
    "Requester",
    "RequestKind",
    "RequestStatus",
    "SubjectRequest",
]
