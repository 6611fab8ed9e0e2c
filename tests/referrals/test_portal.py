"""The liaison's portal (issue 5): the inbox by tab with its counts and a fixed number of
queries, a referral with the shared facts only, the answers and the action log, the home page's
counts; a liaison of another organisation sees nothing; and the victim's unshared identity never
reaches the liaison's pages or the letter."""

# ruff: noqa: F811 - the fixtures imported from test_pages come back as test arguments
from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from referrals.models import Referral, ReferralStatus
from referrals.services import referral_accept, referral_action_add, referral_complete, referral_send
from tests.conftest import max_queries
from tests.referrals.test_pages import (  # noqa: F401 - fixtures
    FULL_NAME,
    NIK,
    PHONE,
    dinsos,
    draft,
    give_consent,
    make_draft,
    outsider_liaison,
    rsud,
    sent,
    victim,
)

pytestmark = pytest.mark.django_db
DONE = {"outcome_code": "service_provided"}  # the outcome as a code (issue 18)
OTHER = {"reason_code": "other"}  # the decline reason as a code (issue 18)


def body_of(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def make_sent(world: Any, victim: Any, organisation: Any, count: int) -> list[Referral]:
    give_consent(world, victim)
    return [referral_send(actor=world.manajer, referral=make_draft(world, victim, organisation)) for _ in range(count)]


def test_the_inbox_shows_new_referrals_first_with_the_count_of_each_tab(client, world, victim, dinsos):
    first, second, third = make_sent(world, victim, dinsos, 3)
    referral_accept(actor=world.penghubung, referral=second)
    Referral.objects.filter(pk=third.pk).update(due_on=timezone.localdate() - timedelta(days=2))
    client.force_login(world.penghubung)
    response = client.get(reverse("referrals:inbox"))
    body = body_of(response)
    counts = {tab["box"]: tab["count"] for tab in response.context["tabs"]}
    assert counts == {"new": 2, "overdue": 1, "in_progress": 1, "closed": 0, "all": 3}
    assert response.context["box"] == "new"
    one, two, three = (str(referral.letter_number) for referral in (first, second, third))
    assert one in body and three in body and two not in body
    assert "M.K.W." in body  # the shared initials
    overdue = body_of(client.get(reverse("referrals:inbox") + "?box=overdue"))
    assert three in overdue and one not in overdue
    every = body_of(client.get(reverse("referrals:inbox") + "?box=all"))
    assert one in every and two in every and three in every
    assert body_of(client.get(reverse("referrals:inbox") + "?box=nonsense"))  # falls back to "new"


def test_the_inbox_queries_do_not_grow_with_its_size(client, world, victim, dinsos):
    make_sent(world, victim, dinsos, 2)
    client.force_login(world.penghubung)
    url = reverse("referrals:inbox") + "?box=all"
    client.get(url)  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as small:
        body_of(client.get(url))
    make_sent(world, victim, dinsos, 28)
    with max_queries(len(small.captured_queries)):
        response = client.get(url)
    assert len(response.context["rows"]) == 25  # one page
    with max_queries(len(small.captured_queries)):
        body_of(client.get(url + "&page=2"))


def test_the_liaison_home_page_counts_the_inbox_and_the_menu_has_it(client, world, sent):
    client.force_login(world.penghubung)
    response = client.get(reverse("home"))
    body = body_of(response)
    assert response.context["inbox_counts"] == {"new": 1, "overdue": 0, "in_progress": 0}
    assert 'id="inbox-counts"' in body
    assert reverse("referrals:inbox") in [item["url"] for item in response.context["nav_items"]]
    client.force_login(world.manajer)
    assert reverse("referrals:inbox") not in [item["url"] for item in client.get(reverse("home")).context["nav_items"]]


def test_the_referral_page_shows_the_shared_facts_and_not_the_senders_notes(client, world, sent):
    client.force_login(world.penghubung)
    body = body_of(client.get(reverse("referrals:inbox-detail", args=[sent.code])))
    assert "M.K.W." in body and "Anak perlu pendampingan sosial di rumah." in body
    assert sent.letter_number in body
    assert "Alasan internal" not in body  # the reason is the sender's
    assert world.manajer.display_name not in body  # nor who drafted and sent it
    assert str(world.case_a.code) not in body and world.case_a.label not in body
    assert 'id="accept-form"' in body and 'id="decline-link"' in body  # declining asks on a page of its own
    assert 'id="action-form"' not in body  # not before accepting


def test_after_accepting_the_liaison_logs_actions_and_completes(client, world, sent):
    referral_accept(actor=world.penghubung, referral=sent)
    client.force_login(world.penghubung)
    url = reverse("referrals:inbox-detail", args=[sent.code])
    body = body_of(client.get(url))
    assert 'id="accept-form"' not in body and 'id="action-form"' in body and 'id="complete-link"' in body
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        reverse("referrals:action-add", args=[sent.code]),
        {"date": tomorrow, "action": "Kunjungan rumah", "notes": "Catatan yang diketik."},
    )
    body = body_of(response)  # the form again, with what was typed
    assert "date" in response.context["action_form"].errors
    assert "Kunjungan rumah" in body and "Catatan yang diketik." in body
    client.post(
        reverse("referrals:action-add", args=[sent.code]),
        {"date": timezone.localdate().isoformat(), "action": "Kunjungan rumah", "notes": "Catatan."},
    )
    sent.refresh_from_db()
    assert sent.status == ReferralStatus.IN_PROGRESS
    response = client.post(reverse("referrals:complete", args=[sent.code]), {**DONE, "outcome": ""})
    assert "outcome" in response.context["complete_form"].errors
    client.post(
        reverse("referrals:complete", args=[sent.code]),
        {**DONE, "outcome": "Selesai ditangani."},
    )
    sent.refresh_from_db()
    assert sent.status == ReferralStatus.COMPLETED
    body = body_of(client.get(url))
    assert "Selesai ditangani." in body and "Kunjungan rumah" in body
    assert 'id="complete-link"' not in body and 'id="action-form"' not in body


