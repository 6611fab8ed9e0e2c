"""Forms of the cases app (a package: one module per area). Input shape only; the services decide."""

from .common import KelurahanField, PhoneField
from .intake import IntakeForm, TriageDecisionForm, TriageProposalForm
from .people import PersonForm
from .team import PoliceReportForm, RegistryForm, TeamForm
from .worklist import WorklistFilterForm

__all__ = [
    "IntakeForm",
    "KelurahanField",
    "PersonForm",
    "PhoneField",
    "PoliceReportForm",
    "RegistryForm",
    "TeamForm",
    "TriageDecisionForm",
    "TriageProposalForm",
    "WorklistFilterForm",
]
