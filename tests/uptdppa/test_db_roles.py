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


# --- The monthly partitions of the audit trail (accounts migration 0012) --------------------------


def test_the_runtime_role_cannot_erase_any_partition_of_the_audit_trail_named_directly(runtime_cursor):
    from uptdppa.db_roles import audit_partition_names

    partitions = audit_partition_names()
    assert "auditlog_logentry_default" in partitions and len(partitions) >= 5
    for name in partitions:
        quoted = connection.ops.quote_name(name)
        for statement in (f"TRUNCATE {quoted}", f"UPDATE {quoted} SET object_repr = 'x'", f"DELETE FROM {quoted}"):  # noqa: S608
            with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                runtime_cursor.execute(statement)


def test_a_partition_the_daily_job_makes_later_is_restricted_and_append_only_too(runtime_role):
    """Made after the grants (default privileges would give the runtime role UPDATE and DELETE on
    a new table): the job takes them away again; the row trigger refuses even the owner."""
    from django.utils import timezone

    from uptdppa.accounts.audit_storage import audit_partitions_ensure, month_starts

    today = timezone.now().date()
    audit_partitions_ensure(today=today, ahead=8)  # the migration made three months ahead
    newest = f"auditlog_logentry_{month_starts(today, 8)[-1]:%Y_%m}"
    conn = connect(runtime_role)
    try:
        with conn.cursor() as cursor:
            for privilege in ("UPDATE", "DELETE", "TRUNCATE"):
                cursor.execute("SELECT has_table_privilege(%s, %s)", [newest, privilege])
                assert cursor.fetchone()[0] is False, privilege
            cursor.execute("SELECT has_table_privilege(%s, 'INSERT')", ["auditlog_logentry"])
            assert cursor.fetchone()[0] is True
            assert runtime_role_problems(cursor) == []
    finally:
        conn.close()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal ORDER BY tgname", [newest]
        )
        assert [row[0] for row in cursor.fetchall()] == [
            "auditlog_logentry_append_only",
            "auditlog_logentry_no_truncate",
        ]


def test_the_deploy_check_names_a_partition_left_writable(runtime_role):
    with connection.cursor() as cursor:
        cursor.execute(f'GRANT DELETE ON auditlog_logentry_default TO "{runtime_role}"')
    conn = connect(runtime_role)
    try:
        with conn.cursor() as cursor:
            assert runtime_role_problems(cursor) == ["may DELETE the audit trail"]
    finally:
        conn.close()


def test_the_destructions_audit_scrub_runs_as_the_backup_owner_not_the_apps_runtime_role(runtime_role, settings):
    """Production's arrangement: the app connects as the runtime role, which may not update the
    audit trail even when it declares a scrub; the destruction's scrub
    (dataprotection.services.audit_scrub) goes through BACKUP_DATABASE_URL, the owner's."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.db import DatabaseError, transaction

    from cases.models import Case
    from dataprotection.services.retention import SCRUBBED, audit_scrub
    from tests.factories import CaseFactory

    case = CaseFactory()  # committed (transactional_db), with its creation's audit entry
    created = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Case), object_pk=str(case.pk), action=LogEntry.Action.CREATE
    )
    assert created.changes["code"] == ["None", str(case.code)]
    params = connection.settings_dict
    owner = params["USER"] or "postgres"
    settings.BACKUP_DATABASE_URL = (
        f"postgres://{owner}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{params['NAME']}"
    )
    connection.close()
    params["USER"] = runtime_role
    try:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            assert cursor.fetchone()[0] == runtime_role
            cursor.execute("SELECT set_config('uptdppa.audit_scrub', 'allowed', true)")
            cursor.execute("UPDATE auditlog_logentry SET changes_text = '' WHERE id = %s", [created.pk])
        scrubbed = audit_scrub([(Case, [case.pk])])
    finally:
        connection.close()
        params["USER"] = owner
    assert scrubbed >= 1
    created.refresh_from_db()
    assert created.changes and all(values == [SCRUBBED, SCRUBBED] for values in created.changes.values())
    assert created.object_repr == str(case)
