"""The sender's pages (UPTD PPA staff): the referrals of a case, drafting, the referral with a
preview of what the receiver will see, sending and revoking; and the letter download, which the
receiver uses too.

Shape: access helper (404 outside scope; a liaison never reaches these pages) -> permission
(403) -> form -> service -> redirect (uptdppa.web.form_page). A refusal of the service is shown
next to the form's fields when it names one, else as a message on the referral's page (e.g.
sending a referral that is already sent): never a 500.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases.access import is_case_worker, is_head, is_on_case_team
from cases.models import Case, CaseStatus
from cases.selectors import case_get_for_user, victim_has_consent_or_basis, victims
from cases.vocabularies import ServiceType
from referrals.downloads import action_file_response
from uptdppa.accounts.access import permission_refusal
from uptdppa.accounts.watch import refused
from uptdppa.web import bound_data, form_page

from ..access import is_liaison, works_on_the_case
from ..forms import ReferralForm, RevokeForm, SendForm
from ..letters import letter_response
from ..models import Referral, ReferralStatus
from ..selectors import (
    action_file_get,
    plan_items_to_carry_out,
    referral_get_for_user,
    referrals_of_case,
    shared_table,
    shared_victims,
)
from ..services import (
    NOT_FROM_A_CLOSED_CASE,
    referral_create,
    referral_revoke,
    referral_send,
    referral_steps,
    referral_update,
    shared_data_of,
    withdrawn_consent_refusal,
)

logger = logging.getLogger(__name__)


def service_labels(referral: Referral) -> list[str]:
    return [str(ServiceType(value).label) for value in referral.services if value in ServiceType.values]


def _staff_referral(request: HttpRequest, code: UUID) -> Referral:
    """The referral for the sender's pages: a liaison uses the inbox instead (404 here)."""
    if is_liaison(request.user):
        raise refused(user=request.user, kind="referral", code=code)
    return referral_get_for_user(user=request.user, code=code)


def _require_case_work(request: HttpRequest, referral: Referral) -> None:
    """Who may send or revoke: the case's team and the head (the status is the service's rule,
    refused with a message)."""
    if not works_on_the_case(request.user, referral):
        raise permission_refusal("referrals.send_referral")


def referral_form(
    request: HttpRequest,
    referral: Referral,
    form: forms.Form,
    save: Callable[[dict[str, Any]], Any],
    *,
    success: str | Callable[[Any], str],
    name: str,
    page: Callable[..., HttpResponse],
    url_name: str,
) -> HttpResponse:
    """A form of a referral page, the sender's or the receiver's (uptdppa.web.form_page): bad
    input or a refusal naming a field shows ``page`` again with the form as typed (as ``name``);
    a refusal of the whole action (wrong status, closed case, a referral already answered) is a
    message on the referral's page ``url_name``, as is success."""
    url = reverse(url_name, args=[referral.code])
    return form_page(
        request,
        form,
        save,
        page=lambda typed: page(request, referral, **{name: typed}),
        success=success,
        then=url,
        refusal_url=url,
    )


@login_required
@require_GET
def case_referrals(request: HttpRequest, code: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, code=code)
    today = timezone.localdate()
    referrals = [(referral, referral.is_overdue(today)) for referral in referrals_of_case(user=request.user, case=case)]
    context = {
        "case": case,
        "referrals": referrals,
        "can_create": request.user.has_perm("referrals.create_referral", case),
    }
    return render(request, "referrals/case_referrals.html", context)


def _may_draft_on(user: Any, case: Case) -> bool:
    """The team or the head, whatever the case's status (the service refuses a case not open)."""
    return bool(is_head(user) or (is_case_worker(user) and is_on_case_team(user, case)))


@login_required
def create(request: HttpRequest, code: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, code=code)
    if not request.user.has_perm("referrals.create_referral", case):
        if case.status != CaseStatus.OPEN and _may_draft_on(request.user, case):
            messages.error(request, NOT_FROM_A_CLOSED_CASE)
            return redirect("referrals:case", case.code)
        raise permission_refusal("referrals.create_referral")
    form = ReferralForm(bound_data(request), victims=victims(case), plan_items=plan_items_to_carry_out(case))
    return form_page(
        request,
        form,
        lambda data: referral_create(actor=request.user, case=case, **data),
        page="referrals/referral_form.html",
        success=_("The referral was saved as a draft. Check the preview, then send it."),
        then=lambda referral: reverse("referrals:detail", args=[referral.code]),
        case=case,
    )


