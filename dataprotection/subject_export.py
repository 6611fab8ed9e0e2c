"""The answer to an access or a copy request (UU 27/2022 Pasal 7, 13, 32): the person's data and
their processing trail as a PDF in Indonesian and as machine-readable JSON. Made on request from
``selectors.subject_data`` (other people's data already left out, Pasal 33), never stored; every
release is recorded and audited by ``services.request_release``."""

from __future__ import annotations

import io
import json
from typing import Any

from django.conf import settings
from django.http.response import HttpResponseBase
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import get_valid_filename

from uptdppa.downloads import private_download
from uptdppa.pdf import html_to_pdf

from .models import SubjectRequest
from .selectors import subject_data
from .services import request_release

FORMATS = {"pdf": "application/pdf", "json": "application/json"}


def subject_data_pdf(request: SubjectRequest, data: dict[str, Any]) -> bytes:
    with translation.override("id"):
        html = render_to_string(
            "dataprotection/requests/export.html",
            {"request": request, "data": data, "date": timezone.localtime(), "unit_phone": settings.UNIT_PHONE},
        )
    return html_to_pdf(html)


def subject_data_response(*, user: Any, request: SubjectRequest, fmt: str) -> HttpResponseBase:
    """The release as a download (pages and the API alike), after the service has checked and
    recorded it (a refusal is its ValidationError)."""
    request = request_release(actor=user, request=request, fmt=fmt)
    data = subject_data(request)
    body = (
        subject_data_pdf(request, data)
        if fmt == "pdf"
        else json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    )
    name = get_valid_filename(f"data-pribadi-{request.code.hex[:8]}.{fmt}")
    return private_download(io.BytesIO(body), filename=name, content_type=FORMATS[fmt])
