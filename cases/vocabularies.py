"""Fixed vocabularies of DOMAIN.md §4–§5.

Internal codes are stable identifiers (never shown, never renamed); labels are translatable.
SIMFONI PPA labels live in one mapping table, ``SIMFONI_LABELS``, so the national export can
follow SIMFONI's wording without touching stored data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ViolenceForm(models.TextChoices):
    FISIK = "fisik", _("Fisik")
    PSIKIS = "psikis", _("Psikis")
    SEKSUAL = "seksual", _("Seksual")
    EKSPLOITASI = "eksploitasi", _("Eksploitasi")
    TRAFFICKING = "trafficking", _("Trafficking")
    PENELANTARAN = "penelantaran", _("Penelantaran")
    PERUNDUNGAN = "perundungan", _("Perundungan (bullying)")
    LAINNYA = "lainnya", _("Lainnya")


class ServiceType(models.TextChoices):
    PENGADUAN = "pengaduan", _("Pengaduan")
    KESEHATAN = "kesehatan", _("Kesehatan")
    BANTUAN_HUKUM = "bantuan_hukum", _("Bantuan Hukum")
    PENEGAKAN_HUKUM = "penegakan_hukum", _("Penegakan Hukum")
    REHABILITASI_SOSIAL = "rehabilitasi_sosial", _("Rehabilitasi Sosial")
    REINTEGRASI_SOSIAL = "reintegrasi_sosial", _("Reintegrasi Sosial")
    PEMULANGAN = "pemulangan", _("Pemulangan")
    PENDAMPINGAN_TOKOH_AGAMA = "pendampingan_tokoh_agama", _("Pendampingan Tokoh Agama")
    MEDIASI = "mediasi", _("Mediasi")


class Scene(models.TextChoices):
    RUMAH_TANGGA = "rumah_tangga", _("Rumah Tangga")
    TEMPAT_KERJA = "tempat_kerja", _("Tempat Kerja")
    SEKOLAH = "sekolah", _("Sekolah")
    FASILITAS_UMUM = "fasilitas_umum", _("Fasilitas Umum")
    LEMBAGA_PENDIDIKAN_KILAT = "lembaga_pendidikan_kilat", _("Lembaga Pendidikan Kilat")
    LAINNYA = "lainnya", _("Lainnya")


class AgeBand(models.TextChoices):
    """SIMFONI age bands; ``for_age`` picks one from an age in whole years."""

    B0_5 = "0-5", "0–5"
    B6_12 = "6-12", "6–12"
    B13_17 = "13-17", "13–17"
    B18_24 = "18-24", "18–24"
    B25_44 = "25-44", "25–44"
    B45_59 = "45-59", "45–59"
    B60 = "60+", "60+"

    @classmethod
    def for_age(cls, age: int) -> AgeBand:
        for band, upper in (
            (cls.B0_5, 5),
            (cls.B6_12, 12),
            (cls.B13_17, 17),
            (cls.B18_24, 24),
            (cls.B25_44, 44),
            (cls.B45_59, 59),
        ):
            if age <= upper:
                return band
        return cls.B60


class RelationGroup(models.TextChoices):
    """SIMFONI's short list of perpetrator relations."""

    ORANG_TUA = "orang_tua", _("Orang Tua")
    KELUARGA = "keluarga", _("Keluarga/Saudara")
    SUAMI_ISTRI = "suami_istri", _("Suami/Istri")
    TETANGGA = "tetangga", _("Tetangga")
    PACAR_TEMAN = "pacar_teman", _("Pacar/Teman")
    GURU = "guru", _("Guru")
    MAJIKAN = "majikan", _("Majikan")
    REKAN_KERJA = "rekan_kerja", _("Rekan Kerja")
    LAINNYA = "lainnya", _("Lainnya")


class Relation(models.TextChoices):
    """The finer list recorded by staff; ``group`` maps it up to SIMFONI's short list."""

    AYAH_KANDUNG = "ayah_kandung", _("Ayah Kandung")
    AYAH_TIRI = "ayah_tiri", _("Ayah Tiri")
    IBU_KANDUNG = "ibu_kandung", _("Ibu Kandung")
    IBU_TIRI = "ibu_tiri", _("Ibu Tiri")
    KAKEK_NENEK = "kakek_nenek", _("Kakek/Nenek")
    KELUARGA = "keluarga", _("Keluarga/Saudara")
    SUAMI_ISTRI = "suami_istri", _("Suami/Istri")
    TETANGGA = "tetangga", _("Tetangga")
    TEMAN_SEBAYA = "teman_sebaya", _("Teman Sebaya")
    BERKENALAN_ONLINE = "berkenalan_online", _("Berkenalan Online")
    TIDAK_DIKENAL = "tidak_dikenal", _("Orang tidak dikenal")
    APARAT = "aparat", _("Aparat Penegak Hukum")
    TENAGA_PENDIDIK = "tenaga_pendidik", _("Tenaga Pendidik")
    TOKOH_MASYARAKAT = "tokoh_masyarakat", _("Tokoh Masyarakat")
    TOKOH_AGAMA = "tokoh_agama", _("Tokoh Agama")
    MAJIKAN = "majikan", _("Majikan/Atasan")
    REKAN_KERJA = "rekan_kerja", _("Rekan Kerja")
    PACAR = "pacar", _("Pacar/Mantan Pacar")
    LAINNYA = "lainnya", _("Lainnya")

    @property
    def group(self) -> RelationGroup:
        return RELATION_GROUPS[self]


