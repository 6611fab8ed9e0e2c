"""The record of processing activities (UU 27/2022 PDP Pasal 31): the one place where the purpose,
the legal basis, the readers, the recipients and the retention of every record class are declared.
The fields and whether each is encrypted or blind-indexed are read from the models themselves
(``processing_record``), so the record follows the code.

Every concrete field of every model of the project's apps is either listed below as personal data
under a record class or declared non-personal in ``NON_PERSONAL``; a test
(tests/dataprotection/test_processing_record.py) fails when a field is in neither, so a new model
or field cannot escape the record. A field is personal data when it identifies or describes a
person, or links a record to one (names, numbers, narratives, dates and facts about a victim,
links to people and to staff accounts). Workflow state, counters, checksums and codes are not.

The readers of each class are declared as roles with the permission that decides them; the same
test checks each declaration against the registered access rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from uptdppa.accounts.models import Organisation, OrganisationKind, Role
from uptdppa.crypto import BlindIndexField, EncryptedMixin

# The apps whose models the record covers: the project's own, and the audit trail's.
PROJECT_APPS = (
    "accounts",
    "operations",
    "cases",
    "referrals",
    "coordination",
    "dataprotection",
    "reports",
    "auditlog",
)

# Fields of every model that hold no personal data.
TECHNICAL_FIELDS = frozenset({"id", "created_at", "updated_at", "code"})

# Every other field that holds no personal data, by model: workflow state, counters, checksums,
# reference data and aggregates.
NON_PERSONAL: dict[str, tuple[str, ...]] = {
    "accounts.Organisation": ("name", "short_name", "kind", "address", "is_active"),
    "accounts.User": ("password", "is_superuser", "is_staff", "is_active", "organisation"),
    "accounts.Notification": (
        "message",
        "url",
        "read_at",
        "emailed_at",
        "email_attempts",
        "claimed_at",
        "claim_token",
        "key",
    ),
    "accounts.RoleChangeRequest": ("from_role", "to_role", "organisation", "new_account", "decision"),
    "operations.BackupRun": (
        "started_at",
        "finished_at",
        "succeeded",
        "file_name",
        "size",
        "table_count",
        "row_count",
        "file_count",
        "error",
    ),
    "operations.DrillRun": (
        "started_at",
        "finished_at",
        "file_name",
        "backup_taken_at",
        "recovery_point",
        "recovery_time",
        "passed",
        "tables_checked",
        "files_checked",
        "values_decrypted",
        "problems",
    ),
    "cases.Region": ("name", "level", "parent", "valid_from", "valid_to"),
    "cases.RegisterCounter": ("year", "last_seq"),
    "cases.Case": (
        "status",
        "response_due_at",
        "register_year",
        "register_seq",
        "police_report_due_at",
        "duplicate_of",
    ),
    "cases.ClosureRequest": ("status",),
    "cases.MonitoringFollowUp": ("due_on", "reminded_on"),
    "cases.InterventionPlan": ("status",),
    "cases.PlanItem": ("status", "due_on"),
    "cases.Attachment": ("target_kind", "target_code", "stored_name", "mime_type", "size", "sha256"),
    "cases.PublicSubmissionThrottle": ("action",),
    "cases.Mediation": ("status",),
    "referrals.Referral": ("status", "urgency", "due_on", "letter_number", "plan_item"),
    "referrals.ReferralEvent": ("kind",),
    "referrals.ReferralActionFile": ("stored_name", "mime_type", "size", "sha256"),
    "referrals.LetterCounter": ("year", "last_seq"),
    "coordination.CaseConference": (
        "scheduled_at",
        "place",
        "link",
        "status",
        "held_at",
        "cancelled_at",
        "sharing_basis",
        "head_override_at",
        "next_review_on",
    ),
    "coordination.TaskForceMeeting": ("held_on", "place"),
    "coordination.Attendance": ("meeting", "organisation", "invited", "present"),
    "coordination.Decision": ("meeting", "organisation"),
    "coordination.ActionItem": ("meeting", "organisation", "due_on", "status", "done_at"),
    "dataprotection.Incident": ("kind", "record_classes", "status"),
    "dataprotection.BreachNotice": ("recipient_kind",),
    "dataprotection.SubjectRequest": ("kind", "requester", "due_at", "status", "decision", "exception"),
    "dataprotection.DisposalBatch": (
        "status",
        "proposed_at",
        "approval_reference",
        "approval_date",
        "approved_by_office",
        "approval_stored_name",
        "approval_mime_type",
        "approval_size",
        "approval_sha256",
        "approval_recorded_at",
        "execution_ordered_at",
        "executed_at",
    ),
    "dataprotection.DisposalItem": ("batch", "retention_class", "closed_on", "retention_ends_on", "destroyed_at"),
    "dataprotection.DpiaVersion": (
        "version",
        "description",
        "necessity",
        "risks",
        "measures",
        "next_review_on",
    ),
    "reports.Snapshot": (
        "kind",
        "period_start",
        "period_end",
        "generated_at",
        "figures",
        "data_version",
        "refresh_requested",
    ),
    "reports.StatisticsDay": ("day", "version", "changed_at"),
    "reports.SnapshotRun": ("kind", "period_start", "period_end", "status", "finished_at", "snapshot"),
    "reports.ReportFile": ("kind", "period_start", "period_end", "suppressed", "status", "finished_at"),
    "reports.TaskForceReport": ("year", "quarter", "figures", "made_at"),
    "reports.KlaPack": ("year", "cut_off", "figures", "made_at"),
    "auditlog.LogEntry": ("content_type", "object_pk", "object_id", "action", "cid"),
    # The audit keys of a case's deleted records, for its access history: codes only.
    "cases.DeletedRecord": ("case", "content_type", "object_pk", "deleted_at"),
}

# What "retention" says for the records whose retention the city's JRA decides (Pasal 42-44;
# UU 43/2009, PP 28/2012): the retention classes and end dates are set per case on closure.
PER_JRA = _("Per the city's records retention schedule (JRA): see retention and destruction.")


@dataclass(frozen=True)
class Readers:
    """The roles that may read a record class, what of it, and the permission that decides it."""

    roles: frozenset[str]
    scope: Promise
    perm: str


def head_and_dpo(perm: str) -> Readers:
    """The data-protection registers' readers: the head and the data protection officer."""
    return Readers(frozenset({Role.KEPALA_UPTD, Role.DPO}), _("The head and the data protection officer."), perm)


