"""The public JSON endpoints take JSON only and refuse a browser's request from another site: a
hostile page could otherwise file complaints (or try PINs) from each of its visitors' addresses,
past the per-address limit. A non-browser client (the mobile app) sends no Origin and passes."""

from __future__ import annotations

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator

from cases.models import PublicSubmissionThrottle
from tests.cases.test_public import API_STATUS_URL, API_URL, api_data, online

pytestmark = pytest.mark.django_db

EVIL = "https://evil.example"
FOREIGN_MESSAGE = "Permintaan dari situs web lain tidak diterima."


def form_post(client: Client, **headers: str):  # type: ignore[no-untyped-def]
    """The attack as a browser sends it: a plain HTML form, which needs no CORS preflight."""
    return client.post(API_URL, {"chronology": "Uji lintas situs.", "acknowledgement": "true"}, **headers)


def test_a_cross_site_form_post_is_refused_and_nothing_is_saved_or_counted(world, client):
    response = form_post(client, HTTP_ORIGIN=EVIL)
    assert response.status_code == 403, response.content
    assert response.json() == {"detail": FOREIGN_MESSAGE, "code": "foreign_origin"}
    assert not online().exists() and not PublicSubmissionThrottle.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": EVIL},
        {"HTTP_ORIGIN": "null"},  # a sandboxed frame or a page opened from a file
        {"HTTP_ORIGIN": "https://testserver.evil.example"},
        {"HTTP_ORIGIN": "https://testserver"},  # this host, but not the scheme it is served on
        {"HTTP_REFERER": f"{EVIL}/pengaduan/"},
        {"HTTP_ORIGIN": EVIL, "HTTP_REFERER": "http://testserver/pengaduan/"},
    ],
)
def test_json_from_a_foreign_origin_or_referer_is_refused_too(world, client, headers):
    response = client.post(API_URL, api_data(), content_type="application/json", **headers)
    assert response.status_code == 403 and response.json()["detail"] == FOREIGN_MESSAGE
    assert not online().exists()


@pytest.mark.parametrize(
    "headers",
    [
        {},  # the mobile app or any other non-browser client
        {"HTTP_ORIGIN": "http://testserver"},
        {"HTTP_REFERER": "http://testserver/pengaduan/"},
    ],
)
def test_no_origin_or_this_sites_own_is_accepted(world, client, headers):
    response = client.post(API_URL, api_data(), content_type="application/json", **headers)
    assert response.status_code == 201, response.content
    assert online().count() == 1


def test_an_origin_the_unit_trusts_is_accepted(world, client, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://ppa.jambikota.go.id"]
    response = client.post(
        API_URL, api_data(), content_type="application/json", HTTP_ORIGIN="https://ppa.jambikota.go.id"
    )
    assert response.status_code == 201, response.content


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        ("chronology=Uji&acknowledgement=true", "application/x-www-form-urlencoded"),
        ("chronology=Uji", "text/plain"),
        (None, None),  # multipart, the test client's default
    ],
)
def test_a_body_other_than_json_gets_415_even_without_an_origin(world, client, data, content_type):
    if data is None:
        response = client.post(API_URL, {"chronology": "Uji", "acknowledgement": "true"})
    else:
        response = client.post(API_URL, data, content_type=content_type)
    assert response.status_code == 415, response.content
    assert response.json()["code"] == "unsupported_media_type"
    assert not online().exists()


def test_the_status_lookup_has_the_same_rules(world, client):
    lookup = {"tracking_code": "ZZZZZZZZZZ", "pin": "000000"}
    foreign = client.post(API_STATUS_URL, lookup, content_type="application/json", HTTP_ORIGIN=EVIL)
    assert foreign.status_code == 403 and foreign.json()["detail"] == FOREIGN_MESSAGE
    assert client.post(API_STATUS_URL, lookup).status_code == 415
    assert client.post(API_STATUS_URL, lookup, content_type="application/json").status_code == 404


def test_the_schema_documents_json_only_and_both_refusals():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path in (API_URL, API_STATUS_URL):
        operation = schema["paths"][path]["post"]
        assert list(operation["requestBody"]["content"]) == ["application/json"]
        assert {"403", "415"} <= set(operation["responses"])
