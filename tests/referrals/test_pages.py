"""Referral pages of the sender's side (issue 5): the referrals of a case, drafting with data
minimisation, the preview of the receiver's view, sending with the consent check and the head's
override, revoking, the letter download; the whole flow with the liaison's portal through the
test client, the illegal transitions refused with a message, and who gets a 404.

The fixtures here are imported by test_portal.py as well."""

from __future__ import annotations

import io
import re
import uuid
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from cases import urls as cases_urls
from cases.models import Case, CaseStatus, LegalBasis, PersonRole
from cases.services import consent_record, person_add
from cases.vocabularies import ServiceType, Sex, ViolenceForm
from referrals.forms import ReferralForm
from referrals.models import DEFAULT_SHARED_FIELDS, Referral, ReferralEventKind, ReferralStatus, ReferralUrgency
from referrals.selectors import shared_table, shared_victims
from referrals.services import (
    referral_accept,
    referral_complete,
    referral_create,
    referral_decline,
    referral_revoke,
    referral_send,
    shared_data_of,
)
from tests.conftest import World
from tests.factories import UserFactory
from uptdppa.accounts.models import Organisation, Role

FULL_NAME = "Melati Kusuma Wardani"
NIK = "1571015507150001"
PHONE = "081234567890"


@pytest.fixture
def dinsos(db: Any) -> Organisation:
    return Organisation.objects.get(name="Dinas Sosial Kota Jambi")


@pytest.fixture
def rsud(db: Any) -> Organisation:
    return Organisation.objects.get(name="RSUD H. Abdul Manap")


@pytest.fixture
def outsider_liaison(rsud: Organisation) -> Any:
    """A liaison of another organisation than the one the referrals go to."""
    return UserFactory(username="penghubung_rsud", role=Role.PENGHUBUNG_OPD, organisation=rsud)


@pytest.fixture
def victim(world: World) -> Any:
    return person_add(
        actor=world.manajer,
        case=world.case_a,
        role=PersonRole.VICTIM,
        full_name=FULL_NAME,
        nik=NIK,
        phone=PHONE,
        sex=Sex.PEREMPUAN,
        estimated_age=10,
        violence_forms=[ViolenceForm.FISIK, ViolenceForm.PSIKIS],
    ).person


def give_consent(world: World, victim: Any) -> None:
    consent_record(
        actor=world.manajer,
        victim=victim,
        basis=LegalBasis.CONSENT,
        given_on=timezone.localdate(),
        consent_given_by="Ibu korban",
    )


def make_draft(world: World, victim: Any, organisation: Organisation, **extra: Any) -> Referral:
    values: dict[str, Any] = {
        "actor": world.manajer,
        "case": world.case_a,
        "victims": [victim],
        "organisation": organisation,
        "services": [ServiceType.REHABILITASI_SOSIAL],
        "reason": "Alasan internal: ibu tidak mampu.",
        "shared_fields": list(DEFAULT_SHARED_FIELDS),
        "facts": "Anak perlu pendampingan sosial di rumah.",
    }
    return referral_create(**{**values, **extra})


@pytest.fixture
def draft(world: World, victim: Any, dinsos: Organisation) -> Referral:
    return make_draft(world, victim, dinsos)


@pytest.fixture
def sent(world: World, victim: Any, draft: Referral) -> Referral:
    give_consent(world, victim)
    return referral_send(actor=world.manajer, referral=draft)


pytestmark = pytest.mark.django_db
DONE = {"outcome_code": "service_provided"}  # the outcome as a code (issue 18)
OTHER = {"reason_code": "other"}  # the decline reason as a code (issue 18)


def page(client: Any, user: Any, url: str) -> Any:
    client.force_login(user)
    return client.get(url)


def text_of(response: Any) -> str:
    return response.content.decode()


