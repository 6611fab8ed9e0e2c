"""The attachments API: multipart upload through the same service as the page (type by content,
size, metadata stripped), list, audited download, removal; 404 outside the case, 403 without the
permission, a psychological session's files only for readers of the notes."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from knox.models import AuthToken
from PIL import Image

from cases.models import Attachment, AttachmentTarget, Case, CaseStatus
from tests.uptdppa.test_settings import production_env

from .test_attachments import DISGUISED, OUTSIDERS, PDF, SECRET_NAME, add, jpeg_with_gps, psych_session, stored_files

pytestmark = pytest.mark.django_db


def token_for(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    _, token = AuthToken.objects.create(user=user)
    return {"HTTP_AUTHORIZATION": f"Token {token}"}


def files_url(case: Case) -> str:
    return f"/api/v1/cases/{case.code}/attachments/"


def post_file(client, user, case: Case, data: bytes = PDF, name: str = SECRET_NAME, **fields):  # type: ignore[no-untyped-def]
    body = {"file": SimpleUploadedFile(name, data, content_type="application/pdf"), **fields}
    return client.post(files_url(case), body, **token_for(user))  # multipart by default


def test_a_file_is_uploaded_listed_and_downloaded(world, client):
    response = post_file(client, world.manajer, world.case_a, description="Lembar persetujuan")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["file_name"] == SECRET_NAME and body["mime_type"] == "application/pdf"
    assert body["case"] == str(world.case_a.code) and body["target_kind"] == "case" and body["target_code"] is None
    assert body["size"] == len(PDF) and body["uploaded_by"]["code"] == str(world.manajer.code)
    assert "id" not in body and "stored_name" not in body

    listed = client.get(files_url(world.case_a), **token_for(world.hukum)).json()
    assert [item["code"] for item in listed] == [body["code"]]

    download = client.get(f"/api/v1/attachments/{body['code']}/download/", **token_for(world.hukum))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff" and "no-store" in download["Cache-Control"]
    attachment = Attachment.objects.get(code=body["code"])
    entry = LogEntry.objects.get_for_object(attachment).get(action=LogEntry.Action.ACCESS)
    assert entry.actor == world.hukum


def test_a_client_may_ask_for_the_files_own_type(world, client):
    attachment = add(world)
    headers = {**token_for(world.manajer), "HTTP_ACCEPT": "application/pdf"}
    assert client.get(f"/api/v1/attachments/{attachment.code}/download/", **headers).status_code == 200
    missing = client.get("/api/v1/attachments/3fa85f64-5717-4562-b3fc-2c963f66afa6/download/", **headers)
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


def test_images_lose_their_exif_through_the_api_too(world, client):
    body = {"file": SimpleUploadedFile("foto.jpg", jpeg_with_gps(), content_type="image/jpeg")}
    response = client.post(files_url(world.case_a), body, **token_for(world.manajer))
    assert response.status_code == 201
    attachment = Attachment.objects.get()
    stored = Image.open(io.BytesIO((Path(settings.MEDIA_ROOT) / attachment.stored_name).read_bytes()))
    assert dict(stored.getexif()) == {}


@pytest.mark.parametrize("kind", sorted(DISGUISED))
def test_a_disguised_file_gets_400_on_file(world, client, kind):
    response = post_file(client, world.manajer, world.case_a, data=DISGUISED[kind], name="fake.pdf")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["file"]
    assert not Attachment.objects.exists() and stored_files() == []


def test_a_file_over_the_limit_gets_400_and_nothing_is_stored(world, client, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    response = post_file(client, world.manajer, world.case_a, data=PDF + b"%" + b"x" * 200)
    assert response.status_code == 400 and list(response.json()["errors"]) == ["file"]
    assert stored_files() == []


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"target_kind": "referral"}, "target_kind"),
        ({"target_kind": "consent"}, "target_code"),
        ({"target_kind": "consent", "target_code": "not-a-code"}, "target_code"),
    ],
)
def test_a_bad_target_gets_400_by_field(world, client, fields, error):
    response = post_file(client, world.manajer, world.case_a, **fields)
    assert response.status_code == 400 and error in response.json()["errors"]


def test_a_closed_case_refuses_uploads_and_removals(world, client):
    attachment = add(world)
    Case.objects.filter(pk=world.case_a.pk).update(status=CaseStatus.CLOSED)
    assert post_file(client, world.manajer, world.case_a).status_code == 400
    removed = client.delete(
        f"/api/v1/attachments/{attachment.code}/",
        {"reason": "Salah kasus"},
        content_type="application/json",
        **token_for(world.manajer),
    )
    assert removed.status_code == 400
    assert Attachment.objects.count() == 1 and not Attachment.objects.get().is_removed


def test_removal_needs_a_reason_and_keeps_the_record(world, client, django_capture_on_commit_callbacks):
    attachment = add(world)
    address = f"/api/v1/attachments/{attachment.code}/"
    headers = token_for(world.manajer)
    no_reason = client.delete(address, {}, content_type="application/json", **headers)
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["errors"]
    with django_capture_on_commit_callbacks(execute=True):
        done = client.delete(
            address, {"reason": "Pindaian lebih jelas sudah dilampirkan"}, content_type="application/json", **headers
        )
    assert done.status_code == 204
    assert Attachment.objects.get().is_removed and stored_files() == []
    assert client.get(files_url(world.case_a), **headers).json() == []
    assert client.get(f"{address}download/", **headers).status_code == 404


@pytest.mark.parametrize("username", OUTSIDERS)
def test_outsiders_get_404_on_every_operation(world, client, username):
    attachment = add(world)
    headers = token_for(world.users[username])
    assert client.get(files_url(world.case_a), **headers).status_code == 404
    assert post_file(client, world.users[username], world.case_a).status_code == 404
    assert client.get(f"/api/v1/attachments/{attachment.code}/download/", **headers).status_code == 404
    removed = client.delete(
        f"/api/v1/attachments/{attachment.code}/", {"reason": "x"}, content_type="application/json", **headers
    )
    assert removed.status_code == 404
    assert Attachment.objects.count() == 1 and not Attachment.objects.get().is_removed
    assert not LogEntry.objects.get_for_object(attachment).filter(action=LogEntry.Action.ACCESS).exists()


def test_who_sees_a_complaint_but_may_not_manage_its_files_gets_403(world, client):
    attachment = add(world, actor=world.kepala, case=world.intake_c)
    Case.objects.filter(pk=world.intake_c.pk).update(status=CaseStatus.OUTSIDE_MANDATE, created_by=world.pengaduan)
    assert post_file(client, world.pengaduan, world.intake_c).status_code == 403
    removed = client.delete(
        f"/api/v1/attachments/{attachment.code}/",
        {"reason": "x"},
        content_type="application/json",
        **token_for(world.pengaduan),
    )
    assert removed.status_code == 403


def test_a_psych_session_file_is_only_for_readers_of_the_notes(world, client):
    session = psych_session(world)
    attachment = add(world, actor=world.psikolog, target_kind=AttachmentTarget.PSYCH_SESSION, target_code=session.code)
    manager = token_for(world.manajer)
    assert client.get(files_url(world.case_a), **manager).json() == []
    assert client.get(f"/api/v1/attachments/{attachment.code}/download/", **manager).status_code == 404
    assert (
        client.delete(
            f"/api/v1/attachments/{attachment.code}/", {"reason": "x"}, content_type="application/json", **manager
        ).status_code
        == 404
    )
    forged = post_file(client, world.manajer, world.case_a, target_kind="psych_session", target_code=str(session.code))
    assert forged.status_code == 400 and "target_code" in forged.json()["errors"]
    psychologist = token_for(world.psikolog)
    assert [item["code"] for item in client.get(files_url(world.case_a), **psychologist).json()] == [
        str(attachment.code)
    ]
    assert client.get(f"/api/v1/attachments/{attachment.code}/download/", **psychologist).status_code == 200


# --- Settings ----------------------------------------------------------------------------------


def test_production_with_an_s3_bucket_uses_it_and_passes_the_deploy_checks():
    env = production_env(
        ATTACHMENTS_S3_BUCKET="uptdppa-lampiran",
        ATTACHMENTS_S3_ENDPOINT_URL="https://s3.internal:9000",
        ATTACHMENTS_S3_ACCESS_KEY="kunci",
        ATTACHMENTS_S3_SECRET_KEY="rahasia",
    )
    env["DJANGO_SETTINGS_MODULE"] = "uptdppa.settings"
    code = (
        "import django;django.setup();from django.core.files.storage import storages;"
        "s=storages['attachments'];print(type(s).__name__, s.bucket_name, s.default_acl)"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120
    )
    assert shown.stdout.split() == ["S3Storage", "uptdppa-lampiran", "private"], shown.stderr
    checked = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stderr


def test_without_a_bucket_files_stay_on_disk_under_the_private_media_root():
    from django.core.files.storage import FileSystemStorage, storages

    storage = storages["attachments"]
    assert isinstance(storage, FileSystemStorage)
    assert Path(storage.location) == Path(settings.MEDIA_ROOT)
    assert Path(settings.MEDIA_ROOT) != Path(settings.STATIC_ROOT)
