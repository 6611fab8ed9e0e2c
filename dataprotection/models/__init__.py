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
from .retention import DisposalBatch, DisposalItem, DisposalStatus, LegalHold, RetentionClass

__all__ = [
    "BreachNotice",
    "DisposalBatch",
    "DisposalItem",
    "DisposalStatus",
    "LegalHold",
    "RetentionClass",
    "Incident",
    "IncidentKind",
    "IncidentStatus",
    "NoticeRecipient",
    "RecordClass",
    "validate_record_classes",
]
