"""Staff intake: taking a complaint, and its triage (an officer's proposal, the head's decision).

Shape of every view: access helper (404 outside scope) -> permission (403) -> form -> service
-> redirect, or the form again with the service's errors next to its fields (uptdppa.web.form_page).
"""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from cases.forms import IntakeForm, TriageDecisionForm, TriageProposalForm
from cases.models import Case, TriageOutcome
from cases.selectors import case_by_register_number_for_user, case_get_for_user, victims
from cases.services import intake_register, triage_decide, triage_propose
from uptdppa.accounts.access import permission_refusal
from uptdppa.accounts.models import User
from uptdppa.web import bound_data, form_page

# A reporter's details are checked by person_add under the person's field names.
REPORTER_ERROR_FIELDS = {
    "full_name": "reporter_name",
    "phone": "reporter_phone",
    "relation_to_victim": "reporter_relation",
}


@login_required
def intake_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("cases.register_intake"):
        raise permission_refusal("cases.register_intake")
    form = IntakeForm(bound_data(request))
    return form_page(
        request,
        form,
        lambda _data: intake_register(actor=cast(User, request.user), **form.service_values()),
        page="cases/intake_form.html",
        success=_("The complaint was recorded. Now add the victims and alleged perpetrators."),
        then=lambda case: reverse("cases:detail", args=[case.code]),
        error_fields=REPORTER_ERROR_FIELDS,
    )


def _decide(request: HttpRequest, case: Case, data: dict[str, Any]) -> Case:
    """The head's decision; a duplicate names a registered case the head can see."""
    original = None
    if data["outcome"] == TriageOutcome.DUPLICATE:
        original = case_by_register_number_for_user(user=request.user, number=data["duplicate_of"])
        if original is None:
            raise ValidationError({"duplicate_of": _("No registered case you can see has this register number.")})
    return triage_decide(
        actor=request.user,
        case=case,
        outcome=data["outcome"],
        case_type=data["case_type"],
        risk=data["risk"],
        authority=data["authority"],
        note=data["note"],
        case_type_reason=data["case_type_reason"],
        referred_to=data["referred_to"] if data["outcome"] == TriageOutcome.OUTSIDE_MANDATE else None,
        duplicate_of=original,
    )


@login_required
def triage(request: HttpRequest, code: UUID) -> HttpResponse:
    """The head decides; an intake officer proposes (the head may then decide on that basis)."""
    case = case_get_for_user(user=request.user, code=code)
    deciding = request.user.has_perm("cases.decide_triage", case)
    if not deciding and not request.user.has_perm("cases.propose_triage", case):
        raise permission_refusal("cases.propose_triage")
    form_class = TriageDecisionForm if deciding else TriageProposalForm
    case_victims = victims(case)
    form = form_class(bound_data(request), initial=TriageProposalForm.initial_for(case, case_victims))

    def save(data: dict[str, Any]) -> Case:
        if deciding:
            return _decide(request, case, data)
        triage_propose(actor=request.user, case=case, **data)
        return case

    def success(saved: Case) -> str:
        if not deciding:
            return _("The triage proposal was recorded for the head of the unit.")
        if saved.is_registered:
            return _("Accepted as case %(number)s. Now assign the team.") % {"number": saved.label}
        return _("The triage decision was recorded.")

    def then(saved: Case) -> str:
        return reverse("cases:team" if deciding and saved.is_registered else "cases:detail", args=[saved.code])

    return form_page(
        request,
        form,
        save,
        page="cases/triage_form.html",
        success=success,
        then=then,
        case=case,
        deciding=deciding,
        victims=case_victims,
        child_victim=any(victim.is_child for victim in case_victims),
    )
