"""The liaison's answers that cannot be undone ask first (phone walk by the liaison): the
referral's page links to a page of their own for declining and completing, whose GET only shows
what will happen, the form and a clearly labelled confirmation, and whose POST does it (the
service still decides). After a mistake the page opens on the form (the form posts to
``…#<form id>``) and says so at its top; and the error summary of a form with a file input says
the files must be chosen again."""

# ruff: noqa: F811 - the fixtures imported from test_pages come back as test arguments
from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from referrals.forms import ActionForm, DeclineForm
from referrals.models import Referral, ReferralStatus
from referrals.services import referral_accept
from tests.referrals.test_pages import (  # noqa: F401 - fixtures
    dinsos,
    draft,
    messages_of,
    sent,
    text_of,
    victim,
)

pytestmark = pytest.mark.django_db

DONE = {"outcome_code": "service_provided"}
OTHER = {"reason_code": "other"}


def status_of(referral: Referral) -> str:
    referral.refresh_from_db()
    return referral.status


def test_decline_is_a_link_to_a_page_that_asks_and_only_the_confirmed_post_declines(client, world, sent):
    client.force_login(world.penghubung)
    detail = text_of(client.get(reverse("referrals:inbox-detail", args=[sent.code])))
    decline_url = reverse("referrals:decline", args=[sent.code])
    assert f'href="{decline_url}"' in detail and 'id="decline-link"' in detail
    assert 'id="decline-form"' not in detail  # no one-tap decline on the referral's page

    response = client.get(decline_url)  # the button's target
    assert response.status_code == 200 and status_of(sent) == ReferralStatus.SENT
    body = text_of(response)
    assert "Ya, tolak rujukan ini" in body and "tidak dapat dibatalkan" in body
    assert f'action="{decline_url}#decline-form"' in body and 'id="decline-form"' in body
    assert 'id="answer-cancel"' in body and reverse("referrals:inbox-detail", args=[sent.code]) in body

    response = client.post(decline_url, {**OTHER, "reason": "Di luar kewenangan kami."})
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:inbox-detail", args=[sent.code]) + "#main-content"
    assert status_of(sent) == ReferralStatus.DECLINED


def test_a_decline_refused_by_the_service_shows_its_page_again_with_the_form_as_typed(client, world, sent):
    client.force_login(world.penghubung)
    response = client.post(reverse("referrals:decline", args=[sent.code]), {**OTHER, "reason": ""})
    assert response.status_code == 200 and status_of(sent) == ReferralStatus.SENT
    assert "reason" in response.context["decline_form"].errors
    body = text_of(response)
    assert "Ya, tolak rujukan ini" in body and 'id="form-errors"' in body
    assert body.index('id="form-errors"') > body.index('id="decline-form"')  # in the form the page opens on


def test_the_decline_page_of_a_referral_already_answered_sends_back_to_it(client, world, sent):
    referral_accept(actor=world.penghubung, referral=sent)
    client.force_login(world.penghubung)
    response = client.get(reverse("referrals:decline", args=[sent.code]), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("referrals:inbox-detail", args=[sent.code]))
    assert messages_of(response) and status_of(sent) == ReferralStatus.ACCEPTED


def test_complete_is_a_link_to_a_page_that_asks_and_only_the_confirmed_post_completes(client, world, sent):
    referral_accept(actor=world.penghubung, referral=sent)
    client.force_login(world.penghubung)
    detail = text_of(client.get(reverse("referrals:inbox-detail", args=[sent.code])))
    complete_url = reverse("referrals:complete", args=[sent.code])
    assert f'href="{complete_url}"' in detail and 'id="complete-form"' not in detail

    response = client.get(complete_url)
    assert response.status_code == 200 and status_of(sent) == ReferralStatus.ACCEPTED
    body = text_of(response)
    assert "Ya, selesaikan rujukan ini" in body and f'action="{complete_url}#complete-form"' in body

    assert client.post(complete_url, {**DONE, "outcome": ""}).status_code == 200
    assert status_of(sent) == ReferralStatus.ACCEPTED
    assert client.post(complete_url, {**DONE, "outcome": "Selesai ditangani."}).status_code == 302
    assert status_of(sent) == ReferralStatus.COMPLETED
    # completed: the page is gone from the referral, and its address sends back to it
    response = client.get(complete_url)
    assert response.status_code == 302 and "complete-link" not in text_of(client.get(response["Location"]))


def test_other_users_do_not_reach_the_pages(client, world, sent):
    for user in (world.manajer, world.kepala):
        client.force_login(user)
        assert client.get(reverse("referrals:decline", args=[sent.code])).status_code == 404
        assert client.get(reverse("referrals:complete", args=[sent.code])).status_code == 404


def test_an_action_with_a_mistake_opens_on_the_form_and_says_so_at_the_top(client, world, sent):
    referral_accept(actor=world.penghubung, referral=sent)
    client.force_login(world.penghubung)
    action_url = reverse("referrals:action-add", args=[sent.code])
    detail = text_of(client.get(reverse("referrals:inbox-detail", args=[sent.code])))
    assert f'action="{action_url}#action-form"' in detail and "action-errors-summary" not in detail

    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(action_url, {"date": tomorrow, "action": "Kunjungan rumah"})
    assert response.status_code == 200 and "date" in response.context["action_form"].errors
    body = text_of(response)
    summary = body.index('id="action-errors-summary"')
    assert summary < body.index('id="victims-heading"')  # near the top, before the referral's facts
    assert 'href="#action-form"' in body[summary : summary + 600]
    assert f'action="{action_url}#action-form"' in body  # the page shown again opens on the form

    response = client.post(action_url, {"date": timezone.localdate().isoformat(), "action": "Kunjungan rumah"})
    assert response.status_code == 302
    # the redirect names its own fragment: the browser would keep "#action-form" otherwise
    assert response["Location"] == reverse("referrals:inbox-detail", args=[sent.code]) + "#main-content"


def test_the_error_summary_asks_to_choose_the_files_again_only_on_a_form_with_a_file_input(client, world, sent):
    referral_accept(actor=world.penghubung, referral=sent)
    client.force_login(world.penghubung)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    upload = SimpleUploadedFile("laporan.pdf", b"%PDF-1.4\n", content_type="application/pdf")
    response = client.post(
        reverse("referrals:action-add", args=[sent.code]), {"date": tomorrow, "action": "x", "files": upload}
    )
    body = text_of(response)
    assert "Pilih ulang berkas yang akan diunggah." in body
    assert "Pilih ulang berkas" in body[body.index('id="form-errors"') :][:600]
    assert gettext("Choose the files to upload again.") == "Pilih ulang berkas yang akan diunggah."

    response = client.post(reverse("referrals:complete", args=[sent.code]), {**DONE, "outcome": ""})
    assert 'id="form-errors"' in text_of(response) and "Pilih ulang berkas" not in text_of(response)


def test_the_file_sentence_follows_the_form_not_the_page():
    with_files = ActionForm(data={"date": ""}, files={})
    without = DeclineForm(data={"reason_code": "nonsense"})
    assert with_files.is_multipart() and not with_files.is_valid()
    assert not without.is_multipart() and not without.is_valid()
    assert "form-errors-files" in render_to_string("cases/forms/form_errors.html", {"form": with_files})
    assert "form-errors-files" not in render_to_string("cases/forms/form_errors.html", {"form": without})
