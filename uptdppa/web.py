"""Web helpers every app shares, written once: the form flow of every staff page, pagination,
the JSON error body of the API, date inputs, the "404 unless permitted" check and how a person is
named on a page. It imports no app (the apps import it), so cases, referrals and reports use the
same code without importing each other's web layers.

The form flow (``form_page``): a page binds its form with ``bound_data`` (a POST is always bound,
even one that sent nothing), and ``form_page`` sends valid input to ``save`` (one service call).
A refusal of the service comes back beside the fields it names, or above the form, with
everything typed kept; success is a message and a redirect. Bad input is never a 500.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import get_language
from rest_framework.pagination import PageNumberPagination

# --- The form flow ------------------------------------------------------------------------------


def bound_data(request: HttpRequest) -> Any:
    """The form data: bound on every POST, even one whose only field (an unticked box) sent
    nothing (``request.POST or None`` would show an empty POST the blank form again)."""
    return request.POST if request.method == "POST" else None


def add_service_errors(form: forms.Form, error: ValidationError, fields: Mapping[str, str] | None = None) -> None:
    """Show a service's ValidationError next to the fields it names (``fields`` maps service
    names to form field names); anything else goes to the top of the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, field_messages in error.message_dict.items():
        target = (fields or {}).get(name, name)
        form.add_error(target if target in form.fields else None, field_messages)


def refusal_redirect(request: HttpRequest, error: ValidationError, url: str) -> HttpResponse:
    """A refusal of the whole action (a status that has moved on, a closed case), not of the
    input: its messages on the page at ``url``."""
    for message in error.messages:
        messages.error(request, message)
    return redirect(url)


def form_page(
    request: HttpRequest,
    form: forms.Form,
    save: Callable[[dict[str, Any]], Any],
    *,
    page: str | Callable[[forms.Form], HttpResponse],
    success: str | Callable[[Any], str],
    then: str | Callable[[Any], str],
    error_fields: Mapping[str, str] | None = None,
    refusal_url: str | None = None,
    **context: Any,
) -> HttpResponse:
    """The one flow of a staff form. On a valid POST, ``save(cleaned_data)`` (a service call);
    then the ``success`` message and a redirect to ``then`` (a URL; either may be computed from
    what ``save`` returned). Otherwise, or when the service refuses, the page again with the
    form as typed: ``page`` is a template (given ``form`` and ``context``) or a function that
    renders the page around the form.

    A refusal is put beside the fields it names (``error_fields`` maps the service's names to
    the form's); one that names no field goes above the form, or, with ``refusal_url``, is a
    message on that page (a page whose forms are small parts of another, e.g. a referral's).
    """
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except ValidationError as error:
            if refusal_url is not None and not hasattr(error, "error_dict"):
                return refusal_redirect(request, error, refusal_url)
            add_service_errors(form, error, error_fields)
        else:
            messages.success(request, success(result) if callable(success) else success)
            return redirect(then(result) if callable(then) else then)
    if callable(page):
        return page(form)
    return render(request, page, {"form": form, **context})


# --- Filter forms ------------------------------------------------------------------------------


class SharedChoiceField(forms.ChoiceField):
    """A choice field whose choices every form made from its class shares: Django deep-copies a
    field's choices for each form, about 0.2 ms for the worklist's five on every list page
    (bench/README.md, "case list"). Its choices are only ever replaced, never changed in place."""

    def __deepcopy__(self, memo: dict[int, Any]) -> SharedChoiceField:
        result = forms.Field.__deepcopy__(self, memo)
        result._choices = self._choices  # type: ignore[attr-defined]
        return result


_CHOICE_LABELS: dict[tuple[type[Any], str], dict[Any, str]] = {}


def choice_labels(choices: type[Any]) -> dict[Any, str]:
    """The labels of a vocabulary (a Django ``Choices`` class) by value, in the active language,
    made once per process and language: ``get_FOO_display`` rebuilds the whole choice list on
    every call, 0.2 ms for the case events' kinds, read once per event of a case."""
    key = (choices, get_language() or settings.LANGUAGE_CODE)
    labels = _CHOICE_LABELS.get(key)
    if labels is None:
        labels = _CHOICE_LABELS[key] = {value: str(label) for value, label in choices.choices}
    return labels


# --- Pagination ---------------------------------------------------------------------------------

PAGE_SIZE = 25


