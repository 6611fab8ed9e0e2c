"""Attachments: files on a case or on one of its service records (issue 4 item 9).

Who may call these is checked by the caller with cases.manage_attachments (and, for a
psychological session's attachments, cases.read_psych_notes); the rules about the files live here:

- the type is detected from the content with libmagic, never from the name or the browser's
  Content-Type: only PDF, JPEG and PNG pass (a renamed program or web page is refused);
- at most settings.ATTACHMENT_MAX_BYTES;
- images of more than settings.ATTACHMENT_MAX_PIXELS pixels are refused by the size their header
  declares, before they are decoded (a small file can decode to gigabytes);
- images are decoded and re-encoded with Pillow, which drops EXIF (GPS position, camera, time),
  XMP, comments and colour profiles; the EXIF orientation is applied first so the picture stays
  upright. PDFs are stored as they are (their metadata is not cleaned: say so to the unit);
- the file is stored under a random name; the original name is kept encrypted in the row.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import unicodedata
import uuid
import warnings
from typing import IO, Any

import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import transaction
from django.template.defaultfilters import filesizeformat, floatformat
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from cases.models import ENDED_AT_INTAKE, Attachment, AttachmentTarget, AttachmentType, Case, EventKind
from cases.models.attachments import EXTENSIONS, TARGET_MODELS

from .common import event_add, lock_case, raise_if, require_open

logger = logging.getLogger(__name__)

# libmagic needs only the first bytes to recognise these formats.
SNIFF_BYTES = 64 * 1024
# Pillow's PIL format name of each accepted image type.
IMAGE_FORMATS = {AttachmentType.JPEG: "JPEG", AttachmentType.PNG: "PNG"}


def attachment_storage() -> Storage:
    """Where the files are (settings.STORAGES["attachments"]): a private directory, or S3."""
    return storages["attachments"]


def size_limit_message() -> str:
    return _("The file is too large: at most %(limit)s.") % {"limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)}


def read_bounded(file: IO[bytes]) -> bytes:
    """The file's bytes, or a ValidationError as soon as it is past the limit (never read further)."""
    limit = settings.ATTACHMENT_MAX_BYTES
    declared = getattr(file, "size", None)
    if declared is not None and declared > limit:
        raise ValidationError({"file": size_limit_message()})
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(limit + 1)
    if len(data) > limit:
        raise ValidationError({"file": size_limit_message()})
    if not data:
        raise ValidationError({"file": _("The file is empty.")})
    return data


def detect_type(data: bytes) -> AttachmentType:
    """The file's type as libmagic reads it from the content; refused unless PDF, JPEG or PNG."""
    detected = magic.from_buffer(data[:SNIFF_BYTES], mime=True)
    if detected not in AttachmentType.values:
        raise ValidationError({"file": _("Only PDF, JPEG and PNG files are accepted.")})
    return AttachmentType(detected)


def pixel_limit_message() -> str:
    limit = floatformat(settings.ATTACHMENT_MAX_PIXELS / 1_000_000, -1)
    return _("The image is too large: at most %(limit)s megapixels. Make it smaller and try again.") % {"limit": limit}


def strip_image_metadata(data: bytes, kind: AttachmentType) -> bytes:
    """The image decoded and encoded again with no metadata at all, upright. A file that does not
    decode (damaged, or only disguised as an image) is refused, and so is one of more than
    settings.ATTACHMENT_MAX_PIXELS pixels, by the size in its header, before it is decoded.

    Memory: one decoded bitmap (the image is saved from the bitmap it was decoded into, without
    copies), plus for a moment a second one when the EXIF orientation turns it."""
    options: dict[str, Any] = {"quality": 90} if kind == AttachmentType.JPEG else {"optimize": True}
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that: refuse those too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                raise_if({"file": pixel_limit_message()} if width * height > settings.ATTACHMENT_MAX_PIXELS else {})
                image.load()
                ImageOps.exif_transpose(image, in_place=True)
                # Nothing of the original's info (EXIF, XMP, ICC profile, comments, PNG text
                # chunks) follows into the file written below; the encoders take metadata only
                # from the save() arguments and these.
                if "transparency" in image.info:
                    options["transparency"] = image.info["transparency"]
                image.info = {}
                out = io.BytesIO()
                image.save(out, format=IMAGE_FORMATS[kind], **options)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError({"file": pixel_limit_message()}) from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise ValidationError({"file": _("The image cannot be read; it may be damaged.")}) from None
    return out.getvalue()


