"""The audit trail page, the notifications page, the head's role-change page and the lockout page."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uptdppa.web import filter_chips, page_of, query_without_page

from . import services
from .forms import AUDIT_ACTION_LABELS, AuditFilterForm, RoleChangeRefuseForm, audit_summary, changed_field_labels
from .mfa import LOCKED_OUT
from .models import RoleChangeRequest
from .selectors import (
    audit_entries,
    notifications_for_user,
    role_change_get_for_user,
    role_changes_decided,
    role_changes_pending,
    users_with_refusals,
)
from .services import notification_mark_read
from .watch import REFUSALS_WINDOW, audit_link

# The audit page counts its entries up to this many: the unfiltered trail of a busy unit holds
# millions (0.5 s to count 20,000,000 in PostgreSQL on every visit).
AUDIT_COUNTED_AT_MOST = 10_000


@login_required
@permission_required("accounts.view_audit_trail", raise_exception=True)
def audit_list(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")} if form.is_valid() else {}
    page = page_of(request, audit_entries(**filters), 50, most=AUDIT_COUNTED_AT_MOST)
    for entry in page.object_list:
        entry.action_label = AUDIT_ACTION_LABELS.get(entry.action, entry.get_action_display())
        entry.summary = audit_summary(entry)
        entry.changed_fields = changed_field_labels(entry)
    refusals = [
        (user, count, audit_link(user))
        for user, count in users_with_refusals(
            since=timezone.now() - REFUSALS_WINDOW, minimum=settings.REFUSED_LOOKUP_ALERT_AT
        )
    ]
    chips = filter_chips(request, form, unkept=()) if form.is_bound else []
    context = {"form": form, "page": page, "query": query_without_page(request), "refusals": refusals, "chips": chips}
    return render(request, "accounts/audit_list.html", context)


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """The user's notifications, newest first; those shown are marked read (still highlighted
    on this visit)."""
    user: Any = request.user
    page = page_of(request, notifications_for_user(user=user), 25)
    notifications = list(page.object_list)
    notification_mark_read(user=user, ids=[n.pk for n in notifications if n.read_at is None])
    return render(request, "accounts/notifications.html", {"page": page, "notifications": notifications})


def _refuse_form(role_change: RoleChangeRequest, data: Any = None) -> RoleChangeRefuseForm:
    # One form per request on the page: distinct ids, so that each label names its own field.
    return RoleChangeRefuseForm(data, auto_id=f"id_%s_{role_change.code}")


def _role_changes_page(
    request: HttpRequest,
    *,
    failed: RoleChangeRequest | None = None,
    refuse_form: RoleChangeRefuseForm | None = None,
    errors: list[str] | None = None,
) -> HttpResponse:
    """The pending role changes, each with its approve and refuse forms; ``failed`` is the one
    just posted, shown with ``refuse_form`` (what was typed) or the service's ``errors``."""
    rows = []
    for role_change in role_changes_pending():
        is_failed = failed is not None and failed.pk == role_change.pk
        form = refuse_form if is_failed and refuse_form is not None else _refuse_form(role_change)
        rows.append({"request": role_change, "form": form, "errors": errors if is_failed else None})
    context = {"rows": rows, "decided": role_changes_decided(), "user_id": request.user.pk}
    return render(request, "accounts/role_changes.html", context)


@login_required
@permission_required("accounts.decide_role_change", raise_exception=True)
def role_change_list(request: HttpRequest) -> HttpResponse:
    return _role_changes_page(request)


@login_required
@require_POST
def role_change_approve(request: HttpRequest, code: UUID) -> HttpResponse:
    user: Any = request.user
    role_change = role_change_get_for_user(user=user, code=code)
    try:
        services.role_change_approve(actor=user, request=role_change)
    except ValidationError as error:
        return _role_changes_page(request, failed=role_change, errors=error.messages)
    messages.success(request, _("The role change is approved; the new role applies now."))
    return redirect("accounts:role-changes")


@login_required
@require_POST
def role_change_refuse(request: HttpRequest, code: UUID) -> HttpResponse:
    user: Any = request.user
    role_change = role_change_get_for_user(user=user, code=code)
    form = _refuse_form(role_change, request.POST)
    if form.is_valid():
        try:
            services.role_change_refuse(actor=user, request=role_change, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The role change is refused; the user keeps their role."))
            return redirect("accounts:role-changes")
    return _role_changes_page(request, failed=role_change, refuse_form=form)


def lockout(request: HttpRequest, credentials: dict[str, Any] | None = None, *args: Any, **kwargs: Any) -> HttpResponse:
    """django-axes: too many failed logins for this username from this address."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": LOCKED_OUT, "code": "locked_out"}, status=429)
    return render(request, "account/lockout.html", {"message": LOCKED_OUT}, status=429)


def admin_login(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
    """Replaces the admin site's own login form, which would sign in without the second factor.

    Visitors log in through allauth (MFA, lockout) and come back; a logged-in user who is not
    an administrator is refused rather than offered a form to become one.
    """
    next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if not request.user.is_authenticated:
        return redirect_to_login(next_url or reverse("admin:index"))
    if request.user.is_active and request.user.is_staff:
        return redirect(next_url or "admin:index")
    raise PermissionDenied