@dataclass(frozen=True)
class RecordClassDeclaration:
    key: str
    title: Promise
    purpose: Promise
    legal_basis: Promise
    # Child victims' data, health, sexual life and criminal records: specific personal data
    # (Pasal 4(2)), processed "secara khusus".
    specific: bool
    models: dict[str, tuple[str, ...]]  # model label -> its personal-data fields
    readers: tuple[Readers, ...]
    recipients: Promise
    retention: Promise
    retention_settings: tuple[str, ...] = ()
    # Whether the partner organisations of referrals are listed as recipients.
    referral_recipients: bool = False


CASE_TEAM = frozenset(
    {Role.KEPALA_UPTD, Role.PETUGAS_PENGADUAN, Role.MANAJER_KASUS, Role.PSIKOLOG, Role.PENDAMPING_HUKUM}
)
CASE_SCOPE = _(
    "The head: every case. Intake officers: complaints awaiting triage and those they took that "
    "ended at intake. Case managers, psychologists and legal advisors: the cases whose team they are on."
)
LEGAL_DUTY = _(
    "Fulfilment of a legal obligation and the exercise of public authority (UU 27/2022 Pasal 20(2)(c) "
    "and (e)): the unit's duties under UU 35/2014 (child protection), UU 12/2022 (TPKS) and "
    "Permen PPPA 4/2018. Specific personal data of children, processed with special protection "
    "(Pasal 4(2), Pasal 25)."
)
SIMFONI = _(
    "KemenPPPA through SIMFONI-PPA (initials, codes and vocabularies only, entered by the data "
    "operator); courts and police when the law requires it, by letter."
)

