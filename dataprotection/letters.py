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

from .models import BreachNotice, DisposalBatch


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


def berita_acara_pdf(batch: DisposalBatch) -> bytes:
    """The berita acara pemusnahan of an executed batch (or the appraisal list of one not yet
    executed): register numbers, the approval, the witnesses, the time, and how long destroyed
    records remain in backups (BACKUP_KEEP_*; README "Backups and restore")."""
    from .services.retention import backup_window_days, backups_gone_by

    items = list(batch.items.all())
    with translation.override("id"):
        html = render_to_string(
            "dataprotection/retention/berita_acara.html",
            {
                "batch": batch,
                "destroyed": [item for item in items if item.destroyed_at],
                "listed": items,
                "executed": timezone.localtime(batch.executed_at) if batch.executed_at else None,
                "backup_days": backup_window_days(),
                "backups_gone_by": backups_gone_by(batch.executed_at) if batch.executed_at else None,
                "keep_daily": settings.BACKUP_KEEP_DAILY,
                "keep_weekly": settings.BACKUP_KEEP_WEEKLY,
                "keep_monthly": settings.BACKUP_KEEP_MONTHLY,
                "date": timezone.localtime(batch.executed_at or timezone.now()),
                "unit_phone": settings.UNIT_PHONE,
            },
        )
    return html_to_pdf(html)


def processing_record_response(*, entries: list[Any]) -> HttpResponseBase:
    """The record of processing as a download (its read is audited by the selector)."""
    pdf = processing_record_pdf(entries)
    name = f"catatan-pemrosesan-{timezone.localdate().isoformat()}.pdf"
    return private_download(io.BytesIO(pdf), filename=name, content_type="application/pdf")


def berita_acara_response(*, user: Any, batch: DisposalBatch, detail: dict[str, Any] | None = None) -> HttpResponseBase:
    pdf = berita_acara_pdf(batch)
    log_access(batch, actor=user, detail={"download": "berita acara pemusnahan", **(detail or {})})
    name = get_valid_filename(f"berita-acara-pemusnahan-{batch.label}.pdf")
    return private_download(io.BytesIO(pdf), filename=name, content_type="application/pdf")
