from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from uptdppa.crypto import generate_key


class Command(BaseCommand):
    help = """Print a new random key for FIELD_ENCRYPTION_KEYS (a Fernet key) or BLIND_INDEX_KEY.

    The key is printed only; store it in the secret store and an offline backup. Losing the
    encryption keys loses the encrypted data.
    """

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(generate_key())
