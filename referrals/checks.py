"""What the referrals app tells the cases app (registered in ReferralsConfig.ready)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from .models import OPEN_STATUSES, Referral

if TYPE_CHECKING:
    from cases.models import Case


def open_referrals_check(case: Case) -> str | None:
    """A case does not close while one of its referrals is still a draft, waiting for an answer or
    being worked on (revoke or finish it first)."""
    count = Referral.objects.filter(case=case, status__in=OPEN_STATUSES).count()
    if count:
        return _("%(count)d referral(s) of this case are still open.") % {"count": count}
    return None
