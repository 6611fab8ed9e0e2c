"""Demo accounts, one per role, for `make run` (refused in production)."""

from __future__ import annotations

from .models import Organisation, Role, User
from .selectors import home_unit
from .services import user_create

DEMO_PASSWORD = "demo-uptdppa-2026"  # noqa: S105 - public demo password, refused in production
DEMO_EMAIL_DOMAIN = "demo.invalid"  # every demo account's e-mail: <username>@demo.invalid

# username, role, organisation name (None = the unit itself), first name, last name
DEMO_USERS = [
    ("admin", Role.ADMIN, None, "Admin", "Sistem"),
    ("kepala", Role.KEPALA_UPTD, None, "Kepala", "UPTD"),
    ("pengaduan", Role.PETUGAS_PENGADUAN, None, "Petugas", "Pengaduan"),
    ("manajer", Role.MANAJER_KASUS, None, "Manajer", "Kasus"),
    ("psikolog", Role.PSIKOLOG, None, "Psikolog", "Klinis"),
    ("hukum", Role.PENDAMPING_HUKUM, None, "Pendamping", "Hukum"),
    ("operator", Role.OPERATOR_DATA, None, "Operator", "SIMFONI"),
    ("penghubung", Role.PENGHUBUNG_OPD, "Dinas Sosial Kota Jambi", "Penghubung", "Dinsos"),
    ("pimpinan", Role.PIMPINAN, "DPMPPA Kota Jambi", "Pimpinan", "DPMPPA"),
    ("dpo", Role.DPO, None, "Petugas", "Pelindungan Data"),
]


def seed_users() -> list[tuple[str, str, bool]]:
    """Create the missing demo users; returns (username, role label, created) for each."""
    result = []
    for username, role, org_name, first, last in DEMO_USERS:
        if User.objects.filter(username=username).exists():
            result.append((username, str(Role(role).label), False))
            continue
        organisation = Organisation.objects.get(name=org_name) if org_name else home_unit()
        user_create(
            username=username,
            role=role,
            organisation=organisation,
            password=DEMO_PASSWORD,
            email=f"{username}@{DEMO_EMAIL_DOMAIN}",
            first_name=first,
            last_name=last,
        )
        result.append((username, str(Role(role).label), True))
    return result
