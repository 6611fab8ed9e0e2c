"""Files on the receiver's action log (issue 5 item 4: "date, action, notes, attachments"): the
file rules of case attachments (type from the content, size limit, image metadata removed), all
or nothing, random stored names and encrypted original names; downloads for the sender's side
and the receiving liaison only, audited, with 404 for everybody else and for the liaison once
the referral is revoked; the same through the API; and a page whose queries do not grow with
the number of files."""

# ruff: noqa: F811 - the fixtures imported from test_pages come back as test arguments
from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken
from PIL import Image

from referrals import services as referral_services
from referrals.models import Referral, ReferralAction, ReferralActionFile, ReferralStatus
from referrals.services import MAX_ACTION_FILES, referral_accept, referral_action_add, referral_revoke
from tests.cases.test_attachments import DISGUISED, PDF, jpeg_with_gps, png_with_text
from tests.conftest import World, max_queries, refusal
from tests.referrals.test_pages import (  # noqa: F401 - fixtures
    dinsos,
    draft,
    outsider_liaison,
    rsud,
    sent,
    victim,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"
SECRET_NAME = "laporan_kunjungan_Melati.pdf"


# --- Helpers -----------------------------------------------------------------------------------


@pytest.fixture
def accepted(world: World, sent: Referral) -> Referral:
    return referral_accept(actor=world.penghubung, referral=sent)


def upload(name: str = SECRET_NAME, data: bytes = PDF, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "referral-action-files"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def stored_bytes(file: ReferralActionFile) -> bytes:
    return (Path(settings.MEDIA_ROOT) / file.stored_name).read_bytes()


def add_action(world: World, referral: Referral, *files: Any, **extra: Any) -> ReferralAction:
    values: dict[str, Any] = {
        "actor": world.penghubung,
        "referral": referral,
        "date": timezone.localdate(),
        "action": "Kunjungan rumah",
        "notes": "Nenek ditemui.",
        "files": list(files),
    }
    return referral_action_add(**{**values, **extra})


def post_action(client: Client, referral: Referral, *files: Any) -> Any:
    return client.post(
        reverse("referrals:action-add", args=[referral.code]),
        {"date": timezone.localdate().isoformat(), "action": "Kunjungan rumah", "notes": "Catatan.", "files": files},
    )


def file_url(file: ReferralActionFile) -> str:
    return reverse("referrals:action-file", args=[file.action.referral.code, file.code])


def downloaded(response: Any) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def statements(captured: CaptureQueriesContext) -> int:
    """The queries of a request, without the SAVEPOINTs only the test transaction adds."""
    return len([q for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]])


def token_client(user: Any) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user)[1]}")


# --- The page and the service: what is accepted, what is stored ---------------------------------


@pytest.mark.parametrize(
    ("name", "data", "mime"),
    [(SECRET_NAME, PDF, "application/pdf"), ("foto_rumah.png", png_with_text(), "image/png")],
)
def test_pdf_and_png_are_accepted_from_the_action_form(client, world, accepted, name, data, mime):
    client.force_login(world.penghubung)
    page = client.get(reverse("referrals:inbox-detail", args=[accepted.code])).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'type="file"' in page and "multiple" in page
    response = post_action(client, accepted, upload(name, data, mime))
    assert response.status_code == 302, response.content
    file = ReferralActionFile.objects.get()
    assert file.action.referral == accepted and file.uploaded_by == world.penghubung
    assert file.mime_type == mime and file.original_name == name
    assert file.size == len(stored_bytes(file))
    assert Referral.objects.get(pk=accepted.pk).status == ReferralStatus.IN_PROGRESS
    # Stored under a random name; the uploader's name only encrypted (in the row and the audit).
    assert name.split(".")[0] not in file.stored_name and file.stored_name.startswith("referral-action-files/")
    with connection.cursor() as cursor:
        cursor.execute("SELECT original_name FROM referrals_referralactionfile")
        assert name not in str(cursor.fetchone()[0])
    created = LogEntry.objects.get_for_object(file).get()
    assert created.changes_dict["original_name"] == ["********", "********"] and name not in str(created.changes)


