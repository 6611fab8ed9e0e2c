"""Reads of the record of processing (Pasal 31) and the DPIA (Pasal 34): the head of the unit and
the data protection officer only (404 for everybody else); every read is written to the audit
trail (the record holds no personal data, but the auditor's copy should show who took it)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from uptdppa.accounts.access import permission_refusal
from uptdppa.accounts.watch import refused
from uptdppa.audit import log_access
from uptdppa.web import require_or_404

from ..access import dpia_versions_visible_to
from ..models import DpiaVersion
from ..processing_record import RecordClassEntry, processing_record

VIEW_RECORD = "dataprotection.view_processing_record"
VIEW_DPIA = "dataprotection.view_dpia"


def processing_record_for_user(*, user: Any, detail: dict[str, Any] | None = None) -> list[RecordClassEntry]:
    """The record of processing, if ``user`` may read it (else Http404); the read is audited."""
    require_or_404(user, VIEW_RECORD)
    log_access(user, actor=user, detail={"read": "processing record", **(detail or {})})
    return processing_record()


def dpia_versions_for_user(*, user: Any) -> QuerySet[DpiaVersion]:
    """Every version of the DPIA, newest first (Http404 for those who may not read it)."""
    require_or_404(user, VIEW_DPIA)
    return dpia_versions_visible_to(user).select_related("author").order_by("-version")


def dpia_current_for_user(*, user: Any, log: bool = True) -> DpiaVersion | None:
    """The DPIA in force (the newest version), or None when there is none yet; audited unless
    ``log`` is False (the home page shows only its version and review date)."""
    current = dpia_versions_for_user(user=user).first()
    if current is not None and log:
        log_access(current, actor=user)
    return current


def dpia_version_get_for_user(*, user: Any, version: int, perm: str | None = None) -> DpiaVersion:
    """Version ``version`` of the DPIA if ``user`` may read it, else Http404; with ``perm``, also
    PermissionDenied unless the user may do that. Logs the read."""
    found = dpia_versions_visible_to(user).select_related("author").filter(version=version).first()
    if found is None:
        raise refused(user=user, kind="dpia", code=version)
    log_access(found, actor=user)
    if perm is not None and not user.has_perm(perm):
        raise permission_refusal(perm)
    return found
