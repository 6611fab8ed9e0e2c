"""Users, their roles, and the organisations they belong to."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from uptdppa.db import BaseModel


class Role(models.TextChoices):
    """Roles of DESIGN.md §5. What each may see is decided in each app's access.py."""

    ADMIN = "admin", _("Administrator sistem")
    KEPALA_UPTD = "kepala_uptd", _("Kepala UPTD PPA")
    PETUGAS_PENGADUAN = "petugas_pengaduan", _("Petugas pengaduan")
    MANAJER_KASUS = "manajer_kasus", _("Manajer kasus")
    PSIKOLOG = "psikolog", _("Psikolog")
    PENDAMPING_HUKUM = "pendamping_hukum", _("Pendamping hukum")
    OPERATOR_DATA = "operator_data", _("Operator data (SIMFONI)")
    PENGHUBUNG_OPD = "penghubung_opd", _("Penghubung OPD/lembaga")
    PIMPINAN = "pimpinan", _("Pimpinan DPMPPA")


# Roles that work inside UPTD PPA itself; the others belong to partner organisations or leadership.
UNIT_ROLES = frozenset(
    {
        Role.KEPALA_UPTD,
        Role.PETUGAS_PENGADUAN,
        Role.MANAJER_KASUS,
        Role.PSIKOLOG,
        Role.PENDAMPING_HUKUM,
        Role.OPERATOR_DATA,
    }
)


class OrganisationKind(models.TextChoices):
    """UPTD_PPA is reserved for the unit itself: staff roles must belong to it."""

    UPTD_PPA = "uptd_ppa", _("UPTD PPA")
    DINAS = "dinas", _("Perangkat daerah (OPD)")
    PROVINCE = "provinsi", _("Perangkat daerah provinsi")
    VERTICAL = "vertikal", _("Instansi vertikal")
    LAW_ENFORCEMENT = "aparat_hukum", _("Aparat penegak hukum")
    HEALTH = "kesehatan", _("Fasilitas kesehatan")
    SERVICE_PROVIDER = "penyedia_layanan", _("Penyedia layanan")
    MINISTRY = "kementerian", _("Kementerian/lembaga pusat")
    OTHER = "lainnya", _("Lainnya")


class Organisation(BaseModel):
    """UPTD PPA itself and the partners it refers victims to. Edited by the administrator."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("nama"), max_length=200, unique=True)
    short_name = models.CharField(_("nama singkat"), max_length=60, blank=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=OrganisationKind.choices)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("organisasi")
        verbose_name_plural = _("organisasi")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name


class AccountManager(UserManager["User"]):
    def create_superuser(self, *args: object, **kwargs: object) -> User:
        # A superuser passes every permission check, including case content; nobody needs one.
        raise ValidationError(_("Akun superuser tidak dipakai. Gunakan: manage.py create_admin_user."))


class User(AbstractUser):
    """A person who logs in. The role decides what they see; the organisation whom they act for."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    role = models.CharField(_("peran"), max_length=30, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisasi"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    phone = models.CharField(_("telepon"), max_length=30, blank=True)

    REQUIRED_FIELDS = ["email"]

    objects: ClassVar[AccountManager] = AccountManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values),
                name="user_role_valid",
            ),
            models.CheckConstraint(condition=models.Q(is_superuser=False), name="user_never_superuser"),
        ]

    def __str__(self) -> str:
        return self.username

    def clean(self) -> None:
        super().clean()
        org = self.organisation if self.organisation_id else None
        if org is None or not self.role:
            return
        if self.role in UNIT_ROLES and org.kind != OrganisationKind.UPTD_PPA:
            raise ValidationError({"organisation": _("Peran ini hanya untuk staf UPTD PPA.")})
        if self.role == Role.PENGHUBUNG_OPD and org.kind == OrganisationKind.UPTD_PPA:
            raise ValidationError(
                {"organisation": _("Penghubung harus berasal dari organisasi mitra, bukan UPTD PPA.")}
            )

    def has_module_perms(self, app_label: str) -> bool:
        # Permissions are rules predicates (access.py), not rows; the admin site asks per app.
        from .access import ADMIN_APP_LABELS

        return self.is_active and self.role == Role.ADMIN and app_label in ADMIN_APP_LABELS

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_unit_staff(self) -> bool:
        return self.role in UNIT_ROLES