def messages_of(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


# --- The referrals of a case and drafting ---------------------------------------------------


def test_the_case_referrals_page_lists_them_in_the_case_tabs_with_a_new_button(client, world, sent):
    response = page(client, world.manajer, reverse("referrals:case", args=[world.case_a.code]))
    assert response.status_code == 200
    body = text_of(response)
    assert 'id="case-referrals"' in body
    assert "Dinas Sosial Kota Jambi" in body and sent.letter_number in body
    assert reverse("referrals:detail", args=[sent.code]) in body
    assert reverse("referrals:create", args=[world.case_a.code]) in body
    assert 'aria-current="page" href="{}"'.format(reverse("referrals:case", args=[world.case_a.code])) in body


def test_a_closed_case_offers_no_new_referral(client, world, sent):
    Case.objects.filter(pk=world.case_a.pk).update(status=CaseStatus.CLOSED, closed_at=timezone.now())
    response = page(client, world.manajer, reverse("referrals:case", args=[world.case_a.code]))
    assert response.status_code == 200
    body = text_of(response)
    assert 'id="new-referral"' not in body and sent.letter_number in body


def test_the_form_offers_the_victims_partners_and_ticks_the_minimum_shared_fields(client, world, victim, dinsos):
    response = page(client, world.manajer, reverse("referrals:create", args=[world.case_a.code]))
    assert response.status_code == 200
    form = response.context["form"]
    assert str(victim.code) in dict(form.fields["victims"].choices)
    organisations = list(form.fields["organisation"].queryset)
    assert dinsos in organisations and all(org.kind != "uptd_ppa" for org in organisations)
    body = text_of(response)
    for value in ("initials", "age", "sex", "violence_forms"):
        assert _checked(body, value), value
    for value in ("full_name", "nik", "phone"):
        assert not _checked(body, value), value
    assert 'id="shared-fields-warning"' in body


def _checked(body: str, value: str) -> bool:
    """Whether the shared_fields checkbox of ``value`` is rendered ticked."""
    match = re.search(rf'<input[^>]*name="shared_fields"[^>]*value="{value}"[^>]*>', body)
    return bool(match and "checked" in match.group(0))


def test_a_draft_is_created_and_opens_on_its_page(client, world, victim, dinsos):
    client.force_login(world.manajer)
    response = client.post(
        reverse("referrals:create", args=[world.case_a.code]),
        {
            "victims": [str(victim.code)],
            "organisation": str(dinsos.code),
            "services": [ServiceType.REHABILITASI_SOSIAL, ServiceType.KESEHATAN],
            "reason": "Butuh rehabilitasi.",
            "urgency": ReferralUrgency.HIGH,
            "shared_fields": list(DEFAULT_SHARED_FIELDS),
            "facts": "Anak tinggal dengan nenek.",
            "cover_note": "Mohon bantuan.",
        },
    )
    referral = Referral.objects.get()
    assert response.status_code == 302 and response.url == reverse("referrals:detail", args=[referral.code])
    assert referral.status == ReferralStatus.DRAFT and list(referral.victims.all()) == [victim]
    assert referral.organisation == dinsos and referral.urgency == ReferralUrgency.HIGH
    assert referral.services == [ServiceType.REHABILITASI_SOSIAL, ServiceType.KESEHATAN]


def test_invalid_input_keeps_what_was_typed(client, world, victim, dinsos):
    client.force_login(world.manajer)
    response = client.post(
        reverse("referrals:create", args=[world.case_a.code]),
        {
            "victims": [str(victim.code)],
            "organisation": str(dinsos.code),
            "reason": "Alasan yang sudah diketik.",
            "urgency": ReferralUrgency.NORMAL,
            "facts": "Fakta yang sudah diketik.",
        },
    )
    assert response.status_code == 200
    assert not Referral.objects.exists()
    assert "services" in response.context["form"].errors
    body = text_of(response)
    assert "Alasan yang sudah diketik." in body and "Fakta yang sudah diketik." in body
    assert 'id="form-errors"' in body


def test_neither_uptd_ppa_nor_the_victims_of_another_case_are_accepted(client, world, victim):
    uptd = Organisation.objects.get(kind="uptd_ppa")
    field: Any = ReferralForm(victims=[victim]).fields["organisation"]
    assert uptd not in field.queryset
    client.force_login(world.manajer)
    response = client.post(
        reverse("referrals:create", args=[world.case_a.code]),
        {"victims": [str(world.case_b.people.first().code)], "services": ["kesehatan"], "reason": "x"},
    )
    assert response.status_code == 200 and "victims" in response.context["form"].errors


def test_no_referral_from_a_closed_case(client, world):
    Case.objects.filter(pk=world.case_a.pk).update(status=CaseStatus.CLOSED, closed_at=timezone.now())
    client.force_login(world.manajer)
    response = client.post(reverse("referrals:create", args=[world.case_a.code]), {}, follow=True)
    assert response.status_code == 200
    assert any("kasus yang masih terbuka" in message for message in messages_of(response))
    assert not Referral.objects.exists()


# --- The referral's page: preview, consent, sending ----------------------------------------


def _section(body: str, element_id: str) -> str:
    start = body.index(f'id="{element_id}"')
    return body[start : body.index("</section>", start)]


def test_the_draft_page_previews_exactly_what_the_receiver_will_see(client, world, draft):
    response = page(client, world.manajer, reverse("referrals:detail", args=[draft.code]))
    assert response.status_code == 200
    preview = _section(text_of(response), "receiver-preview")
    assert "M.K.W." in preview and "10" in preview
    assert FULL_NAME not in preview and NIK not in preview
    assert response.context["rows"] == shared_table(shared_data_of(draft))[1]
    body = text_of(response)
    assert "Alasan internal" in body  # the reason: for staff
    assert reverse("cases:consent-add", args=[world.case_a.code]) in body  # consent missing: record it
    assert reverse("referrals:letter", args=[draft.code]) not in body  # no letter before sending


def test_a_case_worker_without_consent_sees_the_refusal_and_cannot_send(client, world, draft):
    response = page(client, world.manajer, reverse("referrals:detail", args=[draft.code]))
    body = text_of(response)
    assert 'id="consent-refusal"' in body and 'id="send-form"' not in body
    response = client.post(reverse("referrals:send", args=[draft.code]), {}, follow=True)
    assert response.status_code == 200
    assert "Belum ada persetujuan atau dasar hukum yang dicatat untuk M.K.W." in text_of(response)
    draft.refresh_from_db()
    assert draft.status == ReferralStatus.DRAFT


def test_a_manajer_cannot_override_the_consent_even_with_a_reason(client, world, draft):
    client.force_login(world.manajer)
    response = client.post(reverse("referrals:send", args=[draft.code]), {"consent_override_reason": "Darurat."})
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == ReferralStatus.DRAFT and draft.consent_override_reason is None


def test_the_head_overrides_a_missing_consent_only_with_a_reason(client, world, draft):
    client.force_login(world.kepala)
    body = text_of(client.get(reverse("referrals:detail", args=[draft.code])))
    assert 'name="consent_override_reason"' in body
    response = client.post(reverse("referrals:send", args=[draft.code]), {"consent_override_reason": "  "})
    assert response.status_code == 200
    assert "consent_override_reason" in response.context["send_form"].errors
    draft.refresh_from_db()
    assert draft.status == ReferralStatus.DRAFT

    response = client.post(
        reverse("referrals:send", args=[draft.code]), {"consent_override_reason": "Anak dalam bahaya."}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == ReferralStatus.SENT and draft.consent_override_by == world.kepala
    body = text_of(client.get(reverse("referrals:detail", args=[draft.code])))
    assert "Anak dalam bahaya." in _section(body, "referral-heading")


def test_sending_with_consent_freezes_the_preview_and_offers_the_letter(client, world, victim, draft):
    give_consent(world, victim)
    client.force_login(world.manajer)
    response = client.post(reverse("referrals:send", args=[draft.code]), {}, follow=True)
    draft.refresh_from_db()
    assert draft.status == ReferralStatus.SENT and draft.letter_number
    body = text_of(response)
    assert draft.letter_number in body
    assert reverse("referrals:letter", args=[draft.code]) in body
    assert response.context["rows"] == shared_table(shared_victims(draft))[1]


def test_revoking_needs_a_reason_and_hides_the_referral_from_the_receiver(client, world, sent):
    client.force_login(world.manajer)
    response = client.post(reverse("referrals:revoke", args=[sent.code]), {"reason": ""})
    assert response.status_code == 200 and "reason" in response.context["revoke_form"].errors
    response = client.post(
        reverse("referrals:revoke", args=[sent.code]), {"reason": "Korban pindah kota."}, follow=True
    )
    sent.refresh_from_db()
    assert sent.status == ReferralStatus.REVOKED
    assert "Korban pindah kota." in text_of(response)
    client.force_login(world.penghubung)
    assert client.get(reverse("referrals:inbox-detail", args=[sent.code])).status_code == 404
    assert client.get(reverse("referrals:letter", args=[sent.code])).status_code == 404
    assert client.post(reverse("referrals:accept", args=[sent.code])).status_code == 404
    assert str(sent.code) not in text_of(client.get(reverse("referrals:inbox") + "?box=all"))


# --- The whole flow through the test client -------------------------------------------------


def test_draft_send_accept_action_complete_in_the_pages(client, world, victim, dinsos):
    give_consent(world, victim)
    client.force_login(world.manajer)
    client.post(
        reverse("referrals:create", args=[world.case_a.code]),
        {
            "victims": [str(victim.code)],
            "organisation": str(dinsos.code),
            "services": [ServiceType.REHABILITASI_SOSIAL],
            "reason": "Butuh rehabilitasi.",
            "urgency": ReferralUrgency.NORMAL,
            "shared_fields": list(DEFAULT_SHARED_FIELDS),
        },
    )
    referral = Referral.objects.get()
    assert client.post(reverse("referrals:send", args=[referral.code]), {}).status_code == 302

    client.force_login(world.penghubung)
    inbox = client.get(reverse("referrals:inbox"))
    assert reverse("referrals:inbox-detail", args=[referral.code]) in text_of(inbox)
    detail_url = reverse("referrals:inbox-detail", args=[referral.code])
    assert 'id="accept-form"' in text_of(client.get(detail_url))
    assert client.post(reverse("referrals:accept", args=[referral.code])).status_code == 302
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("referrals:action-add", args=[referral.code]),
        {"date": today, "action": "Asesmen sosial di rumah", "notes": "Keluarga kooperatif."},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("referrals:complete", args=[referral.code]),
        {**DONE, "outcome": "Anak menerima bantuan."},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.COMPLETED and referral.outcome == "Anak menerima bantuan."

    client.force_login(world.manajer)
    body = text_of(client.get(reverse("referrals:detail", args=[referral.code])))
    assert "Anak menerima bantuan." in body and "Asesmen sosial di rumah" in body
    history = _section(body, "history-heading")
    for kind in ("created", "sent", "accepted", "in_progress", "action", "completed"):
        assert str(ReferralEventKind(kind).label) in history, kind


def test_decline_in_the_pages_shows_the_reason_to_the_sender(client, world, sent):
    client.force_login(world.penghubung)
    response = client.post(reverse("referrals:decline", args=[sent.code]), {**OTHER, "reason": ""})
    assert response.status_code == 200 and "reason" in response.context["decline_form"].errors
    response = client.post(
        reverse("referrals:decline", args=[sent.code]), {**OTHER, "reason": "Di luar kewenangan kami."}
    )
    assert response.status_code == 302
    client.force_login(world.manajer)
    body = text_of(client.get(reverse("referrals:detail", args=[sent.code])))
    assert "Di luar kewenangan kami." in body[body.index('id="decline-reason"') :]


@pytest.mark.parametrize(
    ("setup", "who", "name", "data"),
    [
        ("sent", "manajer", "referrals:send", {}),  # already sent
        ("completed", "manajer", "referrals:revoke", {"reason": "x"}),  # finished
        ("revoked", "manajer", "referrals:revoke", {"reason": "x"}),  # already revoked
        ("accepted", "penghubung", "referrals:accept", {}),  # already answered
        ("accepted", "penghubung", "referrals:decline", {**OTHER, "reason": "x"}),
        ("sent", "penghubung", "referrals:action-add", {"date": "2026-01-05", "action": "x"}),  # not accepted
        ("sent", "penghubung", "referrals:complete", {**DONE, "outcome": "x"}),
        ("completed", "penghubung", "referrals:complete", {**DONE, "outcome": "again"}),
        ("declined", "penghubung", "referrals:action-add", {"date": "2026-01-05", "action": "x"}),
    ],
)
def test_illegal_transitions_are_refused_with_a_message(client, world, sent, setup, who, name, data):
    if setup in ("accepted", "completed"):
        referral_accept(actor=world.penghubung, referral=sent)
    if setup == "completed":
        referral_complete(actor=world.penghubung, referral=sent, **DONE, outcome="Selesai.")
    if setup == "declined":
        referral_decline(actor=world.penghubung, referral=sent, **OTHER, reason="Tidak bisa.")
    if setup == "revoked":
        referral_revoke(actor=world.manajer, referral=sent, reason="Batal.")
    sent.refresh_from_db()
    before = sent.status
    client.force_login(world.users[who])
    response = client.post(reverse(name, args=[sent.code]), data, follow=True)
    assert response.status_code == 200
    assert any("tidak dapat dilakukan" in message for message in messages_of(response)), messages_of(response)
    sent.refresh_from_db()
    assert sent.status == before


# --- Who gets a 404 --------------------------------------------------------------------------


def _case_urls(case: Any) -> list[str]:
    """Every page address of the case app that names a case, filled with this case's code."""
    urls = []
    for pattern in cases_urls.urlpatterns:
        route = str(pattern.pattern)
        if "<uuid:code>" not in route:
            continue
        route = route.replace("<uuid:code>", str(case.code))
        route = re.sub(r"<uuid:\w+>", str(uuid.uuid4()), route)
        route = re.sub(r"<slug:\w+>", "x", route)
        route = re.sub(r"<int:\w+>", "1", route)
        route = re.sub(r"<(str:)?\w+>", "x", route)
        urls.append("/cases/" + route)
    return urls


def test_a_liaison_gets_404_for_every_case_page(client, world, sent):
    urls = _case_urls(world.case_a)
    assert len(urls) > 20 and f"/cases/{world.case_a.code}/" in urls
    client.force_login(world.penghubung)
    for url in urls:
        statuses = {client.get(url).status_code, client.post(url, {}).status_code}
        # 405 only where a view takes one method (answered before any lookup, telling nothing).
        assert statuses <= {404, 405} and 404 in statuses, (url, statuses)


def test_a_liaison_gets_404_on_the_sender_pages(client, world, sent):
    client.force_login(world.penghubung)
    case = world.case_a.code
    for url in (
        reverse("referrals:case", args=[case]),
        reverse("referrals:create", args=[case]),
        reverse("referrals:detail", args=[sent.code]),
    ):
        assert client.get(url).status_code == 404, url
    for name in ("referrals:send", "referrals:revoke"):
        assert client.post(reverse(name, args=[sent.code]), {"reason": "x"}).status_code == 404, name
    sent.refresh_from_db()
    assert sent.status == ReferralStatus.SENT


@pytest.mark.parametrize("username", ["manajer", "kepala", "operator", "admin", "pimpinan"])
def test_staff_get_404_on_the_liaison_pages(client, world, sent, username):
    client.force_login(world.users[username])
    assert client.get(reverse("referrals:inbox")).status_code == 404
    assert client.get(reverse("referrals:inbox-detail", args=[sent.code])).status_code == 404
    for name, data in (
        ("referrals:accept", {}),
        ("referrals:decline", {**OTHER, "reason": "x"}),
        ("referrals:action-add", {"date": "2026-01-05", "action": "x"}),
        ("referrals:complete", {**DONE, "outcome": "x"}),
    ):
        assert client.post(reverse(name, args=[sent.code]), data).status_code == 404, name
    sent.refresh_from_db()
    assert sent.status == ReferralStatus.SENT


@pytest.mark.parametrize("username", ["manajer_lain", "pengaduan", "operator", "admin", "pimpinan"])
def test_staff_outside_the_case_get_404_for_its_referrals(client, world, sent, username):
    client.force_login(world.users[username])
    assert client.get(reverse("referrals:detail", args=[sent.code])).status_code == 404
    assert client.get(reverse("referrals:letter", args=[sent.code])).status_code == 404
    assert client.get(reverse("referrals:case", args=[world.case_a.code])).status_code == 404


# --- The letter ------------------------------------------------------------------------------


def test_the_letter_is_stored_on_first_download_streamed_safely_and_audited(client, world, sent):
    assert not sent.letter
    client.force_login(world.manajer)
    response = client.get(reverse("referrals:letter", args=[sent.code]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "/" not in disposition.split("filename=")[1]
    assert "surat-rujukan-001-RUJ-UPTD-PPA" in disposition
    sent.refresh_from_db()
    assert sent.letter
    reader = PdfReader(io.BytesIO(content))
    assert sent.letter_number in "".join(p.extract_text() for p in reader.pages)
    entry = LogEntry.objects.filter(object_pk=str(sent.pk), additional_data__download="referral letter").first()
    assert entry is not None and entry.actor == world.manajer
    # The receiver downloads the same stored letter.
    client.force_login(world.penghubung)
    again = client.get(reverse("referrals:letter", args=[sent.code]))
    assert again.status_code == 200 and b"".join(again.streaming_content) == content


def test_with_nginx_serving_media_the_stored_letter_is_sent_by_nginx_after_the_audit(client, world, sent, settings):
    settings.SENDFILE_NGINX = True
    client.force_login(world.manajer)
    response = client.get(reverse("referrals:letter", args=[sent.code]))
    sent.refresh_from_db()
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == f"/protected-media/{sent.letter.name}"
    assert response["Content-Type"] == "application/pdf" and response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "surat-rujukan-001-RUJ-UPTD-PPA" in response["Content-Disposition"]
    assert LogEntry.objects.filter(object_pk=str(sent.pk), additional_data__download="referral letter").exists()


def test_a_draft_has_no_letter(client, world, draft):
    client.force_login(world.manajer)
    assert client.get(reverse("referrals:letter", args=[draft.code])).status_code == 404


def test_the_head_is_not_asked_for_a_reason_when_consent_is_recorded(client, world, victim, draft):
    give_consent(world, victim)
    client.force_login(world.kepala)
    body = text_of(client.get(reverse("referrals:detail", args=[draft.code])))
    assert 'id="send-form"' in body and 'name="consent_override_reason"' not in body
    assert client.post(reverse("referrals:send", args=[draft.code]), {}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == ReferralStatus.SENT and draft.consent_override_reason is None


# --- Workflows that don't lose the user (issue 13 §4) ------------------------------------------


def test_recording_consent_from_a_draft_returns_to_the_draft(client, world, victim, draft):
    body = text_of(page(client, world.manajer, reverse("referrals:detail", args=[draft.code])))
    link = re.search(r'href="([^"]+)" id="record-consent"', body).group(1).replace("&amp;", "&")  # type: ignore[union-attr]
    assert f"rujukan={draft.code}" in link and f"korban={victim.code}" in link
    form = client.get(link)
    assert f'value="{victim.code}" selected' in text_of(form)
    assert f'href="{reverse("referrals:detail", args=[draft.code])}"' in text_of(form)  # cancel goes back too
    data = {
        "victim": str(victim.code),
        "basis": LegalBasis.CONSENT,
        "consent_given_by": "Ibu korban",
        "given_on": timezone.localdate().isoformat(),
    }
    refused = client.post(link, {**data, "basis": ""})
    assert refused.status_code == 200 and "basis" in refused.context["form"].errors
    response = client.post(link, data)
    assert response.status_code == 302 and response["Location"] == reverse("referrals:detail", args=[draft.code])
    assert 'id="record-consent"' not in text_of(client.get(response["Location"]))


def test_a_draft_is_changed_until_it_is_sent(client, world, victim, draft, rsud):
    detail = reverse("referrals:detail", args=[draft.code])
    edit = reverse("referrals:edit", args=[draft.code])
    assert f'href="{edit}"' in text_of(page(client, world.manajer, detail))
    form = text_of(client.get(edit))
    assert "Alasan internal: ibu tidak mampu." in form and f'value="{victim.code}"' in form
    data = {
        "victims": [str(victim.code)],
        "organisation": str(rsud.code),
        "services": [ServiceType.KESEHATAN],
        "reason": "",
        "urgency": ReferralUrgency.NORMAL,
        "shared_fields": list(DEFAULT_SHARED_FIELDS),
        "facts": "Perlu pemeriksaan kesehatan.",
    }
    refused = client.post(edit, data)
    assert refused.status_code == 200 and "reason" in refused.context["form"].errors
    assert "Perlu pemeriksaan kesehatan." in text_of(refused)  # what was typed is kept
    response = client.post(edit, {**data, "reason": "Butuh visum."})
    assert response.status_code == 302 and response["Location"] == detail
    draft.refresh_from_db()
    assert (draft.organisation, draft.services, draft.reason) == (rsud, [ServiceType.KESEHATAN], "Butuh visum.")
    give_consent(world, victim)
    referral_send(actor=world.manajer, referral=draft)
    assert 'id="edit-draft"' not in text_of(client.get(detail))
    after = client.post(edit, {**data, "reason": "Lagi."}, follow=True)
    assert messages_of(after) == ["Hanya draf yang dapat diubah: cabut rujukan ini lalu buat draf baru."]
    draft.refresh_from_db()
    assert draft.reason == "Butuh visum."


def test_a_draft_is_changed_through_the_api_and_refused_alike_once_sent(client, world, victim, draft, rsud):
    client.force_login(world.manajer)
    url = f"/api/v1/referrals/{draft.code}/"
    body = {
        "victims": [str(victim.code)],
        "organisation": str(rsud.code),
        "services": [ServiceType.KESEHATAN],
        "reason": " ",
    }
    refused = client.put(url, body, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["errors"]["reason"] == ["Sebutkan alasan korban dirujuk."]
    response = client.put(url, {**body, "reason": "Butuh visum."}, content_type="application/json")
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.organisation == rsud and draft.reason == "Butuh visum."
    give_consent(world, victim)
    referral_send(actor=world.manajer, referral=draft)
    sent_refusal = client.put(url, {**body, "reason": "Lagi."}, content_type="application/json")
    assert sent_refusal.status_code == 400


def _plan_item(world: World) -> Any:
    from cases.services import plan_item_add

    return plan_item_add(
        actor=world.manajer,
        case=world.case_a,
        service=ServiceType.REHABILITASI_SOSIAL,
        description="Rehabilitasi sosial oleh Dinas Sosial",
        due_on=timezone.localdate() + timezone.timedelta(days=14),
        responsible_user=world.manajer,
    )


def test_a_plan_item_carried_out_by_a_referral_shows_its_status_and_is_done_when_it_is_completed(
    client, world, victim, dinsos
):
    from cases.models import PlanItemStatus
    from referrals.services import referral_accept, referral_complete

    item = _plan_item(world)
    client.force_login(world.manajer)
    create = reverse("referrals:create", args=[world.case_a.code])
    assert f'value="{item.code}"' in text_of(client.get(create))
    data = {
        "victims": [str(victim.code)],
        "organisation": str(dinsos.code),
        "services": [ServiceType.REHABILITASI_SOSIAL],
        "reason": "Butuh rehabilitasi.",
        "urgency": ReferralUrgency.NORMAL,
        "shared_fields": list(DEFAULT_SHARED_FIELDS),
        "plan_item": str(item.code),
    }
    assert client.post(create, data).status_code == 302
    referral = Referral.objects.get(plan_item=item)
    plan = text_of(client.get(reverse("cases:support", args=[world.case_a.code])))
    assert f'href="{reverse("referrals:detail", args=[referral.code])}"' in plan and "Draf" in plan
    give_consent(world, victim)
    referral_send(actor=world.manajer, referral=referral)
    referral_accept(actor=world.penghubung, referral=referral)
    client.force_login(world.penghubung)
    client.post(reverse("referrals:complete", args=[referral.code]), {**DONE, "outcome": "Selesai ditangani."})
    item.refresh_from_db()
    assert item.status == PlanItemStatus.DONE
    # An item done is carried out by no other referral.
    refused = make_draft_refusal(world, victim, dinsos, item)
    assert refused == ["Kegiatan rencana ini sudah selesai atau dibatalkan."]
    assert referral_complete is not None


def make_draft_refusal(world: World, victim: Any, dinsos: Organisation, item: Any) -> list[str]:
    from django.core.exceptions import ValidationError

    try:
        make_draft(world, victim, dinsos, plan_item=item)
    except ValidationError as error:
        return error.message_dict["plan_item"]
    return []


def test_a_plan_item_is_named_through_the_api_and_done_when_the_api_completes_the_referral(
    client, world, victim, dinsos
):
    from cases.models import PlanItemStatus

    item = _plan_item(world)
    client.force_login(world.manajer)
    body = {
        "victims": [str(victim.code)],
        "organisation": str(dinsos.code),
        "services": [ServiceType.REHABILITASI_SOSIAL],
        "reason": "Butuh rehabilitasi.",
        "plan_item": str(uuid.uuid4()),
    }
    url = f"/api/v1/cases/{world.case_a.code}/referrals/"
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["errors"]["plan_item"] == ["Pilih kegiatan dari rencana intervensi kasus ini."]
    created = client.post(url, {**body, "plan_item": str(item.code)}, content_type="application/json")
    assert created.status_code == 201
    referral = Referral.objects.get(code=created.json()["code"])
    assert referral.plan_item == item
    give_consent(world, victim)
    client.post(f"/api/v1/referrals/{referral.code}/send/", {}, content_type="application/json")
    client.force_login(world.penghubung)
    client.post(f"/api/v1/inbox/referrals/{referral.code}/accept/", {}, content_type="application/json")
    done = client.post(
        f"/api/v1/inbox/referrals/{referral.code}/complete/",
        {**DONE, "outcome": "Selesai."},
        content_type="application/json",
    )
    assert done.status_code == 200, done.content
    item.refresh_from_db()
    assert item.status == PlanItemStatus.DONE