RECORD_CLASSES: tuple[RecordClassDeclaration, ...] = (
    RecordClassDeclaration(
        key="cases",
        title=_("Complaints and case files"),
        purpose=_(
            "Receive complaints of violence against women and children, decide on them, register and "
            "manage the case until closure and monitoring."
        ),
        legal_basis=LEGAL_DUTY,
        specific=True,
        models={
            "cases.Case": (
                "created_by",
                "channel",
                "received_at",
                "referring_organisation",
                "reporter_anonymous",
                "reporter_relation",
                "reporter_is_victim",
                "chronology",
                "incident_date",
                "incident_date_precision",
                "incident_region",
                "incident_place_other",
                "scene",
                "tracking_code",
                "pin_hash",
                "case_type",
                "risk",
                "authority",
                "triage_proposed_by",
                "triage_proposed_at",
                "triaged_by",
                "triaged_at",
                "triage_note",
                "case_type_reason",
                "referred_to",
                "register_number",
                "registered_at",
                "simfoni_number",
                "simfoni_entered_at",
                "simfoni_entered_by",
                "police_report_number",
                "police_report_date",
                "police_report_unit",
                "closed_at",
            ),
            "cases.CaseTeamMember": ("case", "user", "team_role"),
            "cases.CaseEvent": ("case", "kind", "at", "actor", "data"),
            "cases.ClosureRequest": (
                "case",
                "requested_by",
                "requested_at",
                "reason",
                "summary",
                "decided_by",
                "decided_at",
                "decision_comment",
                "reopened_at",
                "reopened_by",
                "reopen_reason",
            ),
            "cases.MonitoringFollowUp": ("case", "done_on", "outcome", "recorded_by"),
            "cases.PublicSubmissionThrottle": ("key_digest",),
        },
        readers=(
            Readers(CASE_TEAM, CASE_SCOPE, "cases.view_case"),
            Readers(
                frozenset({Role.KEPALA_UPTD, Role.OPERATOR_DATA}),
                _("The SIMFONI work list: register numbers, initials, codes and vocabularies."),
                "reports.export_simfoni",
            ),
        ),
        recipients=SIMFONI,
        retention=PER_JRA,
    ),
    RecordClassDeclaration(
        key="people",
        title=_("People of a case (victims, reporters, alleged perpetrators)"),
        purpose=_("Identify and reach the people of a case, protect the victim and record the forms of violence."),
        legal_basis=LEGAL_DUTY,
        specific=True,
        models={
            "cases.Person": (
                "case",
                "role",
                "is_unknown",
                "full_name",
                "name_index",
                "nickname",
                "nik",
                "nik_index",
                "kk_number",
                "kk_index",
                "birth_date",
                "birth_year",
                "estimated_age",
                "age_at_incident",
                "sex",
                "phone",
                "phone_index",
                "phone_is_whatsapp",
                "region",
                "address_line",
                "education",
                "disability",
                "occupation",
                "relation_to_victim",
                "restricted_at",
            ),
            "cases.ViolenceRecord": ("victim", "form"),
            "cases.ProtectionRecord": ("victim", "category"),
            "cases.PerpetratorRelation": ("victim", "perpetrator", "relation"),
            "cases.ConsentRecord": (
                "victim",
                "basis",
                "consent_given_by",
                "given_on",
                "note",
                "recorded_by",
                "withdrawn_at",
            ),
            "cases.VictimRight": ("victim", "right", "status", "evidence_note", "updated_by"),
        },
        readers=(
            Readers(CASE_TEAM, CASE_SCOPE, "cases.view_person"),
            Readers(
                frozenset({Role.KEPALA_UPTD, Role.OPERATOR_DATA}),
                _("The SIMFONI work list: initials, age, sex and forms of violence."),
                "reports.export_simfoni",
            ),
        ),
        recipients=SIMFONI,
        retention=PER_JRA,
        referral_recipients=True,
    ),
    RecordClassDeclaration(
        key="services",
        title=_("Assessment, intervention plan and services"),
        purpose=_("Assess the victim's needs, plan and deliver outreach, health care and shelter."),
        legal_basis=LEGAL_DUTY,
        specific=True,
        models={
            "cases.Assessment": (
                "case",
                "victim",
                "assessed_on",
                "assessor",
                "physical",
                "psychological",
                "social",
                "economic",
                "education",
                "spiritual",
                "needs_and_hopes",
            ),
            "cases.InterventionPlan": (
                "case",
                "made_with_beneficiary",
                "submitted_by",
                "submitted_at",
                "decided_by",
                "decided_at",
                "decision_comment",
            ),
            "cases.PlanItem": (
                "plan",
                "service",
                "description",
                "responsible_user",
                "responsible_organisation",
                "waive_reason",
            ),
            "cases.OutreachVisit": (
                "case",
                "visited_on",
                "region",
                "place_other",
                "purpose",
                "result",
                "is_emergency",
                "next_step",
                "recorded_by",
            ),
            "cases.HealthService": (
                "case",
                "victim",
                "kind",
                "facility",
                "facility_other",
                "requested_on",
                "done_on",
                "result",
                "recorded_by",
            ),
            "cases.ShelterStay": (
                "case",
                "victim",
                "place",
                "organisation",
                "admitted_on",
                "discharged_on",
                "note",
                "admitted_by",
                "discharged_by",
            ),
        },
        readers=(Readers(CASE_TEAM, CASE_SCOPE, "cases.view_case"),),
        recipients=_("Partner organisations by referral, only the fields ticked for sharing."),
        retention=PER_JRA,
        referral_recipients=True,
    ),
    RecordClassDeclaration(
        key="psych_notes",
        title=_("Notes of psychological sessions"),
        purpose=_("Psychological support of the victim and its continuity within the team."),
        legal_basis=LEGAL_DUTY,
        specific=True,
        models={
            "cases.PsychSession": (
                "case",
                "victim",
                "psychologist",
                "date",
                "method",
                "observations",
                "recommendations",
                "recorded_by",
            ),
        },
        readers=(
            Readers(
                frozenset({Role.KEPALA_UPTD, Role.PSIKOLOG}),
                _(
                    "The head and the psychologists on the case team; the rest of the team sees only "
                    "that a session took place."
                ),
                "cases.read_psych_notes",
            ),
        ),
        recipients=_("None."),
        retention=PER_JRA,
    ),
    RecordClassDeclaration(
        key="legal",
        title=_("Legal assistance records"),
        purpose=_("Accompany the victim through the police, prosecution and court, mediation and restitution."),
        legal_basis=LEGAL_DUTY,
        specific=True,
        models={
            "cases.LegalEvent": (
                "case",
                "perpetrator",
                "stage",
                "date",
                "place",
                "reference_number",
                "unit",
                "note",
                "recorded_by",
                "perpetrator_age_at_offence",
                "offence_max_penalty_years",
                "repeat_offence",
                "victim_consent",
                "victim_consent_by",
            ),
            "cases.Mediation": (
                "case",
                "victim",
                "perpetrator",
                "dispute_kind",
                "mediator",
                "agreement_terms",
                "opened_by",
                "closed_at",
                "closed_by",
            ),
            "cases.MediationSession": (
                "mediation",
                "date",
                "mediator",
                "parties_present",
                "berita_acara",
                "recorded_by",
            ),
            "cases.MediationFollowUp": ("mediation", "date", "complied", "note", "recorded_by"),
            "cases.Restitution": (
                "case",
                "victim",
                "perpetrator",
                "claimed",
                "amount",
                "lpsk_assessment",
                "lpsk_amount",
                "decision",
                "paid",
                "paid_at",
                "payer",
                "recorded_by",
            ),
            "cases.Accompaniment": ("case", "victim", "stage", "date", "place", "note", "recorded_by"),
            "cases.LegalAid": (
                "case",
                "victim",
                "organisation",
                "provider_name",
                "advocate",
                "started_on",
                "ended_on",
                "note",
                "recorded_by",
            ),
        },
        readers=(Readers(CASE_TEAM, CASE_SCOPE, "cases.view_case"),),
        recipients=_("Police, prosecution, courts and LPSK, by the unit's letters, as the proceedings require."),
        retention=PER_JRA,
        referral_recipients=True,
    ),
    RecordClassDeclaration(
        key="attachments",
        title=_("Attachments (documents, visum, scanned consent)"),
        purpose=_("Keep the documents a case needs as evidence and for its services."),
        legal_basis=LEGAL_DUTY,
        specific=True,
        models={
            "cases.Attachment": (
                "case",
                "original_name",
                "description",
                "uploaded_by",
                "removed_at",
                "removed_by",
                "removal_reason",
            ),
        },
        readers=(Readers(CASE_TEAM, CASE_SCOPE, "cases.view_case"),),
        recipients=_("None, unless attached to a referral's shared data."),
        retention=PER_JRA,
    ),
    RecordClassDeclaration(
        key="referrals",
        title=_("Referrals to partner organisations"),
        purpose=_("Refer the victim to the services of partner organisations and follow the referral up."),
        legal_basis=_(
            "Public task (UU 27/2022 Pasal 20(2)(e)); names, identity numbers and contact are shared only "
            "with the recorded consent or the head's recorded override (Pasal 20(2)(a))."
        ),
        specific=True,
        models={
            "referrals.Referral": (
                "case",
                "organisation",
                "services",
                "reason",
                "shared_fields",
                "facts",
                "cover_note",
                "shared_data",
                "letter",
                "consent_override_reason",
                "consent_override_by",
                "created_by",
                "sent_at",
                "sent_by",
                "responded_at",
                "decline_reason_code",
                "decline_reason",
                "first_service_at",
                "completed_at",
                "outcome_code",
                "outcome",
                "revoked_at",
                "revoke_reason",
            ),
            "referrals.ReferralEvent": ("referral", "at", "actor"),
            "referrals.ReferralAction": ("referral", "date", "action", "notes", "recorded_by"),
            "referrals.ReferralActionFile": ("action", "original_name", "uploaded_by"),
        },
        readers=(
            Readers(CASE_TEAM, _("The head and the case team, as for the case."), "referrals.view_referral"),
            Readers(
                frozenset({Role.PENGHUBUNG_OPD}),
                _("The liaison of the receiving organisation: once sent and unless revoked, only the shared fields."),
                "referrals.view_referral",
            ),
        ),
        recipients=_("The receiving partner organisation (below), only the fields ticked for sharing."),
        retention=PER_JRA,
        referral_recipients=True,
    ),
    RecordClassDeclaration(
        key="coordination",
        title=_("Case conferences and task-force meetings"),
        purpose=_(
            "Coordinate the handling of a case with the team and partner organisations (case conferences) "
            "and the unit's work with the task force; follow the actions agreed up to their completion."
        ),
        legal_basis=_(
            "Public task (UU 27/2022 Pasal 20(2)(e)); a case is discussed with partners only with a consent "
            "or legal basis in force for every victim, or on the head's recorded override."
        ),
        specific=True,
        models={
            "coordination.CaseConference": (
                "case",
                "chair",
                "note_taker",
                "agenda",
                "head_override_by",
                "head_override_reason",
                "summary",
                "created_by",
            ),
            "coordination.Attendance": ("conference", "user"),
            "coordination.Decision": ("conference", "text", "recorded_by"),
            "coordination.ActionItem": ("conference", "assignee", "title", "done_by", "note", "created_by"),
            "coordination.TaskForceMeeting": ("chair", "summary", "created_by"),
        },
        readers=(
            Readers(
                frozenset({Role.KEPALA_UPTD, Role.MANAJER_KASUS, Role.PSIKOLOG, Role.PENDAMPING_HUKUM}),
                _("The head and the case team: the whole minutes of the case's conferences."),
                "coordination.view_case_conferences",
            ),
            Readers(
                frozenset({Role.PENGHUBUNG_OPD}),
                _(
                    "The liaison of an invited organisation: the time and place, the decisions and the action "
                    "items that concern their organisation; never the agenda or the summary."
                ),
                "coordination.view_portal",
            ),
            Readers(
                frozenset({Role.KEPALA_UPTD, Role.PIMPINAN}),
                _("The task-force meeting register: the head and DPMPPA leadership."),
                "coordination.view_meetings",
            ),
        ),
        recipients=_(
            "The partner organisations invited to a conference: the decisions and action items that concern them."
        ),
        retention=PER_JRA,
    ),
    RecordClassDeclaration(
        key="breaches",
        title=_("Data breach register"),
        purpose=_("Record personal data breaches, notify the people affected and the supervising agency (Pasal 46)."),
        legal_basis=_("Fulfilment of a legal obligation (UU 27/2022 Pasal 20(2)(c), Pasal 46)."),
        specific=True,
        models={
            "dataprotection.Incident": (
                "discovered_at",
                "recorded_by",
                "description",
                "cause",
                "handling",
                "public_statement",
                "closed_at",
                "closed_by",
                "lessons",
                "measures",
            ),
            "dataprotection.BreachNotice": (
                "incident",
                "person",
                "on_behalf_of",
                "agency_name",
                "address",
                "data_exposed",
                "when_how",
                "handling",
                "letter_number",
                "created_by",
                "sent_at",
                "sent_by",
            ),
            "dataprotection.DpiaVersion": ("author",),
        },
        readers=(head_and_dpo("dataprotection.view_incident"),),
        recipients=_("The affected people (a child through a guardian) and the supervising agency, by letter."),
        retention=PER_JRA,
    ),
    RecordClassDeclaration(
        key="requests",
        title=_("Data-subject requests"),
        purpose=_(
            "Record and answer the requests of the people whose data the unit holds (access, copy, correction, "
            "restriction, withdrawal of consent, deletion) within their deadlines (Pasal 6-14, 30-33, 40-41)."
        ),
        legal_basis=_("Fulfilment of a legal obligation (UU 27/2022 Pasal 20(2)(c), Pasal 14)."),
        specific=True,
        models={
            "dataprotection.SubjectRequest": (
                "person",
                "requester_person",
                "requester_name",
                "requester_relation",
                "identity_check",
                "identity_note",
                "details",
                "received_at",
                "recorded_by",
                "decision_reason",
                "decided_at",
                "decided_by",
                "pasal33",
                "correction_entry",
                "released_at",
                "released_by",
                "restriction_lifted_at",
            ),
        },
        readers=(head_and_dpo("dataprotection.view_request"),),
        recipients=_("The person concerned (or the requester they authorised), after the Pasal 33 check."),
        retention=PER_JRA,
    ),
    RecordClassDeclaration(
        key="retention",
        title=_("Legal holds, disposal batches and berita acara pemusnahan"),
        purpose=_(
            "Keep closed cases for their retention period, hold them while a legal process is open, and destroy "
            "them lawfully with a written approval and a berita acara (Pasal 42-44; UU 43/2009)."
        ),
        legal_basis=_("Fulfilment of a legal obligation (UU 27/2022 Pasal 20(2)(c), Pasal 43; UU 43/2009)."),
        specific=False,
        models={
            "dataprotection.LegalHold": (
                "case",
                "reason",
                "placed_by",
                "placed_at",
                "lifted_at",
                "lifted_by",
                "lift_reason",
            ),
            "dataprotection.DisposalBatch": (
                "proposed_by",
                "note",
                "witnesses",
                "approval_original_name",
                "approval_recorded_by",
                "executed_by",
            ),
            "dataprotection.DisposalItem": ("case", "register_number"),
        },
        readers=(head_and_dpo("dataprotection.view_retention"),),
        recipients=_("None; the approving office receives the appraisal list on paper."),
        retention=_("The berita acara pemusnahan and its list are kept permanently (UU 43/2009)."),
    ),
    RecordClassDeclaration(
        key="accounts",
        title=_("User accounts and notifications"),
        purpose=_("Give staff and partner liaisons their accounts, roles and notifications; secure the sign-in."),
        legal_basis=_(
            "Performance of the employment and cooperation relationship and public task (Pasal 20(2)(b), (e))."
        ),
        specific=False,
        models={
            "accounts.User": (
                "last_login",
                "username",
                "first_name",
                "last_name",
                "email",
                "date_joined",
                "role",
                "phone",
            ),
            "accounts.Organisation": ("email", "phone"),
            "accounts.Notification": ("recipient", "params"),
            "accounts.RoleChangeRequest": (
                "user",
                "requested_by",
                "requested_at",
                "decided_by",
                "decided_at",
                "reason",
            ),
            "reports.SnapshotRun": ("requested_by", "requested_at"),
            "reports.ReportFile": ("requested_by", "requested_at"),
            "reports.TaskForceReport": ("made_by",),
            "reports.KlaPack": ("made_by",),
        },
        readers=(Readers(frozenset({Role.ADMIN}), _("The system administrator."), "accounts.view_user"),),
        recipients=_("None."),
        retention=_(
            "As long as the account exists; accounts are deactivated, never deleted (the audit trail names them)."
        ),
    ),
    RecordClassDeclaration(
        key="exports",
        title=_("Case-level exports"),
        purpose=_("National recording in SIMFONI-PPA and the unit's own case-level analysis."),
        legal_basis=LEGAL_DUTY,
        specific=True,
        models={"reports.ReportFile": ("file",)},
        readers=(
            Readers(
                frozenset({Role.KEPALA_UPTD, Role.OPERATOR_DATA}),
                _("The head and the data operator."),
                "reports.export_cases",
            ),
        ),
        recipients=SIMFONI,
        retention=PER_JRA,
    ),
    RecordClassDeclaration(
        key="audit",
        title=_("Audit trail"),
        purpose=_("Account for every read and change of personal data (Pasal 16(2), Pasal 39)."),
        legal_basis=_("Fulfilment of a legal obligation (UU 27/2022 Pasal 20(2)(c), Pasal 31, Pasal 39)."),
        specific=False,
        models={
            "auditlog.LogEntry": (
                "object_repr",
                "serialized_data",
                "changes_text",
                "changes",
                "actor",
                "remote_addr",
                "remote_port",
                "timestamp",
                "additional_data",
                "actor_email",
            ),
        },
        readers=(
            Readers(
                frozenset({Role.ADMIN, Role.KEPALA_UPTD, Role.DPO}),
                _("The administrator, the head and the data protection officer; never changed by anyone."),
                "accounts.view_audit_trail",
            ),
        ),
        recipients=_("None."),
        retention=_(
            "Kept permanently: the table is append-only; destroyed records keep their entries without personal values."
        ),
    ),
    RecordClassDeclaration(
        key="backups",
        title=_("Backups"),
        purpose=_("Restore the records after a loss (availability, Pasal 35 and 39)."),
        legal_basis=_("Fulfilment of a legal obligation (UU 27/2022 Pasal 35, Pasal 39)."),
        specific=True,
        models={},
        readers=(
            Readers(
                frozenset({Role.KEPALA_UPTD, Role.DPO}),
                _("The head and the data protection officer see the backup runs; no role opens a backup's content."),
                "operations.view_backups",
            ),
        ),
        recipients=_("None: backups are encrypted to the unit's keys."),
        retention=_("Daily, weekly and monthly backups are kept as the settings say, then deleted."),
        retention_settings=("BACKUP_KEEP_DAILY", "BACKUP_KEEP_WEEKLY", "BACKUP_KEEP_MONTHLY"),
    ),
)


