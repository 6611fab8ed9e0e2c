"""The breach register's pages (/pelindungan-data/): the head of the unit and the data protection
officer; 404 for everybody else. Thin: access helper, form, one service call (uptdppa.web)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from uptdppa.audit import log_access_many
from uptdppa.web import bound_data, form_page, page_of, query_without_page, require_or_404

from ..forms import CloseForm, IncidentForm, NoticeEditForm, NoticeForm, NoticeSentForm, StatementForm, lines
from ..letters import notice_letter_response
from ..models import Incident, IncidentStatus
from ..selectors import incident_get_for_user, incidents_for_user, notice_get_for_user
from ..services import (
    incident_close,
    incident_close_refusal,
    incident_public_statement_set,
    incident_record,
    incident_update,
    notice_create,
    notice_mark_sent,
    notice_missing_elements,
    notice_recipients_proposed,
    notice_update,
    notices_outstanding,
)

VIEW = "dataprotection.view_incident"
MANAGE = "dataprotection.manage_incident"


def _detail_url(incident: Incident) -> str:
    return reverse("dataprotection:detail", args=[incident.code])


def _incident_form(
    request: HttpRequest, incident: Incident, form: Any, save: Any, *, success: str, heading: str, **context: Any
) -> HttpResponse:
    """A form about one incident (uptdppa.web.form_page): back to the incident, where a refusal of
    the whole action is shown as a message."""
    back = _detail_url(incident)
    return form_page(
        request,
        form,
        save,
        page="dataprotection/form.html",
        success=success,
        then=back,
        refusal_url=back,
        heading=heading,
        incident=incident,
        cancel_url=back,
        **context,
    )


def _incident_arguments(data: dict[str, Any]) -> dict[str, Any]:
    return {**data, "case_codes": lines(data["case_codes"]), "person_codes": lines(data["person_codes"])}


@login_required
def incident_list(request: HttpRequest) -> HttpResponse:
    require_or_404(request.user, VIEW)
    status = request.GET.get("status", "")
    page = page_of(request, incidents_for_user(user=request.user, status=status))
    log_access_many(page.object_list, actor=request.user, detail={"list": "incidents"})
    return render(
        request,
        "dataprotection/incident_list.html",
        {
            "page": page,
            "status": status,
            "statuses": IncidentStatus.choices,
            "query": query_without_page(request),
            "now": timezone.now(),
        },
    )


@login_required
def incident_create(request: HttpRequest) -> HttpResponse:
    require_or_404(request.user, MANAGE)
    form = IncidentForm(bound_data(request))
    return form_page(
        request,
        form,
        lambda data: incident_record(actor=request.user, **_incident_arguments(data)),
        page="dataprotection/form.html",
        success=_("The incident was recorded."),
        then=_detail_url,
        heading=_("Record a data breach"),
        cancel_url=reverse("dataprotection:list"),
    )


@login_required
def incident_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    incident = incident_get_for_user(user=request.user, code=code, perm=VIEW)
    notices = list(incident.notices.all())
    return render(
        request,
        "dataprotection/incident_detail.html",
        {
            "incident": incident,
            "notices": [(notice, notice_missing_elements(notice)) for notice in notices],
            "proposals": notice_recipients_proposed(incident) if incident.status == IncidentStatus.OPEN else [],
            "outstanding": notices_outstanding(incident),
            "close_refusal": incident_close_refusal(incident) if incident.status == IncidentStatus.OPEN else None,
            "now": timezone.now(),
        },
    )


@login_required
def incident_edit(request: HttpRequest, code: UUID) -> HttpResponse:
    incident = incident_get_for_user(user=request.user, code=code, perm=MANAGE)
    initial = {
        "discovered_at": timezone.localtime(incident.discovered_at),
        "kind": incident.kind,
        "record_classes": incident.record_classes,
        "description": incident.description,
        "cause": incident.cause,
        "handling": incident.handling,
        "case_codes": "\n".join(case.register_number or str(case.code) for case in incident.cases.all()),
        "person_codes": "\n".join(str(person.code) for person in incident.people.all()),
    }
    form = IncidentForm(bound_data(request), initial=initial)
    return _incident_form(
        request,
        incident,
        form,
        lambda data: incident_update(actor=request.user, incident=incident, **_incident_arguments(data)),
        success=_("The incident was saved."),
        heading=_("Edit the incident"),
    )


@login_required
def notice_add(request: HttpRequest, code: UUID) -> HttpResponse:
    incident = incident_get_for_user(user=request.user, code=code, perm=MANAGE)
    proposals = notice_recipients_proposed(incident)
    initial = {"when_how": incident.cause, "handling": incident.handling}
    form = NoticeForm(bound_data(request), initial=initial, proposals=proposals)
    return _incident_form(
        request,
        incident,
        form,
        lambda _data: notice_create(actor=request.user, incident=incident, **form.service_arguments()),
        success=_("The notice was drafted."),
        error_fields={"person": "recipient", "on_behalf_of": "recipient"},
        heading=_("Draft a notice"),
        warnings=[p for p in proposals if p.perpetrator],
    )


@login_required
def notice_edit(request: HttpRequest, code: UUID, notice: UUID) -> HttpResponse:
    incident = incident_get_for_user(user=request.user, code=code, perm=MANAGE)
    item = notice_get_for_user(user=request.user, code=notice, incident=incident, perm=MANAGE)
    fields = ("letter_number", "address", "data_exposed", "when_how", "handling")
    form = NoticeEditForm(bound_data(request), initial={name: getattr(item, name) for name in fields})
    return _incident_form(
        request,
        incident,
        form,
        lambda data: notice_update(actor=request.user, notice=item, **data),
        success=_("The notice was saved."),
        heading=_("Edit the notice"),
    )


@login_required
def notice_sent(request: HttpRequest, code: UUID, notice: UUID) -> HttpResponse:
    incident = incident_get_for_user(user=request.user, code=code, perm=MANAGE)
    item = notice_get_for_user(user=request.user, code=notice, incident=incident, perm=MANAGE)
    form = NoticeSentForm(bound_data(request))
    return _incident_form(
        request,
        incident,
        form,
        lambda data: notice_mark_sent(actor=request.user, notice=item, sent_at=data["sent_at"]),
        success=_("The notice was marked sent."),
        heading=_("Mark the notice sent"),
        missing=notice_missing_elements(item),
    )


@login_required
def notice_letter(request: HttpRequest, code: UUID, notice: UUID) -> HttpResponseBase:
    incident = incident_get_for_user(user=request.user, code=code, perm=VIEW)
    item = notice_get_for_user(user=request.user, code=notice, incident=incident, perm=VIEW)
    return notice_letter_response(user=request.user, notice=item)


@login_required
def statement(request: HttpRequest, code: UUID) -> HttpResponse:
    incident = incident_get_for_user(user=request.user, code=code, perm=MANAGE)
    form = StatementForm(bound_data(request), initial={"statement": incident.public_statement})
    return _incident_form(
        request,
        incident,
        form,
        lambda data: incident_public_statement_set(actor=request.user, incident=incident, **data),
        success=_("The public statement was saved."),
        heading=_("Public statement"),
    )


@login_required
def close(request: HttpRequest, code: UUID) -> HttpResponse:
    incident = incident_get_for_user(user=request.user, code=code, perm=MANAGE)
    form = CloseForm(bound_data(request))
    return _incident_form(
        request,
        incident,
        form,
        lambda data: incident_close(actor=request.user, incident=incident, **data),
        success=_("The incident was closed."),
        heading=_("Close the incident"),
        refusal=incident_close_refusal(incident),
    )