RELATION_GROUPS: dict[Relation, RelationGroup] = {
    Relation.AYAH_KANDUNG: RelationGroup.ORANG_TUA,
    Relation.AYAH_TIRI: RelationGroup.ORANG_TUA,
    Relation.IBU_KANDUNG: RelationGroup.ORANG_TUA,
    Relation.IBU_TIRI: RelationGroup.ORANG_TUA,
    Relation.KAKEK_NENEK: RelationGroup.KELUARGA,
    Relation.KELUARGA: RelationGroup.KELUARGA,
    Relation.SUAMI_ISTRI: RelationGroup.SUAMI_ISTRI,
    Relation.TETANGGA: RelationGroup.TETANGGA,
    Relation.TEMAN_SEBAYA: RelationGroup.PACAR_TEMAN,
    Relation.BERKENALAN_ONLINE: RelationGroup.PACAR_TEMAN,
    Relation.PACAR: RelationGroup.PACAR_TEMAN,
    Relation.TENAGA_PENDIDIK: RelationGroup.GURU,
    Relation.MAJIKAN: RelationGroup.MAJIKAN,
    Relation.REKAN_KERJA: RelationGroup.REKAN_KERJA,
    Relation.TIDAK_DIKENAL: RelationGroup.LAINNYA,
    Relation.APARAT: RelationGroup.LAINNYA,
    Relation.TOKOH_MASYARAKAT: RelationGroup.LAINNYA,
    Relation.TOKOH_AGAMA: RelationGroup.LAINNYA,
    Relation.LAINNYA: RelationGroup.LAINNYA,
}


class Sex(models.TextChoices):
    LAKI_LAKI = "L", _("Laki-laki")
    PEREMPUAN = "P", _("Perempuan")
    TIDAK_DIKETAHUI = "X", _("Tidak Diketahui")  # perpetrators only


class Education(models.TextChoices):
    PAUD = "paud", _("PAUD")
    TK = "tk", _("TK")
    SD = "sd", _("SD/MI")
    SMP = "smp", _("SMP/MTs")
    SMA = "sma", _("SMA/MA/SMK")
    SLB = "slb", _("SLB")
    DIPLOMA = "diploma", _("D1–D4")
    S1 = "s1", _("S1")
    S2 = "s2", _("S2")
    S3 = "s3", _("S3")
    TIDAK_SEKOLAH = "tidak_sekolah", _("Tidak Sekolah")
    TIDAK_DIKETAHUI = "tidak_diketahui", _("Tidak Diketahui")


class Disability(models.TextChoices):
    TIDAK = "tidak", _("Tidak")
    FISIK = "fisik", _("Fisik")
    INTELEKTUAL = "intelektual", _("Intelektual")
    MENTAL = "mental", _("Mental")
    SENSORIK = "sensorik", _("Sensorik")
    GANDA = "ganda", _("Ganda")


class Channel(models.TextChoices):
    DATANG_LANGSUNG = "datang_langsung", _("Datang Langsung")
    TELEPON = "telepon", _("Telepon")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SURAT_EMAIL = "surat_email", _("Surat/Email")
    SAPA_129 = "sapa_129", _("SAPA 129")
    CALL_CENTER_112 = "call_center_112", _("Call Center 112 Kota Jambi")
    PENJANGKAUAN = "penjangkauan", _("Penjangkauan (mis. kunjungan sekolah PITA MOLIN)")
    RUJUKAN = "rujukan", _("Rujukan dari lembaga lain")
    MEDIA = "media", _("Media/pemberitaan")
    ONLINE_FORM = "online_form", _("Formulir online")


class LegalStage(models.TextChoices):
    LAPORAN_POLISI = "laporan_polisi", _("Laporan Polisi")
    PENYELIDIKAN = "penyelidikan", _("Penyelidikan")
    PENYIDIKAN = "penyidikan", _("Penyidikan")
    PENANGKAPAN = "penangkapan", _("Penangkapan")
    PENAHANAN = "penahanan", _("Penahanan")
    DIVERSI = "diversi", _("Diversi")
    PENUNTUTAN = "penuntutan", _("Penuntutan")
    SIDANG_TINGKAT_I = "sidang_tingkat_1", _("Persidangan Tingkat I")
    BANDING = "banding", _("Banding")
    KASASI = "kasasi", _("Kasasi")
    PENINJAUAN_KEMBALI = "peninjauan_kembali", _("Peninjauan Kembali")
    PUTUSAN = "putusan", _("Putusan")
    RESTITUSI = "restitusi", _("Restitusi")