def page_of(request: HttpRequest, items: Any, size: int = PAGE_SIZE, *, most: int | None = None) -> Page[Any]:
    """The page of ``items`` named by ``?page=`` (the first for a missing or wrong number, the
    last past the end).

    ``most``: count no further than this (``paginator.capped`` says it was reached; the pages
    stop there), for a list too long to count on every visit, such as the audit trail's millions
    of entries: narrowing it with the filters gives exact counts again."""
    paginator = Paginator(items, size)
    paginator.capped = False  # type: ignore[attr-defined]
    if most is not None:
        counted = items.order_by().values("pk")[: most + 1].count()
        paginator.count = min(counted, most)
        paginator.capped = counted > most  # type: ignore[attr-defined]
    return paginator.get_page(request.GET.get("page"))


def query_without(request: HttpRequest, *names: str) -> str:
    """The query string of this page without the parameters ``names``, encoded as
    ``QueryDict.urlencode`` does, without copying the QueryDict (a deep copy each time)."""
    return urlencode([(key, value) for key, values in request.GET.lists() if key not in names for value in values])


def query_without_page(request: HttpRequest) -> str:
    """The query string of this page without ``page``, for the links to the other pages."""
    return query_without(request, "page")


def filter_chips(
    request: HttpRequest, form: forms.Form, *, unkept: tuple[str, ...] = ("q",), skip: tuple[str, ...] = ("sort",)
) -> list[dict[str, str]]:
    """The filters in effect on a list page (its GET ``form``, validated) as chips: the field's
    label, the value as the form shows it, and the address of the list without that filter
    (templates/includes/filter_chips.html; docs/architecture.md#phone-first-layout). A field with
    an error, empty, or at its initial value is no chip. The ``unkept`` fields (a search term: a
    NIK, a name, a phone) never go into an address: every chip's link leaves them out. The ``skip``
    fields (the order) are no filters."""
    data = getattr(form, "cleaned_data", {})
    chips = []
    for bound in form:
        name, field = bound.name, bound.field
        value = data.get(name)
        if name in skip or bound.errors or name not in data or value in (None, "", False, [], ()):
            continue
        if value == form.get_initial_for_field(field, name) and not isinstance(field, forms.BooleanField):
            continue
        query = query_without(request, name, "page", *unkept)
        chips.append(
            {
                "label": str(field.label or name),
                "value": ""
                if isinstance(field, forms.BooleanField)
                else _shown(field, request.GET.get(name, ""), value),
                "url": f"{request.path}?{query}" if query else request.path,
            }
        )
    return chips


def _shown(field: forms.Field, raw: str, value: Any) -> str:
    """A filter's value as its form shows it: a choice's label, a date as the page writes dates."""
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        choices: Any = field.choices  # a list once the field is built
        for key, label in choices:
            options = label if isinstance(label, (list, tuple)) else [(key, label)]
            for option, option_label in options:
                if str(option) == raw:
                    return str(option_label)
    if isinstance(field, forms.ModelChoiceField):
        return str(field.label_from_instance(value))
    if isinstance(field, forms.DateField):
        return date_format(value, "DATE_FORMAT")
    return str(value)


class Pagination(PageNumberPagination):
    """The API's pages: ``?page=`` and ``?page_size=`` (at most 100)."""

    page_size_query_param = "page_size"
    max_page_size = 100


# --- Errors -------------------------------------------------------------------------------------


def error_body(detail: Any, code: str, errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """Every API error: ``{"detail", "code"}``, plus ``errors`` by field for invalid input
    (``uptdppa.api.ErrorOutput``)."""
    body: dict[str, Any] = {"detail": str(detail), "code": code}
    if errors is not None:
        body["errors"] = errors
    return body


def json_error(detail: Any, code: str, status: int) -> JsonResponse:
    """An API error answered outside DRF (middleware, error handlers, django-axes)."""
    return JsonResponse(error_body(detail, code), status=status)


def require_or_404(user: Any, *perms: str) -> None:
    """404 unless ``user`` holds one of ``perms`` (global permissions): a page or an API address
    outside one's role does not exist for them, like a record outside one's scope."""
    if not any(user.has_perm(perm) for perm in perms):
        raise Http404


# --- Inputs and labels --------------------------------------------------------------------------


def date_input() -> forms.DateInput:
    """A date picker: the browser's own, which reads and writes ISO dates whatever the language."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
