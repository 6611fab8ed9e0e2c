"""Browser login: allauth + axes lockout + MFA enforcement + idle sessions + headers."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD, totp_code

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def login(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"login": username, "password": password}, **extra)


def test_a_user_logs_in_and_lands_on_the_home_page_of_the_role(world, client):
    response = login(client, "manajer", follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert response.context["user"] == world.manajer
    assert "Manajer kasus" in response.content.decode()


def test_a_wrong_password_is_refused_with_an_indonesian_message(world, client):
    response = login(client, "manajer", "salah-sekali")
    assert response.status_code == 200
    assert "kata sandi yang anda masukkan tidak benar" in response.content.decode()
    assert response.context["form"]["login"].value() == "manajer"  # what was typed stays


def test_five_failures_lock_the_account_for_thirty_minutes(world, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "manajer", "salah-sekali")
    response = login(client, "manajer")  # even the right password is refused now
    assert response.status_code == 429
    assert "30 menit" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60


def test_the_lockout_ends_after_the_cool_off(world, client, time_machine):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "manajer", "salah-sekali")
    time_machine.move_to(timezone.now() + timedelta(minutes=31))
    assert login(client, "manajer").status_code == 302


def test_a_lockout_of_one_user_does_not_lock_another(world, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "manajer", "salah-sekali")
    assert login(client, "manajer").status_code == 429  # the lockout did happen
    assert login(client, "psikolog").status_code == 302


def test_a_deactivated_user_cannot_log_in(world, client):
    world.manajer.is_active = False
    world.manajer.save()
    response = login(client, "manajer")
    assert not response.wsgi_request.user.is_authenticated


def test_signup_is_closed(client, db):
    response = client.get("/accounts/signup/")
    assert response.status_code in (200, 404)
    assert 'name="password1"' not in response.content.decode()


def test_mfa_is_enforced_when_required(world, client, settings):
    settings.MFA_REQUIRED = True
    login(client, "manajer")
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    assert client.get(reverse("cases:detail", args=[world.case_a.code]))["Location"] == reverse("mfa_activate_totp")
    # Setting it up is allowed, after confirming the password again (allauth's reauthentication).
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(reverse("account_reauthenticate"))
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_mfa_is_not_enforced_in_the_demo(world, client, settings):
    settings.MFA_REQUIRED = False
    client.force_login(world.manajer)
    assert client.get(reverse("home")).status_code == 200


def test_a_user_with_totp_needs_the_code_to_log_in(world, client, settings):
    settings.MFA_REQUIRED = True
    secret = generate_totp_secret()
    TOTP.activate(world.manajer, secret)
    response = login(client, "manajer")
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert not response.wsgi_request.user.is_authenticated
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_totp_secrets_are_stored_encrypted(world):
    secret = generate_totp_secret()
    TOTP.activate(world.manajer, secret)
    stored = Authenticator.objects.get(user=world.manajer).data["secret"]
    assert stored != secret and stored.startswith("gAAAAA")


def test_sessions_end_after_thirty_idle_minutes(world, client, time_machine):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client.force_login(world.manajer)
    time_machine.move_to(timezone.now() + timedelta(minutes=20))
    assert client.get(reverse("home")).status_code == 200  # activity renews the session
    time_machine.move_to(timezone.now() + timedelta(minutes=25))
    assert client.get(reverse("home")).status_code == 200
    time_machine.move_to(timezone.now() + timedelta(minutes=31))
    assert client.get(reverse("home")).status_code == 302


def test_activity_renews_the_session_once_a_minute_not_on_every_request(world, client, time_machine):
    client.force_login(world.manajer)

    def session_writes() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home")).status_code == 200
        return sum('UPDATE "django_session"' in q["sql"] for q in queries.captured_queries)

    assert session_writes() == 0  # the login renewed it
    time_machine.move_to(timezone.now() + timedelta(seconds=59))
    assert session_writes() == 0
    time_machine.move_to(timezone.now() + timedelta(seconds=2))
    assert session_writes() == 1  # renewed
    assert session_writes() == 0  # within the minute: no write
    # The renewal counts from the last one: 29 minutes later the session is still alive.
    time_machine.move_to(timezone.now() + timedelta(minutes=29, seconds=59))
    assert session_writes() == 1
    client.logout()
    with CaptureQueriesContext(connection) as queries:  # an anonymous visitor's session is not renewed
        assert client.get(reverse("home")).status_code == 302
    assert not [q for q in queries.captured_queries if 'UPDATE "django_session"' in q["sql"]]


def test_pages_carry_a_strict_content_security_policy(world, client):
    client.force_login(world.manajer)
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    html = response.content.decode()
    # Every script is a file; JSON data islands (type="application/json") are not executed.
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)
    assert inline == [] and "<style" not in html and " style=" not in html
    assert response["X-Frame-Options"] == "DENY"


def test_passwords_are_hashed_with_argon2_outside_tests():
    code = "import django;django.setup();from django.conf import settings;print(settings.PASSWORD_HASHERS[0])"
    env = {"DJANGO_SETTINGS_MODULE": "uptdppa.settings", "DJANGO_ENV": "development", "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, cwd=settings.BASE_DIR
    )
    assert out.stdout.strip() == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_five_wrong_codes_lock_the_account_like_five_wrong_passwords(world, client):
    secret = generate_totp_secret()
    TOTP.activate(world.manajer, secret)
    login(client, "manajer")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("mfa_authenticate"), {"code": "000000"})
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert not response.wsgi_request.user.is_authenticated
    assert client.get(reverse("home")).status_code == 302
    # Starting again from a fresh browser with the right password does not help either.
    assert login(type(client)(), "manajer").status_code == 429
