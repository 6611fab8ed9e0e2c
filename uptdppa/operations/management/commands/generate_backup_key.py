from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from pyrage import x25519


class Command(BaseCommand):
    help = """Print a new age key pair for backups: the public key (BACKUP_RECIPIENT, on the server)
    and the private key (BACKUP_IDENTITY: for the restore drill's worker, and sealed in escrow)."""

    def handle(self, *args: Any, **options: Any) -> None:
        identity = x25519.Identity.generate()
        self.stdout.write(f"BACKUP_RECIPIENT={identity.to_public()}")
        self.stdout.write(f"BACKUP_IDENTITY={identity}")
