"""A complaint with the honeypot filled in does the work of a real one and throws it away: a bot
cannot tell the trap by the answer or by its time (a random receipt alone answered about 20 times
faster than a real complaint, whose PIN is hashed with Argon2 and whose rows are written). Proved
without a stopwatch: both paths run the same service and the same PIN hashing, and the trap
keeps nothing, not even an e-mail queued on commit."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cases.models import Case, Person
from cases.selectors import public_status_lookup
from cases.services import intake as intake_services
from tests.cases.test_public import API_URL, FORM_URL, api_data, complaint_data, online
from uptdppa.accounts.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls(monkeypatch) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """How often the costly steps of a complaint ran: the service, and the PIN's Argon2 hash."""
    counted = {"intake_submit_public": 0, "make_password": 0}

    def counting(module: Any, name: str) -> None:
        original = getattr(module, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            counted[name] += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    counting(intake_services, "make_password")
    import cases.public

    counting(cases.public, "intake_submit_public")
    return counted


def send(client: Client, channel: str, **overrides: Any) -> tuple[int, str, str]:
    """A complaint through the page or the JSON endpoint: status, tracking code, PIN."""
    if channel == "page":
        response = client.post(FORM_URL, complaint_data(**overrides), REMOTE_ADDR="203.0.113.50", follow=True)
        return response.status_code, response.context["tracking_code"], response.context["pin"]
    response = client.post(API_URL, api_data(**overrides), content_type="application/json", REMOTE_ADDR="203.0.113.50")
    body = response.json()
    return response.status_code, body["tracking_code"], body["pin"]


@pytest.mark.parametrize("channel", ["page", "api"])
def test_the_trap_runs_the_same_costly_steps_as_a_real_complaint(
    world, client, calls, channel, django_capture_on_commit_callbacks
):
    notifications = Notification.objects.count()
    with django_capture_on_commit_callbacks() as trapped:
        status, code, pin = send(client, channel, website="http://spam.example")
    trap_calls = dict(calls)
    assert trap_calls == {"intake_submit_public": 1, "make_password": 1}
    assert not online().exists() and not Case.objects.filter(tracking_code=code).exists()
    assert Notification.objects.count() == notifications
    assert not Person.objects.filter(case__tracking_code=code).exists()
    assert trapped == []  # no e-mail queued for a complaint that was never kept
    assert public_status_lookup(tracking_code=code, pin=pin) is None

    with django_capture_on_commit_callbacks() as real:
        real_status, real_code, _ = send(client, channel)
    assert {name: calls[name] - trap_calls[name] for name in calls} == trap_calls
    assert real_status == status and len(real_code) == len(code) and real
    assert online().get().tracking_code == real_code


def test_the_trap_with_bad_input_answers_like_a_real_complaint_with_bad_input(world, client, calls):
    trapped = client.post(FORM_URL, complaint_data(chronology="", website="x"), REMOTE_ADDR="203.0.113.51")
    real = client.post(FORM_URL, complaint_data(chronology=""), REMOTE_ADDR="203.0.113.52")
    assert trapped.status_code == real.status_code == 200
    assert trapped.context["form"].errors == real.context["form"].errors
    assert "chronology" in real.context["form"].errors
    assert calls["intake_submit_public"] == 0 and not online().exists()