def test_a_liaison_of_another_organisation_sees_nothing_of_it(client, world, sent, outsider_liaison):
    client.force_login(outsider_liaison)
    assert client.get(reverse("referrals:inbox-detail", args=[sent.code])).status_code == 404
    assert client.get(reverse("referrals:letter", args=[sent.code])).status_code == 404
    assert client.get(reverse("referrals:detail", args=[sent.code])).status_code == 404
    for name, data in (
        ("referrals:accept", {}),
        ("referrals:decline", {**OTHER, "reason": "x"}),
        ("referrals:action-add", {"date": timezone.localdate().isoformat(), "action": "x"}),
        ("referrals:complete", {**DONE, "outcome": "x"}),
    ):
        assert client.post(reverse(name, args=[sent.code]), data).status_code == 404, name
    response = client.get(reverse("referrals:inbox") + "?box=all")
    assert response.context["rows"] == [] and sent.letter_number not in body_of(response)
    sent.refresh_from_db()
    assert sent.status == ReferralStatus.SENT


def test_a_draft_is_not_in_the_inbox(client, world, draft):
    client.force_login(world.penghubung)
    assert client.get(reverse("referrals:inbox-detail", args=[draft.code])).status_code == 404
    assert client.get(reverse("referrals:letter", args=[draft.code])).status_code == 404


def test_the_unshared_identity_never_reaches_the_liaison_pages_or_the_letter(client, world, victim, sent):
    referral_accept(actor=world.penghubung, referral=sent)
    referral_action_add(actor=world.penghubung, referral=sent, date=timezone.localdate(), action="Asesmen")
    client.force_login(world.penghubung)
    pages = [
        body_of(client.get(reverse("home"))),
        *(body_of(client.get(reverse("referrals:inbox") + f"?box={box}")) for box in ("new", "in_progress", "all")),
        body_of(client.get(reverse("referrals:inbox-detail", args=[sent.code]))),
    ]
    referral_complete(actor=world.penghubung, referral=sent, **DONE, outcome="Selesai.")
    pages.append(body_of(client.get(reverse("referrals:inbox-detail", args=[sent.code]))))
    pages.append(body_of(client.get(reverse("referrals:inbox") + "?box=closed")))
    letter = client.get(reverse("referrals:letter", args=[sent.code]))
    pdf = PdfReader(io.BytesIO(b"".join(letter.streaming_content)))
    letter_text = " ".join(page.extract_text() for page in pdf.pages)
    assert "M.K.W." in letter_text and sent.letter_number in letter_text  # the extraction works
    other_victim = world.case_a.people.exclude(pk=victim.pk).first()
    secrets = [FULL_NAME, "Melati", NIK, PHONE, "+6281234567890", "812 3456", other_victim.full_name, other_victim.nik]
    for text in [*pages, letter_text]:
        for secret in secrets:
            assert secret not in text, secret
