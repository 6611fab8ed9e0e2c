"""Every write of the DPIA (UU 27/2022 PDP Pasal 34), and its review clock.

- The data protection officer alone writes the DPIA; each save is a new version (author, time,
  the four sections and the next review date) and an older version is never changed
  (``dpia_save``).
- The next review is after today and at most DPIA_REVIEW_MONTHS ahead (``dpia_save``).
- The review clock: the data protection officer is reminded once from DPIA_REMINDER_DAYS before
  the review date, and the DPO and the head are told once when it has passed without a new
  version; the DPO is told once when no DPIA exists yet (``dpia_review_reminders``).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases.services.closure import add_months
from uptdppa.accounts.selectors import active_data_protection_officers, active_heads
from uptdppa.accounts.services import notify

from ..models import DpiaVersion

DPIA_MISSING = gettext_noop("No data protection impact assessment (DPIA) has been recorded yet.")
DPIA_REVIEW_DUE = gettext_noop("The DPIA (version %(version)s) is due for review by %(due)s.")
DPIA_REVIEW_OVERDUE = gettext_noop("The DPIA (version %(version)s) was due for review on %(due)s and is overdue.")

DPIA_SECTIONS = {
    "description": gettext_noop("Describe the processing."),
    "necessity": gettext_noop("State why the processing is necessary and proportionate."),
    "risks": gettext_noop("State the risks to the people concerned."),
    "measures": gettext_noop("State the measures that address the risks."),
}


def dpia_latest_review_on(today: date) -> date:
    """The latest next review a DPIA saved ``today`` may have (and the date proposed)."""
    return add_months(today, settings.DPIA_REVIEW_MONTHS)


def dpia_review_state(version: DpiaVersion | None, today: date) -> str:
    """Where the review of ``version`` stands on ``today``: "missing" (no DPIA), "overdue" (after
    its review date), "due" (from DPIA_REMINDER_DAYS before it, the date itself included) or "ok"."""
    if version is None:
        return "missing"
    if today > version.next_review_on:
        return "overdue"
    if today >= version.next_review_on - timedelta(days=settings.DPIA_REMINDER_DAYS):
        return "due"
    return "ok"


@transaction.atomic
def dpia_save(
    *,
    actor: Any,
    description: str,
    necessity: str,
    risks: str,
    measures: str,
    next_review_on: date,
) -> DpiaVersion:
    """Save the DPIA as a new version (Pasal 34): by the data protection officer only, with all
    four sections and a next review after today and at most DPIA_REVIEW_MONTHS ahead."""
    if not actor.has_perm("dataprotection.edit_dpia"):
        raise PermissionDenied(_("Only the data protection officer edits the DPIA."))
    values = {"description": description, "necessity": necessity, "risks": risks, "measures": measures}
    errors: dict[str, list[str]] = {
        name: [_(DPIA_SECTIONS[name])] for name, value in values.items() if not (value or "").strip()
    }
    today = timezone.localdate()
    if next_review_on <= today:
        errors["next_review_on"] = [_("The next review must be after today.")]
    elif next_review_on > dpia_latest_review_on(today):
        errors["next_review_on"] = [
            _("The next review may be at most %(months)s months ahead (by %(latest)s).")
            % {"months": settings.DPIA_REVIEW_MONTHS, "latest": dpia_latest_review_on(today).isoformat()}
        ]
    if errors:
        raise ValidationError(errors)
    last = DpiaVersion.objects.aggregate(last=Max("version"))["last"] or 0
    version = DpiaVersion(
        version=last + 1,
        author=actor,
        next_review_on=next_review_on,
        **{name: value.strip() for name, value in values.items()},
    )
    version.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            version.save()
    except IntegrityError:  # another version was saved at the same moment
        raise ValidationError(
            _("Another version of the DPIA was saved at the same time. Open the DPIA again and check it.")
        ) from None
    return version


def dpia_current() -> DpiaVersion | None:
    """The DPIA in force: the newest version."""
    return DpiaVersion.objects.select_related("author").order_by("-version").first()


def dpia_review_reminders(*, today: date) -> tuple[int, int]:
    """The daily job: remind the data protection officer once when the DPIA in force is due for
    review (or none exists yet), and tell the DPO and the head once when the review is overdue.
    Safe to run twice (notification keys). Returns (reminded, escalated)."""
    current = dpia_current()
    state = dpia_review_state(current, today)
    url = reverse("dataprotection:dpia")
    if current is None:
        sent = notify(recipients=active_data_protection_officers(), message=DPIA_MISSING, url=url, key="dpia-missing")
        return len(sent), 0
    params = {"version": current.version, "due": current.next_review_on.isoformat()}
    if state == "due":
        sent = notify(
            recipients=active_data_protection_officers(),
            message=DPIA_REVIEW_DUE,
            params=params,
            url=url,
            key=f"dpia-review-due:{current.pk}",
        )
        return len(sent), 0
    if state == "overdue":
        sent = notify(
            recipients=active_data_protection_officers() | active_heads(),
            message=DPIA_REVIEW_OVERDUE,
            params=params,
            url=url,
            key=f"dpia-review-overdue:{current.pk}",
        )
        return 0, len(sent)
    return 0, 0
