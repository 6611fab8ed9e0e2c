"""Referrals API (issue 5 item 9): the whole path through the API (staff by session, the liaison
by token), the refusals as JSON 400s, the 404s that keep each side to its own endpoints, and
data minimisation in every response a liaison gets."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from typing import Any, cast

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken
from pypdf import PdfReader

from cases.models import Case, CaseStatus, LegalBasis, PersonRole
from cases.selectors import victim_has_consent_or_basis
from cases.services import consent_record, person_add
from cases.vocabularies import ServiceType, Sex, ViolenceForm
from referrals.models import Referral, ReferralStatus, SharedField
from referrals.services import referral_create, referral_send
from tests.conftest import World, max_queries
from tests.factories import UserFactory
from uptdppa.accounts.models import Organisation, Role, User

pytestmark = pytest.mark.django_db
DONE = {"outcome_code": "service_provided"}  # the outcome as a code (issue 18)
OTHER = {"reason_code": "other"}  # the decline reason as a code (issue 18)

FULL_NAME = "Melati Kusuma Wardani"
NIK = "1571015507150001"
PHONE = "081234567890"
PHONE_STORED = "+6281234567890"
REASON = "Alasan internal: ayah tiri masih serumah."
API = "/api/v1"


# --- Helpers -----------------------------------------------------------------------------------


@pytest.fixture
def dinsos() -> Organisation:
    return Organisation.objects.get(name="Dinas Sosial Kota Jambi")


@pytest.fixture
def rsud() -> Organisation:
    return Organisation.objects.get(name="RSUD H. Abdul Manap")


@pytest.fixture
def victim(world: World):  # type: ignore[no-untyped-def]
    return person_add(
        actor=world.manajer,
        case=world.case_a,
        role=PersonRole.VICTIM,
        full_name=FULL_NAME,
        nik=NIK,
        phone=PHONE,
        sex=Sex.PEREMPUAN,
        estimated_age=10,
        violence_forms=[ViolenceForm.FISIK],
    ).person


def consent(world: World, victim: Any) -> None:
    consent_record(
        actor=world.manajer,
        victim=victim,
        basis=LegalBasis.CONSENT,
        given_on=timezone.localdate(),
        consent_given_by="Ibu korban",
    )


class Liaison:
    """A liaison's API client: a knox token in the Authorization header, no session. Keeps every
    response body, to check afterwards that nothing unshared was ever in one."""

    def __init__(self, user: User) -> None:
        self.user = user
        self.token = AuthToken.objects.create(user)[1]
        self.client = Client()
        self.bodies: list[str] = []

    def _keep(self, response: Any) -> Any:
        if response.get("Content-Type", "").startswith("application/pdf"):
            content = b"".join(response.streaming_content)
            self.bodies.append("".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))
            response.pdf_bytes = content
        else:
            self.bodies.append(response.content.decode())
        return response

    def get(self, path: str, **params: Any) -> Any:
        return self._keep(self.client.get(path, params, HTTP_AUTHORIZATION=f"Token {self.token}"))

    def post(self, path: str, data: dict[str, Any] | None = None) -> Any:
        return self._keep(
            self.client.post(
                path, data or {}, content_type="application/json", HTTP_AUTHORIZATION=f"Token {self.token}"
            )
        )


def staff(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, path: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(path, data or {}, content_type="application/json")


def draft_body(victim: Any, to: Organisation, **extra: Any) -> dict[str, Any]:
    return {
        "victims": [str(victim.code)],
        "organisation": str(to.code),
        "services": [ServiceType.REHABILITASI_SOSIAL],
        "reason": REASON,
        "urgency": "tinggi",
        "facts": "Anak perlu pendampingan sosial di rumah.",
        "cover_note": "Mohon dikonfirmasi.",
        **extra,
    }


def sent_referral(world: World, victim: Any, organisation: Organisation, **extra: Any) -> Referral:
    referral = referral_create(
        actor=world.manajer,
        case=world.case_a,
        victims=[victim],
        organisation=organisation,
        services=[ServiceType.REHABILITASI_SOSIAL],
        reason=REASON,
        shared_fields=list(SharedField.values[:4]),
        facts="Anak perlu pendampingan sosial di rumah.",
        **extra,
    )
    if not victim_has_consent_or_basis(victim):
        consent(world, victim)
    return referral_send(actor=world.manajer, referral=referral)


def assert_error(response: Any, status: int, *fields: str) -> dict[str, Any]:
    """A JSON error of the house shape (uptdppa/api.py), with these fields named."""
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["code"], str)
    if status == 400:
        assert body["code"] == "invalid"
        assert set(fields) <= set(body["errors"]), body["errors"]
    return body  # type: ignore[no-any-return]


# --- The whole path -----------------------------------------------------------------------------


def test_draft_send_accept_act_and_complete_through_the_api(world, victim, dinsos):
    manajer = staff(world.manajer)
    liaison = Liaison(world.penghubung)

    created = post(manajer, f"{API}/cases/{world.case_a.code}/referrals/", draft_body(victim, dinsos))
    assert created.status_code == 201, created.content
    body = created.json()
    code = body["code"]
    assert body["status"] == "draft" and body["case"] == str(world.case_a.code)
    assert body["victims"] == [str(victim.code)]
    assert body["organisation"] == {"code": str(dinsos.code), "name": "Dinas Sosial Kota Jambi"}
    assert body["shared_fields"] == ["initials", "age", "sex", "violence_forms"]  # the minimum by default
    assert body["reason"] == REASON and body["letter_number"] is None and body["shared_victims"] == []
    assert "id" not in body and "pk" not in body

    listed = manajer.get(f"{API}/cases/{world.case_a.code}/referrals/")
    assert listed.status_code == 200 and [r["code"] for r in listed.json()] == [code]
    assert liaison.get(f"{API}/inbox/referrals/{code}/").status_code == 404  # a draft is not sent yet

    consent(world, victim)
    sent = post(manajer, f"{API}/referrals/{code}/send/")
    assert sent.status_code == 200, sent.content
    sent_body = sent.json()
    assert sent_body["status"] == "sent" and sent_body["letter_number"]
    assert sent_body["due_on"] == (timezone.localdate() + timedelta(days=3)).isoformat()
    assert sent_body["shared_victims"] == [{"initials": "M.K.W.", "age": 10, "sex": "P", "violence_forms": ["fisik"]}]

    inbox = liaison.get(f"{API}/inbox/referrals/", box="new")
    assert inbox.status_code == 200
    assert inbox.json()["count"] == 1 and inbox.json()["results"][0]["code"] == code
    shown = liaison.get(f"{API}/inbox/referrals/{code}/").json()
    assert shown["victims"] == [{"initials": "M.K.W.", "age": 10, "sex": "P", "violence_forms": ["fisik"]}]
    assert shown["facts"] == "Anak perlu pendampingan sosial di rumah." and shown["status"] == "sent"
    assert shown["letter_number"] == sent_body["letter_number"]

    accepted = liaison.post(f"{API}/inbox/referrals/{code}/accept/")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    action = liaison.post(
        f"{API}/inbox/referrals/{code}/actions/",
        {"date": timezone.localdate().isoformat(), "action": "Kunjungan rumah", "notes": "Nenek ditemui."},
    )
    assert action.status_code == 201, action.content
    assert action.json()["action"] == "Kunjungan rumah" and action.json()["recorded_by"]["role"] == "penghubung_opd"
    assert liaison.get(f"{API}/inbox/referrals/", box="in_progress").json()["count"] == 1
    completed = liaison.post(
        f"{API}/inbox/referrals/{code}/complete/",
        {**DONE, "outcome": "Anak kembali bersekolah."},
    )
    assert completed.status_code == 200
    done = completed.json()
    assert done["status"] == "completed" and done["outcome"] == "Anak kembali bersekolah."
    assert [a["action"] for a in done["actions"]] == ["Kunjungan rumah"]
    assert [e["kind"] for e in done["events"]] == ["sent", "accepted", "in_progress", "action", "completed"]
    assert liaison.get(f"{API}/inbox/referrals/", box="closed").json()["count"] == 1

    final = manajer.get(f"{API}/referrals/{code}/").json()
    assert final["status"] == "completed" and final["outcome"] == "Anak kembali bersekolah."
    assert [e["kind"] for e in final["events"]][:2] == ["created", "sent"]

    letter = manajer.get(f"{API}/referrals/{code}/letter/")
    assert letter.status_code == 200 and letter["Content-Type"] == "application/pdf"
    content = b"".join(letter.streaming_content)  # type: ignore[attr-defined]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert sent_body["letter_number"] in text and "M.K.W." in text
    their_letter = liaison.get(f"{API}/inbox/referrals/{code}/letter/")
    assert their_letter.status_code == 200 and their_letter.pdf_bytes.startswith(b"%PDF")

    # Data minimisation: nothing unshared, nothing of the sender's side, no case, no person code.
    for text in liaison.bodies:
        for secret in (FULL_NAME, "Melati", NIK, PHONE, PHONE_STORED, REASON, str(world.case_a.code), str(victim.code)):
            assert secret not in text


def test_the_letter_download_is_audited_and_a_draft_has_none(world, victim, dinsos):
    from auditlog.models import LogEntry

    referral = sent_referral(world, victim, dinsos)
    client = staff(world.manajer)
    before = LogEntry.objects.filter(object_pk=str(referral.pk), action=LogEntry.Action.ACCESS).count()
    response = client.get(f"{API}/referrals/{referral.code}/letter/", HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    entries = LogEntry.objects.filter(object_pk=str(referral.pk), action=LogEntry.Action.ACCESS)
    assert entries.count() > before
    assert any((e.additional_data or {}).get("download") for e in entries)
    referral.refresh_from_db()
    assert referral.letter  # stored on the first download

    draft = referral_create(
        actor=world.manajer,
        case=world.case_a,
        victims=[victim],
        organisation=dinsos,
        services=[ServiceType.REHABILITASI_SOSIAL],
        reason="x",
        shared_fields=[SharedField.INITIALS],
    )
    assert_error(client.get(f"{API}/referrals/{draft.code}/letter/"), 404)


def test_shared_names_and_contact_appear_only_when_ticked(world, victim, dinsos):
    client = staff(world.manajer)
    body = draft_body(victim, dinsos, shared_fields=["initials", "full_name", "phone"])
    code = post(client, f"{API}/cases/{world.case_a.code}/referrals/", body).json()["code"]
    consent(world, victim)
    assert post(client, f"{API}/referrals/{code}/send/").status_code == 200
    shown = Liaison(world.penghubung).get(f"{API}/inbox/referrals/{code}/").json()
    assert shown["victims"] == [{"initials": "M.K.W.", "full_name": FULL_NAME, "phone": PHONE_STORED}]
    assert NIK not in json.dumps(shown)


# --- Consent ------------------------------------------------------------------------------------


def test_sending_without_consent_is_refused_on_the_override_field(world, victim, dinsos):
    client = staff(world.manajer)
    code = post(client, f"{API}/cases/{world.case_a.code}/referrals/", draft_body(victim, dinsos)).json()["code"]
    assert_error(post(client, f"{API}/referrals/{code}/send/"), 400, "consent_override_reason")
    # A case manager may not override, even with a reason.
    refused = post(client, f"{API}/referrals/{code}/send/", {"consent_override_reason": "Darurat."})
    assert_error(refused, 400, "consent_override_reason")
    assert Referral.objects.get(code=code).status == ReferralStatus.DRAFT
    # The head may, with a written reason (and not without one).
    head = staff(world.kepala)
    assert_error(
        post(head, f"{API}/referrals/{code}/send/", {"consent_override_reason": " "}), 400, "consent_override_reason"
    )
    sent = post(head, f"{API}/referrals/{code}/send/", {"consent_override_reason": "Anak dalam bahaya."})
    assert sent.status_code == 200, sent.content
    body = sent.json()
    assert body["status"] == "sent" and body["consent_override_reason"] == "Anak dalam bahaya."
    assert body["consent_override_by"]["role"] == "kepala_uptd"
    assert "consent_overridden" in [e["kind"] for e in body["events"]]
    # The receiver never learns of the override.
    shown = Liaison(world.penghubung).get(f"{API}/inbox/referrals/{code}/")
    assert "Anak dalam bahaya." not in shown.content.decode() and "consent_overridden" not in shown.content.decode()
    # The receiver's page shows the same history as its API: the sending, not the drafting or the override.
    browser = Client()
    browser.force_login(world.penghubung)
    page = browser.get(reverse("referrals:inbox-detail", args=[code]))
    page_kinds = [event.kind for event in page.context["events"]]
    assert page_kinds == [event["kind"] for event in shown.json()["events"]] == ["sent"]


# --- Refusals: always a JSON 400, never a 500 ----------------------------------------------------


def test_bad_drafts_are_refused_by_field(world, victim, dinsos):
    client = staff(world.manajer)
    url = f"{API}/cases/{world.case_a.code}/referrals/"
    other_victim = world.case_b.people.first()
    assert_error(post(client, url, draft_body(other_victim, dinsos)), 400, "victims")
    assert_error(post(client, url, draft_body(victim, dinsos, victims=[])), 400, "victims")
    assert_error(
        post(client, url, draft_body(victim, dinsos, organisation="3fa85f64-5717-4562-b3fc-2c963f66afa6")),
        400,
        "organisation",
    )
    own = Organisation.objects.get(kind="uptd_ppa")
    assert_error(post(client, url, draft_body(victim, own)), 400, "organisation")
    assert_error(post(client, url, draft_body(victim, dinsos, services=["nonsense"])), 400, "services")
    assert_error(post(client, url, draft_body(victim, dinsos, services=[], reason=" ")), 400, "services", "reason")
    assert_error(post(client, url, draft_body(victim, dinsos, shared_fields=["religion"])), 400, "shared_fields")
    assert_error(post(client, url, draft_body(victim, dinsos, urgency="kemarin")), 400, "urgency")
    assert_error(post(client, url, {}), 400, "victims", "organisation", "services", "reason")
    assert not Referral.objects.exists()


def test_a_closed_case_refuses_a_new_referral_with_a_400(world, victim, dinsos):
    Case.objects.filter(pk=world.case_a.pk).update(status=CaseStatus.CLOSED)
    response = post(staff(world.manajer), f"{API}/cases/{world.case_a.code}/referrals/", draft_body(victim, dinsos))
    assert_error(response, 400)
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("steps", "refused", "fields"),
    [
        # From "sent": the receiver must answer first.
        ([], ("liaison", "complete/", {**DONE, "outcome": "x"}), ()),
        ([], ("liaison", "actions/", {"date": "2026-01-05", "action": "x"}), ()),
        ([], ("staff", "send/", {}), ()),
        # Answered already.
        ([("accept/", {})], ("liaison", "accept/", {}), ()),
        ([("accept/", {})], ("liaison", "decline/", {**OTHER, "reason": "x"}), ()),
        ([("decline/", {**OTHER, "reason": "Tidak sesuai."})], ("liaison", "accept/", {}), ()),
        (
            [("decline/", {**OTHER, "reason": "Tidak sesuai."})],
            ("staff", "revoke/", {"reason": "x"}),
            (),
        ),
        # Completed: nothing more.
        (
            [("accept/", {}), ("complete/", {**DONE, "outcome": "Selesai."})],
            ("liaison", "complete/", {**DONE, "outcome": "y"}),
            (),
        ),
        (
            [("accept/", {}), ("complete/", {**DONE, "outcome": "Selesai."})],
            ("liaison", "actions/", {"date": "2026-01-05", "action": "x"}),
            (),
        ),
        (
            [("accept/", {}), ("complete/", {**DONE, "outcome": "Selesai."})],
            ("staff", "revoke/", {"reason": "x"}),
            (),
        ),
        # Missing reasons and bad input, by field.
        ([], ("liaison", "decline/", {**OTHER, "reason": " "}), ("reason",)),
        ([], ("liaison", "decline/", {}), ("reason_code",)),
        ([], ("staff", "revoke/", {"reason": ""}), ("reason",)),
        (
            [("accept/", {})],
            ("liaison", "complete/", {**DONE, "outcome": ""}),
            ("outcome",),
        ),
        ([("accept/", {})], ("liaison", "actions/", {"date": "2999-01-01", "action": ""}), ("date", "action")),
        ([("accept/", {})], ("liaison", "actions/", {"date": "kemarin", "action": "x"}), ("date",)),
    ],
)
def test_every_illegal_step_is_a_json_400(world, victim, dinsos, steps, refused, fields):
    referral = sent_referral(world, victim, dinsos)
    liaison = Liaison(world.penghubung)
    for step, data in steps:
        response = liaison.post(f"{API}/inbox/referrals/{referral.code}/{step}", data)
        assert response.status_code in (200, 201), response.content
    before = Referral.objects.get(pk=referral.pk).status
    who, step, data = refused
    if who == "liaison":
        response = liaison.post(f"{API}/inbox/referrals/{referral.code}/{step}", data)
    else:
        response = post(staff(world.manajer), f"{API}/referrals/{referral.code}/{step}", data)
    assert_error(response, 400, *fields)
    assert Referral.objects.get(pk=referral.pk).status == before


def test_a_draft_cannot_be_answered_and_a_revoked_one_not_sent(world, victim, dinsos):
    client = staff(world.manajer)
    code = post(client, f"{API}/cases/{world.case_a.code}/referrals/", draft_body(victim, dinsos)).json()["code"]
    revoked = post(client, f"{API}/referrals/{code}/revoke/", {"reason": "Tidak jadi."})
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    assert_error(post(client, f"{API}/referrals/{code}/send/"), 400)
    assert_error(post(client, f"{API}/referrals/{code}/revoke/", {"reason": "Lagi."}), 400)


# --- Who gets 404 and 403 ----------------------------------------------------------------------


def test_a_liaison_of_another_organisation_gets_404_for_the_referral(world, victim, dinsos, rsud):
    referral = sent_referral(world, victim, dinsos)
    outsider = Liaison(cast(User, UserFactory(role=Role.PENGHUBUNG_OPD, organisation=rsud)))
    base = f"{API}/inbox/referrals/{referral.code}/"
    assert_error(outsider.get(base), 404)
    assert_error(outsider.get(f"{base}letter/"), 404)
    for step, data in (
        ("accept/", {}),
        ("decline/", {**OTHER, "reason": "x"}),
        ("actions/", {"date": "2026-01-05", "action": "x"}),
        ("complete/", {**DONE, "outcome": "x"}),
    ):
        assert_error(outsider.post(f"{base}{step}", data), 404)
    assert outsider.get(f"{API}/inbox/referrals/").json()["count"] == 0
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.SENT


def test_a_liaison_gets_404_on_every_staff_referral_endpoint_even_for_their_own_referral(world, victim, dinsos):
    referral = sent_referral(world, victim, dinsos)
    liaison = Liaison(world.penghubung)
    case = world.case_a.code
    assert_error(liaison.get(f"{API}/cases/{case}/referrals/"), 404)
    assert_error(liaison.post(f"{API}/cases/{case}/referrals/", draft_body(victim, dinsos)), 404)
    assert_error(liaison.get(f"{API}/referrals/{referral.code}/"), 404)
    assert_error(liaison.get(f"{API}/referrals/{referral.code}/letter/"), 404)
    assert_error(liaison.post(f"{API}/referrals/{referral.code}/send/"), 404)
    assert_error(liaison.post(f"{API}/referrals/{referral.code}/revoke/", {"reason": "x"}), 404)
    assert_error(liaison.get(f"{API}/referrals/overview/"), 404)
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.SENT


def test_a_liaison_gets_404_on_the_case_endpoints(world, victim, dinsos):
    sent_referral(world, victim, dinsos)
    liaison = Liaison(world.penghubung)
    case = world.case_a.code
    for url in (
        f"{API}/cases/{case}/",
        f"{API}/cases/{case}/people/matches/",
        f"{API}/cases/{case}/attachments/",
        f"{API}/people/{victim.code}/",
    ):
        response = liaison.get(url)
        assert response.status_code in (404, 405), url
        if response.status_code == 404:
            assert_error(response, 404)
    for url in (f"{API}/cases/{case}/triage/propose/", f"{API}/cases/{case}/people/", f"{API}/cases/{case}/registry/"):
        assert_error(liaison.post(url, {}), 404)


def test_a_liaison_gets_404_on_the_case_list_and_the_intake_queue(world):
    liaison = Liaison(world.penghubung)
    assert_error(liaison.get(f"{API}/cases/"), 404)
    assert_error(liaison.get(f"{API}/intakes/"), 404)


def test_the_case_list_and_intake_queue_show_a_liaison_nothing(world, victim, dinsos):
    sent_referral(world, victim, dinsos)
    # With a referral in their inbox, still nothing of the case side exists for them: 404, not a
    # 200 with an empty list or a 403 (both would say the address is there).
    liaison = Liaison(world.penghubung)
    assert_error(liaison.get(f"{API}/cases/"), 404)
    assert_error(liaison.get(f"{API}/intakes/"), 404)
    assert_error(liaison.post(f"{API}/intakes/", {}), 404)
    assert_error(liaison.get(f"{API}/cases/{world.case_a.code}/"), 404)


def test_a_revoked_referral_is_gone_for_the_liaison(world, victim, dinsos):
    referral = sent_referral(world, victim, dinsos)
    liaison = Liaison(world.penghubung)
    assert liaison.get(f"{API}/inbox/referrals/{referral.code}/").status_code == 200
    revoked = post(staff(world.manajer), f"{API}/referrals/{referral.code}/revoke/", {"reason": "Salah alamat."})
    assert revoked.status_code == 200
    assert_error(liaison.get(f"{API}/inbox/referrals/{referral.code}/"), 404)
    assert_error(liaison.get(f"{API}/inbox/referrals/{referral.code}/letter/"), 404)
    assert_error(liaison.post(f"{API}/inbox/referrals/{referral.code}/accept/"), 404)
    for box in ("", "new", "overdue", "in_progress", "closed"):
        assert liaison.get(f"{API}/inbox/referrals/", box=box).json()["count"] == 0
    assert "Salah alamat." not in "".join(liaison.bodies)


def test_staff_get_404_on_the_inbox(world, victim, dinsos):
    referral = sent_referral(world, victim, dinsos)
    for user in (world.manajer, world.kepala, world.pimpinan, world.admin):
        client = staff(user)
        assert_error(client.get(f"{API}/inbox/referrals/"), 404)
        assert_error(client.get(f"{API}/inbox/referrals/{referral.code}/"), 404)
        assert_error(post(client, f"{API}/inbox/referrals/{referral.code}/accept/"), 404)
        assert_error(client.get(f"{API}/inbox/referrals/{referral.code}/letter/"), 404)
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.SENT


def test_staff_outside_the_case_get_404(world, victim, dinsos):
    referral = sent_referral(world, victim, dinsos)
    for user in (world.manajer_lain, world.operator, world.pimpinan, world.admin, world.pengaduan):
        client = staff(user)
        assert_error(client.get(f"{API}/referrals/{referral.code}/"), 404)
        assert_error(post(client, f"{API}/referrals/{referral.code}/revoke/", {"reason": "x"}), 404)
        assert_error(client.get(f"{API}/referrals/{referral.code}/letter/"), 404)
        assert_error(client.get(f"{API}/cases/{world.case_a.code}/referrals/"), 404)
        assert_error(post(client, f"{API}/cases/{world.case_a.code}/referrals/", draft_body(victim, dinsos)), 404)
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.SENT


def test_the_api_needs_a_login(world, victim, dinsos):
    referral = sent_referral(world, victim, dinsos)
    anonymous = Client()
    for url in (f"{API}/referrals/{referral.code}/", f"{API}/inbox/referrals/", f"{API}/referrals/overview/"):
        assert anonymous.get(url).status_code in (401, 403)


def test_the_inbox_filter_is_checked(world):
    assert_error(Liaison(world.penghubung).get(f"{API}/inbox/referrals/", box="everything"), 400, "box")


# --- Query counts --------------------------------------------------------------------------------


def test_the_inbox_runs_a_fixed_number_of_queries_whatever_its_size(world, victim, dinsos):
    liaison = Liaison(world.penghubung)
    consent(world, victim)

    def counted() -> int:
        with max_queries(12) as captured:
            response = liaison.get(f"{API}/inbox/referrals/")
            assert response.status_code == 200
        return len([q for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]])

    sent_referral(world, victim, dinsos)
    few = counted()
    for _ in range(12):
        sent_referral(world, victim, dinsos)
    assert liaison.get(f"{API}/inbox/referrals/").json()["count"] == 13
    assert counted() == few


def test_a_liaison_token_still_reaches_its_own_account_and_can_be_revoked(world):
    liaison = Liaison(world.penghubung)
    assert liaison.get(f"{API}/me/").status_code == 200
    assert liaison.post(f"{API}/auth/token/revoke/").status_code == 204
