from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataProtectionConfig(AppConfig):
    name = "dataprotection"
    verbose_name = _("Data protection")

    def ready(self) -> None:
        from uptdppa.audit import audit_register

        from . import access, models  # noqa: F401 - access registers the permission rules

        audit_register(models.Incident)
        audit_register(models.BreachNotice)
        audit_register(models.SubjectRequest)
        audit_register(models.DpiaVersion)
        audit_register(models.LegalHold)
        audit_register(models.DisposalBatch)
        audit_register(models.DisposalItem)
