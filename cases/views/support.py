"""Pages of case management (issue 4): outreach visits, health services, the biopsychosocial
assessment and the intervention plan with the head's approval.

Shape of every form view: access helper (404 outside scope) -> permission (403) -> form ->
service -> redirect to the case management page, or the form again with the service's errors
next to its fields (a closed case's refusal included).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases.forms.support import (
    AssessmentForm,
    HealthCompleteForm,
    HealthServiceForm,
    OutreachForm,
    PlanDecisionForm,
    PlanItemForm,
    PlanItemStatusForm,
    PlanSubmitForm,
)
from cases.models import Case, CaseStatus, PlanItemStatus, PlanStatus
from cases.selectors import case_get_for_user
from cases.selectors.support import (
    case_health_service,
    case_plan_item,
    plan_required,
    support_overview,
)
from cases.services import (
    assessment_record,
    health_service_complete,
    health_service_record,
    outreach_record,
    plan_approve,
    plan_item_add,
    plan_item_remove,
    plan_item_set_status,
    plan_return,
    plan_submit,
)
from cases.services import plan_item_edit as plan_item_edit_service
from uptdppa.web import bound_data, form_page


def _writable(request: HttpRequest, case: Case, perm: str) -> bool:
    """Whether to offer an action: the permission, and a case that is not closed (the services
    refuse writes to a closed case; the page does not offer them)."""
    return case.status != CaseStatus.CLOSED and request.user.has_perm(perm, case)


@login_required
@require_GET
def support(request: HttpRequest, code: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, code=code)
    overview = support_overview(case)
    plan = overview.plan
    can_plan = case.status == CaseStatus.OPEN and request.user.has_perm("cases.edit_plan", case)
    plan_editable = can_plan and (plan is None or plan.is_editable)
    by_victim = [
        (victim, sorted((a for a in overview.assessments if a.victim_id == victim.pk), key=_newest_first))
        for victim in overview.victims
    ]
    context = {
        "case": case,
        "overview": overview,
        "assessments_by_victim": by_victim,
        "can_outreach": _writable(request, case, "cases.record_outreach"),
        "can_health": _writable(request, case, "cases.record_health_service"),
        "can_assess": _writable(request, case, "cases.record_assessment") and bool(overview.victims),
        "plan_editable": plan_editable,
        "can_submit": plan_editable and plan is not None and bool(plan.items.all()),
        "can_decide": (
            plan is not None
            and plan.status == PlanStatus.SUBMITTED
            and case.status == CaseStatus.OPEN
            and request.user.has_perm("cases.approve_plan", case)
        ),
        "can_follow_items": can_plan and plan is not None and plan.status == PlanStatus.APPROVED,
        "item_statuses": PlanItemStatus.choices,
    }
    return render(request, "cases/support/page.html", context)


def _newest_first(assessment: Any) -> tuple[Any, Any]:
    return (-assessment.assessed_on.toordinal(), -assessment.created_at.timestamp())


def _form_page(
    request: HttpRequest,
    case: Case,
    form: forms.Form,
    save: Any,
    *,
    success: Any,
    heading: str,
    template: str = "cases/support/form.html",
    **context: Any,
) -> HttpResponse:
    """A form of this page (uptdppa.web.form_page), back to the case management page."""
    back = reverse("cases:support", args=[case.code])
    return form_page(
        request, form, save, page=template, success=success, then=back, case=case, heading=heading, **context
    )


_data = bound_data


@login_required
def outreach_add(request: HttpRequest, code: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, code=code, perm="cases.record_outreach")
    initial = {"team": [request.user]} if request.user.is_unit_staff else {}  # type: ignore[union-attr]
    form = OutreachForm(_data(request), initial=initial)

    def save(data: dict[str, Any]) -> object:
        return outreach_record(actor=request.user, case=case, **data)

    return _form_page(
        request, case, form, save, success=_("The outreach visit was recorded."), heading=_("Record an outreach visit")
    )


@login_required
def health_add(request: HttpRequest, code: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, code=code, perm="cases.record_health_service")
    form = HealthServiceForm(_data(request), case=case)

    def save(data: dict[str, Any]) -> object:
        return health_service_record(actor=request.user, **data)

    return _form_page(
        request, case, form, save, success=_("The health service was recorded."), heading=_("Record a health service")
    )


@login_required
def health_complete(request: HttpRequest, code: UUID, service: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, code=code, perm="cases.record_health_service")
    found = case_health_service(case, service)
    form = HealthCompleteForm(_data(request))

    def save(data: dict[str, Any]) -> object:
        return health_service_complete(actor=request.user, service=found, **data)

    return _form_page(
        request,
        case,
        form,
        save,
        success=_("The health service was recorded as done."),
        heading=_("Health service done"),
        template="cases/support/health_complete.html",
        service=found,
    )


@login_required
def assessment_add(request: HttpRequest, code: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, code=code, perm="cases.record_assessment")
    form = AssessmentForm(_data(request), case=case, initial={"victim": request.GET.get("korban", "")[:36]})

    def save(data: dict[str, Any]) -> object:
        return assessment_record(
            actor=request.user, victim=data["victim"], assessed_on=data["assessed_on"], **form.areas()
        )

    return _form_page(
        request,
        case,
        form,
        save,
        success=_("The assessment was recorded."),
        heading=_("Biopsychosocial assessment"),
        intro=_("Describe each area that was assessed; write the needs and hopes in the victim's own words."),
    )


@login_required
def plan_item_create(request: HttpRequest, code: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, code=code, perm="cases.edit_plan")
    form = PlanItemForm(_data(request), case=case)

    def save(data: dict[str, Any]) -> object:
        return plan_item_add(actor=request.user, case=case, **data)

    return _form_page(
        request,
        case,
        form,
        save,
        success=_("The item was added to the intervention plan."),
        heading=_("Add an item to the intervention plan"),
        intro=_("Choose one responsible: a staff member of the unit or a partner organisation."),
    )


def _plan_url(case: Case) -> str:
    return reverse("cases:support", args=[case.code]) + "#plan"


def _item_initial(item: Any) -> dict[str, Any]:
    return {
        "service": item.service,
        "description": item.description,
        "due_on": item.due_on,
        "responsible_user": item.responsible_user.code if item.responsible_user else None,
        "responsible_organisation": item.responsible_organisation.code if item.responsible_organisation else None,
    }


@login_required
def plan_item_edit(request: HttpRequest, code: UUID, item: UUID) -> HttpResponse:
    """Change an item of a draft or returned plan. The plan page loads this form under its table
    (htmx, ``request.htmx``); without JavaScript the link opens it as a page. Either way the
    form posts here and goes back to the plan."""
    case = case_get_for_user(user=request.user, code=code, perm="cases.edit_plan")
    found = case_plan_item(case, item)
    form = PlanItemForm(_data(request), case=case, initial=_item_initial(found), auto_id=f"id_{found.code}_%s")
    if request.method == "GET" and getattr(request, "htmx", False):
        return render(request, "cases/support/plan_item_edit_inline.html", {"case": case, "item": found, "form": form})

    def save(data: dict[str, Any]) -> object:
        return plan_item_edit_service(actor=request.user, item=found, **data)

    return form_page(
        request,
        form,
        save,
        page="cases/support/form.html",
        success=_("The plan item was changed."),
        then=_plan_url(case),
        case=case,
        heading=_("Change a plan item"),
    )


@login_required
@require_POST
def plan_item_delete(request: HttpRequest, code: UUID, item: UUID) -> HttpResponse:
    """Remove an item once confirmed: the plan page asks in the item's row (a second button);
    a request without the confirmation gets the question as a page."""
    case = case_get_for_user(user=request.user, code=code, perm="cases.edit_plan")
    found = case_plan_item(case, item)
    if request.POST.get("confirm") != "yes":
        return render(request, "cases/support/plan_item_remove.html", {"case": case, "item": found})
    try:
        plan_item_remove(actor=request.user, item=found)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The item was removed from the intervention plan."))
    return redirect(_plan_url(case))


@login_required
def plan_item_status(request: HttpRequest, code: UUID, item: UUID) -> HttpResponse:
    """Follow an item of an approved plan; the plan page has this form in each item's row."""
    case = case_get_for_user(user=request.user, code=code, perm="cases.edit_plan")
    found = case_plan_item(case, item)
    form = PlanItemStatusForm(_data(request), initial={"status": found.status})

    def save(data: dict[str, Any]) -> object:
        return plan_item_set_status(actor=request.user, item=found, **data)

    return form_page(
        request,
        form,
        save,
        page="cases/support/plan_item_status.html",
        success=_("The plan item was updated."),
        then=_plan_url(case),
        case=case,
        heading=_("Update a plan item"),
        item=found,
    )