# --- The record, read from the code --------------------------------------------------------------


@dataclass(frozen=True)
class FieldEntry:
    name: str
    label: str
    encrypted: bool
    blind_index: bool


@dataclass(frozen=True)
class ModelEntry:
    label: str
    title: str
    fields: list[FieldEntry]


@dataclass(frozen=True)
class RecordClassEntry:
    declaration: RecordClassDeclaration
    models: list[ModelEntry]
    roles: list[tuple[str, str]]  # (role label, scope)
    organisations: list[tuple[str, list[str]]] = field(default_factory=list)  # (kind label, names)
    shared_fields: list[str] = field(default_factory=list)
    retention_values: list[tuple[str, Any]] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.declaration.key


# Labels of the fields whose models give no verbose name of their own: Django then shows the field's
# name in English ("recorded by"), so the record translates those names here.
AUTO_FIELD_LABELS: dict[str, Promise] = {
    "pin hash": pgettext_lazy("field", "pin hash"),
    "triage proposed by": pgettext_lazy("field", "triage proposed by"),
    "triage proposed at": pgettext_lazy("field", "triage proposed at"),
    "triaged by": pgettext_lazy("field", "triaged by"),
    "case": pgettext_lazy("field", "case"),
    "user": pgettext_lazy("field", "user"),
    "actor": pgettext_lazy("field", "actor"),
    "data": pgettext_lazy("field", "data"),
    "requested by": pgettext_lazy("field", "requested by"),
    "decided by": pgettext_lazy("field", "decided by"),
    "reopened by": pgettext_lazy("field", "reopened by"),
    "recorded by": pgettext_lazy("field", "recorded by"),
    "key digest": pgettext_lazy("field", "key digest"),
    "name index": pgettext_lazy("field", "name index"),
    "nik index": pgettext_lazy("field", "nik index"),
    "kk index": pgettext_lazy("field", "kk index"),
    "phone index": pgettext_lazy("field", "phone index"),
    "victim": pgettext_lazy("field", "victim"),
    "perpetrator": pgettext_lazy("field", "perpetrator"),
    "updated by": pgettext_lazy("field", "updated by"),
    "submitted by": pgettext_lazy("field", "submitted by"),
    "plan": pgettext_lazy("field", "plan"),
    "admitted by": pgettext_lazy("field", "admitted by"),
    "discharged by": pgettext_lazy("field", "discharged by"),
    "opened by": pgettext_lazy("field", "opened by"),
    "closed by": pgettext_lazy("field", "closed by"),
    "mediation": pgettext_lazy("field", "mediation"),
    "removed by": pgettext_lazy("field", "removed by"),
    "shared data": pgettext_lazy("field", "shared data"),
    "letter": pgettext_lazy("field", "letter"),
    "consent override by": pgettext_lazy("field", "consent override by"),
    "created by": pgettext_lazy("field", "created by"),
    "sent by": pgettext_lazy("field", "sent by"),
    "referral": pgettext_lazy("field", "referral"),
    "action": pgettext_lazy("field", "action"),
    "incident": pgettext_lazy("field", "incident"),
    "released by": pgettext_lazy("field", "released by"),
    "placed by": pgettext_lazy("field", "placed by"),
    "lifted by": pgettext_lazy("field", "lifted by"),
    "proposed by": pgettext_lazy("field", "proposed by"),
    "approval recorded by": pgettext_lazy("field", "approval recorded by"),
    "executed by": pgettext_lazy("field", "executed by"),
    "recipient": pgettext_lazy("field", "recipient"),
    "params": pgettext_lazy("field", "params"),
    "file": pgettext_lazy("field", "file"),
    "serialized data": pgettext_lazy("field", "serialized data"),
}


