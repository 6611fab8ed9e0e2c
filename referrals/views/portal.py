"""The receiving organisation's portal (penghubung_opd): inbox, shared facts, answers, actions.

A liaison sees a referral's own fields and the frozen shared copy of its victims
(``shared_victims``), never the case, its people or the sender's notes (reason, consent
override, revoke reason). Staff never use these pages (404), as liaisons never use the
sender's. The action log has date, action, notes and files (reports, photos), which the liaison
uploads with the action and both sides download through ``referrals:action-file``
(referrals/views/staff.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from uptdppa.audit import log_access_many
from uptdppa.web import page_of, refusal_redirect, require_or_404

from ..forms import ActionForm, CompleteForm, DeclineForm
from ..models import Referral
from ..selectors import inbox_for_user, receiver_events, referral_get_for_user, shared_table, shared_victims
from ..services import referral_accept, referral_action_add, referral_complete, referral_decline, referral_steps
from .staff import referral_form, service_labels

VIEW_INBOX = "referrals.view_inbox"  # liaisons only; a 404 for everybody else
# The inbox's tabs: (box of inbox_for_user, label); the first is the default.
BOXES = (
    ("new", gettext_lazy("New")),
    ("overdue", gettext_lazy("Overdue")),
    ("in_progress", gettext_lazy("In progress")),
    ("closed", gettext_lazy("Closed")),
    ("all", gettext_lazy("All")),
)


def _inbox_referral(request: HttpRequest, code: UUID) -> Referral:
    """A referral addressed to the liaison's organisation (404 for anyone else, and once revoked)."""
    require_or_404(request.user, VIEW_INBOX)
    return referral_get_for_user(user=request.user, code=code)


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """The organisation's referrals by tab, with the count of each tab: a fixed number of
    queries whatever the inbox holds (the victims' shared copy is decrypted, not queried)."""
    require_or_404(request.user, VIEW_INBOX)
    user: Any = request.user
    box = request.GET.get("box", "")
    if box not in dict(BOXES):
        box = BOXES[0][0]
    counts = {name: inbox_for_user(user=user, box="" if name == "all" else name).count() for name, _label in BOXES}
    page = page_of(request, inbox_for_user(user=user, box="" if box == "all" else box))
    log_access_many(page.object_list, actor=user, detail={"list": "referral inbox"})
    today = timezone.localdate()
    rows = [
        {
            "referral": referral,
            "victims": shared_victims(referral),
            "services": service_labels(referral),
            "overdue": referral.is_overdue(today),
        }
        for referral in page.object_list
    ]
    context = {
        "tabs": [{"box": name, "label": label, "count": counts[name], "active": name == box} for name, label in BOXES],
        "box": box,
        "page": page,
        "rows": rows,
        "query": f"box={box}",
    }
    return render(request, "referrals/inbox.html", context)


def _inbox_detail_page(
    request: HttpRequest,
    referral: Referral,
    *,
    decline_form: forms.Form | None = None,
    action_form: forms.Form | None = None,
    complete_form: forms.Form | None = None,
) -> HttpResponse:
    user: Any = request.user
    columns, rows = shared_table(shared_victims(referral))
    context = {
        "referral": referral,
        "services": service_labels(referral),
        "columns": columns,
        "rows": rows,
        "events": receiver_events(referral),
        "actions": list(referral.actions.all()),
        "can_respond": user.has_perm("referrals.respond_referral", referral),
        "can_work": user.has_perm("referrals.work_on_referral", referral),
        "decline_form": decline_form or DeclineForm(),
        "action_form": action_form or ActionForm(initial={"date": timezone.localdate()}),
        "complete_form": complete_form or CompleteForm(),
        "overdue": referral.is_overdue(),
        "steps": referral_steps(referral),
    }
    return render(request, "referrals/inbox_detail.html", context)


@login_required
@require_GET
def inbox_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    return _inbox_detail_page(request, _inbox_referral(request, code))


def _inbox_form(
    request: HttpRequest,
    referral: Referral,
    form: forms.Form,
    save: Callable[[dict[str, Any]], Any],
    *,
    success: str,
    name: str,
) -> HttpResponse:
    return referral_form(
        request,
        referral,
        form,
        save,
        success=success,
        name=name,
        page=_inbox_detail_page,
        url_name="referrals:inbox-detail",
    )


@login_required
@require_POST
def accept(request: HttpRequest, code: UUID) -> HttpResponse:
    referral = _inbox_referral(request, code)
    url = reverse("referrals:inbox-detail", args=[referral.code])
    try:
        referral_accept(actor=request.user, referral=referral)
    except ValidationError as error:
        return refusal_redirect(request, error, url)
    messages.success(request, _("You accepted the referral. Record what your organisation does for the victim."))
    return redirect(url)


@login_required
@require_POST
def decline(request: HttpRequest, code: UUID) -> HttpResponse:
    referral = _inbox_referral(request, code)
    return _inbox_form(
        request,
        referral,
        DeclineForm(request.POST),
        lambda data: referral_decline(
            actor=request.user, referral=referral, reason_code=data["reason_code"], reason=data["reason"]
        ),
        success=_("You declined the referral; UPTD PPA was notified."),
        name="decline_form",
    )


@login_required
@require_POST
def action_add(request: HttpRequest, code: UUID) -> HttpResponse:
    referral = _inbox_referral(request, code)
    return _inbox_form(
        request,
        referral,
        ActionForm(request.POST, request.FILES),
        lambda data: referral_action_add(actor=request.user, referral=referral, **data),
        success=_("The action was recorded."),
        name="action_form",
    )


@login_required
@require_POST
def complete(request: HttpRequest, code: UUID) -> HttpResponse:
    referral = _inbox_referral(request, code)
    return _inbox_form(
        request,
        referral,
        CompleteForm(request.POST),
        lambda data: referral_complete(
            actor=request.user, referral=referral, outcome_code=data["outcome_code"], outcome=data["outcome"]
        ),
        success=_("The referral was completed; UPTD PPA was notified."),
        name="complete_form",
    )
