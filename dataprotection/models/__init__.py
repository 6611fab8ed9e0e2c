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

__all__ = [
    "DpiaVersion",
    "BreachNotice",
    "Incident",
    "IncidentKind",
    "IncidentStatus",
    "NoticeRecipient",
    "RecordClass",
    "validate_record_classes",
]
