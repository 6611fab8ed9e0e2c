from __future__ import annotations

import subprocess
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation


def render(source: str, **context: object) -> str:
    return Template(source).render(Context(context))


def test_indonesian_is_the_default_language(client, db):
    response = client.get("/accounts/login/")
    assert response["Content-Language"] == "id"
    assert 'lang="id"' in response.content.decode()
    assert "Masuk" in response.content.decode()


def test_english_is_available_through_the_language_switch(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"}, follow=True)
    assert response["Content-Language"] == "en"
    assert "Sign In" in response.content.decode()


@pytest.mark.parametrize(("language", "expected"), [("id", "17 Agustus 2026"), ("en", "17 August 2026")])
def test_dates_read_day_month_year(language, expected):
    with translation.override(language):
        assert render("{{ d|date }}", d=date(2026, 8, 17)) == expected


def test_numbers_use_indonesian_separators():
    with translation.override("id"):
        assert render("{% load humanize %}{{ n|floatformat:'1g' }}", n=Decimal("1234.5")) == "1.234,5"


def test_day_first_dates_are_accepted_as_input():
    from django import forms

    with translation.override("id"):
        field = forms.DateField()
        assert field.clean("17/08/2026") == date(2026, 8, 17)
        assert field.clean("2026-08-17") == date(2026, 8, 17)


def test_a_browser_set_to_english_still_gets_indonesian_until_the_user_switches(client, db):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "id"


def test_the_indonesian_catalogue_is_complete():
    """Every msgid of the project has an Indonesian translation, none fuzzy (msgfmt counts them)."""
    po = settings.BASE_DIR / "locale" / "id" / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["/usr/bin/msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr
