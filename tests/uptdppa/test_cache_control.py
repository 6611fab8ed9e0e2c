"""Nothing a logged-in user is shown lands in the browser's disk cache (shared office computers):
every authenticated answer, every API answer and the public complaint pages send no-store."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from tests.conftest import PASSWORD
from uptdppa.middleware import NoStoreMiddleware

pytestmark = pytest.mark.django_db


def directives(response: HttpResponse) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def test_a_case_page_is_not_stored(world, client):
    client.force_login(world.kepala)
    response = client.get(reverse("cases:detail", args=[world.case_a.code]))
    assert response.status_code == 200 and {"no-store", "private"} <= directives(response)


def test_an_api_answer_is_not_stored(world, client):
    client.force_login(world.kepala)
    response = client.get(f"/api/v1/cases/{world.case_a.code}/")
    assert response.status_code == 200 and {"no-store", "private"} <= directives(response)


def test_an_api_refusal_to_a_token_client_is_not_stored(world, client):
    response = client.get(f"/api/v1/cases/{world.case_a.code}/")
    assert response.status_code in (401, 403) and "no-store" in directives(response)


def test_an_htmx_partial_is_not_stored(world, client):
    client.force_login(world.manajer)
    url = reverse("cases:person-matches", args=[world.case_a.code])
    response = client.get(url, {"full_name": "Putri"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and {"no-store", "private"} <= directives(response)


def test_the_answer_to_a_login_and_the_pages_after_it_are_not_stored(world, client):
    world.manajer.set_password(PASSWORD)
    world.manajer.save()
    response = client.post(reverse("account_login"), {"login": "manajer", "password": PASSWORD})
    assert response.status_code == 302 and "no-store" in directives(response)
    again = client.get(reverse("account_login"))
    assert {"no-store", "private"} <= directives(again)
    home = client.get(reverse("home"))
    assert home.status_code == 200 and {"no-store", "private"} <= directives(home)


def test_the_public_complaint_form_and_its_status_page_are_not_stored(client):
    for name in ("public:complaint", "public:status"):
        assert "no-store" in directives(client.get(reverse(name)))
    response = client.post("/api/v1/public/complaints/status/", {}, content_type="application/json")
    assert "no-store" in directives(response)


def test_a_stricter_header_of_its_own_is_kept_and_static_files_keep_theirs(world, client):
    request = RequestFactory().get("/cases/")
    request.user = world.kepala
    own = HttpResponse()
    own["Cache-Control"] = "max-age=0, no-cache, no-store, must-revalidate, private"
    assert NoStoreMiddleware(lambda r: own)(request)["Cache-Control"] == own["Cache-Control"]
    client.force_login(world.kepala)
    static = client.get("/static/js/public_form.js")
    assert static.status_code == 200 and "no-store" not in directives(static)
