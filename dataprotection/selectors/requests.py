"""Reads of the data-subject requests: through ``requests_visible_to`` (404 outside it), audited.

The data protection officer sees no case: the person a request concerns is read here, through
the request, and every such read is written to the audit trail (the request and the person).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from auditlog.models import LogEntry
from django.db.models import QuerySet
from django.utils import timezone

from cases.models import ConsentRecord, Person, PersonRole
from uptdppa.accounts.access import permission_refusal
from uptdppa.accounts.watch import get_or_refuse
from uptdppa.audit import log_access_many

from ..access import requests_visible_to
from ..models import RequestKind, RequestStatus, SubjectRequest
from ..services.requests import case_by_code, pasal33_check


def requests_for_user(*, user: Any, status: str = "", kind: str = "") -> QuerySet[SubjectRequest]:
    requests = requests_visible_to(user).select_related("person__case", "recorded_by")
    if status in RequestStatus.values:
        requests = requests.filter(status=status)
    if kind in RequestKind.values:
        requests = requests.filter(kind=kind)
    return requests.order_by("-received_at", "-pk")


def open_requests_for_user(*, user: Any) -> list[SubjectRequest]:
    """The open requests, the soonest due first (the task list of the head and the DPO)."""
    return list(requests_visible_to(user).filter(status=RequestStatus.OPEN).order_by("due_at", "pk"))


def request_get_for_user(*, user: Any, code: Any, perm: str | None = None) -> SubjectRequest:
    """The request ``code`` if ``user`` may see it, else Http404; with ``perm``, also
    PermissionDenied unless the user may do that. Logs the read of the request and of the person
    it concerns (and of the requester when they are a person of the case)."""
    request = get_or_refuse(
        requests_visible_to(user).select_related(
            "person__case", "requester_person", "recorded_by", "decided_by", "released_by", "correction_entry"
        ),
        user=user,
        kind="subject_request",
        code=code,
    )
    people = [request.person, *([request.requester_person] if request.requester_person else [])]
    log_access_many([request, *people], actor=user, detail={"request": str(request.code)})
    if perm is not None and not user.has_perm(perm, request):
        raise permission_refusal(perm)
    return request


def case_people_for_request(*, user: Any, case_code: str) -> list[Person]:
    """The people of a case as the registration of a request offers them (by role and initials):
    for whoever may manage requests, audited; nothing for anybody else or an unknown case."""
    if not user.has_perm("dataprotection.manage_request"):
        return []
    case = case_by_code(case_code)
    if case is None:
        return []
    people = list(Person.objects.filter(case=case).order_by("role", "created_at"))
    log_access_many(people, actor=user, detail={"list": "subject request registration"})
    return people


def _label(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _display(person: Person, name: str) -> Any:
    value = getattr(person, name)
    if value in (None, ""):
        return None
    display = getattr(person, f"get_{name}_display", None)
    return str(display()) if display else _label(value)


PERSON_FIELDS = (
    "full_name",
    "nickname",
    "nik",
    "kk_number",
    "birth_date",
    "estimated_age",
    "age_at_incident",
    "sex",
    "phone",
    "address_line",
    "education",
    "disability",
    "occupation",
    "relation_to_victim",
)


def subject_data(request: SubjectRequest) -> dict[str, Any]:
    """The person's data and their processing trail, as released for an access or a copy: the
    person record, the case facts where the person appears in their role, the consents, and who
    read or changed the record (django-auditlog entries, reads included). Other people's data are
    left out (Pasal 33): no other person, no chronology, no staff notes."""
    person = Person.objects.select_related("case", "region").get(pk=request.person_id)
    case = person.case
    fields = {name: _display(person, name) for name in PERSON_FIELDS}
    fields["region"] = person.region.name if person.region else None
    fields["role"] = str(person.get_role_display())
    victim: dict[str, Any] = {}
    if person.role == PersonRole.VICTIM:
        victim = {
            "violence_forms": [str(v.get_form_display()) for v in person.violence_forms.all()],
            "protection_categories": [str(p.get_category_display()) for p in person.protection_categories.all()],
        }
    consents = [
        {
            "basis": str(record.get_basis_display()),
            "given_on": _label(record.given_on),
            "given_by": record.consent_given_by,
            "withdrawn_at": _label(record.withdrawn_at) if record.withdrawn_at else None,
        }
        for record in ConsentRecord.objects.filter(victim=person).order_by("given_on", "created_at")
    ]
    trail = [
        {
            "at": _label(entry.timestamp),
            "action": str(entry.get_action_display()),
            "by": entry.actor.display_name if entry.actor else None,
            "by_role": str(entry.actor.get_role_display()) if entry.actor else None,
            "fields": sorted((entry.changes_dict or {}).keys()) if entry.action == LogEntry.Action.UPDATE else [],
        }
        for entry in LogEntry.objects.get_for_object(person).select_related("actor").order_by("timestamp", "pk")
    ]
    return {
        "request": str(request.code),
        "generated_at": _label(timezone.now()),
        "person": {"code": str(person.code), **fields, **victim},
        "case": {
            "register_number": case.register_number or None,
            "code": str(case.code),
            "status": str(case.get_status_display()),
            "received_at": _label(case.received_at),
            "incident_date": _label(case.incident_date) if case.incident_date else None,
        },
        "consents": consents,
        "processing_trail": trail,
        "left_out": pasal33_check(request).redactions,
    }
