"""A file of a referral's action log as a download, for the pages and the API alike."""

from __future__ import annotations

import logging

from django.http import Http404
from django.http.response import HttpResponseBase

from cases.services.attachments import attachment_storage
from uptdppa.downloads import private_download, safe_file_name

from .models import ReferralActionFile

logger = logging.getLogger(__name__)


def action_file_response(file: ReferralActionFile) -> HttpResponseBase:
    """A file of the action log as a download, for pages and the API alike (who may see it and
    the audit of the read: ``action_file_get``). Sent with the type detected at upload,
    ``nosniff`` and no caching; a file missing from storage is a 404, not a 500."""
    try:
        handle = attachment_storage().open(file.stored_name, "rb")
    except FileNotFoundError:
        logger.warning("referral action file missing from storage file=%s", file.code)
        raise Http404 from None
    name = safe_file_name(file.original_name, file.extension)
    return private_download(handle, filename=name, content_type=file.mime_type)
