"""Retention and destruction pages (/pelindungan-data/retensi/): the head of the unit and the data
protection officer; 404 for everybody else. Holds and the order to destroy are the head's: the
pages offer them to the head only, and the services refuse anyone else."""

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

from uptdppa.web import bound_data, form_page, require_or_404

from ..forms import ApprovalForm, ExecuteForm, HoldForm, LiftForm, ProposeForm, lines
from ..letters import berita_acara_response
from ..models import DisposalBatch, DisposalStatus
from ..selectors import (
    disposal_batch_get_for_user,
    disposal_batches_for_user,
    legal_hold_get_for_user,
    legal_holds_for_user,
    retention_worklist_for_user,
)
from ..services import (
    disposal_approval_attach,
    disposal_execute,
    disposal_propose,
    disposal_refusal,
    legal_hold_lift,
    legal_hold_place,
    related_for_retention,
)

VIEW = "dataprotection.view_retention"
MANAGE = "dataprotection.manage_retention"
DECIDE = "dataprotection.decide_retention"
TEMPLATE = "dataprotection/retention/form.html"


def _home() -> str:
    return reverse("dataprotection:retention")


def _batch_url(batch: DisposalBatch) -> str:
    return reverse("dataprotection:batch", args=[batch.code])


@login_required
def worklist(request: HttpRequest) -> HttpResponse:
    require_or_404(request.user, VIEW)
    show_all = request.GET.get("semua") == "1"
    rows = retention_worklist_for_user(user=request.user, today=timezone.localdate(), due_only=not show_all)
    return render(
        request,
        "dataprotection/retention/worklist.html",
        {
            "rows": rows,
            "show_all": show_all,
            "proposable": any(row.may_be_destroyed for row in rows),
            "holds": list(legal_holds_for_user(user=request.user)),
            "batches": list(disposal_batches_for_user(user=request.user)[:50]),
        },
    )


@login_required
def hold_place(request: HttpRequest) -> HttpResponse:
    require_or_404(request.user, VIEW)
    form = HoldForm(bound_data(request), initial={"case_code": request.GET.get("kasus", "")})
    return form_page(
        request,
        form,
        lambda data: legal_hold_place(actor=request.user, case_code=data["case_code"], reason=data["reason"]),
        page=TEMPLATE,
        success=_("The case is on hold."),
        then=_home(),
        error_fields={"case": "case_code"},
        heading=_("Place a legal hold"),
        cancel_url=_home(),
        head_only=not request.user.has_perm(DECIDE),
    )


@login_required
def hold_lift(request: HttpRequest, code: UUID) -> HttpResponse:
    hold = legal_hold_get_for_user(user=request.user, code=code, perm=VIEW)
    form = LiftForm(bound_data(request))
    return form_page(
        request,
        form,
        lambda data: legal_hold_lift(actor=request.user, hold=hold, reason=data["reason"]),
        page=TEMPLATE,
        success=_("The hold was lifted."),
        then=_home(),
        heading=_("Lift the legal hold on %(case)s") % {"case": hold.case.label},
        cancel_url=_home(),
        head_only=not request.user.has_perm(DECIDE),
    )


@login_required
def batch_propose(request: HttpRequest) -> HttpResponse:
    require_or_404(request.user, MANAGE)
    rows = retention_worklist_for_user(user=request.user, today=timezone.localdate())
    due = "\n".join(row.case.label for row in rows if row.may_be_destroyed)
    form = ProposeForm(bound_data(request), initial={"case_codes": due})
    return form_page(
        request,
        form,
        lambda data: disposal_propose(actor=request.user, case_codes=lines(data["case_codes"]), note=data["note"]),
        page=TEMPLATE,
        success=_("The disposal batch was proposed."),
        then=_batch_url,
        heading=_("Propose a disposal batch"),
        cancel_url=_home(),
    )


@login_required
def batch_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    batch = disposal_batch_get_for_user(user=request.user, code=code, perm=VIEW)
    refusals: list[str] = []
    if batch.status == DisposalStatus.APPROVED:
        from cases.models import Case

        cases = related_for_retention(Case.objects.filter(pk__in=[item.case_id for item in batch.items.all()]))
        today = timezone.localdate()
        refusals = [text for case in cases if (text := disposal_refusal(case, today=today, batch=batch))]
    return render(request, "dataprotection/retention/batch_detail.html", {"batch": batch, "refusals": refusals})


def _batch_form(request: HttpRequest, batch: DisposalBatch, form: Any, save: Any, **context: Any) -> HttpResponse:
    back = _batch_url(batch)
    return form_page(
        request,
        form,
        save,
        page=TEMPLATE,
        then=back,
        refusal_url=back,
        cancel_url=back,
        batch=batch,
        **context,
    )


@login_required
def batch_approval(request: HttpRequest, code: UUID) -> HttpResponse:
    batch = disposal_batch_get_for_user(user=request.user, code=code, perm=MANAGE)
    form = ApprovalForm(bound_data(request), request.FILES if request.method == "POST" else None)
    return _batch_form(
        request,
        batch,
        form,
        lambda data: disposal_approval_attach(
            actor=request.user,
            batch=batch,
            file=data["file"],
            file_name=data["file"].name,
            approval_reference=data["approval_reference"],
            approval_date=data["approval_date"],
            approved_by_office=data["approved_by_office"],
            witnesses=data["witnesses"],
        ),
        success=_("The written approval was attached."),
        heading=_("Attach the written approval"),
        multipart=True,
    )


@login_required
def batch_execute(request: HttpRequest, code: UUID) -> HttpResponse:
    batch = disposal_batch_get_for_user(user=request.user, code=code, perm=VIEW)
    form = ExecuteForm(bound_data(request))
    return _batch_form(
        request,
        batch,
        form,
        lambda _data: disposal_execute(actor=request.user, batch=batch),
        success=_("The destruction was ordered; the berita acara is ready once it is done."),
        heading=_("Destroy the case files of this batch"),
        head_only=not request.user.has_perm(DECIDE),
    )


@login_required
def berita_acara(request: HttpRequest, code: UUID) -> HttpResponseBase:
    batch = disposal_batch_get_for_user(user=request.user, code=code, perm=VIEW)
    return berita_acara_response(user=request.user, batch=batch)