def field_label(model_field: models.Field[Any, Any]) -> str:
    """The field's name in the reader's language (its verbose name, else AUTO_FIELD_LABELS)."""
    name = model_field.verbose_name
    if isinstance(name, Promise):
        return str(name)
    return str(AUTO_FIELD_LABELS.get(str(name), name))


def _field_entry(model_field: models.Field[Any, Any]) -> FieldEntry:
    return FieldEntry(
        name=model_field.name,
        label=field_label(model_field),
        encrypted=isinstance(model_field, EncryptedMixin),
        blind_index=isinstance(model_field, BlindIndexField),
    )


def _model_entry(label: str, names: Iterable[str]) -> ModelEntry:
    model = apps.get_model(label)
    return ModelEntry(
        label=label,
        title=str(model._meta.verbose_name),
        fields=[_field_entry(model._meta.get_field(name)) for name in names],  # type: ignore[arg-type]
    )


def _partner_organisations() -> list[tuple[str, list[str]]]:
    """The active partner organisations a referral may go to, by kind."""
    by_kind: dict[str, list[str]] = {}
    for organisation in (
        Organisation.objects.filter(is_active=True).exclude(kind=OrganisationKind.UPTD_PPA).order_by("kind", "name")
    ):
        by_kind.setdefault(organisation.kind, []).append(organisation.name)
    return [(str(OrganisationKind(kind).label), names) for kind, names in by_kind.items()]


