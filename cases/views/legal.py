"""The legal page of a case (issue 4 items 3 and 5) and its forms: legal-process events per
perpetrator, UPTD mediation, restitution, accompaniment and legal aid.

Shape of every form view: access helper (404 outside scope) -> permission (403) -> form ->
service -> redirect to the legal page, or the form again with the service's errors beside its
fields (the UU TPKS Pasal 23 refusal beside "other party", each SPPA Pasal 7 condition beside its
own field).

Closed cases: the services decide what a closed case still accepts. Mediation, accompaniment and
legal aid are refused (require_open); the legal process itself, restitution and the compliance
follow-ups of an agreement go on after the unit closes its case (a verdict or a payment may come
years later), so the services accept them and the page keeps offering them. ``page_actions``
says which buttons a user gets, from the permission AND the case's status.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.forms.legal import (
    AccompanimentForm,
    LegalAidEndForm,
    LegalAidForm,
    LegalEventForm,
    MediationCloseForm,
    MediationFollowUpForm,
    MediationOpenForm,
    MediationSessionForm,
    RestitutionForm,
)
from cases.models import Case, CaseStatus, MediationStatus, Restitution
from cases.selectors import case_get_for_user, registered_case_get_for_user
from cases.selectors.legal import legal_aid_of_case, legal_overview, mediation_of_case
from cases.services import (
    accompaniment_record,
    legal_aid_end,
    legal_aid_set,
    legal_event_record,
    mediation_close,
    mediation_follow_up_add,
    mediation_open,
    mediation_session_add,
    restitution_set,
)
from cases.services.legal import mediation_refusal
from uptdppa.web import bound_data, form_page

LEGAL = "cases.record_legal_event"
MEDIATION = "cases.manage_mediation"


def page_actions(user: Any, case: Case, *, has_perpetrator: bool) -> dict[str, Any]:
    """Which writes the legal page offers ``user`` on ``case`` (see the module docstring). A
    mediation the law forbids is not offered: ``mediation_refusal`` holds the reason shown instead.
    A legal process event is recorded per alleged perpetrator: without one, the page offers the
    ways forward instead (adding the person, and the police report while its clock runs)."""
    is_open = case.status == CaseStatus.OPEN
    legal = user.has_perm(LEGAL, case)
    mediation = user.has_perm(MEDIATION, case)
    refusal = mediation_refusal(case) if mediation and is_open else None
    return {
        "mediation_refusal": refusal,
        "legal_event": legal and has_perpetrator,
        "perpetrator_first": legal and not has_perpetrator,
        "add_person": not has_perpetrator
        and case.status != CaseStatus.CLOSED
        and user.has_perm("cases.edit_people", case),
        "police_report": bool(case.police_report_due_at) and user.has_perm("cases.record_police_report", case),
        "restitution": legal and has_perpetrator,
        "accompaniment": legal and is_open,
        "legal_aid": legal and is_open,
        "mediation": mediation and is_open and refusal is None,
        "follow_up": mediation,
    }


@login_required
def legal_page(request: HttpRequest, code: UUID) -> HttpResponse:
    case = registered_case_get_for_user(user=request.user, code=code, perm="cases.view_case")
    overview = legal_overview(case)
    context = {
        "case": case,
        "overview": overview,
        "can": page_actions(request.user, case, has_perpetrator=bool(overview.perpetrators)),
        "agreement": MediationStatus.AGREEMENT,
        "open": MediationStatus.OPEN,
        "now": timezone.now(),
    }
    return render(request, "cases/legal/legal_page.html", context)


def _form_page(
    request: HttpRequest,
    case: Case,
    form: forms.Form,
    save: Any,
    *,
    heading: str,
    success: str,
    template: str = "cases/legal/form_page.html",
    **context: Any,
) -> HttpResponse:
    """A form of the legal page (uptdppa.web.form_page), back to the legal page."""
    back = reverse("cases:legal", args=[case.code])
    return form_page(
        request, form, save, page=template, success=success, then=back, case=case, heading=heading, **context
    )


_data = bound_data


@login_required
def legal_event_add(request: HttpRequest, code: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, code=code, perm=LEGAL)
    form = LegalEventForm(_data(request), case=case, initial={"perpetrator": request.GET.get("terlapor")})

    def save(data: dict[str, Any]) -> Any:
        return legal_event_record(actor=request.user, case=case, **form.service_values())

    return _form_page(
        request,
        case,
        form,
        save,
        heading=_("Record a legal process event"),
        success=_("The legal process event was recorded."),
        template="cases/legal/legal_event_form.html",
    )


@login_required
def mediation_add(request: HttpRequest, code: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, code=code, perm=MEDIATION)
    form = MediationOpenForm(_data(request), case=case, initial={"mediator": request.user.code})  # type: ignore[union-attr]

    def save(data: dict[str, Any]) -> Any:
        return mediation_open(actor=request.user, case=case, **data)

    return _form_page(
        request,
        case,
        form,
        save,
        heading=_("Open a mediation"),
        success=_("The mediation was opened."),
        template="cases/legal/mediation_open_form.html",
    )


@login_required
def mediation_session(request: HttpRequest, code: UUID, mediation: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, code=code, perm=MEDIATION)
    found = mediation_of_case(case, mediation)
    form = MediationSessionForm(_data(request), case=case)

    def save(data: dict[str, Any]) -> Any:
        return mediation_session_add(actor=request.user, mediation=found, **data)

    return _form_page(
        request,
        case,
        form,
        save,
        heading=_("Record a mediation session"),
        success=_("The mediation session was recorded."),
        mediation=found,
    )


@login_required
def mediation_outcome(request: HttpRequest, code: UUID, mediation: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, code=code, perm=MEDIATION)
    found = mediation_of_case(case, mediation)
    form = MediationCloseForm(_data(request))

    def save(data: dict[str, Any]) -> Any:
        return mediation_close(actor=request.user, mediation=found, **data)

    return _form_page(
        request,
        case,
        form,
        save,
        heading=_("Close the mediation"),
        success=_("The outcome of the mediation was recorded."),
        template="cases/legal/mediation_close_form.html",
        mediation=found,
    )


@login_required
def mediation_follow_up(request: HttpRequest, code: UUID, mediation: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, code=code, perm=MEDIATION)
    found = mediation_of_case(case, mediation)
    form = MediationFollowUpForm(_data(request))

    def save(data: dict[str, Any]) -> Any:
        return mediation_follow_up_add(actor=request.user, mediation=found, **data)

    return _form_page(
        request,
        case,
        form,
        save,
        heading=_("Follow up compliance with the agreement"),
        success=_("The follow-up was recorded."),
        mediation=found,
    )


def _restitution_initial(case: Case, request: HttpRequest) -> dict[str, Any]:
    """The recorded restitution of the pair named in the query string, to be corrected."""
    victim, perpetrator = request.GET.get("korban"), request.GET.get("terlapor")
    initial: dict[str, Any] = {"victim": victim, "perpetrator": perpetrator}
    if not (victim and perpetrator):
        return initial
    try:
        found = Restitution.objects.filter(case=case, victim__code=victim, perpetrator__code=perpetrator).first()
    except ValidationError:  # not a UUID: nothing to prefill
        return {}
    if found is not None:
        names = ("claimed", "amount", "lpsk_assessment", "lpsk_amount", "decision", "paid", "paid_at", "payer")
        initial |= {name: getattr(found, name) for name in names}
    return initial


@login_required
def restitution(request: HttpRequest, code: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, code=code, perm=LEGAL)
    form = RestitutionForm(_data(request), case=case, initial=_restitution_initial(case, request))

    def save(data: dict[str, Any]) -> Any:
        return restitution_set(actor=request.user, **data)

    return _form_page(
        request,
        case,
        form,
        save,
        heading=_("Restitution"),
        success=_("The restitution was saved."),
        template="cases/legal/restitution_form.html",
    )


@login_required
def accompaniment_add(request: HttpRequest, code: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, code=code, perm=LEGAL)
    form = AccompanimentForm(_data(request), case=case, initial={"staff": [request.user.code]})  # type: ignore[union-attr]

    def save(data: dict[str, Any]) -> Any:
        return accompaniment_record(actor=request.user, **data)

    return _form_page(
        request,
        case,
        form,
        save,
        heading=_("Record an accompaniment"),
        success=_("The accompaniment was recorded."),
    )


@login_required
def legal_aid_add(request: HttpRequest, code: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, code=code, perm=LEGAL)
    form = LegalAidForm(_data(request), case=case)

    def save(data: dict[str, Any]) -> Any:
        return legal_aid_set(actor=request.user, **data)

    return _form_page(
        request, case, form, save, heading=_("Record legal aid"), success=_("The legal aid was recorded.")
    )


@login_required
def legal_aid_edit(request: HttpRequest, code: UUID, legal_aid: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, code=code, perm=LEGAL)
    found = legal_aid_of_case(case, legal_aid)
    form = LegalAidForm(_data(request), case=case, legal_aid=found)

    def save(data: dict[str, Any]) -> Any:
        values = {name: value for name, value in data.items() if name != "victim"}
        return legal_aid_set(actor=request.user, victim=found.victim, legal_aid=found, **values)

    return _form_page(
        request, case, form, save, heading=_("Correct the legal aid"), success=_("The legal aid was saved.")
    )


@login_required
def legal_aid_stop(request: HttpRequest, code: UUID, legal_aid: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, code=code, perm=LEGAL)
    found = legal_aid_of_case(case, legal_aid)
    form = LegalAidEndForm(_data(request))

    def save(data: dict[str, Any]) -> Any:
        return legal_aid_end(actor=request.user, legal_aid=found, **data)

    return _form_page(
        request,
        case,
        form,
        save,
        heading=_("End the legal aid"),
        success=_("The end of the legal aid was recorded."),
        legal_aid=found,
    )
