"""Indonesian everywhere, by construction (docs/architecture.md#translations).

- Every msgid the code and templates use (as Django's ``makemessages`` extracts them) has an
  Indonesian translation in the project's catalogue, neither fuzzy nor empty.
- Strings are marked one way: the translation functions under their own names (``gettext_lazy``
  or ``gettext`` as ``_``), never under an alias that extraction misses.
- Names Django shows by itself are translated: every model's verbose names, every app's name,
  every admin column; Django's own poor Indonesian is overridden by the project's catalogue.
- A word with two meanings has a context: the action "Open" (Buka) is not the state (Terbuka).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext

from tests.translations import ROOT, SOURCES, catalogue, extracted, parse_po

PROJECT_APPS = ("accounts", "operations", "cases", "referrals", "coordination", "dataprotection", "reports")

# The names makemessages (xgettext with Django's keywords) extracts from Python.
EXTRACTED_NAMES = frozenset(
    {
        "_",
        "gettext",
        "gettext_lazy",
        "gettext_noop",
        "ngettext",
        "ngettext_lazy",
        "pgettext",
        "pgettext_lazy",
        "npgettext",
        "npgettext_lazy",
    }
)


def test_every_msgid_of_the_code_and_templates_has_an_indonesian_translation():
    translated = {entry.key: entry for entry in catalogue()}
    problems = []
    for entry in extracted():
        found = translated.get(entry.key)
        if found is None:
            problems.append(f"missing: {entry}")
        elif found.fuzzy:
            problems.append(f"fuzzy (line {found.line}): {entry}")
        elif not found.translated:
            problems.append(f"empty (line {found.line}): {entry}")
    assert not problems, f"{len(problems)} msgids not translated in locale/id/LC_MESSAGES/django.po:\n" + "\n".join(
        problems
    )


def test_the_catalogue_holds_no_fuzzy_or_empty_entry_and_no_msgid_twice():
    entries = catalogue()
    assert not [str(e) for e in entries if not e.translated]
    keys = [e.key for e in entries]
    assert not {k for k in keys if keys.count(k) > 1}


def python_sources() -> list[Path]:
    return [
        path
        for name in SOURCES
        for path in (ROOT / name).rglob("*.py")
        if "migrations" not in path.parts and "__pycache__" not in path.parts
    ]


def test_strings_are_marked_one_way_without_aliases_that_extraction_misses():
    wrong = []
    for path in python_sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(ROOT)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                for alias in node.names:
                    if alias.name in EXTRACTED_NAMES and alias.asname not in (None, alias.name, "_"):
                        wrong.append(f"{where}:{node.lineno}: {alias.name} as {alias.asname}")
                    if alias.asname == "_" and alias.name not in ("gettext", "gettext_lazy"):
                        wrong.append(f"{where}:{node.lineno}: {alias.name} as _ (only gettext or gettext_lazy)")
            elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Name | ast.Attribute):
                name = node.value.id if isinstance(node.value, ast.Name) else node.value.attr
                if name in EXTRACTED_NAMES:
                    wrong.append(f"{where}:{node.lineno}: an alias of {name}")
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in EXTRACTED_NAMES
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "translation"
            ):
                wrong.append(f"{where}:{node.lineno}: translation.{node.func.attr}(…): import it by name")
    assert not wrong, "translation functions under another name:\n" + "\n".join(wrong)


def project_models() -> list[type[models.Model]]:
    return [model for model in apps.get_models() if model._meta.app_label in PROJECT_APPS]


def test_every_model_of_the_project_has_translated_verbose_names():
    """The audit page's filter and the admin show them; a name Django makes up from the class
    name ("perpetrator relation") stays English."""
    wrong = [
        f"{model._meta.label}.{attr}"
        for model in project_models()
        for attr in ("verbose_name", "verbose_name_plural")
        if not isinstance(model._meta.original_attrs.get(attr), Promise)
    ]
    assert not wrong, "models without a translated verbose name: " + ", ".join(wrong)


def test_every_app_the_interface_names_has_an_indonesian_name():
    with translation.override("id"):
        names = {config.label: str(config.verbose_name) for config in apps.get_app_configs()}
    english = {"auditlog": "Audit log", "cases": "Cases", "referrals": "Referrals", "reports": "Reports and statistics"}
    assert not [label for label, name in english.items() if names[label] == name], names


def test_every_admin_column_has_a_translated_title():
    """A column of a method without a description is titled by the method's name ("GET FULL NAME")."""
    wrong = []
    ours = tuple(f"{name}." for name in SOURCES)
    for model, model_admin in admin.site._registry.items():
        if not type(model_admin).__module__.startswith(ours):
            continue  # a third-party app's own screen (knox, axes, allauth): its names are its own
        for name in model_admin.list_display:
            if callable(name):
                target = name
            elif hasattr(model_admin, name):
                target = getattr(model_admin, name)
            else:
                try:
                    field = model._meta.get_field(name)
                except Exception:  # a model method or property
                    target = getattr(model, name)
                else:
                    if not isinstance(field.verbose_name, Promise):
                        wrong.append(f"{model._meta.label}.{name}: verbose name not translated")
                    continue
            if not isinstance(getattr(target, "short_description", None), Promise):
                wrong.append(f"{model._meta.label}.{name}: no translated short_description")
    assert not wrong, "\n".join(wrong)


# Django's own Indonesian that the project overrides: misspellings and English left in.
POOR_INDONESIAN = re.compile(
    r"\brubah\b|\bmerubah\b|autentidikasi|autentifika|brerdasarkan|berdasarkan-sandi|<strong>(en|dis)able</strong>",
    re.IGNORECASE,
)


@pytest.mark.parametrize("app", ["admin", "auth"])
def test_djangos_poor_indonesian_is_overridden_by_the_projects_catalogue(app):
    django_po = Path(admin.__file__).parent.parent / app / "locale" / "id" / "LC_MESSAGES" / "django.po"
    poor = [e for e in parse_po(django_po) if any(POOR_INDONESIAN.search(t) for t in e.translations)]
    assert poor, "Django's catalogue changed: check the overrides in the project's catalogue"
    with translation.override("id"):
        shown = {e.msgid: (pgettext(e.context, e.msgid) if e.context else gettext(e.msgid)) for e in poor}
    assert not {msgid: text for msgid, text in shown.items() if POOR_INDONESIAN.search(text)}
    with translation.override("id"):
        assert gettext("Change or view list link") == "Ubah atau lihat daftar"
        assert gettext("Password-based authentication") == "Autentikasi dengan kata sandi"


def test_open_as_an_action_and_open_as_a_state_are_two_words():
    with translation.override("id"):
        assert pgettext("action", "Open") == "Buka"
        assert pgettext("state", "Open") == "Terbuka"
        from cases.models import CaseStatus

        assert str(CaseStatus.OPEN.label) == "Terbuka"


def test_trafficking_is_named_in_indonesian_and_simfoni_keeps_its_label():
    from cases.vocabularies import ViolenceForm, simfoni_label

    with translation.override("id"):
        assert str(ViolenceForm.TRAFFICKING.label) == "Perdagangan orang (TPPO)"
        assert simfoni_label(ViolenceForm, ViolenceForm.TRAFFICKING) == "Trafficking"


def test_the_audit_pages_object_filter_names_app_and_model_in_indonesian(db):
    from django.contrib.contenttypes.models import ContentType

    from cases.models import PerpetratorRelation
    from uptdppa.accounts.forms import content_type_label

    with translation.override("id"):
        label = content_type_label(ContentType.objects.get_for_model(PerpetratorRelation))
    assert label == "Kasus · hubungan dengan terduga pelaku"
