"""A look-up refused as outside the user's scope (404) is written to the audit trail with the
actor, the type and the code asked for and the client address, exactly as a code that does not
exist; the head of the unit sees who is refused often and is notified once a day per user."""

from __future__ import annotations

import uuid

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from cases.services.registry import case_mark_simfoni_entered
from uptdppa.accounts.models import Notification

pytestmark = pytest.mark.django_db


def refusals_of(user: object) -> list[dict[str, str]]:
    entries = LogEntry.objects.filter(actor=user, additional_data__has_key="refused").order_by("pk")
    return [entry.additional_data for entry in entries]


def test_an_out_of_scope_case_read_by_a_case_manager_is_refused_and_logged_with_its_code(world, client):
    client.force_login(world.manajer)  # on the team of case_a, not of case_b
    response = client.get(reverse("cases:detail", args=[world.case_b.code]), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 404
    assert refusals_of(world.manajer) == [{"refused": "case", "code": str(world.case_b.code)}]
    entry = LogEntry.objects.filter(actor=world.manajer, additional_data__has_key="refused").get()
    assert entry.action == LogEntry.Action.ACCESS and entry.remote_addr == "10.1.2.3"
    assert world.case_b.register_number not in entry.object_repr
    assert not LogEntry.objects.filter(object_pk=str(world.case_b.pk), actor=world.manajer).exists()


def test_a_code_that_does_not_exist_is_logged_the_same_way(world, client):
    missing = uuid.uuid4()
    client.force_login(world.manajer)
    assert client.get(reverse("cases:detail", args=[missing])).status_code == 404
    assert refusals_of(world.manajer) == [{"refused": "case", "code": str(missing)}]


def test_refusals_through_the_api_are_logged_by_type(world, client):
    person = world.case_b.people.get()
    client.force_login(world.psikolog)
    assert client.get(f"/api/v1/cases/{world.case_b.code}/").status_code == 404
    assert client.patch(f"/api/v1/people/{person.code}/", {}, content_type="application/json").status_code == 404
    assert refusals_of(world.psikolog) == [
        {"refused": "case", "code": str(world.case_b.code)},
        {"refused": "person", "code": str(person.code)},
    ]


def test_a_read_inside_the_scope_is_no_refusal(world, client):
    client.force_login(world.manajer)
    assert client.get(reverse("cases:detail", args=[world.case_a.code])).status_code == 200
    assert refusals_of(world.manajer) == []


def test_the_head_sees_a_user_after_n_refusals_and_is_notified_once(world, client, settings):
    settings.REFUSED_LOOKUP_ALERT_AT = 3
    earlier = list(Notification.objects.values_list("pk", flat=True))
    client.force_login(world.psikolog)
    client.get(reverse("cases:detail", args=[uuid.uuid4()]))  # one refusal: below the threshold
    client.force_login(world.manajer)
    for _ in range(5):
        assert client.get(reverse("cases:detail", args=[uuid.uuid4()])).status_code == 404

    new = Notification.objects.exclude(pk__in=earlier)
    assert new.count() == 1
    note = new.get()
    assert note.recipient == world.kepala and note.params == {"user": str(world.manajer.code), "count": 3}

    client.force_login(world.kepala)
    page = client.get(reverse("accounts:audit"))
    section = page.content.decode().split('id="refusals-heading"')[1].split("</section>")[0]
    assert "manajer" in section and "psikolog" not in section
    assert note.link.replace("&", "&amp;") in section
    assert [(user.username, count) for user, count, _link in page.context["refusals"]] == [("manajer", 5)]


def test_a_person_of_another_case_asked_for_under_a_visible_case_is_a_refusal(world, client):
    stranger = world.case_b.people.get()
    client.force_login(world.manajer)
    url = reverse("cases:person-edit", args=[world.case_a.code, stranger.code])
    assert client.get(url).status_code == 404
    assert refusals_of(world.manajer) == [{"refused": "person", "code": str(stranger.code)}]


def test_a_helper_given_a_fetched_case_logs_the_token_client_of_the_request(world, client):
    from knox.models import AuthToken

    _token, key = AuthToken.objects.create(world.kepala)
    missing = uuid.uuid4()
    response = client.delete(f"/api/v1/cases/{world.case_a.code}/team/{missing}/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 404
    assert refusals_of(world.kepala) == [{"refused": "team_member", "code": str(missing)}]


def test_the_audit_trail_names_changed_fields_by_their_labels_not_their_columns(world, client):
    case_mark_simfoni_entered(actor=world.operator, case=world.case_a, simfoni_number="SIM-2026-0001")
    client.force_login(world.dpo)
    page = client.get(reverse("accounts:audit")).content.decode()
    assert "dicatat di SIMFONI pada" in page and "simfoni_entered_at" not in page
