"""The referral letter (surat rujukan) as a PDF: the shared facts only (see models.Referral)."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.http.response import HttpResponseBase
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import get_valid_filename

from cases.vocabularies import ServiceType
from uptdppa.audit import log_access
from uptdppa.downloads import private_download
from uptdppa.pdf import html_to_pdf

from .models import Referral, ReferralStatus
from .selectors import shared_table, shared_victims

logger = logging.getLogger(__name__)


def referral_letter_pdf(referral: Referral) -> bytes:
    """Render the letter in Indonesian (the language of the unit's letters). WeasyPrint fetches
    nothing for it: no file, no URL (uptdppa/pdf.py)."""
    with translation.override("id"):
        columns, rows = shared_table(shared_victims(referral))
        html = render_to_string(
            "referrals/letter.html",
            {
                "referral": referral,
                "services": [str(ServiceType(value).label) for value in referral.services],
                "columns": columns,
                "rows": rows,
                "unit_phone": settings.UNIT_PHONE,
            },
        )
    return html_to_pdf(html)


def referral_letter_store(*, referral: Referral) -> bool:
    """Store the letter of a sent referral if it is not stored yet. Returns whether it stored one.
    The row is locked while the file is written, so two workers never store two letters."""
    if referral.status == ReferralStatus.DRAFT:
        return False
    pdf = referral_letter_pdf(referral)
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if locked.letter:
            return False
        locked.letter.save(f"{locked.code.hex}.pdf", ContentFile(pdf), save=False)
        Referral.objects.filter(pk=locked.pk).update(letter=locked.letter.name)
    logger.info("referral letter stored referral=%s", referral.pk)
    return True


def letter_filename(referral: Referral) -> str:
    """A safe download name from the letter number (which holds slashes)."""
    number = (referral.letter_number or referral.code.hex).replace("/", "-")
    return get_valid_filename(f"surat-rujukan-{number}.pdf")


def letter_response(*, user: Any, referral: Referral, detail: dict[str, Any] | None = None) -> HttpResponseBase:
    """The letter of a sent referral as a download, for pages and the API alike. Stored now if the
    background job has not done it yet, or made again if its file was lost; every download is
    audited. A draft has no letter (404)."""
    if referral.status == ReferralStatus.DRAFT:
        raise Http404
    if referral.letter.name and not referral.letter.storage.exists(referral.letter.name):
        logger.warning("referral letter file missing, making it again referral=%s", referral.pk)
        Referral.objects.filter(pk=referral.pk).update(letter="")
        referral.refresh_from_db(fields=["letter"])
    if not referral.letter:
        referral_letter_store(referral=referral)
        referral.refresh_from_db(fields=["letter"])
    log_access(referral, actor=user, detail={"download": "referral letter", **(detail or {})})
    return private_download(
        referral.letter.open("rb"), filename=letter_filename(referral), content_type="application/pdf"
    )
