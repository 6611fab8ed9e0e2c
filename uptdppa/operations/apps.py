from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "uptdppa.operations"
    label = "operations"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from . import access  # noqa: F401 - registers the permission rules
