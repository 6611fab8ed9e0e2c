"""Retention and destruction through the pages and the API: the data protection officer proposes
and attaches the approval, the head orders the destruction, the berita acara is a PDF; the pages
say who decides, bad input keeps what was typed and answers in Indonesian; others get 404."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseStatus, PersonRole
from dataprotection.models import DisposalBatch, DisposalStatus
from tests.factories import CaseFactory, PersonFactory
from tests.records import pdf_upload

pytestmark = pytest.mark.django_db


def old_closed_case(world) -> Case:
    case = CaseFactory(created_by=world.pengaduan)
    PersonFactory(case=case, role=PersonRole.VICTIM, estimated_age=30)
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED, closed_at=timezone.make_aware(datetime(2000, 1, 1, 9))
    )
    return Case.objects.get(pk=case.pk)


def test_the_dpo_proposes_and_attaches_the_approval_and_the_head_destroys_through_the_pages(
    world, client, django_capture_on_commit_callbacks
):
    case = old_closed_case(world)
    client.force_login(world.dpo)
    worklist = client.get(reverse("dataprotection:retention")).content.decode()
    assert case.register_number in worklist and 'id="place-hold"' not in worklist
    response = client.post(reverse("dataprotection:batch-propose"), {"case_codes": case.register_number, "note": ""})
    batch = DisposalBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse("dataprotection:batch", args=[batch.code])
    url = reverse("dataprotection:batch-approval", args=[batch.code])
    bad = client.post(url, {"approval_reference": "180/9/2026", "witnesses": "Budi"})
    html = bad.content.decode()
    assert bad.status_code == 200 and "180/9/2026" in html and "enctype" in html
    response = client.post(
        url,
        {
            "file": pdf_upload("persetujuan.pdf"),
            "approval_reference": "180/9/2026",
            "approval_date": timezone.localdate().isoformat(),
            "approved_by_office": "Wali Kota Jambi",
            "witnesses": "Budi — Kasubag Umum",
        },
    )
    assert "Sebutkan paling sedikit 2 saksi, satu per baris." in response.content.decode()
    response = client.post(
        url,
        {
            "file": pdf_upload("persetujuan.pdf"),
            "approval_reference": "180/9/2026",
            "approval_date": timezone.localdate().isoformat(),
            "approved_by_office": "Wali Kota Jambi",
            "witnesses": "Budi — Kasubag Umum\nSari — Inspektorat",
        },
    )
    assert response.status_code == 302
    detail = client.get(reverse("dataprotection:batch", args=[batch.code])).content.decode()
    assert 'id="head-decides"' in detail and 'id="execute"' not in detail
    execute = client.get(reverse("dataprotection:batch-execute", args=[batch.code])).content.decode()
    assert 'id="head-only"' in execute
    client.force_login(world.kepala)
    detail = client.get(reverse("dataprotection:batch", args=[batch.code])).content.decode()
    assert 'id="execute"' in detail
    with django_capture_on_commit_callbacks(execute=True):  # the task, eager in tests
        response = client.post(reverse("dataprotection:batch-execute", args=[batch.code]), {"confirm": "on"})
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == DisposalStatus.DONE
    pdf = client.get(reverse("dataprotection:berita-acara", args=[batch.code]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_the_berita_acara_lists_the_register_numbers_witnesses_and_the_backup_window(world, settings):
    settings.BACKUP_KEEP_DAILY, settings.BACKUP_KEEP_WEEKLY, settings.BACKUP_KEEP_MONTHLY = 14, 8, 12
    batch = DisposalBatch.objects.create(
        proposed_by=world.kepala,
        proposed_at=timezone.now(),
        status=DisposalStatus.DONE,
        executed_at=timezone.now(),
        approval_stored_name="retention/x.pdf",
        approval_reference="180/9/2026",
        witnesses="Budi\nSari",
    )
    batch.items.create(
        case=world.case_a,
        register_number="007/UPTD-PPA/I/2000",
        retention_class="dewasa",
        closed_on=date(2000, 1, 1),
        retention_ends_on=date(2010, 1, 1),
        destroyed_at=timezone.now(),
    )
    from dataprotection.services import backup_window_days

    html = render_to_string(
        "dataprotection/retention/berita_acara.html",
        {"batch": batch, "listed": list(batch.items.all()), "destroyed": list(batch.items.all()), "backup_days": 372},
    )
    assert "007/UPTD-PPA/I/2000" in html and "Sari" in html and "180/9/2026" in html
    assert backup_window_days() == 372


def test_the_api_proposes_and_refuses_in_indonesian(world, client):
    case = old_closed_case(world)
    client.force_login(world.dpo)
    response = client.post(
        "/api/v1/data-protection/retention/batches/", {"cases": [world.case_a.register_number]}, "application/json"
    )
    assert response.status_code == 400 and "belum ditutup" in response.json()["errors"]["cases"][0]
    response = client.post(
        "/api/v1/data-protection/retention/batches/", {"cases": [case.register_number]}, "application/json"
    )
    assert response.status_code == 201 and response.json()["items"][0]["register_number"] == case.register_number
    worklist = client.get("/api/v1/data-protection/retention/worklist/").json()
    assert worklist[0]["case"] == case.register_number and worklist[0]["in_batch"] is True
    hold = client.post(
        "/api/v1/data-protection/retention/holds/", {"case": case.register_number, "reason": "x"}, "application/json"
    )
    assert hold.status_code == 400 and hold.json()["detail"]


def test_others_never_see_retention(world, client):
    client.force_login(world.manajer)
    assert client.get(reverse("dataprotection:retention")).status_code == 404
    assert client.get("/api/v1/data-protection/retention/worklist/").status_code == 404


def test_the_signature_block_of_the_berita_acara_is_never_alone_on_a_page(world):
    """Whatever the length of the list, the signer's title and the signature line are printed on
    one page, with body text above them (templates/letters/base.html keeps the block together)."""
    from io import BytesIO

    from pypdf import PdfReader

    from dataprotection.letters import berita_acara_pdf

    batch = DisposalBatch.objects.create(
        proposed_by=world.kepala,
        proposed_at=timezone.now(),
        status=DisposalStatus.DONE,
        executed_at=timezone.now(),
        approval_stored_name="retention/x.pdf",
        approval_reference="180/9/2026",
        witnesses="Budi\nSari",
    )
    for count in range(1, 30):
        batch.items.create(
            case=CaseFactory(created_by=world.pengaduan),
            register_number=f"{count:03d}/UPTD-PPA/I/2000",
            retention_class="dewasa",
            closed_on=date(2000, 1, 1),
            retention_ends_on=date(2010, 1, 1),
            destroyed_at=timezone.now(),
        )
        if count % 4:
            continue  # a sample of lengths keeps the test short
        pages = [page.extract_text() for page in PdfReader(BytesIO(berita_acara_pdf(batch))).pages]
        signed = [text for text in pages if "Kepala UPTD PPA Kota Jambi" in text.split("(....")[0][-80:]]
        assert len(signed) == 1, count
        text = signed[0]
        assert "(...." in text, count  # the signature line is on the signer's page
        before = text.split("Jambi,")[0].strip()
        assert before, count  # never the signature alone at the top of a page: body text comes with it


def test_a_batch_is_offered_only_while_a_case_may_be_destroyed(world, client):
    """Nothing past its end date: the button is not offered and the page says why; a closed case
    within its retention is listed under "every closed case" without "may be destroyed"."""
    recent = old_closed_case(world)
    Case.objects.filter(pk=recent.pk).update(closed_at=timezone.now())
    client.force_login(world.dpo)
    url = reverse("dataprotection:retention")
    html = client.get(url).content.decode()
    assert f'href="{reverse("dataprotection:batch-propose")}"' not in html and 'id="no-proposal"' in html
    every = client.get(url, {"semua": "1"}).content.decode()
    assert recent.register_number in every and "Dapat dimusnahkan" not in every
    old = old_closed_case(world)
    html = client.get(url).content.decode()
    assert old.register_number in html and f'href="{reverse("dataprotection:batch-propose")}"' in html
    assert 'id="no-proposal"' not in html
