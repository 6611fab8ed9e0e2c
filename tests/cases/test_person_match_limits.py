"""Search before create ("is this person known in another case?") is a probe of who is known to
the unit: it is rate limited per user, the head hears of heavy use, and the audit trail keeps a
keyed hash of what was probed (the blind index), never the term."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from cases.models import Person
from tests.factories import PersonFactory
from uptdppa.accounts.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limits(settings, monkeypatch):  # type: ignore[no-untyped-def]
    settings.PERSON_MATCH_LIMIT = 30
    settings.PERSON_MATCH_WINDOW_SECONDS = 600
    settings.PERSON_MATCH_ALERT_AT = 30
    # A fixed clock in the middle of a window: the test never straddles two windows.
    monkeypatch.setattr("uptdppa.ratelimit.now", lambda: 1_800_000_300.0)


def page_url(case: object) -> str:
    return reverse("cases:person-matches", args=[case.code])  # type: ignore[attr-defined]


def api_url(case: object) -> str:
    return f"/api/v1/cases/{case.code}/people/matches/"  # type: ignore[attr-defined]


def test_the_31st_search_on_the_page_is_refused_with_a_message_in_indonesian(world, client):
    client.force_login(world.manajer)
    answers = [
        client.get(page_url(world.case_a), {"nik": f"157101570810{i:04d}"}, HTTP_HX_REQUEST="true").status_code
        for i in range(31)
    ]
    assert answers == [200] * 30 + [429]
    refused = client.get(page_url(world.case_a), {"nik": "1571015708100001"}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Terlalu banyak pencarian" in refused.content.decode()


def test_the_31st_search_through_the_api_is_refused(world, client):
    client.force_login(world.manajer)
    answers = [client.get(api_url(world.case_a), {"name": f"Nama{i}"}).status_code for i in range(31)]
    assert answers == [200] * 30 + [429]
    refused = client.get(api_url(world.case_a), {"name": "Putri"})
    body = refused.json()
    assert int(refused["Retry-After"]) > 0
    assert body["code"] == "throttled" and "Terlalu banyak pencarian" in body["detail"]


def test_the_page_and_the_api_share_one_count_per_user(world, client):
    client.force_login(world.manajer)
    for i in range(30):
        assert client.get(page_url(world.case_a), {"nik": f"157101570810{i:04d}"}).status_code == 200
    assert client.get(api_url(world.case_a), {"name": "Putri"}).status_code == 429
    client.force_login(world.kepala)  # another user has a count of their own
    assert client.get(api_url(world.case_a), {"name": "Putri"}).status_code == 200


def test_htmx_swaps_the_refusal_into_the_page(world, client):
    client.force_login(world.manajer)
    html = client.get(reverse("cases:person-add", args=[world.case_a.code])).content.decode()
    assert '{"code":"429","swap":true' in html.replace(" ", "")


def test_the_head_is_notified_once_when_a_user_crosses_the_alert_threshold(world, client):
    earlier = list(Notification.objects.values_list("pk", flat=True))  # the world's team notifications
    client.force_login(world.manajer)
    for i in range(45):
        client.get(api_url(world.case_a), {"name": f"Nama{i}"})
    new = Notification.objects.exclude(pk__in=earlier)
    assert new.count() == 1
    note = new.get()
    assert note.recipient == world.kepala
    assert note.params["user"] == str(world.manajer.code) and note.params["count"] == 30
    assert "manajer" not in note.text and note.link.startswith(reverse("accounts:audit"))


def test_the_audit_entry_holds_the_blind_index_of_each_term_and_never_the_term(world, client):
    person = PersonFactory(case=world.case_b, full_name="Wulan Ramadhani")
    client.force_login(world.manajer)
    nik = " ".join([person.nik[:4], person.nik[4:]])  # typed with a space: normalised like the matching
    client.get(page_url(world.case_a), {"nik": nik, "full_name": person.full_name})
    entry = LogEntry.objects.filter(object_pk=str(world.case_a.pk), additional_data__search="person_match").latest("pk")
    terms = entry.additional_data["terms"]
    stored = Person.objects.values("nik_index", "name_index").get(pk=person.pk)
    assert terms["nik"] == stored["nik_index"]
    assert terms["name"] == stored["name_index"]
    text = str(entry.additional_data)
    assert person.nik not in text and person.nik[:8] not in text
    assert "wulan" not in text.lower() and "ramadhani" not in text.lower()
