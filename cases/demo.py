"""Demo complaints and cases for `make run`: synthetic people, obviously fictional (refused in production)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from uptdppa.accounts.models import Organisation, User

from .models import Case, HealthServiceKind, PersonRole, Region, TeamRole, TriageOutcome
from .services import (
    assessment_record,
    case_team_add,
    health_service_record,
    intake_register,
    legal_event_record,
    outreach_record,
    person_add,
    plan_approve,
    plan_item_add,
    plan_submit,
    psych_session_record,
    triage_decide,
    triage_propose,
)
from .vocabularies import Authority, CaseType, Channel, LegalStage, Risk, Scene, ServiceType, Sex, ViolenceForm

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
        if days_ago == 0:
            seed_services(case, head=head, team=[user for user, _role in team])
    return len(DEMO_CASES)


def seed_services(case: Case, *, head: User, team: list[User]) -> None:
    """Services on the first demo case, so every service page has something to show: an outreach
    visit, an assessment, an approved plan, a psychological session, a visum and a legal event."""
    manager, psychologist, legal = team
    today = timezone.localdate()
    victim = case.people.get(role=PersonRole.VICTIM)
    perpetrator = person_add(
        actor=manager, case=case, role=PersonRole.PERPETRATOR, full_name="Contoh Terlapor Satu", estimated_age=40
    ).person
    outreach_record(
        actor=manager,
        case=case,
        visited_on=today - timedelta(days=2),
        team=[manager, psychologist],
        purpose="Penjangkauan awal ke rumah korban (contoh).",
        region=case.incident_region,
        result="Korban dan ibunya bersedia didampingi (contoh).",
        next_step="Asesmen dan visum.",
    )
    assessment_record(
        actor=manager,
        victim=victim,
        assessed_on=today - timedelta(days=1),
        physical="Memar di lengan (contoh).",
        psychological="Cemas, sulit tidur (contoh).",
        needs_and_hopes="Ingin tetap sekolah dan merasa aman di rumah (contoh).",
    )
    health_service_record(
        actor=manager,
        victim=victim,
        kind=HealthServiceKind.VISUM,
        requested_on=today - timedelta(days=1),
        facility=Organisation.objects.filter(short_name="RSUD Abdul Manap").first(),
    )
    psych_session_record(
        actor=psychologist,
        victim=victim,
        psychologist=psychologist,
        date=today - timedelta(days=1),
        method="Konseling",
        observations="Catatan contoh psikolog.",
    )
    legal_event_record(
        actor=legal,
        case=case,
        perpetrator=perpetrator,
        stage=LegalStage.LAPORAN_POLISI,
        date=today - timedelta(days=1),
        reference_number="LP/B/001/I/2026/SPKT/POLRESTA JAMBI",
        unit="Unit PPA Polresta Jambi",
    )
    plan_item_add(
        actor=manager,
        case=case,
        service=ServiceType.KESEHATAN,
        description="Visum et repertum dan pemeriksaan lanjutan (contoh).",
        due_on=today + timedelta(days=7),
        responsible_user=manager,
    )
    plan_item_add(
        actor=manager,
        case=case,
        service=ServiceType.PENEGAKAN_HUKUM,
        description="Pendampingan pemeriksaan di Unit PPA (contoh).",
        due_on=today + timedelta(days=14),
        responsible_user=legal,
    )
    plan = case.plan
    plan_submit(actor=manager, plan=plan, made_with_beneficiary=True)
    plan_approve(actor=head, plan=plan, comment="Disetujui (contoh).")
