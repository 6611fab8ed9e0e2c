"""Models of the cases app (a package: one module per subject)."""

from .cases import (
    ENDED_AT_INTAKE,
    REGISTERED_STATUSES,
    Case,
    CaseStatus,
    CaseTeamMember,
    DatePrecision,
    RegisterCounter,
    TeamRole,
    TriageOutcome,
)
from .events import CaseEvent, EventKind
from .legal import (
    DIVERSION_MAX_AGE,
    DIVERSION_MIN_AGE,
    DIVERSION_PENALTY_LIMIT_YEARS,
    LegalEvent,
    Mediation,
    MediationDisputeKind,
    MediationFollowUp,
    MediationSession,
    MediationStatus,
    Restitution,
    RestitutionPayer,
)
from .people import (
    CHILD_AGE_LIMIT,
    PerpetratorRelation,
    Person,
    PersonRole,
    ProtectionRecord,
    ViolenceRecord,
)
from .public import PublicAction, PublicSubmissionThrottle
from .regions import Region, RegionLevel

__all__ = [
    "CHILD_AGE_LIMIT",
    "DIVERSION_MAX_AGE",
    "DIVERSION_MIN_AGE",
    "DIVERSION_PENALTY_LIMIT_YEARS",
    "ENDED_AT_INTAKE",
    "REGISTERED_STATUSES",
    "Case",
    "CaseEvent",
    "CaseStatus",
    "CaseTeamMember",
    "DatePrecision",
    "EventKind",
    "LegalEvent",
    "Mediation",
    "MediationDisputeKind",
    "MediationFollowUp",
    "MediationSession",
    "MediationStatus",
    "PerpetratorRelation",
    "Person",
    "PersonRole",
    "PublicAction",
    "PublicSubmissionThrottle",
    "ProtectionRecord",
    "Region",
    "RegionLevel",
    "RegisterCounter",
    "Restitution",
    "RestitutionPayer",
    "TeamRole",
    "TriageOutcome",
    "ViolenceRecord",
]
