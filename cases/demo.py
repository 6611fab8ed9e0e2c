"""Demo cases for `make run`: synthetic people, obviously fictional (refused in production)."""

from __future__ import annotations

from uptdppa.accounts.models import User

from .models import Case, PersonRole, TeamRole
from .services import case_create, case_team_add, person_add

# Synthetic names and numbers; NIKs are structurally valid but belong to nobody.
DEMO_CASES = [
    ("Contoh Anak Satu", "1571014507150001", "081200000001", "Kronologi contoh: kekerasan fisik di rumah."),
    ("Contoh Anak Dua", "1571021203120002", "081200000002", "Kronologi contoh: perundungan di sekolah."),
    ("Contoh Perempuan Tiga", "1571035508900003", "081200000003", "Kronologi contoh: kekerasan psikis."),
]


def seed_cases() -> int:
    """Create the demo cases once (skipped when any case exists). Returns how many were made."""
    if Case.objects.exists():
        return 0
    intake = User.objects.get(username="pengaduan")
    team = [
        (User.objects.get(username="manajer"), TeamRole.MANAJER_KASUS),
        (User.objects.get(username="psikolog"), TeamRole.PSIKOLOG),
        (User.objects.get(username="hukum"), TeamRole.PENDAMPING_HUKUM),
    ]
    for name, nik, phone, chronology in DEMO_CASES:
        case = case_create(created_by=intake, chronology=chronology)
        person_add(case=case, role=PersonRole.VICTIM, full_name=name, nik=nik, phone=phone)
        for user, team_role in team:
            case_team_add(case=case, user=user, team_role=team_role)
    return len(DEMO_CASES)
