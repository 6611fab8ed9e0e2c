"""Reads of referrals with the access rules applied.

A liaison's reads go through ``referral_get_for_user`` too; what they are shown of a referral is
``shared_victims`` (the frozen copy), never the case or its people.
"""

from __future__ import annotations

import json
from typing import Any

from django.db.models import Prefetch, QuerySet

from cases.models import PlanItem, PlanItemStatus
from uptdppa.accounts.access import permission_refusal
from uptdppa.accounts.models import Role
from uptdppa.accounts.watch import get_or_refuse
from uptdppa.audit import log_access

from .access import referrals_visible_to
from .models import Referral, ReferralAction, ReferralActionFile, ReferralEvent, ReferralEventKind


def referral_get_for_user(*, user: Any, code: Any, perm: str | None = None) -> Referral:
    """The referral ``code`` if ``user`` may see it, else Http404; with ``perm``, also
    PermissionDenied unless the user may do that. Logs the read."""
    referral = get_or_refuse(
        referrals_visible_to(user)
        .select_related("case", "organisation", "created_by", "sent_by")
        .prefetch_related(
            Prefetch("events", queryset=ReferralEvent.objects.select_related("actor")),
            Prefetch(
                "actions", queryset=ReferralAction.objects.select_related("recorded_by").prefetch_related("files")
            ),
        ),
        user=user,
        kind="referral",
        code=code,
    )
    log_access(referral, actor=user)
    if perm is not None and not user.has_perm(perm, referral):
        raise permission_refusal(perm)
    return referral


def action_file_get(*, user: Any, referral: Referral, code: Any) -> ReferralActionFile:
    """A file of ``referral``'s actions, for a referral already fetched with
    ``referral_get_for_user`` (which decided that ``user`` may see it): Http404 for a file of
    another referral. Logs the read (the download)."""
    found = get_or_refuse(
        ReferralActionFile.objects.filter(action__referral=referral), user=user, kind="referral_action_file", code=code
    )
    log_access(found, actor=user, detail={"referral": str(referral.code), "download": True})
    return found


def shared_victims(referral: Referral) -> list[dict[str, Any]]:
    """The victims as the receiver sees them: the fields ticked at sending, nothing else."""
    return json.loads(referral.shared_data) if referral.shared_data else []


def referrals_of_case(*, user: Any, case: Any) -> QuerySet[Referral]:
    """The referrals of a case the user may see (staff only; a liaison never reads by case)."""
    if getattr(user, "role", None) == Role.PENGHUBUNG_OPD:
        return Referral.objects.none()
    return referrals_visible_to(user).filter(case=case).select_related("organisation").order_by("-created_at")


# The history the receiver sees: their own answers and work, and the sending (without the sender's
# name); the sender's drafting and consent decision stay on the sender's side.
RECEIVER_EVENT_KINDS = frozenset(
    {
        ReferralEventKind.SENT,
        ReferralEventKind.ACCEPTED,
        ReferralEventKind.DECLINED,
        ReferralEventKind.STARTED,
        ReferralEventKind.ACTION,
        ReferralEventKind.COMPLETED,
    }
)


def receiver_events(referral: Referral) -> list[ReferralEvent]:
    """The events of ``referral`` its receiving liaisons may read (pages and API alike); uses
    ``referral.events`` as prefetched."""
    return [event for event in referral.events.all() if event.kind in RECEIVER_EVENT_KINDS]


def inbox_for_user(*, user: Any, box: str = "") -> QuerySet[Referral]:
    """A liaison's inbox: the referrals sent to their organisation. ``box``: "new" (awaiting an
    answer), "overdue", "in_progress", "closed" or "" for all."""

    from .models import ReferralStatus

    referrals = referrals_visible_to(user).select_related("organisation").order_by("due_on", "-sent_at")
    if box == "new":
        return referrals.filter(status=ReferralStatus.SENT)
    if box == "overdue":
        return referrals.overdue()
    if box == "in_progress":
        return referrals.filter(status__in=[ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS])
    if box == "closed":
        return referrals.filter(status__in=[ReferralStatus.COMPLETED, ReferralStatus.DECLINED])
    return referrals


def shared_table(victims: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    """The shared victims as a table for pages and the letter: translated column labels and
    display values, in SharedField order, with only the columns that were shared."""
    from cases.vocabularies import Sex, ViolenceForm

    from .models import SharedField

    keys = [field for field in SharedField.values if any(field in victim for victim in victims)]
    labels = [str(SharedField(key).label) for key in keys]

    def display(key: str, value: Any) -> Any:
        if key == "sex" and value:
            return Sex(value).label
        if key == "violence_forms":
            return ", ".join(str(ViolenceForm(form).label) for form in value)
        return value

    return labels, [[display(key, victim.get(key)) for key in keys] for victim in victims]


def plan_items_to_carry_out(case: Any) -> list[Any]:
    """The items of ``case``'s intervention plan a referral may carry out: neither done nor
    waived (the rule is referrals.services.plan_item_refusal)."""
    return list(
        PlanItem.objects.filter(plan__case=case)
        .exclude(status__in=[PlanItemStatus.DONE, PlanItemStatus.WAIVED])
        .select_related("plan")
        .order_by("due_on", "created_at")
    )
