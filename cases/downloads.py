"""A case attachment as a download, for the attachments page and its API operation alike."""

from __future__ import annotations

from typing import Any

from django.http.response import HttpResponseBase

from cases.models import Attachment
from cases.selectors.attachments import attachment_open_for_user
from uptdppa.downloads import private_download, safe_file_name


def attachment_response(user: Any, attachment: Attachment) -> HttpResponseBase:
    """The stored file as a download (the read is audited by the selector)."""
    handle = attachment_open_for_user(user=user, attachment=attachment)
    name = safe_file_name(attachment.original_name, attachment.extension)
    return private_download(handle, filename=name, content_type=attachment.mime_type)
