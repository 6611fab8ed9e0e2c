"""The runtime database role cannot erase the audit trail; the deploy check says when the app
connects with more privileges than it needs (uptdppa/db_roles.py, README "Database roles")."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection

from uptdppa.db_roles import check_runtime_role, runtime_role_problems

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="database roles are PostgreSQL's")


def connect(user: str, **options: str) -> psycopg2.extensions.connection:
    """A connection of its own to the test database, as ``user``, outside Django's transaction."""
    params = connection.settings_dict
    conn = psycopg2.connect(
        dbname=params["NAME"], user=user, host=params["HOST"] or "127.0.0.1", port=params["PORT"] or 5432, **options
    )
    conn.autocommit = True
    return conn


@pytest.fixture
def runtime_role(transactional_db) -> Iterator[str]:
    """A login role with the privileges `grant_runtime_privileges` gives (committed, so visible)."""
    role = f"uptdppa_rt_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" LOGIN')
    try:
        call_command("grant_runtime_privileges", role=role, stdout=None)
        yield role
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP OWNED BY "{role}"')
            cursor.execute(f'DROP ROLE "{role}"')


@pytest.fixture
def runtime_cursor(runtime_role) -> Iterator[psycopg2.extensions.cursor]:
    """A cursor of a connection of its own as the runtime role."""
    conn = connect(runtime_role)
    try:
        with conn.cursor() as cursor:
            yield cursor
    finally:
        conn.close()


AUDIT_INSERT = (
    "INSERT INTO auditlog_logentry (content_type_id, object_pk, object_repr, action, changes_text, timestamp,"
    " additional_data, cid, actor_email) SELECT id, '1', 'probe', 3, '', now(), NULL, NULL, NULL"
    " FROM django_content_type LIMIT 1"
)


def test_the_runtime_role_may_insert_and_read_audit_entries_but_never_erase_them(runtime_cursor):
    runtime_cursor.execute(AUDIT_INSERT)
    runtime_cursor.execute("SELECT count(*) FROM auditlog_logentry WHERE object_repr = 'probe'")
    assert runtime_cursor.fetchone()[0] == 1
    for statement in (
        "TRUNCATE auditlog_logentry",
        "UPDATE auditlog_logentry SET object_repr = 'tampered'",
        "DELETE FROM auditlog_logentry",
        "ALTER TABLE auditlog_logentry DISABLE TRIGGER ALL",
        "DROP TABLE auditlog_logentry",
    ):
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            runtime_cursor.execute(statement)
    runtime_cursor.execute("SELECT count(*) FROM auditlog_logentry WHERE object_repr = 'probe'")
    assert runtime_cursor.fetchone()[0] == 1


def test_the_runtime_role_reads_and_writes_application_rows_but_cannot_change_the_schema(runtime_cursor):
    runtime_cursor.execute("UPDATE accounts_organisation SET is_active = is_active")
    runtime_cursor.execute("SELECT count(*) FROM accounts_organisation")
    assert runtime_cursor.fetchone()[0] > 0
    with pytest.raises(psycopg2.errors.InsufficientPrivilege):
        runtime_cursor.execute("CREATE TABLE intruder (id int)")
    with pytest.raises(psycopg2.errors.InsufficientPrivilege):
        runtime_cursor.execute("ALTER TABLE accounts_organisation ADD COLUMN intruder int")


def test_truncating_the_audit_trail_is_refused_even_for_its_owner(transactional_db):
    # A plain connection as the superuser that owns the table, without the test flush's allowance.
    conn = connect(connection.settings_dict["USER"] or "postgres", options="-c lock_timeout=5000")
    try:
        with conn.cursor() as cursor, pytest.raises(psycopg2.errors.RaiseException, match="append-only"):
            cursor.execute("TRUNCATE auditlog_logentry")
    finally:
        conn.close()


def test_the_deploy_check_accepts_the_runtime_role(runtime_cursor):
    assert runtime_role_problems(runtime_cursor) == []


def test_the_deploy_check_warns_when_the_app_connects_as_a_superuser_that_owns_the_tables(db):
    messages = check_runtime_role()
    assert [m.id for m in messages] == ["uptdppa.W001"]
    assert "superuser" in messages[0].msg and "owns" in messages[0].msg and "TRUNCATE" in messages[0].msg


def test_granting_needs_an_existing_role_that_is_not_the_connection_itself(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="does not exist"):
        call_command("grant_runtime_privileges", role="no_such_role_uptdppa")
    with pytest.raises(CommandError, match="owner role"):
        call_command("grant_runtime_privileges", role=connection.settings_dict["USER"] or "postgres")
