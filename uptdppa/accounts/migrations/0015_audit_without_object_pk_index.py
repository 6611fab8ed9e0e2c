"""One index fewer on the audit trail (PostgreSQL): the one on ``object_pk`` alone.

Every read writes one entry per object shown, and every entry writes each index of its month's
partition, so this index cost every list page about a seventh of its audit insert (docs/scaling.md
"The audit trail"). What it served, the audit page's search by a record's id, now reads the index on
(content type, object, time) with the content types listed
(``uptdppa.accounts.selectors._audited_object``), as a case's access history and the destruction
scrub already did.

Should a later django-auditlog migration alter ``object_pk``, it would not find the index it
expects: recreate it first (``reverse`` below). SQLite (the embedded demo) keeps it.
"""

from django.db import migrations

NAME = "auditlog_logentry_object_pk_6e3219c0"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {NAME} ON auditlog_logentry (object_pk)")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0014_audit_without_foreign_keys")]

    operations = [migrations.RunPython(forward, reverse)]
