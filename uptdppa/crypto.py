"""Field-level encryption of identifying data, and blind indexes to find it again.

Why: a database dump, a backup or a stray SQL console must not reveal who the victims are.
Names, NIK, KK numbers, phone numbers, address lines and narratives are stored as Fernet tokens
(AES-128-CBC + HMAC-SHA256, random IV), so equal values give different ciphertexts and the
database cannot compare, sort or search them.

To find a person again by an identifier, a model keeps a *blind index* next to the encrypted
field: ``HMAC-SHA256(BLIND_INDEX_KEY, kind + normalised value)``. Exact matches of normalised
values are found (``0812-3456-7890`` = ``+6281234567890``); nothing else is (no prefixes, no
ranges), which is what keeps the index from leaking the values.

Keys (settings, from the environment):

- ``FIELD_ENCRYPTION_KEYS``: Fernet keys, newest first. The first encrypts; every key decrypts.
- ``BLIND_INDEX_KEY``: HMAC key of the blind indexes.

Rotation: put a new key first in FIELD_ENCRYPTION_KEYS (keep the old ones after it), run
``manage.py rotate_encryption_keys``, check it with ``--check``, then drop the old key. A new
BLIND_INDEX_KEY takes effect once the same command has recomputed the indexes.

Usage in a model::

    nik = EncryptedCharField(_("NIK"), max_length=16, blank=True, null=True)
    nik_index = BlindIndexField(source="nik", kind=IndexKind.NIK)

    Person.objects.filter(blind_match(Person, "nik", "3571015708100001"))
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date
from functools import lru_cache
from typing import Any

import phonenumbers
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q
from django.db.models.query_utils import DeferredAttribute

# --- Keys and primitives -----------------------------------------------------------------------


@lru_cache(maxsize=8)
def _multifernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty.")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS must hold Fernet keys (32 url-safe base64-encoded bytes each)."
        ) from exc


def _keys() -> MultiFernet:
    return _multifernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(plaintext: str) -> str:
    return _keys().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _keys().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        # Never include the token: it is useless to a reader and noisy in logs.
        raise ImproperlyConfigured("A stored value cannot be decrypted with any key in FIELD_ENCRYPTION_KEYS.") from exc


def is_current(token: str) -> bool:
    """True when ``token`` is encrypted with the newest key (no rotation needed)."""
    try:
        Fernet(settings.FIELD_ENCRYPTION_KEYS[0]).decrypt(token.encode("ascii"))
    except InvalidToken:
        return False
    return True


def generate_key() -> str:
    return Fernet.generate_key().decode("ascii")


def blind_digest(kind: str, normalised: str) -> str:
    """HMAC of a normalised value; ``kind`` separates e.g. NIK digits from phone digits."""
    message = f"{kind}:{normalised}".encode()
    return hmac.new(settings.BLIND_INDEX_KEY.encode(), message, hashlib.sha256).hexdigest()


# --- Normalisers -------------------------------------------------------------------------------


def normalize_digits(value: str) -> str | None:
    """NIK and KK numbers: the digits only ("3571 0157 0810 0001" -> "3571015708100001")."""
    digits = re.sub(r"\D", "", value or "")
    return digits or None


def normalize_phone(value: str) -> str | None:
    """Indonesian phone numbers to E.164: 0812…, 62812…, +62812… all give +62812…."""
    raw = (value or "").strip()
    if not raw:
        return None
    if re.fullmatch(r"62\d{7,}", re.sub(r"[\s\-().]", "", raw)):
        raw = "+" + re.sub(r"[\s\-().]", "", raw)
    try:
        parsed = phonenumbers.parse(raw, "ID")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def name_tokens(value: str) -> list[str]:
    """Case-folded words of a name, accents and punctuation removed, sorted and unique."""
    text = unicodedata.normalize("NFKD", value or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return sorted(set(re.findall(r"[^\W_]+", text)))


def normalize_name(value: str) -> str | None:
    tokens = re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", value or "").casefold())
    return " ".join(tokens) or None


class IndexKind(models.TextChoices):
    """What a blind index holds; also the HMAC domain, so equal NIKs match across tables."""

    NIK = "nik", "NIK"
    KK = "kk", "KK"
    PHONE = "phone", "phone"
    NAME = "name", "name"


NORMALISERS: dict[str, Callable[[str], str | None]] = {
    IndexKind.NIK: normalize_digits,
    IndexKind.KK: normalize_digits,
    IndexKind.PHONE: normalize_phone,
    IndexKind.NAME: normalize_name,
}


# --- Model fields ------------------------------------------------------------------------------


class EncryptedAttribute(DeferredAttribute):
    """The attribute of a nullable encrypted field: "" is kept as None, as the column keeps it.

    So an instance reads the same before and after a round trip through the database, which keeps
    the audit trail from recording a change where "" was saved and NULL read back, and lets
    constraints such as ``Q(note__isnull=False)`` be checked before saving (full_clean).
    """

    def __set__(self, instance: models.Model, value: Any) -> None:
        instance.__dict__[self.field.attname] = None if value == "" else value


class EncryptedMixin:
    """Stores the value as a Fernet token in a text column; only ``isnull`` lookups make sense.

    ``max_length`` (of the CharField) limits the plaintext, through its validator: the column is
    text, since a token is longer than its plaintext. A nullable field stores NULL for "" (and
    holds None for it); a required one never holds "" (``blank=False``).
    """

    def contribute_to_class(self, cls: type[models.Model], name: str, *args: Any, **kwargs: Any) -> None:
        super().contribute_to_class(cls, name, *args, **kwargs)  # type: ignore[misc]
        if self.null:  # type: ignore[attr-defined]
            setattr(cls, self.attname, EncryptedAttribute(self))  # type: ignore[attr-defined,arg-type]

    def get_internal_type(self) -> str:
        return "TextField"

    def db_type(self, connection: Any) -> str | None:
        return models.TextField().db_type(connection)

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        return self.to_python(decrypt(value))  # type: ignore[attr-defined]

    def get_prep_value(self, value: Any) -> str | None:
        value = super().get_prep_value(value)  # type: ignore[misc]
        if value is None or value == "":
            return None
        return encrypt(self.value_to_string_plain(value))

    def value_to_string_plain(self, value: Any) -> str:
        return str(value)

    def get_lookup(self, lookup_name: str) -> Any:
        # An equality filter on ciphertext silently matches nothing; make the mistake loud.
        if lookup_name != "isnull":
            raise NotImplementedError(
                f"Encrypted field {self.name!r} cannot be filtered with {lookup_name!r}; "  # type: ignore[attr-defined]
                "use its blind index (uptdppa.crypto.blind_match)."
            )
        return super().get_lookup(lookup_name)  # type: ignore[misc]


class EncryptedCharField(EncryptedMixin, models.CharField):  # type: ignore[misc]
    """Short identifying text (name, NIK, phone). ``max_length`` limits the plaintext only."""


class EncryptedTextField(EncryptedMixin, models.TextField):  # type: ignore[misc]
    """Narratives and address lines."""


class EncryptedDateField(EncryptedMixin, models.DateField):  # type: ignore[misc]
    """A date that identifies a person (date of birth). Stored as an encrypted ISO date."""

    def value_to_string_plain(self, value: Any) -> str:
        return value.isoformat() if isinstance(value, date) else str(value)

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        # DateField would hand the token to the backend's date adapter; it is text by now.
        return value if prepared else self.get_prep_value(value)


class BlindIndexField(models.CharField):
    """HMAC of the normalised value of ``source``, kept in step on every save.

    With ``tokens=True`` the column holds one short HMAC per name word (" a1b2… c3d4… "), so a
    search for "siti" finds "Siti Aminah"; otherwise one full HMAC of the whole normalised value.
    """

    def __init__(self, *args: Any, source: str, kind: str, tokens: bool = False, **kwargs: Any) -> None:
        self.source = source
        self.kind = str(kind)
        self.tokens = tokens
        # A 200-character name has at most 100 words of 17 characters (16 hex + space) each.
        kwargs.setdefault("max_length", 2000 if tokens else 64)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("db_index", not tokens)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(source=self.source, kind=self.kind)
        if self.tokens:
            kwargs["tokens"] = True
        return name, path, args, kwargs

    def compute(self, value: Any) -> str | None:
        if value in (None, ""):
            return None
        if self.tokens:
            words = name_tokens(str(value))
            return " " + " ".join(blind_digest(self.kind, w)[:16] for w in words) + " " if words else None
        normalised = NORMALISERS[self.kind](str(value))
        return blind_digest(self.kind, normalised) if normalised else None

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = self.compute(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


class BlindIndexedQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        # update() skips pre_save, so an index would keep the old value's digest.
        sources = {f.source for f in blind_index_fields(self.model)} | {f.name for f in encrypted_fields(self.model)}
        if sources & set(kwargs):
            raise NotImplementedError("Encrypted and blind-indexed fields are changed through save(), not update().")
        return super().update(**kwargs)


class BlindIndexedModel(models.Model):
    """Base of models with blind indexes: keeps each index in step with its source field."""

    objects = BlindIndexedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, update_fields: Iterable[str] | None = None, **kwargs: Any) -> None:
        if update_fields is not None:
            # save(update_fields=["phone"]) must also write phone's index, or searches go stale.
            fields = set(update_fields)
            fields |= {f.name for f in blind_index_fields(type(self)) if f.source in fields}
            update_fields = fields
        super().save(*args, update_fields=update_fields, **kwargs)


def blind_index_fields(model: type[models.Model]) -> list[BlindIndexField]:
    return [f for f in model._meta.get_fields() if isinstance(f, BlindIndexField)]


def encrypted_fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.get_fields() if isinstance(f, EncryptedMixin)]  # type: ignore[misc]


def _index_field(model: type[models.Model], source: str) -> BlindIndexField:
    fields = [f for f in blind_index_fields(model) if f.source == source]
    if not fields:
        raise ValueError(f"{model.__name__}.{source} has no blind index.")
    return fields[0]


def blind_index_value(model: type[models.Model], source: str, value: str) -> str | None:
    """What the blind index of ``source`` would hold for ``value`` (None if it normalises to
    nothing): a keyed hash that can be recorded, e.g. in the audit trail, in place of a searched
    term, and compared with the index column to find whom a search was about."""
    return _index_field(model, source).compute(value)


def blind_match(model: type[models.Model], source: str, value: str, *, prefix: str = "") -> Q:
    """A Q object matching rows whose ``source`` field equals ``value`` after normalisation.

    For a token index every word of ``value`` must be present. A value that normalises to
    nothing matches no row. ``prefix`` is for lookups across relations ("victims__").
    """
    field = _index_field(model, source)
    computed = field.compute(value)
    if computed is None:
        return Q(pk__in=[])
    if field.tokens:
        q = Q()
        for digest in computed.split():
            q &= Q(**{f"{prefix}{field.name}__contains": f" {digest} "})
        return q
    return Q(**{f"{prefix}{field.name}": computed})


def models_with_encryption(all_models: Iterable[type[models.Model]]) -> list[type[models.Model]]:
    return [m for m in all_models if encrypted_fields(m) or blind_index_fields(m)]


# --- Migrations --------------------------------------------------------------------------------


def encrypt_existing_values(columns: dict[str, tuple[str, ...]]) -> tuple[Callable[..., None], Callable[..., None]]:
    """The two functions of a RunPython that encrypts, in place, the values of plain text columns
    just altered to encrypted fields (``{"cases.Case": ("police_report_number",)}``).

    Run it after the AlterField operations and before constraints that test the columns for NULL:
    forwards, "" becomes NULL in a nullable field and every other value its token; backwards, each
    token becomes its plaintext again and NULL becomes "" (the plain fields were NOT NULL). The rows
    are read and written with SQL: the historical models' fields already decrypt on reading.
    """

    def convert(apps: Any, schema_editor: Any, forwards: bool) -> None:
        quote = schema_editor.quote_name
        for label, names in columns.items():
            model = apps.get_model(label)
            fields = [model._meta.get_field(name) for name in names]
            table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
            selected = ", ".join(quote(f.column) for f in fields)
            assigned = ", ".join(f"{quote(f.column)} = %s" for f in fields)
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(f"SELECT {pk}, {selected} FROM {table}")  # noqa: S608
                for key, *values in cursor.fetchall():
                    new = [_convert(field, value, forwards) for field, value in zip(fields, values, strict=True)]
                    if new == values:
                        continue
                    # One UPDATE a row: PostgreSQL queues the deferred foreign key checks of a row
                    # updated twice in a transaction, and then refuses the ALTER TABLE after it.
                    cursor.execute(f"UPDATE {table} SET {assigned} WHERE {pk} = %s", [*new, key])  # noqa: S608

    def forwards(apps: Any, schema_editor: Any) -> None:
        convert(apps, schema_editor, forwards=True)

    def backwards(apps: Any, schema_editor: Any) -> None:
        convert(apps, schema_editor, forwards=False)

    return forwards, backwards


def _convert(field: models.Field, value: str | None, forwards: bool) -> str | None:
    if forwards:
        return None if value is None or (value == "" and field.null) else encrypt(value)
    return "" if value is None else decrypt(value)
