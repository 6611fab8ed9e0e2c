"""Reads of accounts and of the audit trail."""

from __future__ import annotations

from datetime import date, datetime, time
from functools import cache
from typing import Any
from uuid import UUID

from auditlog.models import LogEntry
from auditlog.registry import auditlog
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
        entries = entries.filter(_audited_object(object_pk))
    if action is not None:
        entries = entries.filter(action=action)
    if date_from is not None:
        entries = entries.filter(timestamp__gte=timezone.make_aware(datetime.combine(date_from, time.min)))
    if date_to is not None:
        entries = entries.filter(timestamp__lte=timezone.make_aware(datetime.combine(date_to, time.max)))
    return entries


def _audited_object(text: str) -> Q:
    """The entries of the record ``text`` names: its id, or the code users see (a record's code, a
    case's register number), resolved to the records that carry it so that each is read through
    the index on (content type, object, time) rather than by scanning every entry's text. An id
    is looked for under every kind of record, through that same index (the trail keeps no index
    on the id alone: accounts migration 0015). A code that no record carries any more (a
    destroyed case) is looked for in the entries' text (``object_repr``, which is the code), a
    scan of the whole trail."""
    condition = Q(content_type_id__in=_content_type_ids(), object_pk=text)
    keys = _records_named(text)
    for content_type_id, pk in keys:
        condition |= Q(content_type_id=content_type_id, object_pk=pk)
    if not keys and not text.isdigit():
        condition |= Q(object_repr=text)
    return condition


def _content_type_ids() -> list[int]:
    return list(ContentType.objects.order_by("pk").values_list("pk", flat=True))


def _records_named(text: str) -> list[tuple[int, str]]:
    """(content type id, id) of the audited records whose code, or register number, is ``text``:
    one query over every audited model that has such a field."""
    try:
        value: Any = UUID(text)
        field = "code"
    except ValueError:
        value, field = text, "register_number"
    models = _audited_models_with(field)
    if not models:
        return []
    quote = connection.ops.quote_name
    parts, params = [], []
    for model in models:
        column = model._meta.get_field(field)
        parts.append(
            f"SELECT %s, {quote(model._meta.pk.column)} FROM {quote(model._meta.db_table)}"  # noqa: S608 - names
            f" WHERE {quote(column.column)} = %s"
        )
        params += [ContentType.objects.get_for_model(model).pk, column.get_db_prep_value(value, connection)]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return [(content_type_id, str(pk)) for content_type_id, pk in cursor.fetchall()]


@cache
def _audited_models_with(field: str) -> tuple[type[Any], ...]:
    return tuple(m for m in auditlog.get_models() if field in {f.name for f in m._meta.concrete_fields})


def audited_content_types() -> QuerySet[ContentType]:
    """The kinds of record the audit trail holds entries for (the audit page's filter). In
    PostgreSQL one index probe per kind (a loose scan of the index on (content type, object, time)
    of each partition), not a pass over every entry: 20 ms at 20,000,000 entries, against 2 s."""
    if connection.vendor != "postgresql":
        present: Any = LogEntry.objects.values("content_type")
    else:
        table = connection.ops.quote_name(LogEntry._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH RECURSIVE kinds(id) AS (SELECT min(content_type_id) FROM {table} UNION ALL"  # noqa: S608 - a name
                f" SELECT (SELECT min(content_type_id) FROM {table} WHERE content_type_id > kinds.id)"
                " FROM kinds WHERE kinds.id IS NOT NULL) SELECT id FROM kinds WHERE id IS NOT NULL"
            )
            present = [row[0] for row in cursor.fetchall()]
    return ContentType.objects.filter(pk__in=present).order_by("app_label", "model")


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
