"""The case timeline: one row per thing that happened, written by the services.

Rows hold ids, codes and vocabulary values only (never names or narratives), so the timeline
can be shown to anyone who may see the case and later issues can add their own kinds.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .cases import Case


class EventKind(models.TextChoices):
    RECEIVED = "received", _("Complaint received")
    PERSON_ADDED = "person_added", _("Person recorded")
    PERSON_CHANGED = "person_changed", _("Person's details changed")
    TRIAGE_PROPOSED = "triage_proposed", _("Triage proposed")
    ACCEPTED = "accepted", _("Accepted as a case and registered")
    OUTSIDE_MANDATE = "outside_mandate", _("Ended: outside the mandate")
    DUPLICATE = "duplicate", _("Ended: duplicate of another case")
    DUPLICATE_LINKED = "duplicate_linked", _("A repeated complaint was linked to this case")
    TEAM_ADDED = "team_added", _("Added to the case team")
    TEAM_REMOVED = "team_removed", _("Removed from the case team")
    POLICE_REPORT = "police_report", _("Police report recorded")
    REGISTRY_CHANGED = "registry_changed", _("Register numbers changed")
    SIMFONI_ENTERED = "simfoni_entered", _("SIMFONI entry marked")
    LEGAL_EVENT = "legal_event", _("Legal process event recorded")
    MEDIATION_OPENED = "mediation_opened", _("Mediation opened")
    MEDIATION_SESSION = "mediation_session", _("Mediation session held")
    MEDIATION_OUTCOME = "mediation_outcome", _("Mediation outcome recorded")
    MEDIATION_FOLLOW_UP = "mediation_follow_up", _("Mediation agreement followed up")
    RESTITUTION_CHANGED = "restitution_changed", _("Restitution recorded")
    ACCOMPANIMENT = "accompaniment", _("Victim accompanied")
    LEGAL_AID_CHANGED = "legal_aid_changed", _("Legal aid recorded")
    PSYCH_SESSION = "psych_session", _("Psychological session held")
    SHELTER_ADMITTED = "shelter_admitted", _("Admitted to temporary shelter")
    SHELTER_DISCHARGED = "shelter_discharged", _("Discharged from temporary shelter")
    CONSENT_RECORDED = "consent_recorded", _("Consent or legal basis recorded")
    VICTIM_RIGHT_CHANGED = "victim_right_changed", _("Victim's right updated")
    OUTREACH_VISIT = "outreach_visit", _("Outreach visit")
    HEALTH_SERVICE_REQUESTED = "health_service_requested", _("Health service requested")
    HEALTH_SERVICE_DONE = "health_service_done", _("Health service done")
    ASSESSMENT_RECORDED = "assessment_recorded", _("Assessment recorded")
    PLAN_ITEM_ADDED = "plan_item_added", _("Intervention plan item added")
    PLAN_ITEM_REMOVED = "plan_item_removed", _("Intervention plan item removed")
    PLAN_ITEM_STATUS = "plan_item_status", _("Intervention plan item updated")
    PLAN_SUBMITTED = "plan_submitted", _("Intervention plan submitted for approval")
    PLAN_APPROVED = "plan_approved", _("Intervention plan approved")
    PLAN_RETURNED = "plan_returned", _("Intervention plan returned for changes")
    CLOSURE_REQUESTED = "closure_requested", _("Closure requested")
    CLOSURE_APPROVED = "closure_approved", _("Closure approved: case closed")
    CLOSURE_RETURNED = "closure_returned", _("Closure request returned")
    CASE_REOPENED = "case_reopened", _("Case reopened")
    MONITORING_FOLLOW_UP = "monitoring_follow_up", _("Post-closure follow-up recorded")
    ATTACHMENT_ADDED = "attachment_added", _("Attachment added")
    ATTACHMENT_REMOVED = "attachment_removed", _("Attachment removed")
    REFERRAL_CREATED = "referral_created", _("Referral drafted")
    REFERRAL_SENT = "referral_sent", _("Referral sent")
    REFERRAL_CONSENT_OVERRIDDEN = "referral_consent_overridden", _("Referral sent without recorded consent")
    REFERRAL_ACCEPTED = "referral_accepted", _("Referral accepted")
    REFERRAL_DECLINED = "referral_declined", _("Referral declined")
    REFERRAL_STARTED = "referral_started", _("Referral in progress")
    REFERRAL_ACTION = "referral_action", _("Action on a referral recorded")
    REFERRAL_COMPLETED = "referral_completed", _("Referral completed")
    REFERRAL_REVOKED = "referral_revoked", _("Referral revoked")
    # The coordination app's kinds (case conferences); they are all named "conference_...".
    CONFERENCE_SCHEDULED = "conference_scheduled", _("Case conference scheduled")
    CONFERENCE_HELD = "conference_held", _("Case conference held")
    CONFERENCE_SHARING_OVERRIDDEN = (
        "conference_sharing_overridden",
        _("Case conference held without recorded consent (head's decision)"),
    )
    CONFERENCE_CANCELLED = "conference_cancelled", _("Case conference cancelled")
    CONFERENCE_DECISION = "conference_decision", _("Case conference decision recorded")


class CaseEvent(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=30, choices=EventKind.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case", "at"], name="case_event_case_at_idx")]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.kind}"
