"""Demo complaints and cases for `make run`: synthetic people, obviously fictional (refused in production)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from uptdppa.accounts.models import User

from .models import Case, PersonRole, Region, TeamRole, TriageOutcome
from .services import case_team_add, intake_register, person_add, triage_decide, triage_propose
from .vocabularies import Authority, CaseType, Channel, Risk, Scene, Sex, ViolenceForm

# (victim name, NIK, phone, sex, age, forms, chronology, kelurahan code, accepted?)
# Names and numbers are synthetic; NIKs are structurally valid but belong to nobody.
DEMO_CASES = [
    (
        "Contoh Anak Satu",
        "1571014507150001",
        "081200000001",
        Sex.PEREMPUAN,
        10,
        [ViolenceForm.FISIK],
        "Kronologi contoh: kekerasan fisik di rumah.",
        "15.71.01.1001",
        True,
    ),
    (
        "Contoh Anak Dua",
        "1571021203120002",
        "081200000002",
        Sex.LAKI_LAKI,
        13,
        [ViolenceForm.PERUNDUNGAN],
        "Kronologi contoh: perundungan di sekolah.",
        "15.71.02.1002",
        True,
    ),
    (
        "Contoh Anak Tiga",
        "1571035508110003",
        "081200000003",
        Sex.PEREMPUAN,
        14,
        [ViolenceForm.SEKSUAL],
        "Kronologi contoh: kekerasan seksual; laporan polisi belum dibuat.",
        "15.71.03.1001",
        True,
    ),
    (
        "Contoh Perempuan Empat",
        "1571045508900004",
        "081200000004",
        Sex.PEREMPUAN,
        35,
        [ViolenceForm.PSIKIS],
        "Kronologi contoh: kekerasan psikis dalam rumah tangga.",
        "15.71.01.1002",
        False,
    ),
]


def seed_cases() -> int:
    """Create the demo complaints once (skipped when any case exists). Returns how many were made."""
    if Case.objects.exists():
        return 0
    intake = User.objects.get(username="pengaduan")
    head = User.objects.get(username="kepala")
    team = [
        (User.objects.get(username="manajer"), TeamRole.MANAJER_KASUS),
        (User.objects.get(username="psikolog"), TeamRole.PSIKOLOG),
        (User.objects.get(username="hukum"), TeamRole.PENDAMPING_HUKUM),
    ]
    now = timezone.now()
    for days_ago, (name, nik, phone, sex, age, forms, chronology, kelurahan, accepted) in enumerate(DEMO_CASES):
        case = intake_register(
            actor=intake,
            channel=Channel.DATANG_LANGSUNG,
            received_at=now - timedelta(days=3 - days_ago, hours=2),
            chronology=chronology,
            incident_region=Region.objects.get(code=kelurahan),
            scene=Scene.RUMAH_TANGGA,
        )
        person_add(
            actor=intake,
            case=case,
            role=PersonRole.VICTIM,
            full_name=name,
            nik=nik,
            phone=phone,
            sex=sex,
            estimated_age=age,
            violence_forms=forms,
        )
        case_type = CaseType.AMPK if age < 18 else CaseType.KTP
        triage_propose(actor=intake, case=case, case_type=case_type, risk=Risk.SEDANG, authority=Authority.DAERAH)
        if not accepted:
            continue  # stays in the intake queue
        case = triage_decide(
            actor=head,
            case=case,
            outcome=TriageOutcome.ACCEPTED,
            case_type=case_type,
            risk=Risk.SEDANG,
            authority=Authority.DAERAH,
        )
        for user, team_role in team:
            case_team_add(actor=head, case=case, user=user, team_role=team_role)
    return len(DEMO_CASES)
