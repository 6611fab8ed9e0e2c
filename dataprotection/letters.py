"""The breach notice letter (UU 27/2022 Pasal 46) as a PDF, in Indonesian, the language of the
unit's letters. Rendered on request from the notice (never stored: it holds the recipient's
name and address, which stay encrypted in the database); every download is audited."""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.http.response import HttpResponseBase
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import get_valid_filename

from uptdppa.audit import log_access
from uptdppa.downloads import private_download
from uptdppa.pdf import html_to_pdf

from .models import BreachNotice


def notice_letter_pdf(notice: BreachNotice) -> bytes:
    """The letter of ``notice``; WeasyPrint fetches nothing for it (uptdppa/pdf.py)."""
    with translation.override("id"):
        html = render_to_string(
            "dataprotection/letter.html",
            {
                "notice": notice,
                "incident": notice.incident,
                "date": timezone.localtime(notice.sent_at or timezone.now()),
                "unit_phone": settings.UNIT_PHONE,
            },
        )
    return html_to_pdf(html)


def notice_letter_response(
    *, user: Any, notice: BreachNotice, detail: dict[str, Any] | None = None
) -> HttpResponseBase:
    """The letter as a download, for pages and the API alike; every download is audited."""
    pdf = notice_letter_pdf(notice)
    log_access(notice, actor=user, detail={"download": "breach notice letter", **(detail or {})})
    name = get_valid_filename(f"pemberitahuan-kebocoran-{notice.code.hex[:8]}.pdf")
    return private_download(io.BytesIO(pdf), filename=name, content_type="application/pdf")


def processing_record_pdf(entries: list[Any]) -> bytes:
    """The record of processing (Pasal 31) as a PDF in Indonesian, for the DPO to hand to an auditor."""
    with translation.override("id"):
        html = render_to_string(
            "dataprotection/processing/record_pdf.html",
            {"entries": entries, "date": timezone.localtime(), "unit_phone": settings.UNIT_PHONE},
        )
    return html_to_pdf(html)


def processing_record_response(*, entries: list[Any]) -> HttpResponseBase:
    """The record of processing as a download (its read is audited by the selector)."""
    pdf = processing_record_pdf(entries)
    name = f"catatan-pemrosesan-{timezone.localdate().isoformat()}.pdf"
    return private_download(io.BytesIO(pdf), filename=name, content_type="application/pdf")
