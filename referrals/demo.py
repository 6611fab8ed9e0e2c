"""Demo data of the referrals (manage.py seed_demo): one referral sent to the agency liaison."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cases.models import Case, LegalBasis, PersonRole
from cases.services import consent_record
from cases.vocabularies import ServiceType
from uptdppa.accounts.models import User

from .models import Referral, SharedField
from .services import referral_create, referral_send


def seed_referrals() -> int:
    """The demo case with services (cases.demo.seed_services) records its victim's consent and
    sends a referral to Dinas Sosial, so that the agency liaison's inbox has one to answer.
    Skipped when any referral exists. Returns how many were sent."""
    case = Case.objects.filter(plan__isnull=False).order_by("registered_at").first()
    liaison = User.objects.filter(username="penghubung").select_related("organisation").first()
    if Referral.objects.exists() or case is None or liaison is None:
        return 0
    manager = User.objects.get(username="manajer")
    victim = case.people.get(role=PersonRole.VICTIM)
    consent_record(
        actor=manager,
        victim=victim,
        basis=LegalBasis.CONSENT,
        given_on=timezone.localdate() - timedelta(days=2),
        consent_given_by="Ibu kandung",
    )
    referral = referral_create(
        actor=manager,
        case=case,
        victims=[victim],
        organisation=liaison.organisation,
        services=[ServiceType.REHABILITASI_SOSIAL],
        shared_fields=[SharedField.INITIALS, SharedField.AGE, SharedField.SEX, SharedField.VIOLENCE_FORMS],
        facts="Anak korban kekerasan di rumah; ibunya mendampingi dan bersedia dikunjungi (contoh).",
        reason="Anak memerlukan rehabilitasi sosial dan pendampingan keluarga (contoh).",
    )
    referral_send(actor=manager, referral=referral)
    return 1
