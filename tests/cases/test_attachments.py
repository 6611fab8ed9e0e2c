"""Attachments (issue 4 item 9): type by content, size limit, metadata stripped from images,
random stored names, encrypted original names, audited downloads, 404 outside the case, a
psychological session's files only for readers of its notes, closed cases read-only."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from PIL import ExifTags, Image, PngImagePlugin

from cases.models import (
    Attachment,
    AttachmentTarget,
    Case,
    CaseEvent,
    CaseStatus,
    EventKind,
    LegalBasis,
    PersonRole,
)
from cases.services import attachment_add, attachment_remove, consent_record, psych_session_record
from tests.conftest import max_queries, refusal

pytestmark = pytest.mark.django_db

OUTSIDERS = ("manajer_lain", "penghubung", "pimpinan", "operator", "admin")
SECRET_NAME = "visum_Siti_Aminah.pdf"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# Disguised files: a Windows program, a web page and an SVG drawing (both can carry scripts).
DISGUISED = {
    "exe": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200,
    "html": b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
    "svg": b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
}


# --- Files ---------------------------------------------------------------------------------------


def jpeg_with_gps() -> bytes:
    """A 40x20 JPEG whose EXIF says: camera "KameraUji", rotate 90° (orientation 6), and a GPS
    position in Kota Jambi."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "KameraUji"
    exif[ExifTags.Base.Orientation] = 6
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "S"
    gps[ExifTags.GPS.GPSLatitude] = (1.0, 35.0, 24.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (103.0, 36.0, 0.0)
    out = io.BytesIO()
    Image.new("RGB", (40, 20), "red").save(out, "JPEG", exif=exif)
    return out.getvalue()


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Siti Aminah")
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 128, 0, 128)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def upload(name: str = SECRET_NAME, data: bytes = PDF, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def stored_bytes(attachment: Attachment) -> bytes:
    return (Path(settings.MEDIA_ROOT) / attachment.stored_name).read_bytes()


def add(world, case: Case | None = None, **kwargs) -> Attachment:  # type: ignore[no-untyped-def]
    file = kwargs.pop("file", None) or upload()
    values = {"actor": world.manajer, "case": case or world.case_a, "file": file, "file_name": file.name} | kwargs
    return attachment_add(**values)


def psych_session(world):  # type: ignore[no-untyped-def]
    victim = world.case_a.people.get(role=PersonRole.VICTIM)
    return psych_session_record(
        actor=world.psikolog, victim=victim, psychologist=world.psikolog, date=timezone.localdate()
    )


def close(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED)
    case.refresh_from_db()


def url(name: str, case: Case, *args: object) -> str:
    return reverse(f"cases:{name}", args=[case.code, *args])


# --- Types, size, metadata -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "mime"),
    [
        ("surat.pdf", PDF, "application/pdf"),
        ("foto.jpg", jpeg_with_gps(), "image/jpeg"),
        ("pindaian.png", png_with_text(), "image/png"),
    ],
)
def test_pdf_jpeg_and_png_are_accepted(world, client, name, data, mime):
    client.force_login(world.manajer)
    response = client.post(url("attachments", world.case_a), {"file": upload(name, data, mime), "target": "case"})
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.mime_type == mime
    assert attachment.size == len(stored_bytes(attachment))
    assert attachment.target_kind == AttachmentTarget.CASE and attachment.target_code is None


def test_a_pdf_is_stored_exactly_as_uploaded(world):
    attachment = add(world)
    assert stored_bytes(attachment) == PDF
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()


