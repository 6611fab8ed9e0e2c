"""The API's schema and documentation page are for the unit's staff who use the API (and the
administrator who sets up its clients); liaisons of partner organisations, leadership and
anonymous visitors get 404, as if they did not exist."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

REFUSED = ("penghubung", "pimpinan")


@pytest.mark.parametrize("name", ["api-schema", "api-docs"])
def test_anonymous_visitors_get_404(client, name):
    assert client.get(reverse(name)).status_code == 404


@pytest.mark.parametrize("username", REFUSED)
def test_liaisons_and_leadership_get_404(world, client, username):
    client.force_login(world.users[username])
    assert client.get(reverse("api-schema")).status_code == 404
    assert client.get(reverse("api-docs")).status_code == 404
    assert client.get(reverse("api-docs") + "?script=").status_code == 404


def test_a_liaison_with_a_token_gets_404_for_the_schema(world, client):
    from knox.models import AuthToken

    _token, key = AuthToken.objects.create(world.penghubung)
    assert client.get(reverse("api-schema"), HTTP_AUTHORIZATION=f"Token {key}").status_code == 404


def test_staff_who_use_the_api_read_the_schema_and_the_docs(world, client):
    client.force_login(world.manajer)
    docs = client.get(reverse("api-docs"))
    assert docs.status_code == 200
    assert f'<a href="{reverse("home")}">&larr; Kembali ke aplikasi</a>' in docs.content.decode()  # its way back
    schema = client.get(reverse("api-schema"))
    assert schema.status_code == 200 and b"/api/v1/cases/" in schema.content


@pytest.mark.parametrize("username", ["kepala", "pengaduan", "psikolog", "hukum", "operator", "admin", "dpo"])
def test_the_docs_page_is_open_to_each_staff_role_with_an_api_use(world, client, username):
    client.force_login(world.users[username])
    assert client.get(reverse("api-docs")).status_code == 200


def test_the_navigation_offers_the_docs_only_to_those_who_may_open_them(world, client):
    docs = reverse("api-docs")
    for user in world.users.values():
        client.force_login(user)
        if docs in client.get(reverse("home")).content.decode():
            assert client.get(docs).status_code == 200, user.username