def test_several_files_on_one_action_are_listed_with_their_links(client, world, accepted):
    client.force_login(world.penghubung)
    response = post_action(client, accepted, upload("satu.pdf"), upload("dua.png", png_with_text(), "image/png"))
    assert response.status_code == 302
    action = ReferralAction.objects.get()
    assert sorted(f.original_name for f in action.files.all()) == ["dua.png", "satu.pdf"]
    page = client.get(reverse("referrals:inbox-detail", args=[accepted.code])).content.decode()
    for file in action.files.all():
        assert file_url(file) in page and file.original_name in page


def test_a_renamed_web_page_is_refused_and_nothing_is_stored(client, world, accepted):
    client.force_login(world.penghubung)
    disguised = upload("laporan.pdf", DISGUISED["html"], "application/pdf")
    response = post_action(client, accepted, upload("baik.pdf"), disguised)
    assert response.status_code == 200
    form = response.context["action_form"]
    assert form.errors["files"] and "laporan.pdf" in form.errors["files"][0]
    assert form["action"].value() == "Kunjungan rumah" and form["notes"].value() == "Catatan."  # typed, kept
    assert not ReferralAction.objects.exists() and not ReferralActionFile.objects.exists()
    assert stored_files() == []
    assert Referral.objects.get(pk=accepted.pk).status == ReferralStatus.ACCEPTED


@pytest.mark.parametrize("kind", ["exe", "svg"])
def test_other_disguised_files_are_refused_by_the_service(world, accepted, kind):
    errors = refusal(add_action, world=world, referral=accepted, files=[upload("x.pdf", DISGUISED[kind])])
    assert set(errors) == {"files"}
    assert not ReferralActionFile.objects.exists() and stored_files() == []


def test_exif_and_gps_are_removed_from_a_jpeg_and_it_stays_upright(world, accepted):
    original = jpeg_with_gps()
    action = add_action(world, accepted, upload("foto.jpg", original, "image/jpeg"))
    file = action.files.get()
    data = stored_bytes(file)
    assert file.mime_type == "image/jpeg" and data != original
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif() and "exif" not in image.info
        assert image.size == (20, 40)  # orientation 6 applied before the EXIF went
    assert b"KameraUji" not in data


def test_a_file_past_the_size_limit_is_refused(world, accepted, settings):
    settings.ATTACHMENT_MAX_BYTES = len(PDF) + 10
    errors = refusal(add_action, world=world, referral=accepted, files=[upload(data=PDF + b"x" * 100)])
    assert "files" in errors and SECRET_NAME in errors["files"][0]
    assert not ReferralAction.objects.exists() and stored_files() == []
    # An empty file is refused too, and one just under the limit passes.
    assert "files" in refusal(add_action, world=world, referral=accepted, files=[upload(data=b"")])
    assert add_action(world, accepted, upload()).files.count() == 1


def test_too_many_files_are_refused(world, accepted):
    files = [upload(f"{n}.pdf") for n in range(MAX_ACTION_FILES + 1)]
    assert "files" in refusal(add_action, world=world, referral=accepted, files=files)
    assert not ReferralAction.objects.exists() and stored_files() == []


