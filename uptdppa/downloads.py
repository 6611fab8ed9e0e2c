"""How every stored file leaves the application: attachments, referral letters and action files,
statistics reports and exports. The caller has checked access and written the audit entry."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse
from django.utils.text import get_valid_filename


def safe_file_name(original: str | None, extension: str, fallback: str = "lampiran") -> str:
    """A harmless name for the browser: the original name's letters, digits, "-", "_" and ".",
    with ``extension`` (the type detected at upload, never the one the uploader gave)."""
    try:
        stem = get_valid_filename(PurePath(original or "").stem)[:100]
    except SuspiciousFileOperation:
        stem = ""
    return f"{stem or fallback}.{extension}"


def private_download(handle: Any, *, filename: str, content_type: str) -> FileResponse:
    """``handle`` as a download for this user only: an attachment, with our content type and
    ``nosniff`` (the browser never guesses another), and never kept by a cache."""
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
