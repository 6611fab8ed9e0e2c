"""The case timeline filtered by family of event (issue 4 item 12).

The events come with the case (case_get_for_user prefetches them with their actors), so
filtering costs no query whatever the number of events. Every EventKind belongs to exactly one
family (tests/cases/test_timeline.py checks it); a kind not placed here yet shows under "Other".
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.models import Case, CaseEvent, EventKind

K = EventKind

# (value of ?jenis=, label, kinds), in the order the filter offers them.
EVENT_FAMILIES: tuple[tuple[str, Promise, frozenset[str]], ...] = (
    (
        "pengaduan",
        _("Intake and triage"),
        frozenset({K.RECEIVED, K.TRIAGE_PROPOSED, K.ACCEPTED, K.OUTSIDE_MANDATE, K.DUPLICATE, K.DUPLICATE_LINKED}),
    ),
    ("orang", _("People"), frozenset({K.PERSON_ADDED, K.PERSON_CHANGED, K.CONSENT_RECORDED, K.VICTIM_RIGHT_CHANGED})),
    ("tim", _("Case team"), frozenset({K.TEAM_ADDED, K.TEAM_REMOVED})),
    (
        "hukum",
        _("Legal"),
        frozenset(
            {
                K.POLICE_REPORT,
                K.REGISTRY_CHANGED,
                K.SIMFONI_ENTERED,
                K.LEGAL_EVENT,
                K.RESTITUTION_CHANGED,
                K.ACCOMPANIMENT,
                K.LEGAL_AID_CHANGED,
            }
        ),
    ),
    (
        "mediasi",
        _("Mediation"),
        frozenset({K.MEDIATION_OPENED, K.MEDIATION_SESSION, K.MEDIATION_OUTCOME, K.MEDIATION_FOLLOW_UP}),
    ),
    ("perlindungan", _("Protection"), frozenset({K.PSYCH_SESSION, K.SHELTER_ADMITTED, K.SHELTER_DISCHARGED})),
    (
        "layanan",
        _("Outreach, health and assessment"),
        frozenset({K.OUTREACH_VISIT, K.HEALTH_SERVICE_REQUESTED, K.HEALTH_SERVICE_DONE, K.ASSESSMENT_RECORDED}),
    ),
    (
        "rencana",
        _("Intervention plan"),
        frozenset(
            {
                K.PLAN_ITEM_ADDED,
                K.PLAN_ITEM_REMOVED,
                K.PLAN_ITEM_STATUS,
                K.PLAN_SUBMITTED,
                K.PLAN_APPROVED,
                K.PLAN_RETURNED,
            }
        ),
    ),
    (
        "penutupan",
        _("Closure and monitoring"),
        frozenset(
            {K.CLOSURE_REQUESTED, K.CLOSURE_APPROVED, K.CLOSURE_RETURNED, K.CASE_REOPENED, K.MONITORING_FOLLOW_UP}
        ),
    ),
    ("lampiran", _("Attachments"), frozenset({K.ATTACHMENT_ADDED, K.ATTACHMENT_REMOVED})),
    # The referrals app adds its kinds to EventKind; they are all named "referral_...".
    ("rujukan", _("Referrals"), frozenset(k for k in K.values if k.startswith("referral_"))),
    # The coordination app adds its kinds to EventKind; they are all named "conference_...".
    ("konferensi", _("Case conferences"), frozenset(k for k in K.values if k.startswith("conference_"))),
)


def _with_the_rest(
    families: tuple[tuple[str, Promise, frozenset[str]], ...],
) -> tuple[tuple[str, Promise, frozenset[str]], ...]:
    """The families plus "other" for any kind not placed yet: a kind is never unfilterable."""
    placed = frozenset().union(*(kinds for _value, _label, kinds in families))
    rest = frozenset(K.values) - placed
    return (*families, ("lainnya", _("Other"), rest)) if rest else families


EVENT_FAMILIES = _with_the_rest(EVENT_FAMILIES)
_KINDS_BY_FAMILY = {value: kinds for value, _label, kinds in EVENT_FAMILIES}


def event_family_choices() -> list[tuple[str, Promise]]:
    return [(value, label) for value, label, _kinds in EVENT_FAMILIES if _kinds]


def timeline_events(case: Case, family: str = "") -> tuple[list[CaseEvent], bool]:
    """The events of ``case`` of ``family``, oldest first, with their actors (one query), and
    whether the family was understood. An empty or unknown family gives every event."""
    events = list(case.events.select_related("actor"))
    kinds = _KINDS_BY_FAMILY.get(family)
    if kinds is None:
        return events, not family
    return [event for event in events if event.kind in kinds], True
