"""Fewer indexes on the audit trail (PostgreSQL): each one is written by every insert, and every
page writes one entry per object it shows.

Dropped, on the partitioned table and so on every partition: ``action`` (four values, never
selective), ``cid`` (not set by this application), ``object_id`` (auditlog's generic relation,
not used here) and ``content_type_id`` alone (the leading column of the index on
(content type, object, time) serves it). Kept: the primary key, ``actor_id`` (the audit page's
user filter, refused look-ups), ``object_pk`` (the audit page's object filter), ``timestamp``
(its order and dates) and (content type, object, time) (a case's access history).

Should a later django-auditlog migration alter one of these four fields, it would not find the
index it expects: recreate it first (``CREATE INDEX <name> ON auditlog_logentry (<column>)``,
names below). SQLite (the embedded demo) keeps them all.
"""

from django.db import migrations

DROPPED = {
    "auditlog_logentry_action_229afe39": "action",
    "auditlog_logentry_cid_9f467263": "cid",
    "auditlog_logentry_object_id_09c2eee8": "object_id",
    "auditlog_logentry_content_type_id_75830218": "content_type_id",
}


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in DROPPED:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, column in DROPPED.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON auditlog_logentry ({column})")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0012_audit_partitioned")]

    operations = [migrations.RunPython(forward, reverse)]
