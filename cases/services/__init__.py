"""All writes to cases (a package: one module per stage). Import from here."""

from .intake import intake_register, intake_submit_public
from .people import PersonResult, perpetrator_relation_set, person_add, person_update
from .registry import case_record_police_report, case_set_simfoni_number
from .team import case_team_add, case_team_remove
from .triage import triage_decide, triage_propose

__all__ = [
    "PersonResult",
    "case_record_police_report",
    "case_set_simfoni_number",
    "case_team_add",
    "case_team_remove",
    "intake_register",
    "intake_submit_public",
    "perpetrator_relation_set",
    "person_add",
    "person_update",
    "triage_decide",
    "triage_propose",
]
