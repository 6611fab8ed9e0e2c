"""A password change, a password reset and the removal of a second factor end the user's API
tokens and their other sessions (security review finding 5)."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.urls import reverse
from knox.models import AuthToken

from tests.conftest import PASSWORD, totp_code

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "sandi-baru-yang-panjang-2026"  # noqa: S105 - test password


def logged_in(client, username, secret=None):
    response = client.post(reverse("account_login"), {"login": username, "password": PASSWORD})
    assert response.status_code == 302
    if secret is not None:
        response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
        assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    return client


def test_a_password_change_ends_the_api_tokens_and_the_other_sessions(world, client, django_user_model):
    other_browser = logged_in(type(client)(), "manajer")
    logged_in(client, "manajer")
    AuthToken.objects.create(user=world.manajer)
    AuthToken.objects.create(user=world.psikolog)

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert not AuthToken.objects.filter(user=world.manajer).exists()
    assert AuthToken.objects.filter(user=world.psikolog).exists()  # other users keep theirs
    assert other_browser.get(reverse("home")).status_code == 302  # back to the login page
    assert client.get(reverse("home")).status_code == 200  # who changed it stays logged in


def test_a_password_reset_ends_the_api_tokens_and_the_sessions(world, client):
    world.manajer.email = "manajer@uptdppa.example"
    world.manajer.save(update_fields=["email"])
    browser = logged_in(type(client)(), "manajer")
    AuthToken.objects.create(user=world.manajer)

    client.post(reverse("account_reset_password"), {"email": "manajer@uptdppa.example"})
    (message,) = mail.outbox
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", message.body)
    assert link is not None, message.body
    form_url = client.get(link.group(1))["Location"]
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 302, response.content.decode()[:2000]
    assert not AuthToken.objects.filter(user=world.manajer).exists()
    assert browser.get(reverse("home")).status_code == 302


def test_removing_the_authenticator_app_ends_the_api_tokens_and_the_other_sessions(world, client):
    secret = generate_totp_secret()
    TOTP.activate(world.manajer, secret)
    other_browser = logged_in(type(client)(), "manajer", secret)
    client.force_login(world.manajer)
    # Removing a second factor asks for the password again.
    assert client.post(reverse("account_reauthenticate"), {"password": PASSWORD}).status_code == 302
    AuthToken.objects.create(user=world.manajer)

    response = client.post(reverse("mfa_deactivate_totp"))

    assert response.status_code == 302, response.content.decode()[:2000]
    assert not Authenticator.objects.filter(user=world.manajer, type=Authenticator.Type.TOTP).exists()
    assert not AuthToken.objects.filter(user=world.manajer).exists()
    assert other_browser.get(reverse("home")).status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_a_password_the_administrator_sets_ends_the_users_api_tokens_and_sessions(world, client):
    browser = logged_in(type(client)(), "manajer")
    AuthToken.objects.create(user=world.manajer)
    client.force_login(world.admin)

    response = client.post(
        f"/admin/accounts/user/{world.manajer.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "set_usable_password": "true"},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert not AuthToken.objects.filter(user=world.manajer).exists()
    assert browser.get(reverse("home")).status_code == 302
    assert client.get("/admin/").status_code == 200
