"""Audit trail helpers on top of django-auditlog.

Writes (create, update, delete) are logged by auditlog's signals for every model registered
here; reads and exports are logged explicitly with :func:`log_access`. Entries hold ids, field
names and non-identifying values only: a change of an encrypted field is recorded as masked
("********" for the old and the new value), so the trail says which field changed and never what
it held; blind indexes are left out of diffs; and ``__str__`` of audited models must not contain
personal data (it becomes ``object_repr``). The table is append-only (a database trigger refuses
UPDATE and DELETE).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from typing import Any

from auditlog.cid import get_cid
from auditlog.context import auditlog_value
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone

from uptdppa.crypto import blind_index_fields, encrypted_fields


def audit_register(
    model: type[models.Model], *, exclude: tuple[str, ...] = (), mask: tuple[str, ...] = ()
) -> type[models.Model]:
    """Register ``model`` with auditlog: encrypted fields masked, blind indexes left out.

    ``exclude``: fields left out of diffs; ``mask``: fields whose change is recorded as a change
    but whose values are not (mask_value). Encrypted fields are always masked.
    """
    indexes = [f.name for f in blind_index_fields(model)]
    secret = [f.name for f in encrypted_fields(model)]
    auditlog.register(model, exclude_fields=[*indexes, *exclude], mask_fields=[*secret, *mask])
    return model


def mask_value(value: str) -> str:
    """AUDITLOG_MASK_CALLABLE: nothing of the value is kept."""
    return "********"


def set_request_actor(user: Any) -> None:
    """Tell the running request's audit context who the actor is.

    AuditlogMiddleware reads ``request.user`` before DRF authenticates a token, so token
    requests would otherwise be logged without an actor.
    """
    try:
        context = auditlog_value.get()
    except LookupError:
        return
    context["actor"] = user


def request_actor() -> Any:
    """The user of the running request as the audit context knows it (None outside a request)."""
    try:
        return auditlog_value.get().get("actor")
    except LookupError:
        return None


# A transaction that writes nothing but read entries commits without waiting for the disk
# (PostgreSQL's synchronous_commit, for that transaction only): see reads_commit_asynchronously.
ASYNC_COMMIT = "SET LOCAL synchronous_commit TO OFF"


def reads_commit_asynchronously() -> bool:
    """Whether read entries written now get their own transaction, committed asynchronously.

    Outside any transaction (a page that only reads), the entries of the read are the whole
    transaction. Its commit then returns once the WAL record is in PostgreSQL's buffers, not once
    it is on disk; the WAL writer puts it there within ``wal_writer_delay`` (200 ms). What this
    risks is the same as a server log's: a crash of the database server (not of the application)
    in that fraction of a second can lose the read entries written in it; nothing is corrupted,
    nothing else is affected. What it saves is the disk flush on every page (about 0.9 ms of a
    15 ms case list; docs/scaling.md "The audit trail"). Inside a transaction (a service that
    changes something, a test), the entries join it and commit as it does, synchronously, with the
    change and its own entries. SQLite (the embedded demo) is unchanged."""
    return connection.vendor == "postgresql" and not connection.in_atomic_block


def log_access(obj: models.Model, *, actor: Any = None, detail: dict[str, Any] | None = None) -> LogEntry:
    """Record that ``obj`` was read (or exported). ``detail`` holds ids/filter names, never PII."""
    extra: dict[str, Any] = {}
    if actor is not None and getattr(actor, "is_authenticated", False):
        # auditlog fills the address only for an actor it takes from the request, not for one given.
        extra["actor"], extra["actor_email"] = actor, getattr(actor, "email", None)
    if not reads_commit_asynchronously():
        return _access_entry(obj, detail, extra)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(ASYNC_COMMIT)
        return _access_entry(obj, detail, extra)


def _access_entry(obj: models.Model, detail: dict[str, Any] | None, extra: dict[str, Any]) -> LogEntry:
    entry = LogEntry.objects.log_create(
        obj,
        action=LogEntry.Action.ACCESS,
        changes=None,
        force_log=True,
        additional_data=detail or None,
        **extra,
    )
    return entry  # type: ignore[no-any-return]  # force_log always creates one


def log_access_many(objs: Iterable[models.Model], *, actor: Any, detail: dict[str, Any] | None = None) -> int:
    """Record that each of ``objs`` was read (a case and its people, a list page): one insert.

    Written as one plain INSERT of the values auditlog's ``log_create`` would set (no model
    instances, no RETURNING): a list page writes one entry per row, so this is on every page's
    path (bench/README.md "audit write"). Outside a transaction it is one statement that is its
    own transaction, committed asynchronously (``reads_commit_asynchronously``)."""
    objs = list(objs)
    if not objs:
        return 0
    try:
        context = auditlog_value.get()
    except LookupError:
        context = {}
    if actor is None or not getattr(actor, "is_authenticated", False):
        actor = context.get("actor")
    # What differs from row to row (the object), then what every row shares (the read).
    per_row: list[list[Any]] = [
        [ContentType.objects.get_for_model(obj).pk for obj in objs],  # cached after the first call
        [str(obj.pk) for obj in objs],
        [obj.pk if isinstance(obj.pk, int) else None for obj in objs],
        [str(obj) for obj in objs],
    ]
    shared: list[Any] = [
        LogEntry.Action.ACCESS,
        getattr(actor, "pk", None),
        getattr(actor, "email", None),
        context.get("remote_addr"),
        get_cid(),
        json.dumps(detail) if detail else None,
        "",
        connection.ops.adapt_datetimefield_value(timezone.now()),
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _prepare_access_insert(cursor)
            cursor.execute(_access_execute_postgresql(reads_commit_asynchronously()), [*shared, *per_row])
        else:
            rows = [(*values, *shared) for values in zip(*per_row, strict=True)]
            cursor.execute(_access_insert_rows(len(rows)), [value for values in rows for value in values])
    return len(objs)


# The columns log_access_many writes (the others keep their defaults: no changes, no port): first
# those of the object read, then those of the read.
ACCESS_OBJECT_COLUMNS = ("content_type_id", "object_pk", "object_id", "object_repr")
ACCESS_READ_COLUMNS = (
    "action",
    "actor_id",
    "actor_email",
    "remote_addr",
    "cid",
    "additional_data",
    "changes_text",
    "timestamp",
)
ACCESS_COLUMNS = (*ACCESS_OBJECT_COLUMNS, *ACCESS_READ_COLUMNS)


def _access_into() -> str:
    table = connection.ops.quote_name(LogEntry._meta.db_table)
    return f"INSERT INTO {table} ({', '.join(connection.ops.quote_name(c) for c in ACCESS_COLUMNS)})"


# The prepared statement of the read entries' insert, and its parameters' types (those of the
# columns: ACCESS_READ_COLUMNS, then one array per column of ACCESS_OBJECT_COLUMNS).
ACCESS_STATEMENT = "uptdppa_audit_access"
ACCESS_PARAMETER_TYPES = (
    "smallint", "bigint", "varchar", "inet", "varchar", "jsonb", "text", "timestamptz",
    "integer[]", "text[]", "bigint[]", "text[]",
)  # fmt: skip


def _prepare_access_insert(cursor: Any) -> None:
    """PostgreSQL: prepare the insert once per database session (a connection lives for many
    requests: CONN_MAX_AGE). Parsing and planning the insert into the partitioned table was a
    tenth of each page's audit write; a prepared statement is planned once and then only
    executed. A prepared statement belongs to the session, not to a transaction (a rollback keeps
    it), so it is made by its own call, and remembered against the driver's connection: a new
    connection (a reconnect, a restarted server) prepares it again."""
    raw = connection.connection
    if getattr(connection, "_audit_access_prepared_on", None) is raw:
        return
    read = ", ".join(f"${n}" for n in range(1, len(ACCESS_READ_COLUMNS) + 1))
    arrays = ", ".join(f"${n}" for n in range(len(ACCESS_READ_COLUMNS) + 1, len(ACCESS_PARAMETER_TYPES) + 1))
    insert = (
        f"{_access_into()} SELECT o.content_type_id, o.object_pk, o.object_id, o.object_repr, {read}"  # noqa: S608 - names only
        f" FROM unnest({arrays}) AS o(content_type_id, object_pk, object_id, object_repr)"
    )
    cursor.execute(f"PREPARE {ACCESS_STATEMENT} ({', '.join(ACCESS_PARAMETER_TYPES)}) AS {insert}")
    connection._audit_access_prepared_on = raw  # type: ignore[attr-defined]


@cache
def _access_execute_postgresql(asynchronous: bool) -> str:
    """PostgreSQL: the objects' values as one array per column (``unnest``), the read's values once.
    Twelve parameters whatever the number of rows: adapting one parameter per value was most of
    the insert's cost (0.8 of 2.1 ms for a page of 25 rows). With ``asynchronous``, the insert is
    preceded by ASYNC_COMMIT in the same call: PostgreSQL runs both as one implicit transaction, so
    the setting holds for this insert alone, in a single round trip."""
    read = ["%s"] * len(ACCESS_READ_COLUMNS)
    arrays = [f"%s::{kind}" for kind in ACCESS_PARAMETER_TYPES[len(ACCESS_READ_COLUMNS) :]]
    execute = f"EXECUTE {ACCESS_STATEMENT} ({', '.join([*read, *arrays])})"
    return f"{ASYNC_COMMIT}; {execute}" if asynchronous else execute


def _access_insert_rows(count: int) -> str:
    """Other databases (the embedded SQLite): one VALUES row per object."""
    row = "(" + ", ".join(["%s"] * len(ACCESS_COLUMNS)) + ")"
    return f"{_access_into()} VALUES {', '.join([row] * count)}"  # noqa: S608 - names only


def log_search(*, actor: Any, what: str, found: int) -> LogEntry:
    """Record that ``actor`` ran a search, even one that found nothing (probing shows up too).

    The entry is filed under the searching user and holds what was searched in (``what``) and
    how many results came back, never the searched terms.
    """
    return log_access(actor, actor=actor, detail={"search": what, "found": found})


def log_refusal(*, actor: Any, kind: str, code: Any) -> LogEntry:
    """Record that ``actor`` asked for the ``kind`` record ``code`` and got a 404: outside their
    scope or not there at all, one entry for both. Filed under the user like a search; it holds
    the type and the code asked for (the client address comes from the request), never a name."""
    return log_access(actor, actor=actor, detail={"refused": kind, "code": str(code)[:64]})
