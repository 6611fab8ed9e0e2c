"""Staff intake: taking a complaint, and its triage (an officer's proposal, the head's decision).

Shape of every view: access helper (404 outside scope) -> permission (403) -> form -> service
-> redirect, or the form again with the service's errors next to its fields.
"""

from __future__ import annotations

from typing import cast
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from cases.forms import IntakeForm, TriageDecisionForm, TriageProposalForm, add_service_errors
from cases.models import Case, TriageOutcome
from cases.selectors import case_by_register_number_for_user, case_get_for_user, victims
from cases.services import intake_register, triage_decide, triage_propose
from uptdppa.accounts.models import User

# A reporter's details are checked by person_add under the person's field names.
REPORTER_ERROR_FIELDS = {
    "full_name": "reporter_name",
    "phone": "reporter_phone",
    "relation_to_victim": "reporter_relation",
}


@login_required
def intake_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("cases.register_intake"):
        raise PermissionDenied
    form = IntakeForm(request.POST or None)
    if form.is_valid():
        try:
            case = intake_register(actor=cast(User, request.user), **form.service_values())
        except ValidationError as error:
            add_service_errors(form, error, REPORTER_ERROR_FIELDS)
        else:
            messages.success(request, _("The complaint was recorded. Now add the victims and alleged perpetrators."))
            return redirect("cases:detail", case.code)
    return render(request, "cases/intake_form.html", {"form": form})


def _decide(request: HttpRequest, case: Case, form: TriageDecisionForm) -> HttpResponse | None:
    """Run the head's decision; None when the form has to be shown again with errors."""
    data = form.cleaned_data
    original = None
    if data["outcome"] == TriageOutcome.DUPLICATE:
        original = case_by_register_number_for_user(user=request.user, number=data["duplicate_of"])
        if original is None:
            form.add_error("duplicate_of", _("No registered case you can see has this register number."))
            return None
    try:
        case = triage_decide(
            actor=request.user,
            case=case,
            outcome=data["outcome"],
            case_type=data["case_type"],
            risk=data["risk"],
            authority=data["authority"],
            note=data["note"],
            referred_to=data["referred_to"] if data["outcome"] == TriageOutcome.OUTSIDE_MANDATE else None,
            duplicate_of=original,
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    if case.is_registered:
        messages.success(request, _("Accepted as case %(number)s. Now assign the team.") % {"number": case.label})
        return redirect("cases:team", case.code)
    messages.success(request, _("The triage decision was recorded."))
    return redirect("cases:detail", case.code)


@login_required
def triage(request: HttpRequest, code: UUID) -> HttpResponse:
    """The head decides; an intake officer proposes (the head may then decide on that basis)."""
    case = case_get_for_user(user=request.user, code=code)
    deciding = request.user.has_perm("cases.decide_triage", case)
    if not deciding and not request.user.has_perm("cases.propose_triage", case):
        raise PermissionDenied
    form_class = TriageDecisionForm if deciding else TriageProposalForm
    case_victims = victims(case)
    form = form_class(request.POST or None, initial=TriageProposalForm.initial_for(case, case_victims))
    if form.is_valid():
        if isinstance(form, TriageDecisionForm):
            response = _decide(request, case, form)
            if response is not None:
                return response
        else:
            try:
                triage_propose(actor=request.user, case=case, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The triage proposal was recorded for the head of the unit."))
                return redirect("cases:detail", case.code)
    context = {"case": case, "form": form, "deciding": deciding, "victims": case_victims}
    return render(request, "cases/triage_form.html", context)


urlpatterns = [
    path("pengaduan-baru/", intake_create, name="intake-create"),
    path("<uuid:code>/triase/", triage, name="triage"),
]
