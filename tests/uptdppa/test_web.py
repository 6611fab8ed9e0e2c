"""uptdppa.web: one form flow for every staff page, one place for the URL patterns, one shape of
the ``*_get_for_user`` selectors, and cases importing nothing of the apps above it (issue 17 §3)."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

import cases.forms.common
import cases.selectors
import cases.selectors.attachments
import cases.selectors.closure
import cases.selectors.legal
import cases.selectors.protection
import cases.selectors.support
import referrals.selectors
from uptdppa import web
from uptdppa.accounts.forms import AuditFilterForm

ROOT = Path(__file__).resolve().parents[2]


class NoteForm(forms.Form):
    title = forms.CharField()
    note = forms.CharField(required=False)


def _request(data: dict[str, str] | None) -> Any:
    request = RequestFactory().post("/x/", data) if data is not None else RequestFactory().get("/x/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _run(request: Any, save: Any, **options: Any) -> tuple[HttpResponse, forms.Form]:
    shown: dict[str, forms.Form] = {}

    def page(form: forms.Form) -> HttpResponse:
        shown["form"] = form
        return HttpResponse("page")

    form = NoteForm(web.bound_data(request))
    response = web.form_page(request, form, save, page=page, success="Saved.", then="/done/", **options)
    return response, shown.get("form", form)


def _messages(request: Any) -> list[str]:
    return [str(message) for message in get_messages(request)]


def test_a_valid_post_is_saved_then_a_message_and_a_redirect():
    request = _request({"title": "Judul", "note": "Catatan"})
    saved: list[dict[str, Any]] = []
    response, _form = _run(request, saved.append)
    assert response.status_code == 302 and response["Location"] == "/done/"
    assert saved == [{"title": "Judul", "note": "Catatan"}] and _messages(request) == ["Saved."]


def test_success_and_the_next_page_may_come_from_what_was_saved():
    request = _request({"title": "Judul"})
    form = NoteForm(web.bound_data(request))
    response = web.form_page(
        request,
        form,
        lambda data: data["title"],
        page="unused.html",
        success=lambda title: f"{title} saved.",
        then=lambda title: f"/{title}/",
    )
    assert response["Location"] == "/Judul/" and _messages(request) == ["Judul saved."]


def test_an_empty_post_is_bound_and_shows_the_required_fields():
    request = _request({})
    response, form = _run(request, lambda data: pytest.fail("nothing to save"))
    assert response.status_code == 200 and form.is_bound and "title" in form.errors


def test_a_get_shows_the_blank_form_and_saves_nothing():
    request = _request(None)
    response, form = _run(request, lambda data: pytest.fail("nothing to save"))
    assert response.status_code == 200 and not form.is_bound and not _messages(request)


def test_a_refusal_goes_beside_its_field_and_what_was_typed_is_kept():
    def save(data: dict[str, Any]) -> None:
        raise ValidationError({"headline": ["Judul sudah dipakai."], "other": ["Ditolak."]})

    request = _request({"title": "Judul", "note": "Catatan"})
    response, form = _run(request, save, error_fields={"headline": "title"})
    assert response.status_code == 200
    assert form.errors["title"] == ["Judul sudah dipakai."] and form.non_field_errors() == ["Ditolak."]
    assert form.data["note"] == "Catatan" and not _messages(request)


def test_a_refusal_of_the_whole_action_is_above_the_form_or_a_message_on_the_refusal_page():
    def save(data: dict[str, Any]) -> None:
        raise ValidationError("Langkah ini tidak dapat dilakukan.")

    response, form = _run(_request({"title": "Judul"}), save)
    assert response.status_code == 200 and form.non_field_errors() == ["Langkah ini tidak dapat dilakukan."]

    request = _request({"title": "Judul"})
    response, _form = _run(request, save, refusal_url="/rujukan/1/")
    assert response.status_code == 302 and response["Location"] == "/rujukan/1/"
    assert _messages(request) == ["Langkah ini tidak dapat dilakukan."]


# --- Every staff form page uses it ----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "name", "on_case"),
    [
        ("kepala", "cases:intake-create", False),
        ("kepala", "cases:triage", "intake_c"),
        ("kepala", "cases:police-report", "case_a"),
        ("psikolog", "cases:psych-session-add", "case_a"),
        ("kepala", "cases:shelter-admit", "case_a"),
        ("kepala", "cases:consent-add", "case_a"),
        ("manajer", "cases:support-outreach-add", "case_a"),
        ("manajer", "cases:legal-event-add", "case_a"),
        ("manajer", "referrals:create", "case_a"),
    ],
)
def test_an_empty_post_to_a_staff_form_shows_it_again_with_its_errors(world, client, username, name, on_case):
    """``request.POST or None`` made an empty POST an unbound form: the blank page again, silently."""
    client.force_login(getattr(world, username))
    address = reverse(name, args=[getattr(world, on_case).code] if on_case else [])
    response = client.post(address, {})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.is_bound and form.errors


def test_no_view_or_api_module_holds_url_patterns():
    """Every address of an app is in its urls.py (tests and templates reverse their names)."""
    modules = [*ROOT.glob("cases/views/*.py"), *ROOT.glob("cases/api/*.py"), *ROOT.glob("referrals/views/*.py")]
    modules.append(ROOT / "referrals/api.py")
    holding = []
    for module in modules:
        tree = ast.parse(module.read_text())
        for node in tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
            if any(isinstance(t, ast.Name) and t.id.endswith("urlpatterns") for t in targets):
                holding.append(str(module.relative_to(ROOT)))
    assert holding == []


def test_every_get_for_user_selector_takes_user_code_and_an_optional_perm_and_returns_the_object():
    selectors = [
        function
        for module in (
            cases.selectors,
            cases.selectors.attachments,
            cases.selectors.closure,
            cases.selectors.legal,
            cases.selectors.protection,
            cases.selectors.support,
            referrals.selectors,
        )
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if name.endswith("_get_for_user") and function.__module__ == module.__name__
    ]
    assert len(selectors) >= 9
    for function in selectors:
        parameters = inspect.signature(function).parameters
        assert {"user", "code", "perm"} <= set(parameters), function.__name__
        assert all(p.kind == p.KEYWORD_ONLY for p in parameters.values()), function.__name__
        assert parameters["perm"].default is None, function.__name__
        assert not str(inspect.signature(function).return_annotation).startswith("tuple"), function.__name__


def test_cases_imports_nothing_of_referrals_or_reports():
    """The layers point one way (docs/architecture.md): cases never reads the apps above it."""
    found = []
    for module in ROOT.glob("cases/**/*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            found += [f"{module.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] in ("referrals", "reports")]
    assert found == []


def test_one_date_input_for_every_app():
    assert cases.forms.common.date_input is web.date_input
    # The audit trail's filter had its own widget without the ISO format the browser's picker reads.
    assert AuditFilterForm.base_fields["date_from"].widget.format == "%Y-%m-%d"
    assert AuditFilterForm.base_fields["date_from"].widget.input_type == "date"


def test_require_or_404():
    class Holder:
        def __init__(self, *perms: str) -> None:
            self.perms = perms

        def has_perm(self, perm: str) -> bool:
            return perm in self.perms

    web.require_or_404(Holder("a.b"), "x.y", "a.b")
    with pytest.raises(web.Http404):
        web.require_or_404(Holder("a.b"), "x.y")


@pytest.mark.parametrize(
    "query",
    [
        "",
        "page=2",
        "status=open&page=3&kecamatan=15.71.01",
        "q=Siti+Aminah&page=1",
        "a=1&a=2&b=%26%3D+x&c=",
        "q=%C3%A9t%C3%A9",
    ],
)
def test_a_query_without_some_parameters_is_encoded_as_the_querydict_would(query):
    """uptdppa.web.query_without reads the query string without copying it; the addresses of the
    pages and of the filter chips are the ones QueryDict.urlencode gave."""
    request = RequestFactory().get(f"/cases/?{query}")
    for names in [(), ("page",), ("page", "q"), ("a", "status")]:
        expected = request.GET.copy()
        for name in names:
            expected.pop(name, None)
        assert web.query_without(request, *names) == expected.urlencode()


def test_a_shared_choice_field_s_forms_share_its_choices_and_replace_them_alone():
    class Filter(forms.Form):
        colour = web.SharedChoiceField(choices=[("", "All"), ("red", "Red")], required=False)

    first, second = Filter({"colour": "red"}), Filter({"colour": "blue"})
    assert first.fields["colour"].choices is Filter.base_fields["colour"].choices  # not copied per form
    assert first.is_valid() and not second.is_valid()  # each form validates against the choices
    first.fields["colour"].choices = [("blue", "Blue")]  # a form replaces its own choices only
    assert Filter.base_fields["colour"].choices == [("", "All"), ("red", "Red")]
    assert second.fields["colour"].choices == [("", "All"), ("red", "Red")]
    assert first.fields["colour"].widget.choices == [("blue", "Blue")]


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_labels_made_once_per_language_are_the_fields_own(language):
    from django.utils import translation

    from cases.models import CaseEvent, EventKind
    from cases.serializers import EventOutput

    with translation.override(language):
        for kind in EventKind.values:
            event = CaseEvent(kind=kind)
            assert web.choice_labels(EventKind)[kind] == event.get_kind_display()
            assert EventOutput().fields["kind_label"].to_representation(kind) == event.get_kind_display()
    with translation.override("en"):
        english = web.choice_labels(EventKind)[EventKind.RECEIVED]
    with translation.override("id"):
        assert web.choice_labels(EventKind)[EventKind.RECEIVED] != english
