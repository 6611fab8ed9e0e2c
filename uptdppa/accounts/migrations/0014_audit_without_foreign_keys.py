"""The audit trail keeps no foreign-key constraints (PostgreSQL): to its actor (accounts_user)
and to the kind of record (django_content_type).

Every insert checked both, per entry, at commit: a lookup of the referenced row that also locks
it (``FOR KEY SHARE``), which writes to that row. A case list writes 25 entries per page, all for
the same user and the same content type, so every page locked the content type "case" 25 times
and every user's pages contended for that one row: a fifth of the page's audit write
(bench/README.md "audit write"), and a write on a reference table on every read.

What the constraints guarded is kept otherwise:
- an account named by audit entries cannot be deleted: Django's deletion of a user sets its
  entries' actor to NULL, an UPDATE the append-only trigger refuses (accounts are deactivated,
  never deleted; tests/uptdppa/test_audit.py); the same holds for a content type, whose entries
  Django would delete;
- the ids written come from the application (``uptdppa.audit``, django-auditlog): the request's
  user and a model's ContentType, never input.

Should a later django-auditlog migration alter ``actor`` or ``content_type``, Django would look
for the constraint it expects: recreate it first (``reverse`` below). SQLite (the embedded demo)
keeps them.
"""

from django.db import migrations

CONSTRAINTS = {
    "auditlog_logentry_actor_id_959271d2_fk_accounts_user_id": "FOREIGN KEY (actor_id) REFERENCES accounts_user (id)",
    "auditlog_logentry_content_type_id_75830218_fk_django_co": (
        "FOREIGN KEY (content_type_id) REFERENCES django_content_type (id)"
    ),
}


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in CONSTRAINTS:
            schema_editor.execute(f"ALTER TABLE auditlog_logentry DROP CONSTRAINT IF EXISTS {name}")


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in CONSTRAINTS.items():
            schema_editor.execute(
                f"ALTER TABLE auditlog_logentry ADD CONSTRAINT {name} {definition} DEFERRABLE INITIALLY DEFERRED"
            )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0013_audit_lean_indexes")]

    operations = [migrations.RunPython(forward, reverse)]
