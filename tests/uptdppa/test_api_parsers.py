"""Every API body goes through the project's parsers (uptdppa/parsers.py): JSON nested too deep for
Python's decoder is bad input, a 400 in the API's error shape and in Indonesian, never a 500."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from knox.models import AuthToken

pytestmark = pytest.mark.django_db

UNREADABLE = {"detail": "Isi permintaan tidak dapat dibaca. Kirim JSON yang valid.", "code": "parse_error"}
DEEP = ("[" * 100_000, '{"a":' * 100_000, '{"a":[' * 50_000 + "1" + "]}" * 50_000)


@pytest.mark.parametrize("body", DEEP, ids=["lists", "objects", "closed"])
def test_deep_json_at_the_anonymous_token_endpoint_is_a_clean_400(body):
    response = Client(raise_request_exception=False).post("/api/v1/auth/token/", body, content_type="application/json")
    assert response.status_code == 400, response.content[:200]
    assert response.json() == UNREADABLE


@pytest.mark.parametrize(
    "url",
    ["/api/v1/public/complaints/", "/api/v1/public/complaints/status/", "/api/v1/intakes/"],
)
def test_deep_json_is_a_clean_400_elsewhere_too(world, url):
    token = AuthToken.objects.create(world.pengaduan)[1]
    client = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Token {token}")
    response = client.post(url, "[" * 100_000, content_type="application/json")
    assert response.status_code == 400, response.content[:200]
    assert response.json() == UNREADABLE


def test_every_json_parser_in_use_is_the_projects():
    from django.urls import get_resolver
    from rest_framework.parsers import JSONParser as DRFJSONParser
    from rest_framework.views import APIView

    from uptdppa.parsers import JSONParser

    assert settings.REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"][0] == "uptdppa.parsers.JSONParser"

    def views(patterns):  # type: ignore[no-untyped-def]
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from views(pattern.url_patterns)
            else:
                yield getattr(pattern.callback, "cls", None)

    api_views = [view for view in views(get_resolver().url_patterns) if view and issubclass(view, APIView)]
    assert api_views
    for view in api_views:
        for parser in view.parser_classes:
            assert not issubclass(parser, DRFJSONParser) or issubclass(parser, JSONParser), (view, parser)
