"""Who may see and do what with referrals (docs/architecture.md#roles-and-access; pattern: cases/access.py).

Seeing:
- UPTD PPA staff: the referrals of the cases they may see (cases.access.can_view_case);
- penghubung_opd: the referrals sent to their own organisation, once sent and unless revoked, and
  only their shared part (the pages and API read ``Referral.shared_data``, never the case);
- everybody else: none.

Doing: the case's team and the head draft, send and revoke; the head alone may send without a
recorded consent (with a written reason); the receiving organisation's liaisons accept or
decline, log actions and complete.
"""

from __future__ import annotations

from typing import Any

import rules
from django.utils.translation import gettext_lazy as _

from cases.access import can_view_case, cases_visible_to, is_case_worker, is_head, is_on_case_team, is_open
from uptdppa.accounts.access import has_role, who_may_declare
from uptdppa.accounts.models import Role

from .models import RECEIVER_STATUSES, Referral, ReferralQuerySet, ReferralStatus

is_liaison = has_role(Role.PENGHUBUNG_OPD)


@rules.predicate
def is_receiver(user: Any, referral: Referral | None) -> bool:
    return (
        referral is not None
        and user.organisation_id is not None
        and referral.organisation_id == user.organisation_id
        and referral.status in RECEIVER_STATUSES
    )


@rules.predicate
def sender_sees(user: Any, referral: Referral | None) -> bool:
    return referral is not None and can_view_case(user, referral.case)


@rules.predicate
def works_on_the_case(user: Any, referral: Referral | None) -> bool:
    return referral is not None and (is_head(user) or (is_case_worker(user) and is_on_case_team(user, referral.case)))


def _status_in(*statuses: str) -> rules.Predicate:
    allowed = frozenset(statuses)

    @rules.predicate(name=f"referral_status_in({','.join(sorted(allowed))})")
    def _in(user: Any, referral: Referral | None) -> bool:
        return referral is not None and referral.status in allowed

    return _in


# On a case (the object is the case): who may draft a referral from it.
rules.add_perm("referrals.create_referral", (is_head | (is_case_worker & is_on_case_team)) & is_open)
rules.add_perm("referrals.view_referral", (is_liaison & is_receiver) | (~is_liaison & sender_sees))
rules.add_perm("referrals.send_referral", works_on_the_case & _status_in(ReferralStatus.DRAFT))
rules.add_perm("referrals.override_consent", is_head)
rules.add_perm(
    "referrals.revoke_referral",
    works_on_the_case
    & _status_in(ReferralStatus.DRAFT, ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS),
)
rules.add_perm("referrals.respond_referral", is_liaison & is_receiver & _status_in(ReferralStatus.SENT))
rules.add_perm(
    "referrals.work_on_referral",
    is_liaison & is_receiver & _status_in(ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS),
)
rules.add_perm("referrals.view_inbox", is_liaison)
rules.add_perm("referrals.view_overview", is_head)


def referrals_visible_to(user: Any) -> ReferralQuerySet:
    """Referrals ``user`` may see; mirrors ``referrals.view_referral``."""
    if not getattr(user, "is_active", False):
        return Referral.objects.none()
    if user.role == Role.PENGHUBUNG_OPD:
        if user.organisation_id is None:
            return Referral.objects.none()
        return Referral.objects.filter(organisation_id=user.organisation_id, status__in=RECEIVER_STATUSES)
    if user.role == Role.KEPALA_UPTD:
        return Referral.objects.all()
    return Referral.objects.filter(case__in=cases_visible_to(user))


# What a refusal says (uptdppa.accounts.access.permission_refusal): who may, and on what referrals.
who_may_declare(
    {
        "referrals.create_referral": _(
            "A referral is drafted by the case's team or the head of the unit, on an open case."
        ),
        "referrals.send_referral": _("A draft referral is sent by the case's team or the head of the unit."),
        "referrals.override_consent": _("Only the head of the unit may record a referral without consent."),
        "referrals.revoke_referral": _(
            "A referral still under way is withdrawn by the case's team or the head of the unit."
        ),
        "referrals.respond_referral": _(
            "A sent referral is accepted or declined by a liaison officer of the receiving organisation."
        ),
        "referrals.work_on_referral": _(
            "Actions on an accepted referral are recorded by a liaison officer of the receiving organisation."
        ),
        "referrals.view_inbox": _("The referral inbox is for the partner organisations' liaison officers."),
        "referrals.view_overview": _("Only the head of the unit sees the overview of all referrals."),
    }
)
