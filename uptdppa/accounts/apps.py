from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "uptdppa.accounts"
    label = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self) -> None:
        from uptdppa.audit import audit_register

        from . import access, models  # noqa: F401 - registers the permission rules

        audit_register(models.Organisation)
        audit_register(models.User, exclude=("password", "last_login"))
