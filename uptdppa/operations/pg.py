"""PostgreSQL for backups: connection parameters, pg_dump inside an exported snapshot, pg_restore,
row counts, and scratch databases. Only the operations app calls these; they run as the backup
connection (settings.BACKUP_DATABASE_URL, else the default connection), never as Django's ORM.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import environ
import psycopg2
from django.conf import settings
from django.db import connections
from psycopg2 import sql


class BackupError(Exception):
    """A backup, restore or drill step that cannot go on; the message says which and why."""


@dataclass(frozen=True)
class Target:
    """Where to connect: one database of one server, as one role."""

    name: str
    user: str
    password: str
    host: str
    port: str

    @classmethod
    def configured(cls) -> Target:
        """The backup connection: BACKUP_DATABASE_URL, else the database Django uses (under
        tests, the test database). Refuses SQLite, which has no pg_dump."""
        if settings.BACKUP_DATABASE_URL:
            params: dict[str, Any] = environ.Env.db_url_config(settings.BACKUP_DATABASE_URL)
        else:
            params = connections["default"].settings_dict
        if not str(params.get("ENGINE", "")).endswith(("postgresql", "postgis")):
            raise BackupError(
                "manage.py backup works on PostgreSQL only. An SQLite install is backed up by copying its "
                f"database file ({params.get('NAME')}) while the app is stopped, together with MEDIA_ROOT "
                f"({settings.MEDIA_ROOT})."
            )
        return cls(
            name=str(params["NAME"]),
            user=str(params.get("USER") or ""),
            password=str(params.get("PASSWORD") or ""),
            host=str(params.get("HOST") or ""),
            port=str(params.get("PORT") or ""),
        )

    def other(self, name: str) -> Target:
        return replace(self, name=name)

    def connect(self) -> Any:
        try:
            return psycopg2.connect(
                dbname=self.name,
                user=self.user or None,
                password=self.password or None,
                host=self.host or None,
                port=self.port or None,
                connect_timeout=10,
            )
        except psycopg2.OperationalError as exc:
            raise BackupError(f"Cannot connect to database {self.name}: {str(exc).strip()}") from exc

    def tool_args(self) -> list[str]:
        args = ["--dbname", self.name]
        for flag, value in (("--host", self.host), ("--port", self.port), ("--username", self.user)):
            if value:
                args += [flag, value]
        return args

    def tool_env(self) -> dict[str, str]:
        # The password goes by environment, never on the command line (visible in ps).
        env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
        if self.password:
            env["PGPASSWORD"] = self.password
        return env


def tool(name: str) -> str:
    return str(Path(settings.BACKUP_PG_BIN_DIR) / name) if settings.BACKUP_PG_BIN_DIR else name


def run_tool(args: list[str], *, target: Target) -> None:
    try:
        result = subprocess.run(args, env=target.tool_env(), capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as exc:
        raise BackupError(f"{args[0]} is not installed (set BACKUP_PG_BIN_DIR, or install postgresql-client).") from exc
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed (exit {result.returncode}): {result.stderr.strip()[-2000:]}")


def table_counts(cursor: Any) -> dict[str, int]:
    """Rows of every table of the public schema, as the cursor's transaction sees them."""
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier("public", table)))
        counts[table] = cursor.fetchone()[0]
    return counts


@dataclass
class DumpResult:
    tables: dict[str, int]
    migrations: list[list[str]]
    server_version: str


def dump(*, target: Target, path: Path) -> DumpResult:
    """pg_dump (custom format) of ``target`` to ``path``, and the row counts and migration state
    of exactly the snapshot it dumped: a repeatable-read transaction exports its snapshot, pg_dump
    reads that snapshot, and the counts are taken in the same transaction. Writes going on
    meanwhile are either wholly in the dump and the counts, or wholly absent."""
    conn = target.connect()
    try:
        conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, server_version = cursor.fetchone()
            run_tool(
                [
                    tool("pg_dump"),
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    "--file",
                    str(path),
                    *target.tool_args(),
                ],
                target=target,
            )
            tables = table_counts(cursor)
            migrations: list[list[str]] = []
            if "django_migrations" in tables:
                cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
                migrations = [list(row) for row in cursor.fetchall()]
        conn.rollback()
    finally:
        conn.close()
    return DumpResult(tables=tables, migrations=migrations, server_version=server_version)


def restore(*, target: Target, path: Path) -> None:
    """pg_restore into ``target`` in one transaction: all or nothing. Objects are owned by the
    restoring role and carry no grants (the runtime role's come from grant_runtime_privileges)."""
    run_tool(
        [
            tool("pg_restore"),
            "--no-owner",
            "--no-acl",
            "--exit-on-error",
            "--single-transaction",
            *target.tool_args(),
            str(path),
        ],
        target=target,
    )


def counts_of(target: Target) -> dict[str, int]:
    conn = target.connect()
    try:
        with conn.cursor() as cursor:
            return table_counts(cursor)
    finally:
        conn.close()


def _autocommit(target: Target) -> Any:
    conn = target.connect()
    conn.autocommit = True
    return conn


@contextmanager
def scratch_database(base: Target) -> Iterator[Target]:
    """A new empty database on ``base``'s server (random name), dropped on the way out whatever
    happens. Needs CREATEDB."""
    name = f"{base.name}_drill_{os.urandom(4).hex()}"[:63]
    conn = _autocommit(base)
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name)))
    except psycopg2.Error as exc:
        conn.close()
        raise BackupError(f"Cannot create the scratch database (the backup role needs CREATEDB): {exc}") from exc
    try:
        yield base.other(name)
    finally:
        try:
            with conn.cursor() as cursor:
                cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        finally:
            conn.close()


def table_names(target: Target) -> list[str]:
    conn = target.connect()
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            return [row[0] for row in cursor.fetchall()]
    finally:
        conn.close()


def empty_public_schema(target: Target) -> None:
    """Drop every object of the public schema (restore --force). The audit trail's triggers refuse
    DELETE and TRUNCATE, not DROP: this is the owner's deliberate act, after a written decision."""
    conn = _autocommit(target)
    try:
        with conn.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
            cursor.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    finally:
        conn.close()


def execute(target: Target, statements: list[str]) -> None:
    conn = target.connect()
    try:
        with conn, conn.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        conn.close()
