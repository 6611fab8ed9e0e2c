"""The breach register through its pages and its API: the DPO and the head record, notify and
close; bad input keeps what was typed and answers in Indonesian; the letter is a PDF."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import PersonRole
from dataprotection.models import BreachNotice, Incident, IncidentKind, NoticeRecipient, RecordClass
from dataprotection.services import incident_record, notice_create, notice_mark_sent
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def make_incident(world, **kwargs):
    return incident_record(
        actor=world.kepala,
        discovered_at=timezone.now() - timedelta(hours=2),
        kind=IncidentKind.AVAILABILITY,
        record_classes=[RecordClass.BACKUP],
        description="Cadangan hilang.",
        case_codes=[str(world.case_a.code)],
        **kwargs,
    )


def test_the_dpo_records_an_incident_through_the_page(world, client):
    client.force_login(world.dpo)
    when = (timezone.localtime() - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("dataprotection:create"),
        {
            "discovered_at": when,
            "kind": IncidentKind.CONFIDENTIALITY,
            "record_classes": [RecordClass.REPORT, RecordClass.PERSON],
            "description": "Ekspor terkirim ke alamat yang salah.",
            "case_codes": str(world.case_a.code),
            "person_codes": "",
        },
    )
    incident = Incident.objects.get()
    assert response.status_code == 302 and response.url == reverse("dataprotection:detail", args=[incident.code])
    assert incident.recorded_by == world.dpo and list(incident.cases.all()) == [world.case_a]
    page = client.get(response.url)
    assert page.status_code == 200 and "Ekspor terkirim" in page.content.decode()
    assert 'id="deadline"' in page.content.decode()


def test_bad_input_keeps_what_was_typed_and_explains_in_indonesian(world, client):
    client.force_login(world.kepala)
    response = client.post(
        reverse("dataprotection:create"),
        {
            "discovered_at": (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            "kind": IncidentKind.INTEGRITY,
            "record_classes": [RecordClass.CASE],
            "description": "Data kasus berubah tanpa jejak.",
            "case_codes": "bukan-kode",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Data kasus berubah tanpa jejak." in html
    assert "Tidak ada kasus dengan nomor atau kode ini: bukan-kode." in html
    assert not Incident.objects.exists()


def test_every_refusal_of_an_incident_comes_on_the_first_submit(world, client):
    """A box left unticked (the form's own error), a discovery tomorrow and an unknown case (the
    service's) are reported together."""
    client.force_login(world.dpo)
    response = client.post(
        reverse("dataprotection:create"),
        {
            "discovered_at": (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            "kind": IncidentKind.INTEGRITY,
            "description": "Data kasus berubah tanpa jejak.",
            "case_codes": "bukan-kode",
        },
    )
    assert set(response.context["form"].errors) == {"discovered_at", "record_classes", "case_codes"}
    assert not Incident.objects.exists()


def test_the_notice_page_warns_of_an_alleged_perpetrator_and_refuses_them(world, client):
    child = PersonFactory(case=world.case_a, role=PersonRole.VICTIM, estimated_age=8)
    uncle = PersonFactory(case=world.case_a, role=PersonRole.REPORTER, estimated_age=40, full_name="Budi Santoso")
    PersonFactory(case=world.case_a, role=PersonRole.PERPETRATOR, estimated_age=40, full_name="budi  santoso")
    incident = make_incident(world, person_codes=[str(child.code)])
    client.force_login(world.dpo)
    url = reverse("dataprotection:notice-add", args=[incident.code])
    page = client.get(url).content.decode()
    assert 'id="perpetrator-warning"' in page and "terlapor" in page
    response = client.post(url, {"recipient": f"orang:{uncle.code}:{child.code}", "data_exposed": "Nama anak."})
    assert response.status_code == 200
    assert "tidak boleh menerima pemberitahuan" in response.content.decode()
    assert not BreachNotice.objects.exists()


def test_a_notice_is_drafted_refused_as_sent_until_complete_then_sent_and_its_letter_is_a_pdf(world, client):
    incident = make_incident(world)
    client.force_login(world.dpo)
    response = client.post(reverse("dataprotection:notice-add", args=[incident.code]), {"recipient": "lembaga"})
    assert response.status_code == 302
    notice = BreachNotice.objects.get()
    sent_url = reverse("dataprotection:notice-sent", args=[incident.code, notice.code])
    refused = client.post(sent_url, {})
    assert refused.status_code == 200 and "Sebutkan data pribadi apa yang terungkap." in refused.content.decode()
    client.post(
        reverse("dataprotection:notice-edit", args=[incident.code, notice.code]),
        {
            "letter_number": "001/PDP/2026",
            "data_exposed": "Nama.",
            "when_how": "Cadangan hilang.",
            "handling": "Dipulihkan.",
        },
    )
    assert client.post(sent_url, {}).status_code == 302
    notice.refresh_from_db()
    assert notice.sent_at is not None
    letter = client.get(reverse("dataprotection:notice-letter", args=[incident.code, notice.code]))
    assert letter.status_code == 200 and letter["Content-Type"] == "application/pdf"
    assert b"".join(letter.streaming_content if letter.streaming else [letter.content]).startswith(b"%PDF")


def test_closing_is_not_offered_while_notices_are_outstanding(world, client):
    incident = make_incident(world)
    client.force_login(world.dpo)
    html = client.get(reverse("dataprotection:detail", args=[incident.code])).content.decode()
    close_url = reverse("dataprotection:close", args=[incident.code])
    assert f'href="{close_url}"' not in html and 'aria-describedby="close-refusal"' in html
    assert 'id="close-refusal"' in html and "lembaga pengawas belum diberi tahu" in html
    page = client.get(close_url).content.decode()
    assert 'id="refusal"' in page and "bi-check-lg" not in page  # no "Save" (templates/cases/forms/form_actions.html)
    response = client.post(close_url, {"lessons": "Uji pemulihan.", "measures": "Cadangan di luar lokasi."})
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.status == "terbuka"


def test_closing_through_the_page(world, client):
    incident = make_incident(world)
    notice = notice_create(
        actor=world.dpo,
        incident=incident,
        recipient_kind=NoticeRecipient.AGENCY,
        data_exposed="Nama.",
        when_how="Surel salah alamat.",
        handling="Ditarik.",
    )
    notice_mark_sent(actor=world.dpo, notice=notice)
    client.force_login(world.kepala)
    url = reverse("dataprotection:close", args=[incident.code])
    assert "bi-check-lg" in client.get(url).content.decode()
    assert client.post(url, {"lessons": "Uji pemulihan.", "measures": ""}).status_code == 200
    assert client.post(url, {"lessons": "Uji pemulihan.", "measures": "Cadangan di luar lokasi."}).status_code == 302
    incident.refresh_from_db()
    assert incident.status == "ditutup"


@pytest.mark.parametrize("who", ["kepala", "dpo"])
def test_open_incidents_are_on_the_home_page_of_the_head_and_the_dpo(world, client, who):
    incident = make_incident(world)
    client.force_login(world.users[who])
    html = client.get(reverse("home")).content.decode()
    assert 'id="open-incidents"' in html and incident.label in html


def test_others_never_see_the_register(world, client):
    incident = make_incident(world)
    for who in ("manajer", "admin", "pimpinan", "operator"):
        client.force_login(world.users[who])
        assert client.get(reverse("dataprotection:detail", args=[incident.code])).status_code == 404
        assert 'id="open-incidents"' not in client.get(reverse("home")).content.decode()


# --- API ----------------------------------------------------------------------------------------


def test_the_api_records_notifies_and_refuses_in_indonesian(world, client):
    client.force_login(world.dpo)
    base = "/api/v1/data-protection"
    created = client.post(
        f"{base}/incidents/",
        {
            "discovered_at": (timezone.now() - timedelta(hours=1)).isoformat(),
            "kind": "kerahasiaan",
            "record_classes": ["laporan"],
            "description": "Ekspor terkirim ke alamat yang salah.",
            "case_codes": [str(world.case_a.code)],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    code = created.json()["code"]
    bad = client.post(f"{base}/incidents/", {"kind": "x"}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid"
    notice = client.post(
        f"{base}/incidents/{code}/notices/", {"recipient_kind": "lembaga"}, content_type="application/json"
    )
    assert notice.status_code == 201
    refused = client.post(f"{base}/notices/{notice.json()['code']}/sent/", {}, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["errors"]["data_exposed"] == ["Sebutkan data pribadi apa yang terungkap."]
    detail = client.get(f"{base}/incidents/{code}/").json()
    assert detail["notices"][0]["sent_at"] is None and detail["cases"] == [str(world.case_a.code)]
    listed = client.get(f"{base}/incidents/?status=terbuka").json()
    assert [item["code"] for item in listed["results"]] == [code]
    assert client.get(f"/api/v1/cases/{world.case_a.code}/").status_code == 404  # no case content


def test_the_api_refuses_a_notice_to_an_alleged_perpetrator(world, client):
    perpetrator = PersonFactory(case=world.case_a, role=PersonRole.PERPETRATOR, estimated_age=30)
    incident = make_incident(world)
    client.force_login(world.kepala)
    response = client.post(
        f"/api/v1/data-protection/incidents/{incident.code}/notices/",
        {"recipient_kind": "orang", "person": str(perpetrator.code)},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "terlapor" in response.json()["errors"]["person"][0]
    assert notice_create  # the same service as the page
    assert NoticeRecipient.PERSON == "orang"
