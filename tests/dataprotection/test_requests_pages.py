"""The data-subject requests through their pages and their API: the DPO registers, decides and
releases; bad input keeps what was typed and answers in Indonesian; the release is a PDF and a
JSON without other people's data; a perpetrator's request shows the refusal and offers no release;
the requests and their deadlines are on the DPO's home page; nobody else sees them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import PersonRole
from cases.services import person_add
from dataprotection.models import Decision, IdentityCheck, Requester, RequestKind, SubjectRequest
from dataprotection.services import request_decide, request_register
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def victim_of(case):
    return case.people.filter(role=PersonRole.VICTIM).order_by("created_at").first()


def make_request(world, **kwargs):
    victim = victim_of(world.case_a)
    values = {
        "actor": world.dpo,
        "case_code": str(world.case_a.code),
        "person": victim.code,
        "kind": RequestKind.ACCESS,
        "requester": Requester.SELF,
        "identity_check": IdentityCheck.KTP,
        "received_at": timezone.now() - timedelta(hours=1),
        **kwargs,
    }
    return request_register(**values)


def test_the_dpo_registers_a_request_through_the_page_choosing_the_person_by_initials(world, client):
    client.force_login(world.dpo)
    victim = victim_of(world.case_a)
    lookup = client.get(reverse("dataprotection:request-create"), {"case_code": str(world.case_a.code)})
    page = lookup.content.decode()
    assert lookup.status_code == 200 and victim.initials in page and victim.full_name not in page
    response = client.post(
        reverse("dataprotection:request-create"),
        {
            "case_code": str(world.case_a.code),
            "person": str(victim.code),
            "kind": RequestKind.CORRECTION,
            "requester": Requester.SELF,
            "identity_check": IdentityCheck.KTP,
            "received_at": (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    request = SubjectRequest.objects.get()
    assert response.status_code == 302 and response.url == reverse("dataprotection:request-detail", args=[request.code])
    detail = client.get(response.url).content.decode()
    assert 'id="deadline"' in detail and 'id="correct"' in detail and 'id="release-pdf"' not in detail


def test_bad_input_keeps_what_was_typed_and_explains_in_indonesian(world, client):
    client.force_login(world.kepala)
    response = client.post(
        reverse("dataprotection:request-create"),
        {
            "case_code": str(world.case_a.code),
            "person": str(victim_of(world.case_a).code),
            "kind": RequestKind.ACCESS,
            "requester": Requester.OTHER,
            "requester_name": "Siti Aminah",
            "requester_relation": "",
            "identity_check": IdentityCheck.KTP,
            "received_at": (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and not SubjectRequest.objects.exists()
    assert "Siti Aminah" in page
    assert "Sebutkan hubungan pemohon" in page and "Waktu diterima tidak boleh di masa mendatang" in page


def test_the_release_is_a_pdf_and_a_json_without_other_peoples_data(world, client):
    co_victim = PersonFactory(case=world.case_a)
    request = request_decide(actor=world.dpo, request=make_request(world), decision=Decision.GRANTED)
    client.force_login(world.dpo)
    detail = client.get(reverse("dataprotection:request-detail", args=[request.code])).content.decode()
    assert 'id="release-pdf"' in detail and 'id="pasal33-redactions"' in detail
    pdf = client.get(reverse("dataprotection:request-pdf", args=[request.code]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    data = client.get(reverse("dataprotection:request-json", args=[request.code]))
    body = b"".join(data.streaming_content).decode()
    assert data["Content-Type"] == "application/json"
    assert victim_of(world.case_a).full_name in body and co_victim.full_name not in body


def test_a_perpetrators_request_shows_the_refusal_and_offers_no_release(world, client):
    reporter = person_add(actor=world.manajer, case=world.case_a, role=PersonRole.PERPETRATOR, full_name="Ayah").person
    request = make_request(world, requester=Requester.OTHER, requester_person=reporter.code, requester_relation="Ayah")
    client.force_login(world.dpo)
    decide = client.get(reverse("dataprotection:request-decide", args=[request.code])).content.decode()
    assert 'id="pasal33-refusal"' in decide
    response = client.post(reverse("dataprotection:request-decide", args=[request.code]), {"decision": "dikabulkan"})
    assert response.status_code == 200 and "terduga pelaku" in response.content.decode()
    client.post(
        reverse("dataprotection:request-decide", args=[request.code]), {"decision": "ditolak", "reason": "Pasal 33."}
    )
    detail = client.get(reverse("dataprotection:request-detail", args=[request.code])).content.decode()
    assert 'id="release-pdf"' not in detail and 'id="pasal33-refusal"' in detail


def test_the_api_registers_decides_refuses_in_indonesian_and_releases_json(world, client):
    client.force_login(world.dpo)
    victim = victim_of(world.case_a)
    created = client.post(
        "/api/v1/data-protection/requests/",
        {
            "case_code": str(world.case_a.code),
            "person": str(victim.code),
            "kind": RequestKind.ACCESS,
            "requester": Requester.SELF,
            "identity_check": IdentityCheck.KTP,
            "received_at": (timezone.now() - timedelta(hours=1)).isoformat(),
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    code = created.json()["code"]
    assert created.json()["person_initials"] == victim.initials
    refused = client.post(
        f"/api/v1/data-protection/requests/{code}/decide/",
        {"decision": "ditolak", "reason": "Penyidikan.", "exception": "b"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "Pasal 15 tidak mengecualikan" in str(refused.json()["errors"]["exception"])
    early = client.get(f"/api/v1/data-protection/requests/{code}/data/")
    assert early.status_code == 400
    granted = client.post(
        f"/api/v1/data-protection/requests/{code}/decide/", {"decision": "dikabulkan"}, content_type="application/json"
    )
    assert granted.status_code == 200 and granted.json()["decision"] == "dikabulkan"
    data = client.get(f"/api/v1/data-protection/requests/{code}/data/")
    assert data.status_code == 200 and data.json()["person"]["full_name"] == victim.full_name
    assert data.json()["processing_trail"]


def test_open_requests_and_their_deadlines_are_on_the_dpos_and_the_heads_home_page(world, client):
    request = make_request(world, received_at=timezone.now() - timedelta(hours=100))
    for user in (world.dpo, world.kepala):
        client.force_login(user)
        page = client.get(reverse("home")).content.decode()
        assert 'id="open-requests"' in page and request.label in page and "Terlambat" in page
    client.force_login(world.manajer)
    assert 'id="open-requests"' not in client.get(reverse("home")).content.decode()


def test_others_never_see_the_requests(world, client):
    request = make_request(world)
    for user in (world.manajer, world.admin, world.pimpinan, world.operator, world.pengaduan):
        client.force_login(user)
        assert client.get(reverse("dataprotection:request-list")).status_code == 404
        assert client.get(reverse("dataprotection:request-detail", args=[request.code])).status_code == 404
        assert client.get(f"/api/v1/data-protection/requests/{request.code}/").status_code == 404


def test_a_restricted_person_is_left_off_the_case_page_for_everyone_outside_the_case_team(world, client):
    victim = victim_of(world.case_a)
    victim.full_name = "Anak Dibatasi Contoh"
    victim.save()
    request = make_request(world, kind=RequestKind.RESTRICTION, person=victim.code)
    request_decide(actor=world.dpo, request=request, decision=Decision.GRANTED)
    page = reverse("cases:detail", args=[world.case_a.code])
    client.force_login(world.manajer)  # on the case team
    assert "Anak Dibatasi Contoh" in client.get(page).content.decode()
    client.force_login(world.kepala)  # sees the case, not the restricted person
    response = client.get(page)
    assert response.status_code == 200 and "Anak Dibatasi Contoh" not in response.content.decode()
    person_page = reverse("cases:person-edit", args=[world.case_a.code, victim.code])
    assert client.get(person_page).status_code == 404
