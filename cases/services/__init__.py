"""All writes to cases (a package: one module per stage). Import from here."""

from .attachments import attachment_add, attachment_remove
from .closure import (
    case_reopen,
    closure_approve,
    closure_refusals,
    closure_request,
    closure_return,
    monitoring_follow_up_record,
)
from .intake import intake_register, intake_submit_public
from .legal import (
    accompaniment_record,
    legal_aid_end,
    legal_aid_set,
    legal_event_record,
    mediation_close,
    mediation_follow_up_add,
    mediation_open,
    mediation_session_add,
    restitution_set,
)
from .people import PersonResult, perpetrator_relation_set, person_add, person_restriction_set, person_update
from .protection import (
    consent_record,
    consent_withdraw,
    psych_session_record,
    shelter_admit,
    shelter_discharge,
    victim_right_set,
)
from .registry import case_mark_simfoni_entered, case_record_police_report, case_set_simfoni_number
from .support import (
    assessment_record,
    health_service_complete,
    health_service_record,
    outreach_record,
    plan_approve,
    plan_item_add,
    plan_item_edit,
    plan_item_remove,
    plan_item_set_status,
    plan_return,
    plan_submit,
)
from .team import case_team_add, case_team_remove
from .triage import triage_decide, triage_propose

__all__ = [
    "attachment_add",
    "attachment_remove",
    "accompaniment_record",
    "legal_aid_end",
    "legal_aid_set",
    "assessment_record",
    "health_service_complete",
    "health_service_record",
    "outreach_record",
    "plan_approve",
    "plan_item_add",
    "plan_item_edit",
    "plan_item_remove",
    "plan_item_set_status",
    "plan_return",
    "plan_submit",
    "PersonResult",
    "case_mark_simfoni_entered",
    "case_record_police_report",
    "case_set_simfoni_number",
    "case_team_add",
    "case_team_remove",
    "case_reopen",
    "closure_approve",
    "closure_refusals",
    "closure_request",
    "closure_return",
    "monitoring_follow_up_record",
    "consent_record",
    "consent_withdraw",
    "person_restriction_set",
    "intake_register",
    "intake_submit_public",
    "legal_event_record",
    "mediation_close",
    "mediation_follow_up_add",
    "mediation_open",
    "mediation_session_add",
    "perpetrator_relation_set",
    "person_add",
    "person_update",
    "psych_session_record",
    "restitution_set",
    "shelter_admit",
    "shelter_discharge",
    "triage_decide",
    "triage_propose",
    "victim_right_set",
]