def _plan_step(request: HttpRequest, case: Case) -> Any:
    """The plan for a workflow page, or a redirect with the refusal when there is none yet."""
    try:
        return plan_required(case)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return None


@login_required
def plan_submit_view(request: HttpRequest, code: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, code=code, perm="cases.edit_plan")
    plan = _plan_step(request, case)
    if plan is None:
        return redirect("cases:support", case.code)
    form = PlanSubmitForm(_data(request))

    def save(data: dict[str, Any]) -> object:
        return plan_submit(actor=request.user, plan=plan, **data)

    return _form_page(
        request,
        case,
        form,
        save,
        success=_("The intervention plan was submitted to the head of the unit for approval."),
        heading=_("Submit the intervention plan for approval"),
        template="cases/support/plan_submit.html",
        plan=plan,
    )


@login_required
def plan_decide(request: HttpRequest, code: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, code=code, perm="cases.approve_plan")
    plan = _plan_step(request, case)
    if plan is None:
        return redirect("cases:support", case.code)
    form = PlanDecisionForm(_data(request))

    def save(data: dict[str, Any]) -> object:
        if data["decision"] == PlanDecisionForm.RETURN:
            return plan_return(actor=request.user, plan=plan, comment=data["comment"])
        return plan_approve(actor=request.user, plan=plan, comment=data["comment"])

    def success(_plan: Any) -> str:
        if form.cleaned_data["decision"] == PlanDecisionForm.RETURN:
            return _("The intervention plan was returned with your comment.")
        return _("The intervention plan was approved.")

    return _form_page(
        request,
        case,
        form,
        save,
        success=success,
        heading=_("Decide on the intervention plan"),
        template="cases/support/plan_decide.html",
        plan=plan,
    )
