"""How every stored file leaves the application: attachments, referral letters and action files,
statistics reports and exports. The caller has checked access and written the audit entry."""

from __future__ import annotations

import io
import os
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import File
from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header
from django.utils.text import get_valid_filename

# deploy/nginx.conf: an "internal" location aliasing the media volume (MEDIA_ROOT in the app).
NGINX_MEDIA_LOCATION = "/protected-media/"


def safe_file_name(original: str | None, extension: str, fallback: str = "lampiran") -> str:
    """A harmless name for the browser: the original name's letters, digits, "-", "_" and ".",
    with ``extension`` (the type detected at upload, never the one the uploader gave)."""
    try:
        stem = get_valid_filename(PurePath(original or "").stem)[:100]
    except SuspiciousFileOperation:
        stem = ""
    return f"{stem or fallback}.{extension}"


def private_download(handle: Any, *, filename: str, content_type: str) -> HttpResponseBase:
    """``handle`` as a download for this user only: an attachment, with our content type and
    ``nosniff`` (the browser never guesses another), and never kept by a cache.

    With ``SENDFILE_NGINX``, a file on this machine's disk under MEDIA_ROOT is sent by nginx
    (X-Accel-Redirect): the gunicorn thread is free once the headers are out. Files in S3 or made
    in memory are streamed by the app.
    """
    relative = media_path(handle) if settings.SENDFILE_NGINX else None
    response: HttpResponseBase
    if relative is None:
        response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    else:
        handle.close()
        response = HttpResponse(content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
        # nginx (1.5.9+) unescapes this URI; quoting keeps "?", "#", "%" and spaces in the path.
        response["X-Accel-Redirect"] = NGINX_MEDIA_LOCATION + quote(relative, safe="/")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def media_path(handle: Any) -> str | None:
    """The path of ``handle`` relative to MEDIA_ROOT, when it is a file on this machine's disk that
    lies inside MEDIA_ROOT once links and ".." are resolved; otherwise None (S3, memory, elsewhere)."""
    if isinstance(handle, FieldFile):
        if not isinstance(handle.storage, FileSystemStorage):
            return None
        name = handle.path
    elif type(handle) is File and isinstance(handle.file, io.BufferedReader):  # FileSystemStorage.open
        name = handle.file.name
    elif isinstance(handle, io.BufferedReader):
        name = handle.name
    else:
        return None
    real, root = Path(os.path.realpath(name)), Path(os.path.realpath(settings.MEDIA_ROOT))
    if not real.is_relative_to(root) or not real.is_file():
        return None
    return real.relative_to(root).as_posix()