@pytest.mark.parametrize("kind", sorted(DISGUISED))
def test_a_disguised_file_is_refused_by_its_content_not_its_name(world, client, kind):
    client.force_login(world.manajer)
    response = client.post(
        url("attachments", world.case_a), {"file": upload("fake.pdf", DISGUISED[kind]), "target": "case"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [gettext("Only PDF, JPEG and PNG files are accepted.")]
    assert not Attachment.objects.exists()
    assert stored_files() == []


def test_the_service_refuses_a_disguised_file_whatever_the_browser_says(world):
    errors = refusal(add, world=world, file=upload("fake.pdf", DISGUISED["html"], "application/pdf"))
    assert list(errors) == ["file"]


def test_a_file_over_the_limit_is_refused_with_the_limit_and_nothing_is_stored(world, client, settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    client.force_login(world.manajer)
    big = PDF + b"%" + b"x" * 1000
    response = client.post(
        url("attachments", world.case_a), {"file": upload("besar.pdf", big), "target": "case", "description": "Surat"}
    )
    assert response.status_code == 200
    [message] = response.context["form"].errors["file"]
    assert filesizeformat(1000) in message
    assert response.context["form"]["description"].value() == "Surat"  # what was typed is kept
    assert not Attachment.objects.exists()
    assert stored_files() == []


def test_an_empty_or_damaged_image_is_refused(world):
    assert "file" in refusal(add, world=world, file=upload("kosong.pdf", b""))
    damaged = jpeg_with_gps()[:200]
    assert "file" in refusal(add, world=world, file=upload("rusak.jpg", damaged, "image/jpeg"))
    assert stored_files() == []


def test_exif_and_gps_are_removed_from_a_jpeg_which_stays_upright(world):
    original = Image.open(io.BytesIO(jpeg_with_gps()))
    assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test file does carry a position
    attachment = add(world, file=upload("foto.jpg", jpeg_with_gps(), "image/jpeg"))
    data = stored_bytes(attachment)
    stored = Image.open(io.BytesIO(data))
    assert stored.format == "JPEG"
    assert dict(stored.getexif()) == {}
    assert "exif" not in stored.info
    assert b"KameraUji" not in data and b"Exif" not in data
    assert stored.size == (20, 40)  # orientation 6 applied before the EXIF went


def test_text_chunks_are_removed_from_a_png(world):
    attachment = add(world, file=upload("pindaian.png", png_with_text(), "image/png"))
    data = stored_bytes(attachment)
    assert b"Siti Aminah" not in data
    stored = Image.open(io.BytesIO(data))
    assert stored.mode == "RGBA" and "Author" not in stored.info


# --- Names -------------------------------------------------------------------------------------


def test_the_stored_name_is_random_and_says_nothing_of_the_original(world):
    first, second = add(world), add(world)
    for attachment in (first, second):
        assert re.fullmatch(r"attachments/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", attachment.stored_name)
        assert "visum" not in attachment.stored_name.lower() and "siti" not in attachment.stored_name.lower()
    assert first.stored_name != second.stored_name
    assert {p.name for p in stored_files()} == {Path(first.stored_name).name, Path(second.stored_name).name}


def test_the_original_name_and_description_are_encrypted_in_the_database(world):
    attachment = add(world, description="Hasil visum Siti Aminah")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT original_name, description FROM {Attachment._meta.db_table} WHERE id = %s",  # noqa: S608
            [attachment.pk],
        )
        raw_name, raw_description = cursor.fetchone()
    assert "Siti" not in raw_name and "visum" not in raw_name and "Siti" not in raw_description
    assert Attachment.objects.get().original_name == SECRET_NAME


def test_the_timeline_and_the_audit_trail_hold_codes_only(world):
    attachment = add(world, description="Hasil visum Siti Aminah")
    event = CaseEvent.objects.get(kind=EventKind.ATTACHMENT_ADDED)
    assert event.data == {"attachment": str(attachment.code), "target_kind": "case", "mime_type": "application/pdf"}
    entries = LogEntry.objects.get_for_object(attachment)
    text = " ".join(f"{e.object_repr} {e.changes}" for e in entries)
    assert "Siti" not in text and "visum" not in text


# --- Targets -----------------------------------------------------------------------------------


def test_a_file_can_be_attached_to_a_consent_record_of_the_case(world):
    victim = world.case_a.people.get(role=PersonRole.VICTIM)
    consent = consent_record(
        actor=world.manajer,
        victim=victim,
        basis=LegalBasis.CONSENT,
        given_on=timezone.localdate(),
        consent_given_by="ibu",
    )
    attachment = add(world, target_kind=AttachmentTarget.CONSENT, target_code=consent.code)
    assert (attachment.target_kind, attachment.target_code) == (AttachmentTarget.CONSENT, consent.code)
    assert CaseEvent.objects.get(kind=EventKind.ATTACHMENT_ADDED).data["target"] == str(consent.code)


def test_a_record_of_another_case_or_an_unknown_kind_is_refused(world):
    other_victim = world.case_b.people.get(role=PersonRole.VICTIM)
    other = consent_record(
        actor=world.kepala, victim=other_victim, basis=LegalBasis.PUBLIC_TASK, given_on=timezone.localdate()
    )
    assert list(refusal(add, world=world, target_kind=AttachmentTarget.CONSENT, target_code=other.code)) == [
        "target_code"
    ]
    assert list(refusal(add, world=world, target_kind="referral", target_code=other.code)) == ["target_kind"]
    assert list(refusal(add, world=world, target_kind=AttachmentTarget.CASE, target_code=other.code)) == ["target_code"]
    assert stored_files() == []


# --- Closed cases, removal -------------------------------------------------------------------


def test_a_closed_case_refuses_uploads_and_the_page_offers_none(world, client):
    close(world.case_a)
    assert refusal(add, world=world) == {"__all__": [gettext("This case is closed; reopen it first.")]}
    client.force_login(world.manajer)
    page = client.get(url("attachments", world.case_a))
    assert page.status_code == 200 and page.context["form"] is None
    assert b'enctype="multipart/form-data"' not in page.content
    posted = client.post(url("attachments", world.case_a), {"file": upload(), "target": "case"})
    assert posted.status_code == 200 and posted.context["form"].non_field_errors()
    assert not Attachment.objects.exists() and stored_files() == []


def test_a_complaint_that_ended_at_intake_takes_no_files(world):
    assert "__all__" in refusal(add, world=world, actor=world.kepala, case=world.intake_d)


def test_an_intake_officer_attaches_the_consent_sheet_to_a_complaint_awaiting_triage(world, client):
    client.force_login(world.pengaduan)
    response = client.post(url("attachments", world.intake_c), {"file": upload(), "target": "case"})
    assert response.status_code == 302
    assert Attachment.objects.get().case == world.intake_c


def test_removal_keeps_the_record_deletes_the_file_and_writes_the_timeline(
    world, client, django_capture_on_commit_callbacks
):
    attachment = add(world)
    client.force_login(world.manajer)
    assert client.get(url("attachment-remove", world.case_a, attachment.code)).status_code == 200
    refused = client.post(url("attachment-remove", world.case_a, attachment.code), {"reason": ""})
    assert refused.status_code == 200 and refused.context["form"].errors["reason"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("attachment-remove", world.case_a, attachment.code), {"reason": "Salah kasus: milik korban lain"}
        )
    assert response.status_code == 302
    attachment.refresh_from_db()
    assert attachment.is_removed and attachment.removed_by == world.manajer
    assert attachment.removal_reason == "Salah kasus: milik korban lain"
    assert stored_files() == []
    event = CaseEvent.objects.get(kind=EventKind.ATTACHMENT_REMOVED)
    assert event.data == {"attachment": str(attachment.code)} and event.actor == world.manajer
    assert client.get(url("attachment-download", world.case_a, attachment.code)).status_code == 404
    again = refusal(attachment_remove, actor=world.manajer, attachment=attachment, reason="x")
    assert again == {"__all__": [gettext("This file was already removed.")]}


def test_a_closed_case_refuses_removal(world):
    attachment = add(world)
    close(world.case_a)
    assert refusal(attachment_remove, actor=world.manajer, attachment=attachment, reason="Salah") == {
        "__all__": [gettext("This case is closed; reopen it first.")]
    }
    assert not Attachment.objects.get().is_removed


# --- Pages: download, access ----------------------------------------------------------------


def test_the_download_returns_the_bytes_safely_and_is_audited(world, client):
    attachment = add(world, file=upload('../../"visum" Siti;\r\nX.pdf.exe', PDF))
    client.force_login(world.hukum)
    response = client.get(url("attachment-download", world.case_a, attachment.code))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and disposition.endswith('.pdf"')
    assert "\r" not in disposition and "\n" not in disposition and ".." not in disposition and ";X" not in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    entry = LogEntry.objects.get_for_object(attachment).get(action=LogEntry.Action.ACCESS)
    assert entry.actor == world.hukum and entry.additional_data["download"] is True


def test_the_page_lists_the_files_with_their_decrypted_names(world, client):
    add(world, description="Lembar persetujuan")
    client.force_login(world.psikolog)
    response = client.get(url("attachments", world.case_a))
    assert response.status_code == 200
    assert SECRET_NAME.encode() in response.content and b"Lembar persetujuan" in response.content
    assert reverse("cases:attachments", args=[world.case_a.code]).encode() in response.content  # the tab


@pytest.mark.parametrize("username", OUTSIDERS)
def test_outsiders_get_404_on_every_page(world, client, username):
    attachment = add(world)
    client.force_login(world.users[username])
    assert client.get(url("attachments", world.case_a)).status_code == 404
    assert client.post(url("attachments", world.case_a), {"file": upload(), "target": "case"}).status_code == 404
    assert client.get(url("attachment-download", world.case_a, attachment.code)).status_code == 404
    assert client.post(url("attachment-remove", world.case_a, attachment.code), {"reason": "x"}).status_code == 404
    assert Attachment.objects.count() == 1 and not Attachment.objects.get().is_removed
    assert not LogEntry.objects.get_for_object(attachment).filter(action=LogEntry.Action.ACCESS).exists()


def test_an_attachment_is_found_only_under_its_own_case(world, client):
    attachment = add(world)
    client.force_login(world.kepala)
    assert client.get(url("attachment-download", world.case_a, attachment.code)).status_code == 200  # the address works
    assert client.get(url("attachment-download", world.case_b, attachment.code)).status_code == 404


def test_who_sees_a_complaint_but_may_not_manage_its_files_gets_403(world, client):
    # The intake officer still sees the complaint they registered that ended at intake.
    client.force_login(world.pengaduan)
    assert client.get(url("attachments", world.intake_d)).status_code == 200
    assert client.post(url("attachments", world.intake_d), {"file": upload(), "target": "case"}).status_code == 403
    assert stored_files() == []


def test_a_psych_session_file_is_only_for_readers_of_the_notes(world, client):
    session = psych_session(world)
    attachment = add(world, actor=world.psikolog, target_kind=AttachmentTarget.PSYCH_SESSION, target_code=session.code)
    client.force_login(world.manajer)
    page = client.get(url("attachments", world.case_a))
    assert SECRET_NAME.encode() not in page.content
    assert AttachmentTarget.PSYCH_SESSION.value not in [
        c[0].split(":")[0] for c in page.context["form"].fields["target"].choices
    ]
    assert client.get(url("attachment-download", world.case_a, attachment.code)).status_code == 404
    assert client.post(url("attachment-remove", world.case_a, attachment.code), {"reason": "x"}).status_code == 404
    forged = client.post(
        url("attachments", world.case_a), {"file": upload(), "target": f"psych_session:{session.code}"}
    )
    assert forged.status_code == 200 and forged.context["form"].errors["target"]
    client.force_login(world.psikolog)
    assert SECRET_NAME.encode() in client.get(url("attachments", world.case_a)).content
    assert client.get(url("attachment-download", world.case_a, attachment.code)).status_code == 200
    client.force_login(world.kepala)
    assert client.get(url("attachment-download", world.case_a, attachment.code)).status_code == 200


def test_the_upload_form_offers_the_records_of_the_case(world, client):
    victim = world.case_a.people.get(role=PersonRole.VICTIM)
    consent = consent_record(
        actor=world.manajer, victim=victim, basis=LegalBasis.VITAL_INTEREST, given_on=timezone.localdate()
    )
    client.force_login(world.manajer)
    page = client.get(url("attachments", world.case_a) + f"?target=consent:{consent.code}")
    assert page.context["form"]["target"].value() == f"consent:{consent.code}"
    response = client.post(url("attachments", world.case_a), {"file": upload(), "target": f"consent:{consent.code}"})
    assert response.status_code == 302
    assert Attachment.objects.get().target_code == consent.code


# Session, user, case with its team, people and timeline, the audit insert, the files, one query
# per kind of record offered in the upload form, notifications.
LIST_PAGE_QUERIES = 20


def test_the_list_page_query_count_does_not_grow_with_the_files(world, client):
    client.force_login(world.manajer)
    session = psych_session(world)
    add(world)
    page = url("attachments", world.case_a)
    client.get(page)  # warm the content-type and session caches
    with max_queries(LIST_PAGE_QUERIES) as few:
        client.get(page)
    for n in range(12):
        add(world, description=f"Berkas {n}")
    add(world, actor=world.psikolog, target_kind=AttachmentTarget.PSYCH_SESSION, target_code=session.code)
    with max_queries(LIST_PAGE_QUERIES) as many:
        response = client.get(page)
    assert len(response.context["attachments"]) == 13
    assert len(many.captured_queries) == len(few.captured_queries)
