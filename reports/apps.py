from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports and statistics")

    def ready(self) -> None:
        from cases.change_hooks import register_change_hook

        from . import access  # noqa: F401 - registers the permission rules
        from .services import stale_refresh_soon

        # A change recorded on a case asks for the stale snapshots to be made again (debounced).
        register_change_hook(stale_refresh_soon)
