"""The data-protection forms as a phone walk met them: one "Case" box on the request form, its
people offered once loaded (a single victim chosen), the person and the DPIA's sections shown as
required while the services still refuse them with what to write; the list's filters say what
"all" means; the DPIA's first version is written, not edited; the notices' header wraps."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import PersonRole
from dataprotection.forms import DpiaForm, RequestForm
from dataprotection.models import IdentityCheck, IncidentKind, RecordClass, Requester, RequestKind, SubjectRequest
from dataprotection.services import dpia_save, incident_record
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def create_page(client, user, **params):
    client.force_login(user)
    return client.get(reverse("dataprotection:request-create"), params).content.decode()


def select(html: str, name: str) -> str:
    return re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)


def test_the_request_form_has_one_case_box_and_carries_the_looked_up_case(world, client):
    html = create_page(client, world.dpo, case_code=str(world.case_a.code))
    assert len(re.findall(r'name="case_code"', html)) == 2  # the lookup box and the form's hidden field
    assert html.count(">Kasus<") == 1
    assert re.search(rf'<input type="hidden" name="case_code" value="{world.case_a.code}"', html)


def test_the_lookup_stacks_on_a_phone(world, client):
    html = create_page(client, world.dpo)
    lookup = re.search(r'<form method="get"[^>]*id="case-lookup".*?</form>', html, re.S).group(0)
    assert "input-group" not in lookup and 'class="col-12 col-md"' in lookup and "col-md-auto" in lookup


def test_the_person_placeholder_follows_the_lookup_and_a_single_victim_is_chosen(world, client):
    empty = select(create_page(client, world.dpo), "person")
    assert "— isi kasus terlebih dahulu —" in empty
    victims = list(world.case_a.people.filter(role=PersonRole.VICTIM))
    assert len(victims) == 1
    loaded = select(create_page(client, world.dpo, case_code=str(world.case_a.code)), "person")
    assert "— pilih orang —" in loaded and "isi kasus terlebih dahulu" not in loaded
    assert f'<option value="{victims[0].code}" selected>' in loaded


def test_two_victims_are_not_chosen_for_the_dpo(world, client):
    PersonFactory(case=world.case_a, role=PersonRole.VICTIM)
    loaded = select(create_page(client, world.dpo, case_code=str(world.case_a.code)), "person")
    assert "selected" not in loaded.replace('<option value="" selected>', "")


def test_the_person_is_shown_required_but_the_service_refuses_it(world, client):
    form = RequestForm(people=[])
    assert form.fields["person"].required
    html = create_page(client, world.dpo, case_code=str(world.case_a.code))
    assert re.search(r'for="id_person"[^>]*>\s*Yang bersangkutan<span class="asteriskField">\*</span>', html)
    response = client.post(
        reverse("dataprotection:request-create"),
        {
            "case_code": str(world.case_a.code),
            "person": "",
            "kind": RequestKind.ACCESS,
            "requester": Requester.SELF,
            "identity_check": IdentityCheck.KTP,
            "received_at": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 200 and not SubjectRequest.objects.exists()
    assert response.context["form"].errors["person"] == ["Pilih orang dalam kasus."]


def test_an_unknown_case_is_refused_beside_the_lookup_box(world, client):
    client.force_login(world.dpo)
    response = client.post(
        reverse("dataprotection:request-create"),
        {
            "case_code": "999/UPTD-PPA/I/2001",
            "kind": RequestKind.ACCESS,
            "requester": Requester.SELF,
            "identity_check": IdentityCheck.KTP,
            "received_at": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and not SubjectRequest.objects.exists()
    assert 'id="lookup-case-error"' in html and "Tidak ada kasus dengan nomor atau kode ini." in html
    assert 'value="999/UPTD-PPA/I/2001"' in html and "is-invalid" in html


def test_the_request_list_filters_say_what_all_means(world, client):
    client.force_login(world.dpo)
    html = client.get(reverse("dataprotection:request-list")).content.decode()
    assert '<option value="">Semua status</option>' in html
    assert '<option value="">Semua jenis permohonan</option>' in html
    assert '<option value="">Semua</option>' not in html


def test_the_dpia_sections_are_shown_required_and_still_refused_by_the_service(world, client):
    form = DpiaForm()
    for name in ("description", "necessity", "risks", "measures"):
        assert form.fields[name].required
    client.force_login(world.dpo)
    url = reverse("dataprotection:dpia-edit")
    html = client.get(url).content.decode()
    assert html.count('<span class="asteriskField">*</span>') >= 5
    review = (timezone.localdate() + timedelta(days=90)).isoformat()
    response = client.post(url, {"description": "Ada.", "next_review_on": review})
    errors = response.context["form"].errors
    assert response.status_code == 200 and set(errors) == {"necessity", "risks", "measures"}
    assert "This field is required." not in str(errors) and "Kolom ini harus diisi." not in str(errors)


def test_the_first_dpia_is_written_and_a_later_one_edited(world, client):
    client.force_login(world.dpo)
    url = reverse("dataprotection:dpia-edit")
    html = client.get(url).content.decode()
    assert '<h1 class="h3 mb-3">Tulis DPIA</h1>' in html and "Ubah DPIA" not in html
    dpia_save(
        actor=world.dpo,
        description="a",
        necessity="b",
        risks="c",
        measures="d",
        next_review_on=timezone.localdate() + timedelta(days=90),
    )
    html = client.get(url).content.decode()
    assert '<h1 class="h3 mb-3">Ubah DPIA</h1>' in html and "Tulis DPIA" not in html


def test_the_notices_header_wraps_with_a_gap(world, client):
    incident = incident_record(
        actor=world.dpo,
        discovered_at=timezone.now() - timedelta(hours=1),
        kind=IncidentKind.values[0],
        record_classes=[RecordClass.values[0]],
        description="Laptop hilang.",
        case_codes=[str(world.case_a.code)],
    )
    client.force_login(world.dpo)
    html = client.get(reverse("dataprotection:detail", args=[incident.code])).content.decode()
    header = re.search(r'<div class="([^"]*)">\s*<h2[^>]*id="notices-heading"', html).group(1)
    assert {"d-flex", "flex-wrap", "gap-2"} <= set(header.split())


def test_a_future_time_received_comes_with_the_forms_own_errors_on_the_first_submit(world, client):
    """The service's input checks (request_input_checked) are asked by the form too: a request
    received "tomorrow", without its kind, by another without their relation, is refused with all
    three at once, and nothing typed is lost."""
    client.force_login(world.dpo)
    tomorrow = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("dataprotection:request-create"),
        {
            "case_code": str(world.case_a.code),
            "person": str(world.case_a.people.filter(role=PersonRole.VICTIM).get().code),
            "requester": Requester.OTHER,
            "requester_name": "Siti Aminah",
            "identity_check": IdentityCheck.KTP,
            "details": "Salinan berkas",
            "received_at": tomorrow,
        },
    )
    errors = response.context["form"].errors
    assert response.status_code == 200 and not SubjectRequest.objects.exists()
    assert errors["received_at"] == ["Waktu diterima tidak boleh di masa mendatang."]
    assert errors["requester_relation"] == ["Sebutkan hubungan pemohon dengan yang bersangkutan."]
    assert "kind" in errors
    assert "Salinan berkas" in response.content.decode() and "Siti Aminah" in response.content.decode()


def test_a_future_approval_date_comes_with_the_forms_own_errors_on_the_first_submit(world, client):
    from dataprotection.services import disposal_propose
    from tests.dataprotection.test_retention_pages import old_closed_case

    batch = disposal_propose(actor=world.dpo, case_codes=[old_closed_case(world).register_number])
    client.force_login(world.dpo)
    url = reverse("dataprotection:batch-approval", args=[batch.code])
    page = client.get(url).content.decode()
    assert re.search(rf'name="approval_date"[^>]*max="{timezone.localdate().isoformat()}"', page)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(url, {"approval_reference": "180/9/2026", "approval_date": tomorrow})
    errors = response.context["form"].errors
    assert errors["approval_date"] == ["Tanggal tidak boleh di masa mendatang."]
    assert {"file", "approved_by_office", "witnesses"} <= set(errors)
