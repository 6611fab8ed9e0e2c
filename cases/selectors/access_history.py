"""A case's access history: who read, exported or changed the case and the records that belong
to it, from the audit trail (docs/rules.md: "A case's access history").

The records of a case are those of every audited model that leads to the case through its
foreign keys (a person, a violence record through the victim, a referral, a referral action
through its referral, …), found once from the models themselves, and those deleted since, whose
keys were kept at their deletion (cases.models.DeletedRecord); one query gathers their keys,
and the entries are read through the index on (content type, object, time) that migration
accounts 0012 gives every monthly partition.
"""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta
from functools import lru_cache, reduce
from operator import or_
from typing import Any

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.models import CharField, IntegerField, Q, QuerySet, Value, prefetch_related_objects
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from cases.access import cases_visible_to
from cases.models import Case, DeletedRecord
from uptdppa.accounts.access import is_dpo
from uptdppa.accounts.forms import AUDIT_ACTION_LABELS
from uptdppa.accounts.watch import get_or_refuse, refused
from uptdppa.audit import log_access

# How far the servers' clocks may differ: entries are read from this long before the case's creation.
CLOCK_SKEW = timedelta(days=1)
# How far a record may be from its case through foreign keys (a referral action's file is three).
MAX_HOPS = 3


def _path_to_case(model: type[models.Model]) -> str | None:
    """The shortest lookup from ``model`` to its case's id ("case", "victim__case", …), or None."""
    queue: deque[tuple[type[models.Model], str, int]] = deque([(model, "", 0)])
    seen = {model}
    while queue:
        current, prefix, hops = queue.popleft()
        for field in current._meta.get_fields():
            if not (field.many_to_one and field.concrete and field.related_model):
                continue
            target: Any = field.related_model
            path = f"{prefix}{field.name}"
            if target is Case:
                return f"{path}_id" if not prefix else f"{path}__id"
            if hops + 1 < MAX_HOPS and target not in seen:
                seen.add(target)
                queue.append((target, f"{path}__", hops + 1))
    return None


@lru_cache(maxsize=1)
def case_record_paths() -> tuple[tuple[type[models.Model], str], ...]:
    """Every audited model that belongs to a case, with its lookup to the case id."""
    found = []
    for model in auditlog.get_models():
        if model is Case:
            continue
        path = _path_to_case(model)
        if path is not None:
            found.append((model, path))
    return tuple(sorted(found, key=lambda item: item[0]._meta.label))


_SENTINEL = -7_000_000_001  # stands for the case id in the cached SQL of the record keys


@lru_cache(maxsize=1)
def _record_keys_sql() -> tuple[str, tuple[Any, ...]]:
    """The one query of every record's (content type id, pk as text), built once with a sentinel
    where the case id goes: the ORM would otherwise compile some thirty querysets per request."""
    parts = [
        model._default_manager.filter(**{path: _SENTINEL})
        .annotate(ct=Value(ContentType.objects.get_for_model(model).pk, output_field=IntegerField()))
        .annotate(key=Cast("pk", output_field=CharField()))
        .values_list("ct", "key")
        .order_by()
        for model, path in case_record_paths()
    ]
    deleted = DeletedRecord.objects.filter(case_id=_SENTINEL).values_list("content_type_id", "object_pk").order_by()
    return parts[0].union(*parts[1:], deleted, all=True).query.sql_with_params()


def case_record_keys(case: Case) -> list[tuple[int, str]]:
    """The audit keys (content type id, object pk as the audit trail stores it) of the case, of
    every record that belongs to it and of every record of it that was deleted (DeletedRecord).
    One query."""
    sql, params = _record_keys_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, [case.pk if p == _SENTINEL else p for p in params])
        keys = [(ct, key) for ct, key in cursor.fetchall()]
    return [(ContentType.objects.get_for_model(Case).pk, str(case.pk)), *keys]


