from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "coordination"
    verbose_name = _("Coordination")

    def ready(self) -> None:
        from cases.selectors.tasks import register_task_source
        from uptdppa.audit import audit_register

        from . import access, models  # noqa: F401 - access registers the permission rules
        from .selectors import coordination_tasks

        audit_register(models.CaseConference)
        audit_register(models.Attendance)
        audit_register(models.Decision)
        audit_register(models.ActionItem)
        audit_register(models.TaskForceMeeting)
        register_task_source(coordination_tasks)
