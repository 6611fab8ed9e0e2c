"""Fixed vocabularies of docs/domain.md#vocabularies-and-simfoni.

Internal codes are stable identifiers (never shown, never renamed); labels are translatable.
SIMFONI PPA labels live in one mapping table, ``SIMFONI_LABELS``, so the national export can
follow SIMFONI's wording without touching stored data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ViolenceForm(models.TextChoices):
    FISIK = "fisik", _("Physical")
    PSIKIS = "psikis", _("Psychological")
    SEKSUAL = "seksual", _("Sexual")
    EKSPLOITASI = "eksploitasi", _("Exploitation")
    TRAFFICKING = "trafficking", _("Trafficking")
    PENELANTARAN = "penelantaran", _("Neglect")
    PERUNDUNGAN = "perundungan", _("Bullying")
    LAINNYA = "lainnya", _("Other")


class ServiceType(models.TextChoices):
    PENGADUAN = "pengaduan", _("Complaint")
    KESEHATAN = "kesehatan", _("Health care")
    BANTUAN_HUKUM = "bantuan_hukum", _("Legal aid")
    PENEGAKAN_HUKUM = "penegakan_hukum", _("Law enforcement")
    REHABILITASI_SOSIAL = "rehabilitasi_sosial", _("Social rehabilitation")
    REINTEGRASI_SOSIAL = "reintegrasi_sosial", _("Social reintegration")
    PEMULANGAN = "pemulangan", _("Repatriation")
    PENDAMPINGAN_TOKOH_AGAMA = "pendampingan_tokoh_agama", _("Support by a religious leader")
    MEDIASI = "mediasi", _("Mediation")


class Scene(models.TextChoices):
    RUMAH_TANGGA = "rumah_tangga", _("Household")
    TEMPAT_KERJA = "tempat_kerja", _("Workplace")
    SEKOLAH = "sekolah", _("School")
    FASILITAS_UMUM = "fasilitas_umum", _("Public place")
    LEMBAGA_PENDIDIKAN_KILAT = "lembaga_pendidikan_kilat", _("Short-course education institution")
    LAINNYA = "lainnya", _("Other")


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

    ORANG_TUA = "orang_tua", _("Parent")
    KELUARGA = "keluarga", _("Family/relative")
    SUAMI_ISTRI = "suami_istri", _("Husband/wife")
    TETANGGA = "tetangga", _("Neighbour")
    PACAR_TEMAN = "pacar_teman", _("Dating partner/friend")
    GURU = "guru", _("Teacher")
    MAJIKAN = "majikan", _("Employer")
    REKAN_KERJA = "rekan_kerja", _("Co-worker")
    LAINNYA = "lainnya", _("Other")


class Relation(models.TextChoices):
    """The finer list recorded by staff; ``group`` maps it up to SIMFONI's short list."""

    AYAH_KANDUNG = "ayah_kandung", _("Biological father")
    AYAH_TIRI = "ayah_tiri", _("Stepfather")
    IBU_KANDUNG = "ibu_kandung", _("Biological mother")
    IBU_TIRI = "ibu_tiri", _("Stepmother")
    KAKEK_NENEK = "kakek_nenek", _("Grandparent")
    KELUARGA = "keluarga", _("Family/relative")
    SUAMI_ISTRI = "suami_istri", _("Husband/wife")
    TETANGGA = "tetangga", _("Neighbour")
    TEMAN_SEBAYA = "teman_sebaya", _("Peer")
    BERKENALAN_ONLINE = "berkenalan_online", _("Met online")
    TIDAK_DIKENAL = "tidak_dikenal", _("Stranger")
    APARAT = "aparat", _("Law enforcement officer")
    TENAGA_PENDIDIK = "tenaga_pendidik", _("Educator")
    TOKOH_MASYARAKAT = "tokoh_masyarakat", _("Community leader")
    TOKOH_AGAMA = "tokoh_agama", _("Religious leader")
    MAJIKAN = "majikan", _("Employer/superior")
    REKAN_KERJA = "rekan_kerja", _("Co-worker")
    PACAR = "pacar", _("Dating partner/ex-partner")
    LAINNYA = "lainnya", _("Other")

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
    LAKI_LAKI = "L", _("Male")
    PEREMPUAN = "P", _("Female")
    TIDAK_DIKETAHUI = "X", _("Unknown")  # perpetrators only


