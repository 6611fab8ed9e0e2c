"""The organisations seeded at installation: UPTD PPA itself, DPMPPA and the referral partners
of docs/domain.md#regions-and-partners. The administrator edits them afterwards; seeding never overwrites an edit."""

from __future__ import annotations

from typing import Any

# name, short name, kind (OrganisationKind value)
ORGANISATIONS = [
    ("UPTD PPA Kota Jambi", "UPTD PPA", "uptd_ppa"),
    ("DPMPPA Kota Jambi", "DPMPPA", "dinas"),
    ("Polresta Jambi Unit PPA", "Polresta Unit PPA", "aparat_hukum"),
    ("Polda Jambi Subdit IV Renakta", "Polda Renakta", "aparat_hukum"),
    ("Kejaksaan Negeri Jambi", "Kejari Jambi", "aparat_hukum"),
    ("Pengadilan Negeri Jambi", "PN Jambi", "aparat_hukum"),
    ("Pengadilan Agama Jambi", "PA Jambi", "aparat_hukum"),
    ("Bapas Kelas I Jambi", "Bapas Jambi", "vertikal"),
    ("Lembaga Perlindungan Saksi dan Korban", "LPSK", "kementerian"),
    ("Dinas Sosial Kota Jambi", "Dinsos", "dinas"),
    ("Dinas Kesehatan Kota Jambi", "Dinkes", "dinas"),
    ("Puskesmas se-Kota Jambi", "Puskesmas", "kesehatan"),
    ("RSUD H. Abdul Manap", "RSUD Abdul Manap", "kesehatan"),
    ("RS Bhayangkara Jambi", "RS Bhayangkara", "kesehatan"),
    ("Dinas Pendidikan Kota Jambi", "Disdik", "dinas"),
    ("Disdukcapil Kota Jambi", "Disdukcapil", "dinas"),
    ("Kantor Kementerian Agama Kota Jambi", "Kemenag Kota", "vertikal"),
    ("LBH / Pemberi Bantuan Hukum", "LBH", "penyedia_layanan"),
    ("PUSPAGA Kota Jambi", "PUSPAGA", "penyedia_layanan"),
    ("UPTD PPA Provinsi Jambi", "UPTD PPA Provinsi", "provinsi"),
    ("KemenPPPA (SAPA 129)", "KemenPPPA", "kementerian"),
]


def seed_organisations(organisation_model: Any) -> int:
    """Create the missing seeded organisations (matched by name). Returns how many were created."""
    existing = set(organisation_model.objects.values_list("name", flat=True))
    missing = [row for row in ORGANISATIONS if row[0] not in existing]
    for name, short_name, kind in missing:
        organisation_model.objects.create(name=name, short_name=short_name, kind=kind)
    return len(missing)
