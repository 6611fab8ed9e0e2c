"""A small hand-built data set for the export tests (PDF, Excel), with its figures worked out by
hand in the comments. Period: January–October 2024.

- Case 1, March (AMPK, kelurahan 15.71.01.1001, household): "Melati Kusuma Dewi", a girl of 10,
  physical + psychological; her biological father as perpetrator; health service done.
  Its SIMFONI number is a formula ("=HYPERLINK(...)"), as a careless or hostile entry could be.
- Case 2, April (AMPK, same kelurahan, school): "Bunga Sari", a girl of 8, sexual; and a boy of
  12 whose name is a formula, psychological. Perpetrator: a teacher.
- Case 3, June (KTP, no place): a woman of 30, psychological.
- Case 4, July (AMPK, outside Kota Jambi): "Putri Ayu Lestari", a girl of 15, physical + sexual.
- Case 5, November 2024: outside the period.

Hand-computed (Jan–Oct 2024): cases 4; child cases 3 (1, 2, 4); victims 5; child victims 4;
child cases by form: physical 2 (1, 4), psychological 2 (1, 2), sexual 2 (2, 4);
cases by form: physical 2, psychological 3 (1, 2, 3), sexual 2; victims by sex: P 4, L 1;
cases by month: March 1, April 1, June 1, July 1, other months 0.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import time_machine

from cases.models import Case, HealthServiceKind, PersonRole, Region, TriageOutcome
from cases.services import (
    health_service_record,
    intake_register,
    perpetrator_relation_set,
    person_add,
    triage_decide,
)
from cases.vocabularies import Authority, CaseType, Channel, Relation, Risk, Scene, Sex, ViolenceForm
from reports.statistics import Period

WIB = ZoneInfo("Asia/Jakarta")
JAN_OCT_2024 = Period(date(2024, 1, 1), date(2024, 10, 31))
FORMULA = '=HYPERLINK("http://x.example","klik")'  # fits simfoni_number (40)
VICTIM_NAMES = ("Melati Kusuma Dewi", "Bunga Sari", "Putri Ayu Lestari", "Ibu Rahmawati")


def registered_case(world: Any, *, received: datetime, case_type: str = CaseType.AMPK, **where: Any) -> Case:
    with time_machine.travel(received, tick=False):
        case = intake_register(actor=world.pengaduan, channel=Channel.DATANG_LANGSUNG, received_at=received, **where)
    with time_machine.travel(received + timedelta(hours=3), tick=False):
        return triage_decide(
            actor=world.kepala,
            case=case,
            outcome=TriageOutcome.ACCEPTED,
            case_type=case_type,
            risk=Risk.SEDANG,
            authority=Authority.DAERAH,
        )


def victim(world: Any, case: Case, **values: Any) -> Any:
    return person_add(actor=world.kepala, case=case, role=PersonRole.VICTIM, **values).person


def build(world: Any) -> dict[str, Any]:
    kelurahan = Region.objects.get(code="15.71.01.1001")
    case1 = registered_case(
        world, received=datetime(2024, 3, 4, 9, tzinfo=WIB), incident_region=kelurahan, scene=Scene.RUMAH_TANGGA
    )
    Case.objects.filter(pk=case1.pk).update(simfoni_number=FORMULA)
    girl = victim(
        world,
        case1,
        full_name=VICTIM_NAMES[0],
        nik="1571014507140001",
        phone="081234567890",
        sex=Sex.PEREMPUAN,
        estimated_age=10,
        violence_forms=[ViolenceForm.FISIK, ViolenceForm.PSIKIS],
    )
    father = person_add(actor=world.kepala, case=case1, role=PersonRole.PERPETRATOR, full_name="Ayah Melati").person
    perpetrator_relation_set(actor=world.kepala, victim=girl, perpetrator=father, relation=Relation.AYAH_KANDUNG)
    health_service_record(
        actor=world.kepala,
        victim=girl,
        kind=HealthServiceKind.VISUM,
        requested_on=date(2024, 3, 5),
        facility_other="Puskesmas Contoh",
        done_on=date(2024, 3, 6),
        result="Memar.",
    )

    case2 = registered_case(
        world, received=datetime(2024, 4, 15, 10, tzinfo=WIB), incident_region=kelurahan, scene=Scene.SEKOLAH
    )
    second_girl = victim(
        world,
        case2,
        full_name=VICTIM_NAMES[1],
        sex=Sex.PEREMPUAN,
        estimated_age=8,
        violence_forms=[ViolenceForm.SEKSUAL],
    )
    boy = victim(
        world, case2, full_name=FORMULA, sex=Sex.LAKI_LAKI, estimated_age=12, violence_forms=[ViolenceForm.PSIKIS]
    )
    teacher = person_add(actor=world.kepala, case=case2, role=PersonRole.PERPETRATOR, full_name="Guru Dua").person
    for child in (second_girl, boy):
        perpetrator_relation_set(
            actor=world.kepala, victim=child, perpetrator=teacher, relation=Relation.TENAGA_PENDIDIK
        )

    case3 = registered_case(world, received=datetime(2024, 6, 10, 8, tzinfo=WIB), case_type=CaseType.KTP)
    victim(
        world,
        case3,
        full_name=VICTIM_NAMES[3],
        sex=Sex.PEREMPUAN,
        estimated_age=30,
        violence_forms=[ViolenceForm.PSIKIS],
    )

    case4 = registered_case(
        world, received=datetime(2024, 7, 1, 8, tzinfo=WIB), incident_place_other="Jalan Mawar 5, Muaro Jambi"
    )
    victim(
        world,
        case4,
        full_name=VICTIM_NAMES[2],
        sex=Sex.PEREMPUAN,
        estimated_age=15,
        violence_forms=[ViolenceForm.FISIK, ViolenceForm.SEKSUAL],
    )

    case5 = registered_case(world, received=datetime(2024, 11, 2, 9, tzinfo=WIB))
    victim(
        world, case5, full_name="Anak November", sex=Sex.PEREMPUAN, estimated_age=9, violence_forms=[ViolenceForm.FISIK]
    )
    return {"cases": [case1, case2, case3, case4], "outside_period": case5, "kelurahan": kelurahan}