def clean_file_name(name: str) -> str:
    """The uploader's file name without any folders or control characters (kept encrypted)."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    return base[:255] or "lampiran"


def _require_target(case: Case, kind: str, code: Any) -> None:
    """``kind``/``code`` name the case itself (no code) or one of its records."""
    if kind not in AttachmentTarget.values:
        raise ValidationError({"target_kind": _("Choose what the file belongs to.")})
    if kind == AttachmentTarget.CASE:
        if code:
            raise ValidationError({"target_code": _("A file on the case itself names no record.")})
        return
    model, case_path = TARGET_MODELS[kind]
    if not code or not model._default_manager.filter(**{case_path: case, "code": code}).exists():
        raise ValidationError({"target_code": _("Choose a record of this case.")})


@transaction.atomic
def attachment_add(
    *,
    actor: Any,
    case: Case,
    file: IO[bytes],
    file_name: str,
    target_kind: str = AttachmentTarget.CASE,
    target_code: Any = None,
    description: str = "",
) -> Attachment:
    """Store ``file`` on ``case`` (or one of its records). ``file_name`` is the uploader's name for
    it, kept only encrypted. Precondition: the caller checked cases.manage_attachments, and
    cases.read_psych_notes for a psychological session."""
    # The file first: checking and re-encoding it needs no database, so the case row is locked
    # only for the short part below.
    data = read_bounded(file)
    kind = detect_type(data)
    if kind in IMAGE_FORMATS:
        data = strip_image_metadata(data, kind)
        # Re-encoding may grow a heavily compressed image past the limit.
        raise_if({"file": size_limit_message()} if len(data) > settings.ATTACHMENT_MAX_BYTES else {})
    case = lock_case(case.pk)
    if case.status in ENDED_AT_INTAKE:
        raise ValidationError(_("Files are attached to a complaint awaiting triage or a case."))
    require_open(case)
    _require_target(case, target_kind, target_code)
    storage = attachment_storage()
    wanted = f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{EXTENSIONS[kind]}"
    stored_name = storage.save(wanted, ContentFile(data))
    try:
        attachment = Attachment(
            case=case,
            target_kind=target_kind,
            target_code=target_code or None,
            stored_name=stored_name,
            original_name=clean_file_name(file_name),
            mime_type=kind,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            description=description.strip() or None,
            uploaded_by=actor,
        )
        attachment.full_clean()
        attachment.save()
        # Codes and vocabulary values only: never the file name or the description.
        data_codes = {"attachment": str(attachment.code), "target_kind": str(target_kind), "mime_type": kind.value}
        if target_code:
            data_codes["target"] = str(target_code)
        event_add(case=case, kind=EventKind.ATTACHMENT_ADDED, actor=actor, **data_codes)
    except BaseException:
        # No row, no file: a refused or failed save leaves nothing behind in storage. (A caller's
        # own transaction rolled back later would leave the file: harmless, named by no row.)
        storage.delete(stored_name)
        raise
    logger.info("attachment %s stored on case %s", attachment.code, case.code)
    return attachment


@transaction.atomic
def attachment_remove(*, actor: Any, attachment: Attachment, reason: str) -> Attachment:
    """Remove an attachment: the row stays (who removed it, when and why, with the file's type,
    size and SHA-256), the bytes are deleted from storage once the removal is committed — a file
    nobody may open any more serves nobody, and is most often removed because it was filed on
    the wrong case. Precondition: the caller checked cases.manage_attachments (and
    cases.read_psych_notes for a psychological session's file)."""
    case = lock_case(attachment.case_id)
    require_open(case)
    attachment = Attachment.objects.select_for_update().get(pk=attachment.pk)
    if attachment.is_removed:
        raise ValidationError(_("This file was already removed."))
    raise_if({} if reason.strip() else {"reason": _("Say why the file is removed.")})
    attachment.removed_at = timezone.now()
    attachment.removed_by = actor
    attachment.removal_reason = reason.strip()
    attachment.full_clean()
    attachment.save(update_fields=["removed_at", "removed_by", "removal_reason", "updated_at"])
    event_add(case=case, kind=EventKind.ATTACHMENT_REMOVED, actor=actor, attachment=str(attachment.code))
    stored_name = attachment.stored_name
    transaction.on_commit(lambda: attachment_storage().delete(stored_name))
    return attachment
