"""Staff forms on a case: its people (with search before create), team, police report and
SIMFONI number.

Shape of every view: access helper (404 outside scope) -> permission (403) -> form -> service
-> redirect, or the form again with the service's errors next to its fields (uptdppa.web.form_page).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases.forms import PersonForm, PoliceReportForm, RegistryForm, TeamForm
from cases.models import Case, Person, PersonRole
from cases.selectors import case_get_for_user, case_team_member, person_matches_for_user
from cases.services import (
    PersonResult,
    case_record_police_report,
    case_set_simfoni_number,
    case_team_add,
    case_team_remove,
    perpetrator_relation_set,
    person_add,
    person_update,
)
from uptdppa.accounts.watch import SEARCH_LIMITED, SearchLimited, refused
from uptdppa.web import bound_data, form_page


def _save_person(request: HttpRequest, case: Case, form: PersonForm, person: Person | None) -> PersonResult:
    """Add or change the person and the relations chosen in the form, all or nothing."""
    values = form.service_values()
    with transaction.atomic():
        if person is None:
            result = person_add(actor=request.user, case=case, role=form.cleaned_data["role"], **values)
        else:
            result = person_update(actor=request.user, person=person, **values)
        for victim, perpetrator, relation in form.changed_relations(result.person):
            perpetrator_relation_set(actor=request.user, victim=victim, perpetrator=perpetrator, relation=relation)
    return result


def _person_form(request: HttpRequest, case: Case, person: Person | None) -> HttpResponse:
    form = PersonForm(
        bound_data(request),
        initial=PersonForm.initial_for(person) if person else {"role": request.GET.get("role", PersonRole.VICTIM)},
        people=list(case.people.all()),
        person=person,
        matches_url=reverse("cases:person-matches", args=[case.code]),
    )

    def then(result: PersonResult) -> str:
        for warning in result.warnings:  # after the success message
            messages.warning(request, warning)
        return reverse("cases:person-add" if "add_another" in request.POST else "cases:detail", args=[case.code])

    return form_page(
        request,
        form,
        lambda _data: _save_person(request, case, form, person),
        page="cases/person_form.html",
        success=_("The person's details were saved."),
        then=then,
        case=case,
        person=person,
    )


@login_required
def person_create(request: HttpRequest, code: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, code=code, perm="cases.edit_people")
    return _person_form(request, case, None)


@login_required
def person_edit(request: HttpRequest, code: UUID, person: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, code=code, perm="cases.edit_people")
    found = next((p for p in case.people.all() if p.code == person), None)
    if found is None:
        raise refused(user=request.user, kind="person", code=person)
    return _person_form(request, case, found)


@login_required
@require_GET
def person_matches(request: HttpRequest, code: UUID) -> HttpResponse:
    """Search before create (an HTMX partial). The selector logs the people it shows, never the
    terms; the terms stay out of the server's access logs too (they log the path only)."""
    case = case_get_for_user(user=request.user, code=code, perm="cases.edit_people")
    terms = {name: request.GET.get(name, "").strip()[:200] for name in ("nik", "phone", "full_name", "birth_date")}
    birth_year = int(terms["birth_date"][:4]) if terms["birth_date"][:4].isdigit() else None
    matches = None
    if terms["nik"] or terms["phone"] or terms["full_name"]:
        try:
            matches = person_matches_for_user(
                user=request.user,
                nik=terms["nik"],
                phone=terms["phone"],
                name=terms["full_name"],
                birth_year=birth_year,
                case=case,
            )
        except SearchLimited as limited:
            # 429 is swapped into the page like a 200 (base.html: htmx-config responseHandling).
            response = render(request, "cases/person_matches.html", {"limited": SEARCH_LIMITED}, status=429)
            response["Retry-After"] = str(limited.retry_after)
            return response
    return render(request, "cases/person_matches.html", {"matches": matches})


@login_required
def team(request: HttpRequest, code: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, code=code, perm="cases.assign_team")
    form = TeamForm(bound_data(request), case=case)

    @transaction.atomic  # all or nobody: a refused addition leaves the team (and the notifications) as they were
    def save(_data: dict[str, Any]) -> None:
        for name, user, team_role in form.additions():
            try:
                case_team_add(actor=request.user, case=case, user=user, team_role=team_role)
            except ValidationError as error:
                raise ValidationError({name: error.messages}) from error

    return form_page(
        request,
        form,
        save,
        page="cases/team_form.html",
        success=_("The case team was saved; new members have been notified."),
        then=reverse("cases:detail", args=[case.code]),
        case=case,
    )


@login_required
@require_POST
def team_remove(request: HttpRequest, code: UUID, user: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, code=code, perm="cases.assign_team")
    # The member is named by their user code (no ids in URLs).
    found = case_team_member(case, user)
    case_team_remove(actor=request.user, member=found)
    messages.success(request, _("%(name)s was removed from the case team.") % {"name": found.user.display_name})
    return redirect("cases:team", case.code)


@login_required
def police_report(request: HttpRequest, code: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, code=code, perm="cases.record_police_report")
    initial = {
        "number": case.police_report_number,
        "report_date": case.police_report_date,
        "unit": case.police_report_unit,
    }
    form = PoliceReportForm(bound_data(request), initial=initial)
    return form_page(
        request,
        form,
        lambda data: case_record_police_report(actor=request.user, case=case, **data),
        page="cases/police_report_form.html",
        success=_("The police report was recorded."),
        then=reverse("cases:detail", args=[case.code]),
        case=case,
        heading=_("Police report"),
    )


@login_required
def registry(request: HttpRequest, code: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, code=code, perm="cases.set_registry_numbers")
    form = RegistryForm(bound_data(request), initial={"simfoni_number": case.simfoni_number})
    return form_page(
        request,
        form,
        lambda data: case_set_simfoni_number(actor=request.user, case=case, **data),
        page="cases/registry_form.html",
        success=_("The SIMFONI register number was saved."),
        then=reverse("cases:detail", args=[case.code]),
        case=case,
        heading=_("SIMFONI register number"),
    )
