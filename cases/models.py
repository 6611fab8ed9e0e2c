"""Cases, the people in them, the case team, and the region tree.

This is the foundation's minimal case: its identity, status, team (which gives access) and
people with encrypted identifiers. Intake, triage and services extend it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from uptdppa.crypto import BlindIndexedModel, BlindIndexField, EncryptedCharField, EncryptedTextField, IndexKind
from uptdppa.db import BaseModel


class RegionLevel(models.TextChoices):
    PROVINSI = "provinsi", _("Province")
    KOTA = "kota", _("City/regency")
    KECAMATAN = "kecamatan", _("District")
    KELURAHAN = "kelurahan", _("Village")


class Region(models.Model):
    """Kemendagri administrative regions as a tree keyed by code (e.g. 15.71.01.1001)."""

    code = models.CharField(_("Kemendagri code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=12, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
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
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Case(BaseModel):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    chronology = EncryptedTextField(_("chronology"), null=True, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        # Also the audit trail's object_repr: never a name.
        return str(self.code)


class TeamRole(models.TextChoices):
    MANAJER_KASUS = "manajer_kasus", _("Case manager")
    PSIKOLOG = "psikolog", _("Psychologist")
    PENDAMPING_HUKUM = "pendamping_hukum", _("Legal advisor")
    PENDAMPING = "pendamping", _("Other support worker")


class CaseTeamMember(BaseModel):
    """Membership of a case team; it is what gives case workers access to a case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_memberships")
    team_role = models.CharField(_("team role"), max_length=20, choices=TeamRole.choices)

    class Meta:
        verbose_name = _("case team member")
        verbose_name_plural = _("case team members")
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="case_team_member_unique")]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.user_id}:{self.team_role}"


class PersonRole(models.TextChoices):
    VICTIM = "korban", _("Victim")
    PERPETRATOR = "terlapor", _("Reported person/perpetrator")
    REPORTER = "pelapor", _("Reporter")


class Person(BlindIndexedModel, BaseModel):
    """A person as recorded in one case. Identifiers are encrypted; blind indexes find them again."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(_("role"), max_length=20, choices=PersonRole.choices)
    full_name = EncryptedCharField(_("full name"), max_length=200, null=True, blank=True)
    name_index = BlindIndexField(source="full_name", kind=IndexKind.NAME, tokens=True)
    nik = EncryptedCharField(_("NIK"), max_length=16, null=True, blank=True)
    nik_index = BlindIndexField(source="nik", kind=IndexKind.NIK)
    phone = EncryptedCharField(_("phone"), max_length=20, null=True, blank=True)
    phone_index = BlindIndexField(source="phone", kind=IndexKind.PHONE)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return str(self.code)