def test_the_stored_files_are_deleted_when_the_transaction_fails(world, accepted, monkeypatch):
    def broken_log(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(referral_services, "_log", broken_log)
    with pytest.raises(RuntimeError):
        add_action(world, accepted, upload("satu.pdf"), upload("dua.pdf"))
    assert stored_files() == []
    assert not ReferralActionFile.objects.exists() and not ReferralAction.objects.exists()


def test_an_action_without_files_still_works_and_other_errors_come_with_the_files_one(world, accepted):
    assert add_action(world, accepted).files.count() == 0
    errors = refusal(add_action, world=world, referral=accepted, action=" ", files=[upload(data=DISGUISED["html"])])
    assert {"action", "files"} <= set(errors)


# --- Downloads -----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["manajer", "penghubung", "kepala"])
def test_the_sender_side_and_the_receiver_download_with_an_audit_entry(client, world, accepted, who):
    file = add_action(world, accepted, upload()).files.get()
    user = getattr(world, who)
    client.force_login(user)
    response = client.get(file_url(file))
    assert downloaded(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "laporan_kunjungan_Melati.pdf" in disposition
    entry = LogEntry.objects.get_for_object(file).filter(action=LogEntry.Action.ACCESS).get()
    assert entry.actor == user and entry.additional_data["referral"] == str(accepted.code)
    assert SECRET_NAME not in str(entry.additional_data)


def test_the_sender_sees_the_files_on_the_referral_page(client, world, accepted):
    file = add_action(world, accepted, upload()).files.get()
    client.force_login(world.manajer)
    page = client.get(reverse("referrals:detail", args=[accepted.code])).content.decode()
    assert file_url(file) in page and SECRET_NAME in page


def test_nobody_else_downloads(client, world, accepted, outsider_liaison):
    file = add_action(world, accepted, upload()).files.get()
    for user in (outsider_liaison, world.manajer_lain, world.pimpinan, world.operator):
        client.force_login(user)
        assert client.get(file_url(file)).status_code == 404, user.username
    client.logout()
    assert client.get(file_url(file)).status_code == 302  # to the login page


def test_a_file_of_another_referral_or_an_unknown_code_is_a_404(client, world, accepted, victim, dinsos):
    from tests.referrals.test_portal import make_sent

    other = make_sent(world, victim, dinsos, 1)[0]
    file = add_action(world, accepted, upload()).files.get()
    client.force_login(world.penghubung)
    assert client.get(reverse("referrals:action-file", args=[other.code, file.code])).status_code == 404
    assert client.get(reverse("referrals:action-file", args=[accepted.code, other.code])).status_code == 404


def test_after_a_revoke_the_liaison_gets_a_404_and_the_sender_still_downloads(client, world, accepted):
    file = add_action(world, accepted, upload()).files.get()
    referral_revoke(actor=world.manajer, referral=accepted, reason="Salah alamat.")
    client.force_login(world.penghubung)
    assert client.get(file_url(file)).status_code == 404
    client.force_login(world.manajer)
    assert downloaded(client.get(file_url(file))) == PDF


def test_a_file_missing_from_storage_is_a_404_not_a_500(client, world, accepted):
    file = add_action(world, accepted, upload()).files.get()
    (Path(settings.MEDIA_ROOT) / file.stored_name).unlink()
    client.force_login(world.manajer)
    assert client.get(file_url(file)).status_code == 404


# --- API -----------------------------------------------------------------------------------------


def test_the_api_takes_files_as_multipart_and_both_sides_download_them(world, accepted):
    liaison = token_client(world.penghubung)
    url = f"{API}/inbox/referrals/{accepted.code}/actions/"
    png = png_with_text()
    response = liaison.post(
        url,
        {
            "date": timezone.localdate().isoformat(),
            "action": "Kunjungan rumah",
            "files": [upload(), upload("foto.png", png, "image/png")],
        },
    )
    assert response.status_code == 201, response.content
    files = response.json()["files"]
    assert [(f["name"], f["mime_type"]) for f in files] == [(SECRET_NAME, "application/pdf"), ("foto.png", "image/png")]
    first = ReferralActionFile.objects.get(code=files[0]["code"])
    assert files[0]["size"] == first.size == len(PDF)
    inbox_url = f"{API}/inbox/referrals/{accepted.code}/action-files/{first.code}/"
    assert files[0]["download_url"] == inbox_url
    download = liaison.get(inbox_url, HTTP_ACCEPT="application/pdf")
    assert downloaded(download) == PDF and download["X-Content-Type-Options"] == "nosniff"
    assert download["Cache-Control"] == "private, no-store"
    assert LogEntry.objects.get_for_object(first).filter(action=LogEntry.Action.ACCESS, actor=world.penghubung).exists()
    shown = liaison.get(f"{API}/inbox/referrals/{accepted.code}/").json()
    assert [f["download_url"] for f in shown["actions"][0]["files"]][0] == inbox_url

    staff = Client()
    staff.force_login(world.manajer)
    body = staff.get(f"{API}/referrals/{accepted.code}/").json()
    staff_url = f"{API}/referrals/{accepted.code}/action-files/{first.code}/"
    assert body["actions"][0]["files"][0]["download_url"] == staff_url
    assert downloaded(staff.get(staff_url)) == PDF
    # Each side keeps to its own endpoints.
    assert staff.get(inbox_url).status_code == 404
    assert liaison.get(staff_url).status_code == 404


def test_the_api_refuses_a_disguised_file_with_a_400_on_files_and_stores_nothing(world, accepted):
    liaison = token_client(world.penghubung)
    response = liaison.post(
        f"{API}/inbox/referrals/{accepted.code}/actions/",
        {
            "date": timezone.localdate().isoformat(),
            "action": "Kunjungan rumah",
            "files": [upload(data=DISGUISED["html"])],
        },
    )
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid" and "files" in response.json()["errors"]
    assert not ReferralAction.objects.exists() and stored_files() == []


def test_the_api_still_takes_json_without_files(world, accepted):
    liaison = token_client(world.penghubung)
    response = liaison.post(
        f"{API}/inbox/referrals/{accepted.code}/actions/",
        {"date": timezone.localdate().isoformat(), "action": "Kunjungan rumah"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["files"] == []
    # A "file" in JSON is not a file.
    response = liaison.post(
        f"{API}/inbox/referrals/{accepted.code}/actions/",
        {"date": timezone.localdate().isoformat(), "action": "x", "files": ["JVBERi0xLjQ="]},
        content_type="application/json",
    )
    assert response.status_code == 400 and "files" in response.json()["errors"]


def test_api_downloads_are_404_outside_scope_and_after_a_revoke(world, accepted, outsider_liaison):
    file = add_action(world, accepted, upload()).files.get()
    inbox_url = f"{API}/inbox/referrals/{accepted.code}/action-files/{file.code}/"
    staff_url = f"{API}/referrals/{accepted.code}/action-files/{file.code}/"
    assert token_client(outsider_liaison).get(inbox_url).status_code == 404
    other_staff = Client()
    other_staff.force_login(world.manajer_lain)
    assert other_staff.get(staff_url).status_code == 404
    referral_revoke(actor=world.manajer, referral=accepted, reason="Salah alamat.")
    assert token_client(world.penghubung).get(inbox_url).status_code == 404


# --- Query counts --------------------------------------------------------------------------------


def test_the_inbox_page_queries_do_not_grow_with_the_number_of_files(client, world, accepted):
    add_action(world, accepted, upload())
    client.force_login(world.penghubung)
    url = reverse("referrals:inbox-detail", args=[accepted.code])
    client.get(url)  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for n in range(4):
        add_action(world, accepted, *(upload(f"{n}-{m}.pdf") for m in range(3)))
    with max_queries(statements(small)):
        response = client.get(url)
    assert response.status_code == 200 and sum(len(a.files.all()) for a in response.context["actions"]) == 13
    client.force_login(world.manajer)
    staff_url = reverse("referrals:detail", args=[accepted.code])
    client.get(staff_url)
    with CaptureQueriesContext(connection) as staff_queries:
        assert client.get(staff_url).status_code == 200
    add_action(world, accepted, *(upload(f"x{m}.pdf") for m in range(3)))
    with max_queries(statements(staff_queries)):
        assert client.get(staff_url).status_code == 200
