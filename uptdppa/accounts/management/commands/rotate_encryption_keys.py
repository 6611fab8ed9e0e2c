from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from uptdppa import crypto

# The encrypted entries of allauth's Authenticator.data (TOTP secret, recovery-code seed).
_AUTHENTICATOR_SECRET_KEYS = ("secret", "seed")


class Command(BaseCommand):
    help = """Re-encrypt every encrypted field with the newest key and recompute every blind index.

    Procedure: put the new key first in FIELD_ENCRYPTION_KEYS, keep the old keys after it, run
    this command, confirm with --check (0 rows left), then remove the old key. After changing
    BLIND_INDEX_KEY run it too: searches by identifier miss rows until it has finished.
    Rows are processed in batches, each batch in its own transaction; running it again is safe.
    """

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--check", action="store_true", help="only count rows not yet on the newest key")
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, check: bool, batch_size: int, **options: Any) -> None:
        total_stale = 0
        for model in crypto.models_with_encryption(apps.get_models()):
            if check:
                stale = self._count_stale(model)
                total_stale += stale
                self.stdout.write(f"{model._meta.label}: {stale} rows need rotation")
            else:
                done = self._rotate(model, batch_size)
                self.stdout.write(f"{model._meta.label}: {done} rows re-encrypted and re-indexed")
        # Second-factor secrets (allauth, encrypted by our MFAAdapter) use the same keys.
        stale = self._rotate_authenticators(dry_run=check)
        total_stale += stale if check else 0
        self.stdout.write(f"mfa.Authenticator: {stale} rows {'need rotation' if check else 're-encrypted'}")
        if check and total_stale:
            raise CommandError(f"{total_stale} rows still use an older key; run rotate_encryption_keys.")

    @staticmethod
    def _count_stale(model: Any) -> int:
        quote = connection.ops.quote_name
        columns = ", ".join(quote(str(f.column)) for f in crypto.encrypted_fields(model))
        stale = 0
        # Raw SQL: the ORM would decrypt the values, hiding which key encrypted them.
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {columns} FROM {quote(model._meta.db_table)}")  # noqa: S608 - names from models
            for row in cursor.fetchall():
                if any(token is not None and not crypto.is_current(token) for token in row):
                    stale += 1
        return stale

    @staticmethod
    def _rotate(model: Any, batch_size: int) -> int:
        encrypted = [f.name for f in crypto.encrypted_fields(model)]
        indexes = crypto.blind_index_fields(model)
        fields = encrypted + [f.name for f in indexes]
        pks = list(model._base_manager.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), batch_size):
            with transaction.atomic():
                batch = list(model._base_manager.select_for_update().filter(pk__in=pks[start : start + batch_size]))
                for obj in batch:
                    for index in indexes:
                        setattr(obj, index.attname, index.compute(getattr(obj, index.source)))
                # bulk_update writes the values again, so the newest key encrypts them; it bypasses
                # the audit signals on purpose (no value changes, and diffs never hold these fields).
                model._base_manager.bulk_update(batch, fields)
        return len(pks)

    @staticmethod
    @transaction.atomic
    def _rotate_authenticators(*, dry_run: bool) -> int:
        """Re-encrypt TOTP secrets and recovery-code seeds; returns the rows that needed it."""
        changed = 0
        for authenticator in Authenticator.objects.select_for_update().order_by("pk"):
            data = authenticator.data
            stale = False
            for key in _AUTHENTICATOR_SECRET_KEYS:
                if isinstance(data.get(key), str) and not crypto.is_current(data[key]):
                    stale = True
                    data[key] = crypto.encrypt(crypto.decrypt(data[key]))
            codes = data.get("migrated_codes")
            if isinstance(codes, list) and not all(crypto.is_current(c) for c in codes):
                stale = True
                data["migrated_codes"] = [crypto.encrypt(crypto.decrypt(c)) for c in codes]
            if stale:
                changed += 1
                if not dry_run:
                    authenticator.save(update_fields=["data"])
        return changed
