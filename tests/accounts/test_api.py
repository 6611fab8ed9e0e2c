"""API authentication: hashed expiring tokens, MFA codes, lockout, JSON errors in Indonesian."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken

from tests.conftest import PASSWORD, totp_code
from uptdppa.accounts.mfa import mfa_missing

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"


def obtain(client, username, password=PASSWORD, **extra):
    return client.post(
        TOKEN_URL, {"username": username, "password": password, **extra}, content_type="application/json"
    )


def auth(token):
    return {"HTTP_AUTHORIZATION": f"Token {token}"}


def test_a_token_is_issued_for_good_credentials_and_works(world, client):
    response = obtain(client, "manajer")
    assert response.status_code == 201
    body = response.json()
    assert body["user"]["role"] == "manajer_kasus" and body["user"]["organisation"] == "UPTD PPA Kota Jambi"
    me = client.get("/api/v1/me/", **auth(body["token"]))
    assert me.status_code == 200 and me.json()["username"] == "manajer"


def test_only_a_digest_of_the_token_is_stored(world, client):
    token = obtain(client, "manajer").json()["token"]
    stored = AuthToken.objects.get(user=world.manajer)
    assert token not in (stored.digest, stored.token_key)


def test_a_token_expires(world, client, time_machine):
    token = obtain(client, "manajer").json()["token"]
    time_machine.move_to(timezone.now() + settings.REST_KNOX["TOKEN_TTL"] + timedelta(minutes=1))
    response = client.get("/api/v1/me/", **auth(token))
    assert response.status_code == 401
    assert response.json()["code"] in ("authentication_failed", "not_authenticated")


def test_a_revoked_token_no_longer_works(world, client):
    token = obtain(client, "manajer").json()["token"]
    assert client.post("/api/v1/auth/token/revoke/", **auth(token)).status_code == 204
    assert client.get("/api/v1/me/", **auth(token)).status_code == 401


def test_bad_credentials_get_a_json_error_in_indonesian(world, client):
    response = obtain(client, "manajer", "salah-sekali")
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Nama pengguna atau kata sandi salah, atau akun terkunci.",
        "code": "authentication_failed",
    }


def test_english_is_available_on_request(world, client):
    response = client.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code in (401, 403)
    assert response.json()["detail"] == "Authentication credentials were not provided."
    assert client.get("/api/v1/me/").json()["detail"] == "Data autentikasi tidak diberikan."


def test_missing_fields_are_named(world, client):
    response = client.post(TOKEN_URL, {}, content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and set(body["errors"]) == {"username", "password"}
    assert body["errors"]["username"] == ["Bidang ini harus diisi."]


def test_the_api_locks_out_after_five_failures(world, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        obtain(client, "manajer", "salah-sekali")
    response = obtain(client, "manajer")
    assert response.status_code == 429
    assert "30 menit" in response.json()["detail"]


def test_a_user_with_totp_must_send_a_valid_code(world, client):
    secret = generate_totp_secret()
    TOTP.activate(world.manajer, secret)
    assert obtain(client, "manajer").status_code == 401
    assert obtain(client, "manajer", otp="123456").status_code == 401
    assert obtain(client, "manajer", otp=totp_code(secret)).status_code == 201


def test_a_used_totp_code_cannot_be_replayed(world, client):
    secret = generate_totp_secret()
    TOTP.activate(world.manajer, secret)
    code = totp_code(secret)
    assert obtain(client, "manajer", otp=code).status_code == 201
    assert obtain(client, "manajer", otp=code).status_code == 401


def test_without_totp_no_token_when_mfa_is_required(world, client, settings):
    settings.MFA_REQUIRED = True
    response = obtain(client, "manajer")
    assert response.status_code == 403
    assert "dua faktor" in response.json()["detail"]


def test_a_deactivated_user_gets_no_token(world, client):
    world.manajer.is_active = False
    world.manajer.save()
    assert obtain(client, "manajer").status_code == 401


def test_unknown_api_urls_answer_json_404(world, client):
    token = obtain(client, "manajer").json()["token"]
    response = client.get("/api/v1/cases/not-a-uuid/", **auth(token))
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Data tidak ditemukan.", "code": "not_found"}


def test_schema_and_docs_are_served_without_a_cdn(world, client):
    client.force_login(world.operator)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/v1/auth/token/" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "cdn" not in docs.lower() and "/static/drf_spectacular_sidecar/" in docs


def test_schema_needs_a_login_or_a_token(world, client):
    assert client.get("/api/schema/").status_code == 404  # as if it did not exist (ApiDocsReaders)
    token = obtain(client, "operator").json()["token"]
    assert client.get("/api/schema/", **auth(token)).status_code == 200


def test_an_unknown_api_address_answers_json(db, client):
    response = client.get("/api/v1/tidak-ada/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Data tidak ditemukan.", "code": "not_found"}


def test_a_browser_session_without_required_mfa_cannot_use_the_api(world, client, settings):
    settings.MFA_REQUIRED = True
    client.force_login(world.manajer)
    response = client.get(f"/api/v1/cases/{world.case_a.code}/")
    assert response.status_code == 403 and response.json()["code"] == "mfa_required"


@pytest.mark.parametrize("required", [True, False])
@pytest.mark.parametrize("with_totp", [True, False])
def test_the_pages_the_api_session_and_the_token_endpoint_all_follow_mfa_missing(
    world, client, settings, required, with_totp
):
    settings.MFA_REQUIRED = required
    secret = generate_totp_secret()
    if with_totp:
        TOTP.activate(world.manajer, secret)
    missing = mfa_missing(world.manajer)
    assert missing == (required and not with_totp)
    token = obtain(client, "manajer", otp=totp_code(secret) if with_totp else "")
    assert token.status_code == (403 if missing else 201)
    client.force_login(world.manajer)
    assert client.get(reverse("home")).status_code == (302 if missing else 200)
    assert client.get("/api/v1/me/").status_code == (403 if missing else 200)


def test_wrong_codes_through_the_api_count_towards_the_lockout(world, client):
    secret = generate_totp_secret()
    TOTP.activate(world.manajer, secret)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert obtain(client, "manajer", otp="000000").status_code in (401, 429)
    assert obtain(client, "manajer", otp=totp_code(secret)).status_code == 429


def test_a_user_holds_at_most_the_allowed_number_of_tokens(world, client):
    limit = settings.REST_KNOX["TOKEN_LIMIT_PER_USER"]
    tokens = [obtain(client, "manajer").json()["token"] for _ in range(limit)]
    refused = obtain(client, "manajer")
    assert refused.status_code == 403 and "token" in refused.json()["detail"].lower()
    client.post("/api/v1/auth/token/revoke/", **auth(tokens[0]))
    assert obtain(client, "manajer").status_code == 201


def test_a_forged_forwarded_for_header_does_not_escape_the_throttle(world, client):
    body = {"username": "nobody", "password": "x"}
    statuses = [
        client.post(TOKEN_URL, body, content_type="application/json", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}").status_code
        for i in range(12)
    ]
    assert 429 in statuses
