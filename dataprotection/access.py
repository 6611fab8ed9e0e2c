"""Who sees the breach register: the head of the unit and the data protection officer
(UU 27/2022 Pasal 53), nobody else (docs/architecture.md#roles-and-access). Both read and
write it; incidents are not per user, so the queryset is everything or nothing.

The record of processing (Pasal 31) and the DPIA (Pasal 34): read by the head and the data
protection officer; the DPIA is written by the data protection officer alone."""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from uptdppa.accounts.access import is_dpo, is_head, who_may_declare

from .models import BreachNotice, DisposalBatch, DpiaVersion, Incident, LegalHold, SubjectRequest

is_breach_officer = is_head | is_dpo

rules.add_perm("dataprotection.view_incident", is_breach_officer)
rules.add_perm("dataprotection.manage_incident", is_breach_officer)
rules.add_perm("dataprotection.view_processing_record", is_breach_officer)
rules.add_perm("dataprotection.view_dpia", is_breach_officer)
rules.add_perm("dataprotection.edit_dpia", is_dpo)


def incidents_visible_to(user: Any) -> QuerySet[Incident]:
    """The queryset twin of ``dataprotection.view_incident``."""
    return Incident.objects.all() if is_breach_officer(user) else Incident.objects.none()


def notices_visible_to(user: Any) -> QuerySet[BreachNotice]:
    return BreachNotice.objects.filter(incident__in=incidents_visible_to(user))


# What a refusal says (uptdppa.accounts.access.permission_refusal).
who_may_declare(
    {
        "dataprotection.manage_incident": _(
            "The breach register is kept by the data protection officer and the head of the unit."
        ),
        "dataprotection.manage_request": _(
            "Data-subject requests are answered by the data protection officer and the head of the unit."
        ),
        "dataprotection.edit_dpia": _(
            "The DPIA is written by the data protection officer; the head of the unit reads it."
        ),
        "dataprotection.manage_retention": _(
            "Retention is managed by the data protection officer and the head of the unit."
        ),
        "dataprotection.decide_retention": _("Only the head of the unit places a legal hold or orders destruction."),
    }
)
# Data-subject requests (UU 27/2022 Pasal 6–14): the head and the data protection officer
# register and answer them; the people they concern are read only through the request.
rules.add_perm("dataprotection.view_request", is_breach_officer)
rules.add_perm("dataprotection.manage_request", is_breach_officer)


def requests_visible_to(user: Any) -> QuerySet[SubjectRequest]:
    """The queryset twin of ``dataprotection.view_request``."""
    return SubjectRequest.objects.all() if is_breach_officer(user) else SubjectRequest.objects.none()


def dpia_versions_visible_to(user: Any) -> QuerySet[DpiaVersion]:
    """The queryset twin of ``dataprotection.view_dpia``."""
    return DpiaVersion.objects.all() if is_breach_officer(user) else DpiaVersion.objects.none()


# Retention and destruction (UU 27/2022 Pasal 42-44): the head and the data protection officer see
# the worklist and the batches and propose; only the head decides a hold and orders destruction.
rules.add_perm("dataprotection.view_retention", is_breach_officer)
rules.add_perm("dataprotection.manage_retention", is_breach_officer)
rules.add_perm("dataprotection.decide_retention", is_head)


def disposal_batches_visible_to(user: Any) -> QuerySet[DisposalBatch]:
    """The queryset twin of ``dataprotection.view_retention``."""
    return DisposalBatch.objects.all() if is_breach_officer(user) else DisposalBatch.objects.none()


def legal_holds_visible_to(user: Any) -> QuerySet[LegalHold]:
    return LegalHold.objects.all() if is_breach_officer(user) else LegalHold.objects.none()
