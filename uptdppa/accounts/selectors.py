"""Reads of accounts and of the audit trail."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from uuid import UUID

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .models import Notification, Organisation, OrganisationKind, Role, RoleChangeDecision, RoleChangeRequest, User


def audit_entries(
    *,
    actor: User | None = None,
    content_type: ContentType | None = None,
    object_pk: str = "",
    action: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[LogEntry]:
    """Audit entries, newest first, filtered. Dates are whole days in the local time zone."""
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")
    if actor is not None:
        entries = entries.filter(actor=actor)
    if content_type is not None:
        entries = entries.filter(content_type=content_type)
    if object_pk:
        # The id, or the code that users see (the object_repr of audited models is their code).
        entries = entries.filter(Q(object_pk=object_pk) | Q(object_repr=object_pk))
    if action is not None:
        entries = entries.filter(action=action)
    if date_from is not None:
        entries = entries.filter(timestamp__gte=timezone.make_aware(datetime.combine(date_from, time.min)))
    if date_to is not None:
        entries = entries.filter(timestamp__lte=timezone.make_aware(datetime.combine(date_to, time.max)))
    return entries


def audited_content_types() -> QuerySet[ContentType]:
    return ContentType.objects.filter(pk__in=LogEntry.objects.values("content_type")).order_by("app_label", "model")


def user_counts_by_role() -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for row in User.objects.values("role", "is_active").annotate(n=Count("pk")):
        counts.setdefault(row["role"], {"active": 0, "inactive": 0})["active" if row["is_active"] else "inactive"] += (
            row["n"]
        )
    return counts


def home_unit() -> Organisation:
    """UPTD PPA Kota Jambi itself (seeded by migration 0002)."""
    return Organisation.objects.filter(kind=OrganisationKind.UPTD_PPA).order_by("pk").first()  # type: ignore[return-value]


def notifications_for_user(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def active_heads() -> QuerySet[User]:
    """The active heads of the unit: whom approvals, escalations and alerts go to."""
    return User.objects.filter(role=Role.KEPALA_UPTD, is_active=True)


def active_data_protection_officers() -> QuerySet[User]:
    """The active data protection officers (UU 27/2022 Pasal 53): every breach and backup alert."""
    return User.objects.filter(role=Role.DPO, is_active=True)


def unread_notification_count(*, user: User) -> int:
    """The bell's number, on every page of every user: one statement through the cursor, as
    building the ORM's count costs several times what the database spends on it (the index
    ``notification_unread_idx`` answers it)."""
    table = connection.ops.quote_name(Notification._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table} WHERE recipient_id = %s AND read_at IS NULL", [user.pk])  # noqa: S608 - a name only
        return int(cursor.fetchone()[0])


def _role_changes() -> QuerySet[RoleChangeRequest]:
    return RoleChangeRequest.objects.select_related(
        "user", "user__organisation", "organisation", "requested_by", "decided_by"
    )


def role_changes_pending() -> QuerySet[RoleChangeRequest]:
    return _role_changes().filter(decision=RoleChangeDecision.PENDING).order_by("requested_at", "pk")


def role_changes_decided(*, limit: int = 20) -> list[RoleChangeRequest]:
    return list(_role_changes().exclude(decision=RoleChangeDecision.PENDING).order_by("-decided_at", "-pk")[:limit])


def role_change_get_for_user(*, user: Any, code: UUID) -> RoleChangeRequest:
    """The role change ``code`` for whoever decides role changes (the head); 404 for anyone else."""
    from .watch import get_or_refuse, refused  # watch counts refusals with this module's selectors

    if not user.has_perm("accounts.decide_role_change"):
        raise refused(user=user, kind="role_change", code=code)
    return get_or_refuse(_role_changes(), user=user, kind="role_change", code=code)


def _refusals(since: datetime) -> QuerySet[LogEntry]:
    """Audit entries of look-ups refused (404) since ``since`` (uptdppa.audit.log_refusal)."""
    return LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, timestamp__gte=since, additional_data__has_key="refused"
    )


def refusal_count(*, user: Any, since: datetime) -> int:
    return _refusals(since).filter(actor=user).count()


def users_with_refusals(*, since: datetime, minimum: int) -> list[tuple[User, int]]:
    """Users refused at least ``minimum`` look-ups since ``since``, most refused first."""
    counts = dict(
        _refusals(since)
        .filter(actor__isnull=False)
        .values("actor")
        .annotate(n=Count("pk"))
        .filter(n__gte=minimum)
        .values_list("actor", "n")
    )
    users = User.objects.filter(pk__in=counts).select_related("organisation")
    return sorted(((user, counts[user.pk]) for user in users), key=lambda pair: (-pair[1], pair[0].username))
