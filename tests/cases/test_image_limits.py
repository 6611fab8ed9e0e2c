# ruff: noqa: F811 - the fixtures imported from test_action_files come back as test arguments
"""Images past settings.ATTACHMENT_MAX_PIXELS are refused before they are decoded, on case
attachments and on a liaison's action files, through the pages and the API; an accepted image
has its metadata removed with about one decoded bitmap in memory, never several copies of it."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from PIL import Image

from cases.models import Attachment, AttachmentType
from cases.services.attachments import pixel_limit_message, strip_image_metadata
from referrals.models import ReferralAction, ReferralActionFile
from tests.cases.test_attachments import add, jpeg_with_gps
from tests.cases.test_attachments import stored_files as stored_attachments
from tests.cases.test_attachments_api import post_file
from tests.conftest import refusal
from tests.referrals.test_action_files import (  # noqa: F401 - fixtures come back as test arguments
    accepted,
    add_action,
    dinsos,
    draft,
    post_action,
    rsud,
    sent,
    token_client,
    victim,
)
from tests.referrals.test_action_files import stored_files as stored_action_files

pytestmark = pytest.mark.django_db

# The reviewer's file: 9400 x 9400 pixels, under Pillow's own limit (89,478,485), 265 MB decoded.
BOMB_SIDE = 9400


def jpeg_declaring(width: int, height: int) -> bytes:
    """A small JPEG whose header (SOF0) claims ``width`` x ``height``: what a compressed picture of
    that size looks like before it is decoded. Cheap to build; decoding it would fail, late."""
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "blue").save(out, "JPEG")
    data = bytearray(out.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = height.to_bytes(2, "big") + width.to_bytes(2, "big")
    return bytes(data)


def too_large_message() -> str:
    return pixel_limit_message()


def test_the_limit_is_forty_megapixels_by_default_and_below_pillows_own():
    assert settings.ATTACHMENT_MAX_PIXELS == 40_000_000
    assert settings.ATTACHMENT_MAX_PIXELS < Image.MAX_IMAGE_PIXELS  # type: ignore[operator]


def test_an_image_past_the_limit_is_refused_by_its_header_with_the_limit_named():
    with Image.open(io.BytesIO(jpeg_declaring(BOMB_SIDE, BOMB_SIDE))) as image:
        assert image.size == (BOMB_SIDE, BOMB_SIDE)
    with pytest.raises(Exception) as refused:
        strip_image_metadata(jpeg_declaring(BOMB_SIDE, BOMB_SIDE), AttachmentType.JPEG)
    assert getattr(refused.value, "message_dict", None) == {"file": [too_large_message()]}
    assert "40" in too_large_message()


def test_the_limit_is_inclusive_and_follows_the_setting(world, settings):
    settings.ATTACHMENT_MAX_PIXELS = 40 * 20 - 1  # jpeg_with_gps is 40 x 20
    errors = refusal(add, world=world, file=SimpleUploadedFile("foto.jpg", jpeg_with_gps(), "image/jpeg"))
    assert errors == {"file": [pixel_limit_message()]}
    settings.ATTACHMENT_MAX_PIXELS = 40 * 20
    assert add(world, file=SimpleUploadedFile("foto.jpg", jpeg_with_gps(), "image/jpeg")).mime_type == "image/jpeg"


def test_the_attachment_page_refuses_an_image_past_the_limit_and_stores_nothing(world, client):
    client.force_login(world.manajer)
    response = client.post(
        reverse("cases:attachments", args=[world.case_a.code]),
        {"file": SimpleUploadedFile("foto.jpg", jpeg_declaring(BOMB_SIDE, BOMB_SIDE), "image/jpeg"), "target": "case"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [too_large_message()]
    assert not Attachment.objects.exists() and stored_attachments() == []


def test_the_attachment_api_refuses_an_image_past_the_limit_and_stores_nothing(world, client):
    response = post_file(client, world.manajer, world.case_a, data=jpeg_declaring(BOMB_SIDE, BOMB_SIDE), name="f.jpg")
    assert response.status_code == 400, response.content
    assert response.json()["errors"] == {"file": [too_large_message()]}
    assert not Attachment.objects.exists() and stored_attachments() == []


def test_the_action_form_refuses_an_image_past_the_limit_and_stores_nothing(world, client, accepted):
    client.force_login(world.penghubung)
    bomb = SimpleUploadedFile("foto.jpg", jpeg_declaring(BOMB_SIDE, BOMB_SIDE), "image/jpeg")
    response = post_action(client, accepted, bomb)
    assert response.status_code == 200
    assert response.context["action_form"].errors["files"] == [f"foto.jpg: {too_large_message()}"]
    assert not ReferralAction.objects.exists() and not ReferralActionFile.objects.exists()
    assert stored_action_files() == []


def test_the_action_api_refuses_an_image_past_the_limit_and_stores_nothing(world, accepted):
    response = token_client(world.penghubung).post(
        f"/api/v1/inbox/referrals/{accepted.code}/actions/",
        {
            "date": timezone.localdate().isoformat(),
            "action": "Kunjungan rumah",
            "files": [SimpleUploadedFile("foto.jpg", jpeg_declaring(BOMB_SIDE, BOMB_SIDE), "image/jpeg")],
        },
    )
    assert response.status_code == 400, response.content
    assert response.json()["errors"] == {"files": [f"foto.jpg: {too_large_message()}"]}
    assert not ReferralAction.objects.exists() and stored_action_files() == []


def test_the_refusal_is_in_indonesian(world, client):
    message = str(too_large_message())
    assert message != gettext("The image cannot be read; it may be damaged.")
    assert "Gambar" in message and "megapiksel" in message


def test_saving_the_decoded_image_itself_still_drops_comments_and_colour_profiles():
    # Pillow's JPEG encoder takes a comment, and its PNG encoder an ICC profile, from the image's
    # own info unless told otherwise: the stripping must not hand them over.
    profile = b"ICCprofil-Siti-Aminah" * 8
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, "JPEG", comment=b"Siti Aminah", icc_profile=profile)
    jpeg = strip_image_metadata(out.getvalue(), AttachmentType.JPEG)
    out = io.BytesIO()
    paletted = Image.new("P", (8, 8), 1)
    paletted.putpalette([255, 0, 0, 0, 255, 0])
    paletted.save(out, "PNG", icc_profile=profile, transparency=1)
    png = strip_image_metadata(out.getvalue(), AttachmentType.PNG)
    for data in (jpeg, png):
        assert b"Siti" not in data and b"ICCprofil" not in data
    with Image.open(io.BytesIO(png)) as image:  # the palette's transparency is a pixel value, kept
        assert image.mode == "P" and image.convert("RGBA").getpixel((0, 0))[3] == 0


# --- Memory -------------------------------------------------------------------------------------

# Runs in a fresh interpreter, so that nothing else the test process holds or frees counts: the
# peak resident memory (VmHWM) is reset just before the image is stripped and read after.
_MEASURE = textwrap.dedent(
    """
    import sys, django
    django.setup()
    from cases.models import AttachmentType
    from cases.services.attachments import strip_image_metadata

    def status(field):
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) * 1024 for line in f if line.startswith(field + ":"))

    data = open(sys.argv[1], "rb").read()
    strip_image_metadata(open(sys.argv[2], "rb").read(), AttachmentType.JPEG)  # codecs loaded, warm
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # VmHWM := VmRSS
    before = status("VmRSS")
    strip_image_metadata(data, AttachmentType.JPEG)
    print(status("VmHWM") - before)
    """
)


def _largest_accepted_jpeg(path: Path, orientation: int) -> tuple[int, int]:
    """A JPEG of exactly ATTACHMENT_MAX_PIXELS (RGB), with the EXIF orientation given; written by a
    child process so that its own bitmap never counts. Returns its size."""
    width = 8000
    height = settings.ATTACHMENT_MAX_PIXELS // width
    script = textwrap.dedent(
        f"""
        from PIL import Image, ImageDraw
        image = Image.new("RGB", ({width}, {height}), "white")
        draw = ImageDraw.Draw(image)
        for x in range(0, {width}, 97):
            draw.line([(x, 0), ({width} - x, {height})], fill=(x % 256, 80, 160), width=9)
        exif = Image.Exif()
        exif[0x0112] = {orientation}
        image.save({str(path)!r}, "JPEG", quality=85, exif=exif)
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)
    return width, height


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize(
    ("orientation", "bitmaps"),
    [
        # Upright: the decoded bitmap, plus the encoder's buffers and the output (a few MB).
        (1, 1.25),
        # Turned (orientation 6): for a moment the turned bitmap beside the decoded one.
        (6, 2.25),
    ],
)
def test_stripping_the_largest_accepted_image_holds_about_one_bitmap(tmp_path, orientation, bitmaps):
    big = tmp_path / "besar.jpg"
    width, height = _largest_accepted_jpeg(big, orientation)
    assert width * height == settings.ATTACHMENT_MAX_PIXELS
    small = tmp_path / "kecil.jpg"
    small.write_bytes(jpeg_with_gps())
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "uptdppa.settings"}
    measured = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(big), str(small)],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert measured.returncode == 0, measured.stderr
    growth = int(measured.stdout.split()[-1])
    bitmap = width * height * 4  # Pillow holds an RGB pixel in 4 bytes
    assert growth <= bitmaps * bitmap, f"{growth / 2**20:.0f} MiB for a {bitmap / 2**20:.0f} MiB bitmap"
