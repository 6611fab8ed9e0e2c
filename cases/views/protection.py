"""Protection and recovery pages of a registered case (issue 4 items 4, 6, 8): psychological
sessions, temporary shelter, consent or legal basis, and the victims' rights checklist.

Shape of every form view: access helper (404 outside scope) -> permission (403) -> form ->
service -> redirect, or the form again with the service's errors (uptdppa.web.form_page).
A closed case keeps its permissions but the services refuse the writes; the page hides the
buttons (permission AND an open case) and a posted form shows the refusal.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from cases.forms.protection import (
    ConsentForm,
    PsychSessionForm,
    ShelterAdmitForm,
    ShelterDischargeForm,
    VictimRightForm,
    victim_label,
)
from cases.models import Case, CaseStatus, VictimRight, VictimRightKind
from cases.selectors import case_get_for_user, registered_case_get_for_user, victims
from cases.selectors.protection import (
    case_victim,
    protection_overview_for_user,
    rights_checklists,
    shelter_stay_of_case,
)
from cases.services import consent_record, psych_session_record, shelter_admit, shelter_discharge, victim_right_set
from uptdppa.web import bound_data, form_page

# The writes of this page and the permission each needs; a button shows only on an open case.
ACTIONS = {
    "psych": "cases.record_psych_session",
    "shelter": "cases.manage_shelter",
    "consent": "cases.record_consent",
    "rights": "cases.set_victim_rights",
}


def _registered_case(request: HttpRequest, code: UUID, perm: str | None = None) -> Case:
    """The case for these pages: 404 outside scope and for a complaint not (yet) registered."""
    return registered_case_get_for_user(user=request.user, code=code, perm=perm)


@login_required
def protection(request: HttpRequest, code: UUID) -> HttpResponse:
    case = _registered_case(request, code)
    is_open = case.status == CaseStatus.OPEN
    can = {name: is_open and request.user.has_perm(perm, case) for name, perm in ACTIONS.items()}
    context = {
        "case": case,
        "overview": protection_overview_for_user(user=request.user, case=case),
        "can": can,
        "shelter_limit": settings.SHELTER_LIMIT_DAYS,
    }
    return render(request, "cases/protection/protection.html", context)


def _form_page(
    request: HttpRequest,
    case: Case,
    form: forms.Form,
    save: Any,
    *,
    heading: str,
    success: str,
    template: str,
    back: str | None = None,
    **context: Any,
) -> HttpResponse:
    """A form of these pages (uptdppa.web.form_page), back to the protection page (or, before
    registration, the case page), or to ``back``."""
    back = back or _back_url(case)
    return form_page(
        request,
        form,
        save,
        page=f"cases/protection/{template}",
        success=success,
        then=back,
        case=case,
        heading=heading,
        back_url=back,
        **context,
    )


def _back_url(case: Case) -> str:
    # Consent can be taken at intake, before the case (and this page) exists.
    return reverse("cases:protection" if case.is_registered else "cases:detail", args=[case.code])


def _chosen(request: HttpRequest) -> str | None:
    """The victim a page button named (``?korban=<person code>``), to preselect in the form."""
    return request.GET.get("korban")


@login_required
def psych_session_add(request: HttpRequest, code: UUID) -> HttpResponse:
    case = _registered_case(request, code, perm="cases.record_psych_session")
    team = list(case.team.all())
    form = PsychSessionForm(
        bound_data(request), victims=victims(case), chosen=_chosen(request), team=team, user=request.user
    )

    def save(data: dict[str, Any]) -> object:
        return psych_session_record(actor=request.user, **data)

    return _form_page(
        request,
        case,
        form,
        save,
        heading=_("Psychological session"),
        success=_("The psychological session was recorded."),
        template="psych_session_form.html",
    )


@login_required
def shelter_admit_view(request: HttpRequest, code: UUID) -> HttpResponse:
    case = _registered_case(request, code, perm="cases.manage_shelter")
    form = ShelterAdmitForm(bound_data(request), victims=victims(case), chosen=_chosen(request))

    def save(data: dict[str, Any]) -> object:
        return shelter_admit(actor=request.user, **data)

    return _form_page(
        request,
        case,
        form,
        save,
        heading=_("Admission to shelter"),
        success=_("The admission to shelter was recorded."),
        template="shelter_admit_form.html",
        shelter_limit=settings.SHELTER_LIMIT_DAYS,
    )


@login_required
def shelter_discharge_view(request: HttpRequest, code: UUID, stay: UUID) -> HttpResponse:
    case = _registered_case(request, code, perm="cases.manage_shelter")
    found = shelter_stay_of_case(case, stay)
    form = ShelterDischargeForm(bound_data(request))

    def save(data: dict[str, Any]) -> object:
        return shelter_discharge(actor=request.user, stay=found, **data)

    number = [p.pk for p in victims(case)].index(found.victim_id) + 1
    return _form_page(
        request,
        case,
        form,
        save,
        heading=_("Discharge from shelter"),
        success=_("The discharge from shelter was recorded."),
        template="shelter_discharge_form.html",
        stay=found,
        victim_name=victim_label(found.victim, number),
    )


@login_required
def consent_add(request: HttpRequest, code: UUID) -> HttpResponse:
    """Consent or another legal basis. Allowed at intake already (cases.record_consent); never a
    condition for any help."""
    case = case_get_for_user(user=request.user, code=code, perm="cases.record_consent")
    form = ConsentForm(bound_data(request), victims=victims(case), chosen=_chosen(request))

    def save(data: dict[str, Any]) -> object:
        return consent_record(actor=request.user, **data)

    return _form_page(
        request,
        case,
        form,
        save,
        heading=_("Consent or legal basis"),
        success=_("The consent or legal basis was recorded."),
        template="consent_form.html",
        back=_referral_draft_url(request),
    )


def _referral_draft_url(request: HttpRequest) -> str | None:
    """Recording consent from a referral draft (``?rujukan=<referral code>``, kept in the form's
    address) goes back to the draft. Only an address built from a code: the referral page itself
    answers 404 to whoever may not see it."""
    try:
        code = UUID(request.GET.get("rujukan", ""))
    except ValueError:
        return None
    return reverse("referrals:detail", args=[code])


@login_required
def victim_right_edit(request: HttpRequest, code: UUID, person: UUID, right: str) -> HttpResponse:
    case = _registered_case(request, code, perm="cases.set_victim_rights")
    victim = case_victim(case, person)
    if right not in VictimRightKind.values:
        raise Http404
    line: VictimRight = next(r for r in rights_checklists([victim])[victim.pk] if r.right == right)
    form = VictimRightForm(bound_data(request), initial={"status": line.status})

    def save(data: dict[str, Any]) -> object:
        return victim_right_set(actor=request.user, victim=victim, right=right, **data)

    number = [p.pk for p in victims(case)].index(victim.pk) + 1
    return _form_page(
        request,
        case,
        form,
        save,
        heading=f"{line.get_right_display()} — {victim_label(victim, number)}",
        success=_("The victim's right was updated."),
        template="victim_right_form.html",
        line=line,
    )
