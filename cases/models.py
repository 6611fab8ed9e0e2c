"""Cases, the people in them, the case team, and the region tree.

This is the foundation's minimal case: its identity, status, team (which gives access) and
people with encrypted identifiers. Intake, triage and services extend it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from uptdppa.crypto import BlindIndexField, EncryptedCharField, EncryptedTextField, IndexKind
from uptdppa.db import BaseModel


class RegionLevel(models.TextChoices):
    PROVINSI = "provinsi", _("Provinsi")
    KOTA = "kota", _("Kota/Kabupaten")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan/Desa")


class Region(models.Model):
    """Kemendagri administrative regions as a tree keyed by code (e.g. 15.71.01.1001)."""

    code = models.CharField(_("kode Kemendagri"), max_length=20, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    level = models.CharField(_("tingkat"), max_length=12, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("induk"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    valid_from = models.DateField(_("berlaku sejak"), null=True, blank=True)
    valid_to = models.DateField(_("berlaku sampai"), null=True, blank=True)

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="region_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Terbuka")
    CLOSED = "closed", _("Ditutup")


class Case(BaseModel):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dicatat oleh"), on_delete=models.PROTECT, related_name="+"
    )
    chronology = EncryptedTextField(_("kronologi"), null=True, blank=True)

    class Meta:
        verbose_name = _("kasus")
        verbose_name_plural = _("kasus")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        # Also the audit trail's object_repr: never a name.
        return str(self.code)


class TeamRole(models.TextChoices):
    MANAJER_KASUS = "manajer_kasus", _("Manajer kasus")
    PSIKOLOG = "psikolog", _("Psikolog")
    PENDAMPING_HUKUM = "pendamping_hukum", _("Pendamping hukum")
    PENDAMPING = "pendamping", _("Pendamping lain")


class CaseTeamMember(BaseModel):
    """Membership of a case team; it is what gives case workers access to a case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_memberships")
    team_role = models.CharField(_("peran dalam tim"), max_length=20, choices=TeamRole.choices)

    class Meta:
        verbose_name = _("anggota tim kasus")
        verbose_name_plural = _("anggota tim kasus")
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="case_team_member_unique")]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.user_id}:{self.team_role}"


class PersonRole(models.TextChoices):
    VICTIM = "korban", _("Korban")
    PERPETRATOR = "terlapor", _("Terlapor/pelaku")
    REPORTER = "pelapor", _("Pelapor")


class Person(BaseModel):
    """A person as recorded in one case. Identifiers are encrypted; blind indexes find them again."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(_("peran"), max_length=20, choices=PersonRole.choices)
    full_name = EncryptedCharField(_("nama lengkap"), max_length=200, null=True, blank=True)
    name_index = BlindIndexField(source="full_name", kind=IndexKind.NAME, tokens=True)
    nik = EncryptedCharField(_("NIK"), max_length=16, null=True, blank=True)
    nik_index = BlindIndexField(source="nik", kind=IndexKind.NIK)
    phone = EncryptedCharField(_("telepon"), max_length=20, null=True, blank=True)
    phone_index = BlindIndexField(source="phone", kind=IndexKind.PHONE)

    class Meta:
        verbose_name = _("orang")
        verbose_name_plural = _("orang")

    def __str__(self) -> str:
        return str(self.code)
