from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from uptdppa.db_roles import grant_statements


class Command(BaseCommand):
    help = """Give the runtime database role exactly the privileges the application needs.

    Run as the owner role right after 'manage.py migrate' (the image's entrypoint does both).
    The role comes from --role or DATABASE_RUNTIME_ROLE. It may read and write application rows;
    on the audit trail it may only INSERT and SELECT. PostgreSQL only.
    """

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--role", help="runtime role name (default: the DATABASE_RUNTIME_ROLE setting)")

    def handle(self, *args: Any, role: str | None, **options: Any) -> None:
        from django.conf import settings

        role = role or settings.DATABASE_RUNTIME_ROLE
        if connection.vendor != "postgresql":
            raise CommandError("Database roles exist only on PostgreSQL; SQLite has none.")
        if not role:
            raise CommandError("Name the runtime role: --role NAME or DATABASE_RUNTIME_ROLE.")
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
            if cursor.fetchone() is None:
                raise CommandError(f"The role {role!r} does not exist; create it first (deploy/postgres-roles.sql).")
            cursor.execute("SELECT current_user")
            if cursor.fetchone()[0] == role:
                raise CommandError("Run this as the owner role, not as the runtime role itself.")
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in grant_statements(runtime_role=role, database=connection.settings_dict["NAME"]):
                cursor.execute(statement)
        self.stdout.write(f"Runtime privileges granted to {role}.")
