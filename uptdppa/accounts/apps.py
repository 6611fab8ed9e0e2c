from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "uptdppa.accounts"
    label = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self) -> None:
        from allauth.mfa.models import Authenticator

        from uptdppa import db_roles  # noqa: F401 - registers the deploy check of the database role
        from uptdppa.audit import audit_register

        from . import access, checks, models, signals  # noqa: F401 - registers rules, checks and receivers

        audit_register(models.Organisation)
        audit_register(models.RoleChangeRequest)
        # A password change is recorded, its hash is not; last_login changes at every login.
        audit_register(models.User, exclude=("last_login",), mask=("password",))
        # Second factors set up or removed; their secrets (data) never enter the trail.
        audit_register(Authenticator, exclude=("data",))