# PostgreSQL: per key, the newest entries through the (content type, object, time) index of each
# monthly partition (LATERAL … LIMIT), merged; the count adds the keys' index-only counts. One
# plan over the partitions per key instead of one per OR-ed condition: a few milliseconds of
# planning at 65 partitions instead of tens.
HISTORY_PAGE_SQL = """
SELECT e.* FROM unnest(%s::int[], %s::text[]) AS k(ct, pk),
LATERAL (SELECT * FROM auditlog_logentry WHERE content_type_id = k.ct AND object_pk = k.pk AND "timestamp" >= %s
         ORDER BY "timestamp" DESC, id DESC LIMIT %s) AS e
ORDER BY e."timestamp" DESC, e.id DESC LIMIT %s OFFSET %s
"""
HISTORY_COUNT_SQL = """
SELECT coalesce(sum((SELECT count(*) FROM auditlog_logentry
                     WHERE content_type_id = k.ct AND object_pk = k.pk AND "timestamp" >= %s)), 0)
FROM unnest(%s::int[], %s::text[]) AS k(ct, pk)
"""


class AccessHistory:
    """The audit entries of a set of keys, newest first, as Django's Paginator (and DRF's) reads
    them: ``count()`` and slices, each one query. The actors come with a slice (one query)."""

    def __init__(self, keys: list[tuple[int, str]], since: datetime) -> None:
        self.cts = [ct for ct, _pk in keys]
        self.pks = [pk for _ct, pk in keys]
        self.since = since

    def count(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(HISTORY_COUNT_SQL, [self.since, self.cts, self.pks])
            return int(cursor.fetchone()[0])

    def __getitem__(self, window: slice) -> list[LogEntry]:
        start, stop = window.start or 0, window.stop
        params = [self.cts, self.pks, self.since, stop, stop - start, start]
        entries = list(LogEntry.objects.raw(HISTORY_PAGE_SQL, params))
        prefetch_related_objects(entries, "actor")
        return entries


def case_access_history(case: Case) -> AccessHistory | QuerySet[LogEntry]:
    """The audit entries of the case and its records, newest first (paginate it). Nothing of a
    case is logged before the case exists, so only the monthly partitions from its creation on
    are read (a day earlier: the clocks of several web servers may differ). SQLite (the embedded
    demo) has no LATERAL: one OR-ed query there."""
    keys = case_record_keys(case)
    since = case.created_at - CLOCK_SKEW
    if connection.vendor == "postgresql":
        return AccessHistory(keys, since)
    condition = reduce(or_, (Q(content_type_id=ct, object_pk=pk) for ct, pk in keys))
    entries = LogEntry.objects.filter(condition, timestamp__gte=since).select_related("actor")
    return entries.order_by("-timestamp", "-pk")


def access_history_case_get_for_user(*, user: Any, code: Any) -> Case:
    """The case ``code`` whose access history ``user`` may read, else Http404 (a logged refusal).

    The rule (cases.access.can_view_access_history): the head of the unit and the data protection
    officer, for every case, and the case manager of the case's team; anyone else, and anyone who
    may not see the case, gets a 404 as for a case that does not exist. The officer sees no case
    content, so the case is looked up for them without the case scope and nothing of it but its
    codes is shown. The read of the history is logged as a read of the case."""
    scope = Case.objects.all() if is_dpo(user) else cases_visible_to(user)
    case = get_or_refuse(scope.prefetch_related("team"), user=user, kind="case", code=code)
    if not user.has_perm("cases.view_access_history", case):
        raise refused(user=user, kind="case", code=code)
    log_access(case, actor=user, detail={"case": str(case.code), "access_history": True})
    return case


def entry_label(entry: LogEntry) -> str:
    """What was done, in the user's language: read, downloaded, read the access history, created,
    changed, deleted."""
    detail = entry.additional_data if isinstance(entry.additional_data, dict) else {}
    if entry.action == LogEntry.Action.ACCESS:
        if detail.get("access_history"):
            return str(_("Read the access history"))
        if detail.get("download"):
            return str(_("Downloaded"))
        if detail.get("list"):
            return str(_("Seen in a list"))
    return str(AUDIT_ACTION_LABELS.get(entry.action, entry.get_action_display()))


def entry_rows(entries: Any) -> list[dict[str, Any]]:
    """The page's and the API's rows: when, who (user name and role), what, which record (its
    kind and its code, never a name), from which address."""
    return [
        {
            "timestamp": entry.timestamp,
            "actor": entry.actor,
            "action": entry.action,
            "action_label": entry_label(entry),
            "record_kind": str(ContentType.objects.get_for_id(entry.content_type_id).name),
            "record": entry.object_repr,
            "remote_addr": entry.remote_addr,
        }
        for entry in entries
    ]