@login_required
def edit(request: HttpRequest, code: UUID) -> HttpResponse:
    """Change a draft until it is sent; after, a message on its page says why not."""
    referral = _staff_referral(request, code)
    _require_case_work(request, referral)
    url = reverse("referrals:detail", args=[referral.code])
    if referral.status != ReferralStatus.DRAFT:
        messages.error(request, _("Only a draft can be changed: revoke the referral and draft another."))
        return redirect(url)
    case = referral.case
    initial = {
        "victims": [str(v.code) for v in referral.victims.all()],
        "organisation": referral.organisation.code,
        "services": list(referral.services),
        "reason": referral.reason,
        "urgency": referral.urgency,
        "shared_fields": list(referral.shared_fields),
        "facts": referral.facts or "",
        "cover_note": referral.cover_note or "",
        "plan_item": str(referral.plan_item.code) if referral.plan_item else "",
    }
    items = plan_items_to_carry_out(case)
    if referral.plan_item and referral.plan_item not in items:
        items.append(referral.plan_item)
    form = ReferralForm(bound_data(request), victims=victims(case), plan_items=items, initial=initial)
    return form_page(
        request,
        form,
        lambda data: referral_update(actor=request.user, referral=referral, **data),
        page="referrals/referral_form.html",
        success=_("The draft was saved. Check the preview, then send it."),
        then=url,
        refusal_url=url,
        case=case,
        referral=referral,
    )


def _detail_page(
    request: HttpRequest,
    referral: Referral,
    *,
    send_form: forms.Form | None = None,
    revoke_form: forms.Form | None = None,
) -> HttpResponse:
    user: Any = request.user
    case = referral.case
    case_open = case.status == CaseStatus.OPEN
    referred = list(referral.victims.order_by("pk"))
    consents = [(victim, victim_has_consent_or_basis(victim)) for victim in referred]
    consent_missing = any(not given for _victim, given in consents)
    consent_withdrawn = withdrawn_consent_refusal(referred) if referral.status == ReferralStatus.DRAFT else None
    is_draft = referral.status == ReferralStatus.DRAFT
    # Exactly what the receiver sees: for a draft, what sending would freeze now; after, the frozen copy.
    columns, rows = shared_table(shared_data_of(referral) if is_draft else shared_victims(referral))
    can_override = user.has_perm("referrals.override_consent", referral)
    can_send = case_open and user.has_perm("referrals.send_referral", referral)
    context = {
        "case": case,
        "referral": referral,
        "victim_count": len(referred),
        "services": service_labels(referral),
        "columns": columns,
        "rows": rows,
        "consents": consents,
        "consent_missing": consent_missing,
        "first_missing": next((victim for victim, given in consents if not given), None),
        "consent_withdrawn": consent_withdrawn,
        "can_record_consent": case_open and user.has_perm("cases.record_consent", case),
        "can_send": can_send,
        "can_edit": is_draft and case_open and works_on_the_case(user, referral),
        "can_override": can_override,
        # The head's reason field only when it is needed.
        "send_form": send_form or SendForm(can_override=can_override and consent_missing),
        "can_revoke": user.has_perm("referrals.revoke_referral", referral),
        "revoke_form": revoke_form or RevokeForm(),
        "events": list(referral.events.all()),
        "actions": list(referral.actions.all()),
        "overdue": referral.is_overdue(),
        "steps": referral_steps(referral),
    }
    return render(request, "referrals/referral_detail.html", context)


def _staff_form(
    request: HttpRequest,
    referral: Referral,
    form: forms.Form,
    save: Callable[[dict[str, Any]], Any],
    *,
    success: str | Callable[[Any], str],
    name: str,
) -> HttpResponse:
    return referral_form(
        request, referral, form, save, success=success, name=name, page=_detail_page, url_name="referrals:detail"
    )


@login_required
@require_GET
def detail(request: HttpRequest, code: UUID) -> HttpResponse:
    return _detail_page(request, _staff_referral(request, code))


@login_required
@require_POST
def send(request: HttpRequest, code: UUID) -> HttpResponse:
    referral = _staff_referral(request, code)
    _require_case_work(request, referral)
    form = SendForm(request.POST, can_override=request.user.has_perm("referrals.override_consent", referral))

    def save(data: dict[str, Any]) -> Referral:
        reason = data.get("consent_override_reason", "")
        return referral_send(actor=request.user, referral=referral, consent_override_reason=reason)

    def success(sent: Referral) -> str:
        message = _("The referral was sent with letter number %(number)s; the receiver's liaisons were notified.")
        return message % {"number": sent.letter_number}

    return _staff_form(request, referral, form, save, success=success, name="send_form")


@login_required
@require_POST
def revoke(request: HttpRequest, code: UUID) -> HttpResponse:
    referral = _staff_referral(request, code)
    _require_case_work(request, referral)
    return _staff_form(
        request,
        referral,
        RevokeForm(request.POST),
        lambda data: referral_revoke(actor=request.user, referral=referral, reason=data["reason"]),
        success=_("The referral was revoked; the receiver no longer sees it."),
        name="revoke_form",
    )


@login_required
@require_GET
def letter(request: HttpRequest, code: UUID) -> HttpResponseBase:
    """The referral letter, for the sender's side and the receiver alike (the selector applies
    who may see it: a revoked referral is gone for the receiver)."""
    return letter_response(user=request.user, referral=referral_get_for_user(user=request.user, code=code))


@login_required
@require_GET
def action_file(request: HttpRequest, code: UUID, file: UUID) -> HttpResponseBase:
    """A file of the receiver's action log, for the sender's side and the receiver alike (the
    selector applies who may see the referral: a revoked referral is gone for the receiver)."""
    referral = referral_get_for_user(user=request.user, code=code)
    return action_file_response(action_file_get(user=request.user, referral=referral, code=file))
