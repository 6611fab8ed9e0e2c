from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from auditlog.signals import post_log

        from uptdppa.audit import audit_register

        from . import access, models  # noqa: F401 - registers the permission rules
        from .services.audit_keys import keep_deleted_record_key

        # A deleted record of a case keeps its audit key, for the case's access history.
        post_log.connect(keep_deleted_record_key, dispatch_uid="cases.keep_deleted_record_key")

        # The public form's tracking code and PIN are the sender's keys: not in the trail.
        audit_register(models.Case, exclude=("pin_hash", "tracking_code"))
        audit_register(models.CaseTeamMember)
        audit_register(models.Person)
        audit_register(models.ViolenceRecord)
        audit_register(models.ProtectionRecord)
        audit_register(models.PerpetratorRelation)
        audit_register(models.Region)
        audit_register(models.LegalEvent)
        audit_register(models.Mediation)
        audit_register(models.MediationSession)
        audit_register(models.MediationFollowUp)
        audit_register(models.Restitution)
        audit_register(models.Accompaniment)
        audit_register(models.LegalAid)
        # Encrypted fields (the psychologist's notes among them) never enter the trail.
        audit_register(models.PsychSession)
        audit_register(models.ShelterStay)
        audit_register(models.ConsentRecord)
        audit_register(models.VictimRight)
        audit_register(models.OutreachVisit)
        audit_register(models.HealthService)
        audit_register(models.Assessment)
        audit_register(models.InterventionPlan)
        audit_register(models.PlanItem)
        audit_register(models.ClosureRequest)
        audit_register(models.MonitoringFollowUp, exclude=("reminded_on",))
        audit_register(models.Attachment)
