"""Seed UPTD PPA Kota Jambi, DPMPPA and the referral partners of DOMAIN.md §6 (editable in admin)."""

from django.db import migrations

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


def fill(apps, schema_editor):
    Organisation = apps.get_model("accounts", "Organisation")
    for name, short_name, kind in ORGANISATIONS:
        Organisation.objects.get_or_create(name=name, defaults={"short_name": short_name, "kind": kind})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