def processing_record() -> list[RecordClassEntry]:
    """The record of processing, each record class with its fields read from the models."""
    from referrals.models import SharedField

    organisations = _partner_organisations()
    entries = []
    for declaration in RECORD_CLASSES:
        # One line per group of readers: its roles, then what of the record they read.
        roles = [
            (", ".join(str(Role(role).label) for role in Role.values if role in readers.roles), str(readers.scope))
            for readers in declaration.readers
        ]
        entries.append(
            RecordClassEntry(
                declaration=declaration,
                models=[_model_entry(label, names) for label, names in declaration.models.items()],
                roles=roles,
                organisations=organisations if declaration.referral_recipients else [],
                shared_fields=[str(label) for label in SharedField.labels] if declaration.referral_recipients else [],
                retention_values=[
                    (name, getattr(settings, name))
                    for name in declaration.retention_settings
                    if hasattr(settings, name)
                ],
            )
        )
    return entries


def project_models() -> list[type[models.Model]]:
    """The models the record must cover."""
    return [model for model in apps.get_models() if model._meta.app_label in PROJECT_APPS]


def fields_outside_the_record() -> list[str]:
    """``app.Model.field`` of every concrete field neither listed as personal data nor declared
    non-personal (the record's completeness; empty when complete)."""
    listed: dict[str, set[str]] = {}
    for declaration in RECORD_CLASSES:
        for label, names in declaration.models.items():
            listed.setdefault(label, set()).update(names)
    missing = []
    for model in project_models():
        label = model._meta.label
        known = listed.get(label, set()) | set(NON_PERSONAL.get(label, ())) | TECHNICAL_FIELDS
        missing += [f"{label}.{f.name}" for f in model._meta.concrete_fields if f.name not in known]
    return missing
