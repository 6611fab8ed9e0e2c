"""Partition the audit trail by month (PostgreSQL), so that it stays manageable for years.

Every read is logged: a busy unit adds hundreds of thousands of entries a day. One month is one
partition (``auditlog_logentry_YYYY_MM``, UTC months), and ``auditlog_logentry_default`` takes any
entry whose month has no partition yet, so an insert never fails. ``audit_partition_create(month)``
makes a month's partition; the daily job ``uptdppa.accounts.tasks.audit_partitions_ensure`` runs
it for this month and the next three (docs/scaling.md "The audit trail").

Kept on every partition, existing and future:
- the append-only row trigger (0003, with the destruction scrub of dataprotection 0004): defined on
  the partitioned table, PostgreSQL clones it onto each partition;
- the TRUNCATE trigger (0007): statement triggers are not cloned, so each partition gets its own;
- no UPDATE, DELETE, TRUNCATE, REFERENCES or TRIGGER for any role but the owner
  (``audit_partition_restrict``), whatever default privileges gave a new table.

The existing entries are copied into the new table in this migration, which refuses to finish
unless both tables hold the same number of entries. The id becomes a bigint (a busy unit would
use up an integer's 2.1 billion ids in about a decade); the primary key is (id, timestamp), as
PostgreSQL requires the partition key in it. The index on (content type, object, time) serves a
case's access history (uptdppa.accounts.selectors.case_access_history). SQLite (the embedded demo)
keeps its single table: nothing happens there.
"""

from django.db import migrations

PG_FUNCTIONS = """
CREATE OR REPLACE FUNCTION audit_partition_restrict(part regclass) RETURNS void AS $$
DECLARE
    grantee text;
BEGIN
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON %s FROM PUBLIC', part);
    FOR grantee IN
        SELECT DISTINCT a.grantee::regrole::text
        FROM pg_class c, aclexplode(c.relacl) a
        WHERE c.oid = part AND a.grantee <> 0 AND a.grantee <> c.relowner
    LOOP
        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON %s FROM %s', part, grantee);
    END LOOP;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION audit_partition_guard(part regclass) RETURNS void AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = part AND tgname = 'auditlog_logentry_no_truncate') THEN
        EXECUTE format(
            'CREATE TRIGGER auditlog_logentry_no_truncate BEFORE TRUNCATE ON %s '
            'FOR EACH STATEMENT EXECUTE FUNCTION audit_no_truncate()', part);
    END IF;
    PERFORM audit_partition_restrict(part);
END;
$$ LANGUAGE plpgsql;

-- The partition of the month of ``month``; NULL when it exists already, or when the default
-- partition holds entries of that month (they stay there: nothing is ever moved or deleted).
CREATE OR REPLACE FUNCTION audit_partition_create(month date) RETURNS text AS $$
DECLARE
    first timestamptz := (date_trunc('month', month)::date)::text || ' 00:00:00+00';
    next timestamptz := ((date_trunc('month', month) + interval '1 month')::date)::text || ' 00:00:00+00';
    name text := 'auditlog_logentry_' || to_char(month, 'YYYY_MM');
BEGIN
    IF to_regclass(name) IS NOT NULL THEN
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT 1 FROM auditlog_logentry_default WHERE "timestamp" >= first AND "timestamp" < next) THEN
        RETURN NULL;
    END IF;
    EXECUTE format('CREATE TABLE %I PARTITION OF auditlog_logentry FOR VALUES FROM (%L) TO (%L)', name, first, next);
    PERFORM audit_partition_guard(name::regclass);
    RETURN name;
END;
$$ LANGUAGE plpgsql;
"""

