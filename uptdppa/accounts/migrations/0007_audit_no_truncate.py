"""Refuse TRUNCATE of the audit trail in PostgreSQL, whoever runs it.

Row triggers (0003) do not fire on TRUNCATE. The runtime role holds no TRUNCATE privilege on the
table (``manage.py grant_runtime_privileges``); this trigger also stops the owner and superusers
unless a session deliberately sets ``uptdppa.audit_truncate = 'allowed'``. Only the test
settings set it, because Django's test flush empties every table with one TRUNCATE. See
docs in README "Database roles".
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION audit_no_truncate() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('uptdppa.audit_truncate', true), '') = 'allowed' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit entries are append-only (TRUNCATE refused)';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER auditlog_logentry_no_truncate
    BEFORE TRUNCATE ON auditlog_logentry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_no_truncate();
"""
PG_REVERSE = """
DROP TRIGGER IF EXISTS auditlog_logentry_no_truncate ON auditlog_logentry;
DROP FUNCTION IF EXISTS audit_no_truncate();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_REVERSE)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_notification_key")]

    operations = [migrations.RunPython(forward, reverse)]
