"""Private downloads: with SENDFILE_NGINX the app checks access, audits the read and hands the
transfer to nginx (X-Accel-Redirect to its internal /protected-media/ location); otherwise, and
for files not on this machine's disk, gunicorn streams the file as before."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.services import attachment_add
from uptdppa.downloads import private_download

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def attachment(world):  # type: ignore[no-untyped-def]
    file = SimpleUploadedFile("visum Siti.pdf", PDF, content_type="application/pdf")
    return attachment_add(actor=world.manajer, case=world.case_a, file=file, file_name=file.name)


def download(client, world, stored):  # type: ignore[no-untyped-def]
    client.force_login(world.hukum)
    return client.get(reverse("cases:attachment-download", args=[world.case_a.code, stored.code]))


def assert_private_headers(response) -> None:  # type: ignore[no-untyped-def]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="visum_Siti.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def media_file(relative: str, data: bytes = PDF) -> Path:
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.mark.django_db
def test_with_nginx_serving_media_a_download_is_an_x_accel_redirect_with_the_same_headers_and_audited(
    world, client, settings
):
    settings.SENDFILE_NGINX = True
    stored = attachment(world)
    response = download(client, world, stored)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{stored.stored_name}"
    assert response.content == b""  # nginx sends the bytes
    assert_private_headers(response)
    entry = LogEntry.objects.get_for_object(stored).get(action=LogEntry.Action.ACCESS)
    assert entry.actor == world.hukum and entry.additional_data["download"] is True


@pytest.mark.django_db
def test_without_nginx_the_app_streams_the_file_as_before(world, client, settings):
    settings.SENDFILE_NGINX = False
    stored = attachment(world)
    response = download(client, world, stored)
    assert response.status_code == 200 and not response.has_header("X-Accel-Redirect")
    assert b"".join(response.streaming_content) == PDF
    assert_private_headers(response)
    assert LogEntry.objects.get_for_object(stored).filter(action=LogEntry.Action.ACCESS).count() == 1


def test_the_internal_path_is_percent_encoded_so_nginx_reads_it_as_one_path(settings):
    settings.SENDFILE_NGINX = True
    media_file("exports/2026/laporan 1?x=%2e#a.pdf")
    handle = FileSystemStorage().open("exports/2026/laporan 1?x=%2e#a.pdf", "rb")
    response = private_download(handle, filename="laporan.pdf", content_type="application/pdf")
    assert response["X-Accel-Redirect"] == "/protected-media/exports/2026/laporan%201%3Fx%3D%252e%23a.pdf"
    assert handle.closed  # nothing left open in the worker


def test_a_file_outside_the_media_root_is_never_handed_to_nginx(settings, tmp_path):
    settings.SENDFILE_NGINX = True
    secret = tmp_path / "outside" / "secret.pdf"
    secret.parent.mkdir()
    secret.write_bytes(PDF)
    # A stored name climbing out is refused by the storage before any response is built ...
    with pytest.raises(SuspiciousFileOperation):
        FileSystemStorage().open("../outside/secret.pdf", "rb")
    # ... and a link inside the media root pointing out, or a path spelled with "..", is not
    # turned into an internal path: nginx is never asked for anything outside the media volume.
    link = Path(settings.MEDIA_ROOT) / "attachments" / "link.pdf"
    link.parent.mkdir(parents=True)
    link.symlink_to(secret)
    climbing = link.parent / ".." / ".." / secret.relative_to(tmp_path)
    for handle in (FileSystemStorage().open("attachments/link.pdf", "rb"), File(climbing.open("rb"))):
        with handle:
            response = private_download(handle, filename="x.pdf", content_type="application/pdf")
        assert not response.has_header("X-Accel-Redirect")


@pytest.mark.parametrize("handle", [io.BytesIO(PDF), ContentFile(PDF, name="attachments/in-memory.pdf")])
def test_files_made_in_memory_or_kept_elsewhere_are_streamed_even_with_nginx(settings, handle):
    settings.SENDFILE_NGINX = True
    media_file("attachments/in-memory.pdf", b"not this one")  # same name on disk: must not be used
    response = private_download(handle, filename="x.pdf", content_type="application/pdf")
    assert not response.has_header("X-Accel-Redirect")
    assert b"".join(response.streaming_content) == PDF