PG_FORWARD = """
LOCK TABLE auditlog_logentry IN ACCESS EXCLUSIVE MODE;
ALTER TABLE auditlog_logentry RENAME TO auditlog_logentry_unpartitioned;
CREATE TABLE auditlog_logentry (
    LIKE auditlog_logentry_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE
) PARTITION BY RANGE ("timestamp");
ALTER TABLE auditlog_logentry ALTER COLUMN id TYPE bigint;
CREATE TABLE auditlog_logentry_default PARTITION OF auditlog_logentry DEFAULT;
SELECT audit_partition_create(month::date)
FROM generate_series(
    date_trunc('month', coalesce((SELECT min("timestamp") FROM auditlog_logentry_unpartitioned), now()) AT TIME ZONE 'UTC'),
    date_trunc('month', now() AT TIME ZONE 'UTC') + interval '3 months',
    interval '1 month'
) AS month;
INSERT INTO auditlog_logentry SELECT * FROM auditlog_logentry_unpartitioned;
DO $$
BEGIN
    IF (SELECT count(*) FROM auditlog_logentry) <> (SELECT count(*) FROM auditlog_logentry_unpartitioned) THEN
        RAISE EXCEPTION 'audit trail: the partitioned copy does not hold every entry';
    END IF;
END;
$$;
DROP TABLE auditlog_logentry_unpartitioned;
CREATE SEQUENCE auditlog_logentry_id_seq AS bigint OWNED BY auditlog_logentry.id;
SELECT setval('auditlog_logentry_id_seq', coalesce((SELECT max(id) FROM auditlog_logentry), 0) + 1, false);
ALTER TABLE auditlog_logentry ALTER COLUMN id SET DEFAULT nextval('auditlog_logentry_id_seq');
ALTER TABLE auditlog_logentry ADD CONSTRAINT auditlog_logentry_pkey PRIMARY KEY (id, "timestamp");
ALTER TABLE auditlog_logentry ADD CONSTRAINT auditlog_logentry_actor_id_959271d2_fk_accounts_user_id
    FOREIGN KEY (actor_id) REFERENCES accounts_user (id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE auditlog_logentry ADD CONSTRAINT auditlog_logentry_content_type_id_75830218_fk_django_co
    FOREIGN KEY (content_type_id) REFERENCES django_content_type (id) DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX auditlog_logentry_action_229afe39 ON auditlog_logentry (action);
CREATE INDEX auditlog_logentry_actor_id_959271d2 ON auditlog_logentry (actor_id);
CREATE INDEX auditlog_logentry_cid_9f467263 ON auditlog_logentry (cid);
CREATE INDEX auditlog_logentry_content_type_id_75830218 ON auditlog_logentry (content_type_id);
CREATE INDEX auditlog_logentry_object_id_09c2eee8 ON auditlog_logentry (object_id);
CREATE INDEX auditlog_logentry_object_pk_6e3219c0 ON auditlog_logentry (object_pk);
CREATE INDEX auditlog_logentry_timestamp_37867bb0 ON auditlog_logentry ("timestamp");
CREATE INDEX auditlog_logentry_object_time_idx ON auditlog_logentry (content_type_id, object_pk, "timestamp" DESC);
CREATE TRIGGER auditlog_logentry_append_only BEFORE UPDATE OR DELETE ON auditlog_logentry
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER auditlog_logentry_no_truncate BEFORE TRUNCATE ON auditlog_logentry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_no_truncate();
SELECT audit_partition_guard(inhrelid::regclass) FROM pg_inherits WHERE inhparent = 'auditlog_logentry'::regclass;
SELECT audit_partition_restrict('auditlog_logentry'::regclass);
"""


def _partitioned(schema_editor) -> bool:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass('auditlog_logentry')")
        row = cursor.fetchone()
    return bool(row) and row[0] == "p"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FUNCTIONS, params=None)  # format()'s % are not placeholders
        # Going back leaves the partitions (see below); applied again, there is nothing to do.
        if not _partitioned(schema_editor):
            schema_editor.execute(PG_FORWARD, params=None)


class Migration(migrations.Migration):
    # One way only: the monthly partitions may hold more entries than an unpartitioned table
    # should, and nothing of the audit trail is ever dropped to go back.
    dependencies = [
        ("accounts", "0011_translated_model_names"),
        ("dataprotection", "0004_retention"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
