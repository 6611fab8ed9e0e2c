"""The one flow shared by the service forms of a case (support, legal, …)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cases.forms import add_service_errors
from cases.models import Case


def bound_data(request: HttpRequest) -> Any:
    """The form data: bound on every POST, even one whose only field (an unticked box) sent nothing."""
    return request.POST if request.method == "POST" else None


def form_page(
    request: HttpRequest,
    case: Case,
    form: forms.Form,
    save: Callable[[dict[str, Any]], object],
    *,
    back: str,
    heading: str,
    success: str,
    template: str,
    **context: Any,
) -> HttpResponse:
    """Valid input goes to ``save`` (a service call), then back to the page named ``back``; a
    refusal comes back beside the fields with everything typed kept."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(back, case.code)
    return render(request, template, {"case": case, "form": form, "heading": heading, **context})