class Education(models.TextChoices):
    PAUD = "paud", _("Early childhood education (PAUD)")
    TK = "tk", _("Kindergarten (TK)")
    SD = "sd", _("Primary school (SD/MI)")
    SMP = "smp", _("Junior secondary school (SMP/MTs)")
    SMA = "sma", _("Senior secondary school (SMA/MA/SMK)")
    SLB = "slb", _("Special needs school (SLB)")
    DIPLOMA = "diploma", _("Diploma (D1–D4)")
    S1 = "s1", _("Bachelor's degree (S1)")
    S2 = "s2", _("Master's degree (S2)")
    S3 = "s3", _("Doctorate (S3)")
    TIDAK_SEKOLAH = "tidak_sekolah", _("No schooling")
    TIDAK_DIKETAHUI = "tidak_diketahui", _("Unknown")


class Disability(models.TextChoices):
    TIDAK = "tidak", _("None")
    FISIK = "fisik", _("Physical")
    INTELEKTUAL = "intelektual", _("Intellectual")
    MENTAL = "mental", _("Mental")
    SENSORIK = "sensorik", _("Sensory")
    GANDA = "ganda", _("Multiple")


class Channel(models.TextChoices):
    DATANG_LANGSUNG = "datang_langsung", _("Walk-in")
    TELEPON = "telepon", _("Phone")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SURAT_EMAIL = "surat_email", _("Letter/email")
    SAPA_129 = "sapa_129", _("SAPA 129")
    CALL_CENTER_112 = "call_center_112", _("Call Center 112 Kota Jambi")
    PENJANGKAUAN = "penjangkauan", _("Outreach (e.g. PITA MOLIN school visits)")
    RUJUKAN = "rujukan", _("Referral from another agency")
    MEDIA = "media", _("Media/news reports")
    ONLINE_FORM = "online_form", _("Online form")


class LegalStage(models.TextChoices):
    LAPORAN_POLISI = "laporan_polisi", _("Police report")
    PENYELIDIKAN = "penyelidikan", _("Preliminary investigation")
    PENYIDIKAN = "penyidikan", _("Investigation")
    PENANGKAPAN = "penangkapan", _("Arrest")
    PENAHANAN = "penahanan", _("Detention")
    DIVERSI = "diversi", _("Diversion")
    PENUNTUTAN = "penuntutan", _("Prosecution")
    SIDANG_TINGKAT_I = "sidang_tingkat_1", _("First-instance trial")
    BANDING = "banding", _("Appeal")
    KASASI = "kasasi", _("Cassation")
    PENINJAUAN_KEMBALI = "peninjauan_kembali", _("Judicial review (PK)")
    PUTUSAN = "putusan", _("Verdict")
    RESTITUSI = "restitusi", _("Restitution")


class ProtectionCategory(models.TextChoices):
    """UU 35/2014 Pasal 59 ayat 2: children needing special protection (many per child)."""

    A = "a", _("a. Children in emergency situations")
    B = "b", _("b. Children in conflict with the law")
    C = "c", _("c. Children from minority and isolated groups")
    D = "d", _("d. Children exploited economically and/or sexually")
    E = "e", _("e. Child victims of the abuse of narcotics, alcohol, psychotropic drugs and other addictive substances")
    F = "f", _("f. Child victims of pornography")
    G = "g", _("g. Children with HIV/AIDS")
    H = "h", _("h. Child victims of abduction, sale and/or trafficking")
    I = "i", _("i. Child victims of physical and/or psychological violence")  # noqa: E741 - the law's own letter
    J = "j", _("j. Child victims of sexual crimes")
    K = "k", _("k. Child victims of terrorist networks")
    L = "l", _("l. Children with disabilities")
    M = "m", _("m. Child victims of maltreatment and neglect")
    N = "n", _("n. Children with deviant social behaviour")
    O = "o", _("o. Child victims of stigmatisation from labelling related to their parents' condition")  # noqa: E741


class CaseType(models.TextChoices):
    KTP = "ktp", _("KTP (violence against women)")
    AMPK = "ampk", _("AMPK (children in need of special protection)")


class Risk(models.TextChoices):
    TINGGI = "tinggi", _("High")
    SEDANG = "sedang", _("Medium")
    RENDAH = "rendah", _("Low")


class Authority(models.TextChoices):
    DAERAH = "daerah", _("Regional")
    PUSAT = "pusat", _("Central")


# SIMFONI PPA labels, as the national system spells them (docs/domain.md#vocabularies-and-simfoni). One table for
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