class ProtectionCategory(models.TextChoices):
    """UU 35/2014 Pasal 59 ayat 2: children needing special protection (many per child)."""

    A = "a", _("a. Anak dalam situasi darurat")
    B = "b", _("b. Anak yang berhadapan dengan hukum")
    C = "c", _("c. Anak dari kelompok minoritas dan terisolasi")
    D = "d", _("d. Anak yang dieksploitasi secara ekonomi dan/atau seksual")
    E = "e", _("e. Anak korban penyalahgunaan narkotika, alkohol, psikotropika, dan zat adiktif lainnya")
    F = "f", _("f. Anak korban pornografi")
    G = "g", _("g. Anak dengan HIV/AIDS")
    H = "h", _("h. Anak korban penculikan, penjualan, dan/atau perdagangan")
    I = "i", _("i. Anak korban kekerasan fisik dan/atau psikis")  # noqa: E741 - the law's own letter
    J = "j", _("j. Anak korban kejahatan seksual")
    K = "k", _("k. Anak korban jaringan terorisme")
    L = "l", _("l. Anak penyandang disabilitas")
    M = "m", _("m. Anak korban perlakuan salah dan penelantaran")
    N = "n", _("n. Anak dengan perilaku sosial menyimpang")
    O = "o", _("o. Anak korban stigmatisasi dari pelabelan terkait kondisi orang tuanya")  # noqa: E741


class CaseType(models.TextChoices):
    KTP = "ktp", _("KTP (kekerasan terhadap perempuan)")
    AMPK = "ampk", _("AMPK (anak memerlukan perlindungan khusus)")


class Risk(models.TextChoices):
    TINGGI = "tinggi", _("Tinggi")
    SEDANG = "sedang", _("Sedang")
    RENDAH = "rendah", _("Rendah")


class Authority(models.TextChoices):
    DAERAH = "daerah", _("Daerah")
    PUSAT = "pusat", _("Pusat")


# SIMFONI PPA labels, exactly as the national system spells them (DOMAIN.md §5). One table for
# every vocabulary the export uses; a code missing here is a bug the tests catch.
SIMFONI_LABELS: dict[type[models.TextChoices], dict[str, str]] = {
    ViolenceForm: {
        "fisik": "Fisik",
        "psikis": "Psikis",
        "seksual": "Seksual",
        "eksploitasi": "Eksploitasi",
        "trafficking": "Trafficking",
        "penelantaran": "Penelantaran",
        "lainnya": "Lainnya",
        # "perundungan" follows settings.SIMFONI_BULLYING_AS (see simfoni_label)
    },
    ServiceType: {
        "pengaduan": "Pengaduan",
        "kesehatan": "Kesehatan",
        "bantuan_hukum": "Bantuan Hukum",
        "penegakan_hukum": "Penegakan Hukum",
        "rehabilitasi_sosial": "Rehabilitasi Sosial",
        "reintegrasi_sosial": "Reintegrasi Sosial",
        "pemulangan": "Pemulangan",
        "pendampingan_tokoh_agama": "Pendampingan Tokoh Agama",
        "mediasi": "Mediasi",
    },
    Scene: {
        "rumah_tangga": "Rumah Tangga",
        "tempat_kerja": "Tempat Kerja",
        "sekolah": "Sekolah",
        "fasilitas_umum": "Fasilitas Umum",
        "lembaga_pendidikan_kilat": "Lembaga Pendidikan Kilat",
        "lainnya": "Lainnya",
    },
    RelationGroup: {
        "orang_tua": "Orang Tua",
        "keluarga": "Keluarga/Saudara",
        "suami_istri": "Suami/Istri",
        "tetangga": "Tetangga",
        "pacar_teman": "Pacar/Teman",
        "guru": "Guru",
        "majikan": "Majikan",
        "rekan_kerja": "Rekan Kerja",
        "lainnya": "Lainnya",
    },
    Sex: {"L": "Laki-laki", "P": "Perempuan", "X": "Tidak Diketahui"},
    Education: {
        "paud": "PAUD",
        "tk": "TK",
        "sd": "SD/MI",
        "smp": "SMP/MTs",
        "sma": "SMA/MA/SMK",
        "slb": "SLB",
        "diploma": "D1-D4",
        "s1": "S1",
        "s2": "S2",
        "s3": "S3",
        "tidak_sekolah": "Tidak Sekolah",
        "tidak_diketahui": "Tidak Diketahui",
    },
    Disability: {
        "tidak": "Tidak",
        "fisik": "Fisik",
        "intelektual": "Intelektual",
        "mental": "Mental",
        "sensorik": "Sensorik",
        "ganda": "Ganda",
    },
    AgeBand: {band.value: band.value.replace("-", " - ") if band != AgeBand.B60 else "60+" for band in AgeBand},
}


def simfoni_label(vocabulary: type[models.TextChoices], code: str) -> str:
    """The SIMFONI label of an internal code. Bullying maps by a setting (default Psikis)."""
    if vocabulary is ViolenceForm and code == ViolenceForm.PERUNDUNGAN:
        code = getattr(settings, "SIMFONI_BULLYING_AS", ViolenceForm.PSIKIS)
    return SIMFONI_LABELS[vocabulary][code]
