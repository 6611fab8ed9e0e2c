from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from uptdppa.accounts.audit_storage import AHEAD_MONTHS, audit_partitions, audit_partitions_ensure


class Command(BaseCommand):
    help = """Make the audit trail's monthly partitions of this month and the next months (what the
    daily job does), then list every partition with its number of entries. PostgreSQL; run as
    the owner role. On SQLite there is one table and nothing to do."""

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--ahead", type=int, default=AHEAD_MONTHS, help="months after this one")

    def handle(self, *args: Any, ahead: int, **options: Any) -> None:
        for name in audit_partitions_ensure(today=timezone.now().date(), ahead=ahead):
            self.stdout.write(f"made {name}")
        partitions = audit_partitions()
        if not partitions:
            self.stdout.write("The audit trail is not partitioned (SQLite): nothing to do.")
            return
        for name, count in partitions:
            self.stdout.write(f"{name}\t{count}")
        self.stdout.write(f"total\t{sum(count for _name, count in partitions)}")
