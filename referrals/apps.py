from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        from cases.closure_checks import register_closure_check
        from uptdppa.audit import audit_register

        from . import access, models  # noqa: F401 - access registers the permission rules
        from .checks import open_referrals_check

        audit_register(models.Referral, exclude=("shared_data",))
        audit_register(models.ReferralAction)
        audit_register(models.ReferralActionFile)  # the encrypted file name is left out
        register_closure_check(open_referrals_check)
