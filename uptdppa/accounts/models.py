"""Users, their roles, and the organisations they belong to."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from uptdppa.db import BaseModel


class Role(models.TextChoices):
    """Roles of docs/architecture.md#roles-and-access. What each may see is decided in each app's access.py."""

    ADMIN = "admin", _("System administrator")
    KEPALA_UPTD = "kepala_uptd", _("Head of UPTD PPA")
    PETUGAS_PENGADUAN = "petugas_pengaduan", _("Intake officer")
    MANAJER_KASUS = "manajer_kasus", _("Case manager")
    PSIKOLOG = "psikolog", _("Psychologist")
    PENDAMPING_HUKUM = "pendamping_hukum", _("Legal advisor")
    OPERATOR_DATA = "operator_data", _("Data operator (SIMFONI)")
    PENGHUBUNG_OPD = "penghubung_opd", _("Agency liaison")
    PIMPINAN = "pimpinan", _("DPMPPA leadership")
    DPO = "dpo", _("Data protection officer")


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

# Roles that open personal data of victims (docs/architecture.md#roles-and-access): a change to one
# of them, or a new account with one, waits for the head of the unit's approval (RoleChangeRequest).
# The unit's roles open case content; a liaison reads what referrals share with their organisation.
# The data protection officer (UU 27/2022 Pasal 53) reads the audit trail and the breach register
# (dataprotection/): privileged too, though no case page answers them.
PRIVILEGED_ROLES = UNIT_ROLES | {Role.PENGHUBUNG_OPD, Role.DPO}


class OrganisationKind(models.TextChoices):
    """UPTD_PPA is reserved for the unit itself: staff roles must belong to it."""

    UPTD_PPA = "uptd_ppa", _("UPTD PPA")
    DINAS = "dinas", _("Local government agency (OPD)")
    PROVINCE = "provinsi", _("Provincial government agency")
    VERTICAL = "vertikal", _("Central government agency (regional office)")
    LAW_ENFORCEMENT = "aparat_hukum", _("Law enforcement agency")
    HEALTH = "kesehatan", _("Health facility")
    SERVICE_PROVIDER = "penyedia_layanan", _("Service provider")
    MINISTRY = "kementerian", _("Ministry/central agency")
    OTHER = "lainnya", _("Other")


class Organisation(BaseModel):
    """UPTD PPA itself and the partners it refers victims to. Edited by the administrator."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name


class AccountManager(UserManager["User"]):
    def create_superuser(self, *args: object, **kwargs: object) -> User:
        # A superuser passes every permission check, including case content; nobody needs one.
        raise ValidationError(_("Superuser accounts are not used. Use: manage.py create_admin_user."))


class User(AbstractUser):
    """A person who logs in. The role decides what they see; the organisation whom they act for."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    REQUIRED_FIELDS = ["email"]

    objects: ClassVar[AccountManager] = AccountManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
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
            raise ValidationError({"organisation": _("This role is for UPTD PPA staff only.")})
        if self.role == Role.PENGHUBUNG_OPD and org.kind == OrganisationKind.UPTD_PPA:
            raise ValidationError(
                {"organisation": _("A liaison must belong to a partner organisation, not to UPTD PPA.")}
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


class Notification(models.Model):
    """A message to one user, shown in the app and sent by e-mail (an outbox: sent when possible).

    ``message`` is an English msgid marked with gettext_noop by the caller and ``params`` its
    placeholders (codes and numbers only, never names), so each reader sees it in their language.
    """

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    message = models.CharField(max_length=200)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    # A sender claims the row before sending (a conditional UPDATE): another sender skips it until
    # the claim is older than NOTIFICATION_EMAIL_CLAIM_SECONDS (its sender died).
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.UUIDField(null=True, blank=True)
    # Set by jobs that must notify at most once per subject (e.g. "digest:2026-11-27:<user id>").
    key = models.CharField(max_length=150, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["emailed_at", "email_attempts"], name="notification_outbox_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id}:{self.message[:30]}"

    @property
    def link(self) -> str:
        """The link, if it is a path inside the application; anything else is not linked."""
        url = self.url
        return url if url.startswith("/") and not url.startswith("//") and "\\" not in url else ""

    @property
    def text(self) -> str:
        message = gettext(self.message)
        try:
            return message % {name: _as_read(value) for name, value in self.params.items()} if self.params else message
        except (KeyError, TypeError, ValueError):
            # A translation or stored params that no longer fit the message: show it unfilled.
            return message


_STORED_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_STORED_MINUTE = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")


def _as_read(value: object) -> object:
    """A notification's date or time, stored as ``2026-12-10`` or ``2026-12-10 10:30`` (local
    time), as the reader's language writes it ("10 Desember 2026", "10 Desember 2026, 10.30
    WIB"), like every other date of the app; any other value as stored."""
    if isinstance(value, str) and _STORED_DAY.fullmatch(value):
        return date_format(date.fromisoformat(value), "DATE_FORMAT")
    if isinstance(value, str) and _STORED_MINUTE.fullmatch(value):
        moment = datetime.strptime(value, "%Y-%m-%d %H:%M").replace(tzinfo=timezone.get_default_timezone())
        return date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    return value


class RoleChangeDecision(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class RoleChangeRequest(BaseModel):
    """A change of a user's role to one of PRIVILEGED_ROLES, asked for by the administrator and
    decided by the head of the unit. Until it is approved the user keeps ``from_role``; a new
    account (``new_account``) is kept inactive instead."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.PROTECT, related_name="role_changes")
    from_role = models.CharField(_("from role"), max_length=30, choices=Role.choices, blank=True)
    to_role = models.CharField(_("to role"), max_length=30, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The organisation that goes with the new role, if it changes too."),
    )
    new_account = models.BooleanField(_("new account"), default=False)
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decision = models.CharField(
        _("decision"), max_length=20, choices=RoleChangeDecision.choices, default=RoleChangeDecision.PENDING
    )
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True, help_text=_("Why the change is refused."))

    class Meta:
        verbose_name = _("role change")
        verbose_name_plural = _("role changes")
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(decision="pending"), name="role_change_one_pending_per_user"
            ),
            models.CheckConstraint(
                condition=models.Q(decision="pending") | models.Q(decided_at__isnull=False),
                name="role_change_decision_has_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(decision="refused") | ~models.Q(reason=""),
                name="role_change_refusal_has_reason",
            ),
            models.CheckConstraint(condition=~models.Q(from_role=models.F("to_role")), name="role_change_changes"),
        ]

    def __str__(self) -> str:
        # Also the audit trail's object_repr: role codes, no names.
        return f"{self.from_role or '-'}>{self.to_role}:{self.code}"
