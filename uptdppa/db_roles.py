"""Least-privilege database roles: an owner that migrates, a runtime role that only reads and writes.

The owner role owns the schema and runs ``manage.py migrate`` followed by
``manage.py grant_runtime_privileges``. Web, worker and beat connect as the runtime role, which
may read and write the application's rows but may not change the schema, and on the audit trail
may only INSERT and SELECT: no UPDATE, DELETE or TRUNCATE, so nobody who takes over the running
application can erase what it logged. README "Database roles" describes the set-up.
"""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Tags, register
from django.core.checks import Warning as CheckWarning
from django.db import DatabaseError, connection

AUDIT_TABLE = "auditlog_logentry"
AUDIT_FORBIDDEN = ("UPDATE", "DELETE", "TRUNCATE")


def grant_statements(*, runtime_role: str, database: str) -> list[str]:
    """SQL, run by the owner, that gives ``runtime_role`` exactly what the application needs.

    Idempotent: run it again after every migration. Default privileges cover the tables that
    later migrations create; the audit table's restriction is applied after the grants.
    """
    role = connection.ops.quote_name(runtime_role)
    audit = connection.ops.quote_name(AUDIT_TABLE)
    return [
        f"GRANT CONNECT ON DATABASE {connection.ops.quote_name(database)} TO {role}",
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {audit} FROM {role}",
        *(
            f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {connection.ops.quote_name(p)} FROM {role}"
            for p in audit_partition_names()
        ),
        f"REVOKE CREATE ON SCHEMA public FROM {role}",
    ]


def audit_partition_names() -> list[str]:
    """The monthly partitions of the audit trail (accounts migration 0012), each a table of its own
    whose privileges are checked when it is named directly."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
            " WHERE i.inhparent = to_regclass(%s) ORDER BY c.relname",
            [AUDIT_TABLE],
        )
        return [row[0] for row in cursor.fetchall()]


def runtime_role_problems(cursor: Any) -> list[str]:
    """What is wrong with the connection's role as a runtime role (empty when it is least-privilege)."""
    problems = []
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    row = cursor.fetchone()
    if row and row[0]:
        problems.append("is a superuser")
    cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tableowner = current_user")
    owned = cursor.fetchone()[0]
    if owned:
        problems.append(f"owns {owned} tables")
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [AUDIT_TABLE])
    if cursor.fetchone()[0]:
        # The table and each of its monthly partitions, which may be named directly.
        cursor.execute(
            "SELECT DISTINCT p.privilege FROM unnest(%s::text[]) AS p(privilege),"
            " (SELECT to_regclass(%s) AS t UNION ALL SELECT inhrelid::regclass FROM pg_inherits"
            "  WHERE inhparent = to_regclass(%s)) AS tables WHERE has_table_privilege(tables.t, p.privilege)",
            [list(AUDIT_FORBIDDEN), AUDIT_TABLE, AUDIT_TABLE],
        )
        held = {row[0] for row in cursor.fetchall()}
        allowed = [p for p in AUDIT_FORBIDDEN if p in held]
        if allowed:
            problems.append(f"may {', '.join(allowed)} the audit trail")
    return problems


@register(Tags.security, Tags.database, deploy=True)
def check_runtime_role(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """``check --deploy``: the application must not connect as a superuser or as the tables' owner."""
    if connection.vendor != "postgresql":
        return []
    try:
        with connection.cursor() as cursor:
            problems = runtime_role_problems(cursor)
    except DatabaseError:
        return []  # unreachable or not set up yet: nothing to judge; migrate and /health/ will say so
    if not problems:
        return []
    return [
        CheckWarning(
            f"The database connection's role {'; '.join(problems)}.",
            hint="Connect web, worker and beat as the runtime role; migrate as the owner role, then run "
            "'manage.py grant_runtime_privileges' (README: Database roles).",
            id="uptdppa.W001",
        )
    ]
