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
from dataclasses import dataclass
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
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from uptdppa.accounts.access import who_may
from uptdppa.audit import log_access_many
from uptdppa.web import bound_data, form_page, page_of, refusal_redirect, require_or_404

from ..forms import ActionForm, CompleteForm, DeclineForm
from ..models import Referral
from ..selectors import inbox_for_user, receiver_events, referral_get_for_user, shared_table, shared_victims
from ..services import referral_accept, referral_action_add, referral_complete, referral_decline, referral_steps
from .staff import service_labels

VIEW_INBOX = "referrals.view_inbox"  # liaisons only; a 404 for everybody else
RESPOND = "referrals.respond_referral"  # accept or decline a sent referral
WORK = "referrals.work_on_referral"  # record actions on an accepted referral and complete it
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
    request: HttpRequest, referral: Referral, *, action_form: forms.Form | None = None
) -> HttpResponse:
    """The referral's page; declining and completing are pages of their own (``FinalAnswer``),
    which it links to."""
    user: Any = request.user
    columns, rows = shared_table(shared_victims(referral))
    context = {
        "referral": referral,
        "services": service_labels(referral),
        "columns": columns,
        "rows": rows,
        "events": receiver_events(referral),
        "actions": list(referral.actions.all()),
        "can_respond": user.has_perm(RESPOND, referral),
        "can_work": user.has_perm(WORK, referral),
        "action_form": action_form or ActionForm(initial={"date": timezone.localdate()}),
        "overdue": referral.is_overdue(),
        "steps": referral_steps(referral),
    }
    return render(request, "referrals/inbox_detail.html", context)


@login_required
@require_GET
def inbox_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    return _inbox_detail_page(request, _inbox_referral(request, code))


def _detail_url(referral: Referral) -> str:
    """The referral's page, at its top: a form posted to ``…#<form id>`` (post_form.html's
    ``anchor``) would otherwise pass its fragment on through the redirect (the browser keeps a
    request's fragment when the new address has none) and hide the message behind the form."""
    return reverse("referrals:inbox-detail", args=[referral.code]) + "#main-content"


def _inbox_form(
    request: HttpRequest,
    referral: Referral,
    form: forms.Form,
    save: Callable[[dict[str, Any]], Any],
    *,
    success: str,
    page: Callable[[forms.Form], HttpResponse],
) -> HttpResponse:
    """A liaison's form (uptdppa.web.form_page): bad input or a refusal naming a field shows
    ``page`` again with the form as typed; success, or a refusal of the whole action, is a
    message at the top of the referral's page."""
    url = _detail_url(referral)
    return form_page(request, form, save, page=page, success=success, then=url, refusal_url=url)


@dataclass(frozen=True)
class FinalAnswer:
    """An answer that cannot be undone (declining, completing): a page of its own, which says
    what will happen and asks for the reason and a clearly labelled confirmation. Its GET only
    shows the page; its POST calls the service, which alone decides."""

    perm: str  # the detail page's condition for linking here, and the GET's for showing the form
    name: str  # the form's name in the context (and its id: "decline_form" -> "decline-form")
    heading: Any
    crumb: Any  # the page in the breadcrumb
    consequences: tuple[Any, ...]
    submit_label: Any
    button_class: str
    icon: str
    success: Any

    def page(self, request: HttpRequest, referral: Referral, form: forms.Form) -> HttpResponse:
        context = {
            "referral": referral,
            "services": service_labels(referral),
            "answer": self,
            "heading": self.heading % {"number": referral.letter_number},
            "form": form,
            self.name: form,
            "form_id": self.name.replace("_", "-"),
            "action": request.path,
        }
        return render(request, "referrals/inbox_answer.html", context)

    def respond(
        self, request: HttpRequest, referral: Referral, form: forms.Form, save: Callable[[dict[str, Any]], Any]
    ) -> HttpResponse:
        if request.method == "GET" and not request.user.has_perm(self.perm, referral):
            messages.error(request, who_may(self.perm))  # answered meanwhile: its page says how
            return redirect(_detail_url(referral))
        return _inbox_form(
            request,
            referral,
            form,
            save,
            success=self.success,
            page=lambda typed: self.page(request, referral, typed),
        )


DECLINE = FinalAnswer(
    perm=RESPOND,
    name="decline_form",
    heading=gettext_lazy("Decline referral %(number)s"),
    crumb=gettext_lazy("Decline"),
    consequences=(
        gettext_lazy("The referral will be marked as declined. This cannot be undone."),
        gettext_lazy("UPTD PPA is notified and sees the reason you give here."),
        gettext_lazy("Your organisation can then no longer accept it or record actions on it."),
    ),
    submit_label=gettext_lazy("Yes, decline this referral"),
    button_class="btn-danger",
    icon="x-lg",
    success=gettext_lazy("You declined the referral; UPTD PPA was notified."),
)
COMPLETE = FinalAnswer(
    perm=WORK,
    name="complete_form",
    heading=gettext_lazy("Complete referral %(number)s"),
    crumb=gettext_lazy("Complete"),
    consequences=(
        gettext_lazy("The referral will be marked as completed. This cannot be undone."),
        gettext_lazy("UPTD PPA is notified and sees the outcome you describe here."),
        gettext_lazy("No more actions can be recorded on it: record any that are missing first."),
    ),
    submit_label=gettext_lazy("Yes, complete this referral"),
    button_class="btn-success",
    icon="flag",
    success=gettext_lazy("The referral was completed; UPTD PPA was notified."),
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
@require_http_methods(["GET", "POST"])
def decline(request: HttpRequest, code: UUID) -> HttpResponse:
    """The decline page (linked from the referral's page): the reason and the confirmation."""
    referral = _inbox_referral(request, code)
    return DECLINE.respond(
        request,
        referral,
        DeclineForm(bound_data(request)),
        lambda data: referral_decline(
            actor=request.user, referral=referral, reason_code=data["reason_code"], reason=data["reason"]
        ),
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
        page=lambda typed: _inbox_detail_page(request, referral, action_form=typed),
    )


@login_required
@require_http_methods(["GET", "POST"])
def complete(request: HttpRequest, code: UUID) -> HttpResponse:
    """The completion page (linked from the referral's page): the outcome and the confirmation."""
    referral = _inbox_referral(request, code)
    return COMPLETE.respond(
        request,
        referral,
        CompleteForm(bound_data(request)),
        lambda data: referral_complete(
            actor=request.user, referral=referral, outcome_code=data["outcome_code"], outcome=data["outcome"]
        ),
    )
