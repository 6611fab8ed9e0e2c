"""Demo cases for the statistics, the dashboard and the SIMFONI export (`make run`, issue 6 item 8).

The numbers are a SYNTHETIC distribution, not the unit's real caseload: they only reproduce the
shape of the headline figure — Jan–Oct 2024, exactly 83 registered cases of violence against
children (at least one victim under 18 at the incident), over the five forms the unit reports
(physical, psychological, sexual, neglect, bullying) — so that the 2024 Jan–Oct report and
dashboard say 83. Around them: cases of 2023 and of November–December 2024, and adult women's
cases (KTP) in every year, so that period and case-type filters visibly change the numbers.

Everything is made through the case services (intake, people, relations, triage, team, legal
events, health services, the SIMFONI marker). The services stamp "now", and a demo of 2023–2024
needs those dates, so right after each case is accepted this module moves it back in time, in
the same transaction: the register number issued for the current year is given back (it was the
year's last one) and a number of the intended year is issued by ``register_number_issue``, the
one place that knows the format, so each year's numbers stay gap-free and in date order; then
the case's timestamps and timeline events are set to the intended dates with a queryset
update. That is done in this demo module only: real cases are never backdated.

People are obviously fictional ("Contoh …"); a few victims carry a structurally valid NIK whose
region part (15.71.99) is no kecamatan, so it belongs to nobody. Places are real kelurahan of
Kota Jambi. Team notifications for these old cases are removed before the transaction ends,
so nobody receives some hundred stale e-mails.

Idempotent: skipped when any case registered in 2023 or 2024 exists.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cases.models import (
    Case,
    CaseEvent,
    DatePrecision,
    EventKind,
    HealthServiceKind,
    PersonRole,
    Region,
    RegionLevel,
    RegisterCounter,
    TeamRole,
    TriageOutcome,
)
from cases.services import (
    case_mark_simfoni_entered,
    case_set_simfoni_number,
    case_team_add,
    health_service_record,
    intake_register,
    legal_event_record,
    perpetrator_relation_set,
    person_add,
    triage_decide,
)
from cases.services.registry import register_number_issue
from cases.vocabularies import (
    Authority,
    CaseType,
    Channel,
    Education,
    LegalStage,
    ProtectionCategory,
    Relation,
    Risk,
    Scene,
    Sex,
    ViolenceForm,
)
from uptdppa.accounts.models import Notification, Organisation, User

DEMO_YEARS = (2023, 2024)
F = ViolenceForm
P = ProtectionCategory

# The Pasal 59 categories staff tick for a child victim of these forms (bullying comes under i).
_CATEGORIES: dict[str, str] = {
    F.FISIK: P.I,
    F.PSIKIS: P.I,
    F.PERUNDUNGAN: P.I,
    F.SEKSUAL: P.J,
    F.PENELANTARAN: P.M,
    F.TRAFFICKING: P.H,
    F.EKSPLOITASI: P.D,
}

# The headline: 83 child cases registered 1 January – 31 October 2024, by the main form of the
# case (synthetic). Some victims suffer a second form too (see _second_form).
CHILD_CASES_JAN_OCT_2024 = {F.FISIK: 21, F.PSIKIS: 14, F.SEKSUAL: 26, F.PENELANTARAN: 10, F.PERUNDUNGAN: 12}
# Around it (synthetic): (first day, last day, child cases, adult women's cases).
OTHER_PERIODS = (
    (date(2023, 1, 3), date(2023, 12, 20), 14, 6),
    (date(2024, 1, 5), date(2024, 10, 28), 0, 15),
    (date(2024, 11, 1), date(2024, 12, 20), 8, 3),
)

_FIRST = ("Mawar", "Melati", "Kenanga", "Anggrek", "Dahlia", "Cempaka", "Teratai", "Seruni", "Bakung", "Kamboja")
_SECOND = ("Sari", "Putri", "Lestari", "Wulan", "Ayu", "Dewi", "Indah", "Rahma", "Nirmala", "Cahaya")
_BOYS = ("Bima", "Arjuna", "Bayu", "Gilang", "Raka", "Dimas", "Fajar", "Galih", "Yoga", "Rizki")

# The perpetrator's relation by main form (the finer list, mapped up for SIMFONI).
_RELATIONS = {
    F.FISIK: (Relation.AYAH_KANDUNG, Relation.IBU_TIRI, Relation.KELUARGA, Relation.TETANGGA),
    F.PSIKIS: (Relation.IBU_KANDUNG, Relation.KELUARGA, Relation.TENAGA_PENDIDIK, Relation.AYAH_TIRI),
    F.SEKSUAL: (Relation.TETANGGA, Relation.AYAH_TIRI, Relation.PACAR, Relation.TIDAK_DIKENAL, Relation.KELUARGA),
    F.PENELANTARAN: (Relation.AYAH_KANDUNG, Relation.IBU_KANDUNG),
    F.PERUNDUNGAN: (Relation.TEMAN_SEBAYA,),
    "ktp": (Relation.SUAMI_ISTRI, Relation.SUAMI_ISTRI, Relation.PACAR, Relation.MAJIKAN),
}
_SCENES: dict[str, tuple[str, ...]] = {
    F.PERUNDUNGAN: (Scene.SEKOLAH,),
    F.SEKSUAL: (Scene.RUMAH_TANGGA, Scene.FASILITAS_UMUM, Scene.LAINNYA),
}
_CHANNELS = (Channel.DATANG_LANGSUNG, Channel.TELEPON, Channel.WHATSAPP, Channel.SAPA_129, Channel.PENJANGKAUAN)


@dataclass
class DemoCase:
    registered_at: datetime
    main_form: str
    child: bool
    victims: list[dict[str, object]] = field(default_factory=list)


def _spread(first: date, last: date, count: int) -> list[date]:
    """``count`` days evenly spread from ``first`` to ``last``."""
    if count <= 0:
        return []
    span = (last - first).days
    return [first + timedelta(days=round(i * span / max(count - 1, 1))) for i in range(count)]


def _second_form(main: str, index: int) -> list[str]:
    """A second form for some victims: physical violence often comes with psychological."""
    if main == F.FISIK and index % 3 == 0:
        return [F.PSIKIS]
    if main == F.SEKSUAL and index % 4 == 0:
        return [F.PSIKIS]
    if main == F.PERUNDUNGAN and index % 4 == 1:
        return [F.FISIK]
    return []


def demo_plan(rng: random.Random) -> list[DemoCase]:
    """The synthetic cases, in order of registration."""
    plan: list[DemoCase] = []
    child_forms = [form for form, n in CHILD_CASES_JAN_OCT_2024.items() for _ in range(n)]
    rng.shuffle(child_forms)
    for day, form in zip(_spread(date(2024, 1, 2), date(2024, 10, 30), len(child_forms)), child_forms, strict=True):
        plan.append(DemoCase(_at(day, rng), form, child=True))
    adult_forms = (F.PSIKIS, F.FISIK, F.FISIK, F.SEKSUAL, F.PENELANTARAN)
    for first, last, children, women in OTHER_PERIODS:
        forms = [rng.choice(list(CHILD_CASES_JAN_OCT_2024)) for _ in range(children)]
        for day, form in zip(_spread(first, last, children), forms, strict=True):
            plan.append(DemoCase(_at(day, rng), form, child=True))
        for n, day in enumerate(_spread(first + timedelta(days=3), last, women)):
            plan.append(DemoCase(_at(day, rng), adult_forms[n % len(adult_forms)], child=False))
    plan.sort(key=lambda case: case.registered_at)
    for index, case in enumerate(plan):
        # Neglect of siblings: every third neglect case has two child victims.
        count = 2 if case.child and case.main_form == F.PENELANTARAN and index % 3 == 0 else 1
        for n in range(count):
            case.victims.append(_victim(rng, case, index, n))
    return plan


def _at(day: date, rng: random.Random) -> datetime:
    moment = datetime.combine(day, time(hour=rng.randint(8, 15), minute=rng.choice((0, 15, 30, 45))))
    return timezone.make_aware(moment, timezone.get_default_timezone())


def _victim(rng: random.Random, case: DemoCase, index: int, n: int) -> dict[str, object]:
    if case.child:
        ages: dict[str, int] = {F.PERUNDUNGAN: rng.randint(9, 15), F.PENELANTARAN: rng.randint(1, 10)}
        age = ages.get(case.main_form, rng.randint(4, 17))
        sex = Sex.LAKI_LAKI if (index + n) % 3 == 0 and case.main_form != F.SEKSUAL else Sex.PEREMPUAN
    else:
        age, sex = rng.randint(19, 52), Sex.PEREMPUAN
    given = rng.choice(_BOYS if sex == Sex.LAKI_LAKI else _FIRST)
    forms = [case.main_form, *_second_form(case.main_form, index)]
    values: dict[str, object] = {
        "full_name": f"Contoh {given} {rng.choice(_SECOND)}",
        "sex": sex,
        "estimated_age": age,
        "education": _education(age),
        "violence_forms": forms,
    }
    if case.child:
        values["protection_categories"] = sorted({_CATEGORIES[form] for form in forms if form in _CATEGORIES})
    if index % 5 == 0:
        born = case.registered_at.date() - timedelta(days=365 * age + 100)
        day = born.day + (40 if sex == Sex.PEREMPUAN else 0)
        # Region 15.71.99 is no kecamatan of Kota Jambi: structurally valid, nobody's number.
        values["nik"] = f"157199{day:02d}{born.month:02d}{born.year % 100:02d}{9000 + index:04d}"
    return values


def _education(age: int) -> str:
    for upper, level in ((3, Education.PAUD), (6, Education.TK), (12, Education.SD), (15, Education.SMP)):
        if age <= upper:
            return level
    return Education.SMA if age <= 18 else (Education.SMA, Education.S1, Education.SMP)[age % 3]


@transaction.atomic
def seed_statistics_cases() -> int:
    """Create the statistics demo cases once; returns how many were made (0 when present)."""
    if Case.objects.filter(register_year__in=DEMO_YEARS).exists():
        return 0
    rng = random.Random(83)  # noqa: S311 - a reproducible demo, nothing secret
    head = User.objects.get(username="kepala")
    intake = User.objects.get(username="pengaduan")
    manager = User.objects.get(username="manajer")
    legal = User.objects.get(username="hukum")
    operator = User.objects.get(username="operator")
    hospital = Organisation.objects.filter(short_name="RSUD Abdul Manap").first()
    kelurahan = list(Region.objects.filter(level=RegionLevel.KELURAHAN, valid_to__isnull=True).order_by("code"))
    last_notification = Notification.objects.aggregate(last=Max("pk"))["last"] or 0
    plan = demo_plan(rng)
    for index, demo in enumerate(plan):
        _make_case(
            index, demo, rng, kelurahan, head=head, intake=intake, manager=manager, legal=legal, hospital=hospital
        )
    _mark_entered(plan_cutoff=date(2024, 9, 1), operator=operator)
    # The team notifications of cases registered long ago would only flood the demo inboxes.
    Notification.objects.filter(pk__gt=last_notification).delete()
    return len(plan)


def _make_case(
    index: int,
    demo: DemoCase,
    rng: random.Random,
    kelurahan: list[Region],
    *,
    head: User,
    intake: User,
    manager: User,
    legal: User,
    hospital: Organisation | None,
) -> Case:
    registered_at = demo.registered_at
    received_at = registered_at - timedelta(hours=rng.randint(1, 30))
    incident = timezone.localdate(received_at) - timedelta(days=rng.randint(0, 20))
    outside = index % 23 == 7  # a few incidents outside Kota Jambi
    region = kelurahan[(index * 7) % len(kelurahan)]
    scene = rng.choice(_SCENES.get(demo.main_form, (Scene.RUMAH_TANGGA, Scene.RUMAH_TANGGA, Scene.FASILITAS_UMUM)))
    case = intake_register(
        actor=intake,
        channel=_CHANNELS[index % len(_CHANNELS)],
        received_at=received_at,
        chronology="Kronologi contoh (data demo sintetis).",
        incident_date=incident,
        incident_date_precision=DatePrecision.EXACT,
        incident_region=None if outside else region,
        incident_place_other="Kabupaten Muaro Jambi (contoh)" if outside else "",
        scene=scene,
    )
    victims = [
        person_add(actor=intake, case=case, role=PersonRole.VICTIM, region=region, **values).person  # type: ignore[arg-type]
        for values in demo.victims
    ]
    relation = rng.choice(_RELATIONS[demo.main_form if demo.child else "ktp"])
    perpetrator_sex = Sex.PEREMPUAN if relation in (Relation.IBU_KANDUNG, Relation.IBU_TIRI) else Sex.LAKI_LAKI
    perpetrator_age = rng.randint(10, 16) if relation == Relation.TEMAN_SEBAYA else rng.randint(20, 60)
    perpetrator = person_add(
        actor=intake,
        case=case,
        role=PersonRole.PERPETRATOR,
        full_name=f"Contoh Terlapor {rng.choice(_BOYS)}",
        sex=perpetrator_sex,
        estimated_age=perpetrator_age,
    ).person
    for victim in victims:
        perpetrator_relation_set(actor=intake, victim=victim, perpetrator=perpetrator, relation=relation)
    case = triage_decide(
        actor=head,
        case=case,
        outcome=TriageOutcome.ACCEPTED,
        case_type=CaseType.AMPK if demo.child else CaseType.KTP,
        risk=Risk.TINGGI if demo.main_form == F.SEKSUAL else Risk.SEDANG,
        authority=Authority.DAERAH,
    )
    case = _backdate(case, received_at=received_at, registered_at=registered_at)
    case_team_add(actor=head, case=case, user=manager, team_role=TeamRole.MANAJER_KASUS)
    day = timezone.localdate(registered_at)
    if demo.main_form == F.SEKSUAL or index % 4 == 0:
        # The police report (LP): also ends the TPKS Pasal 41 clock of a sexual-violence case.
        legal_event_record(
            actor=legal,
            case=case,
            perpetrator=perpetrator,
            stage=LegalStage.LAPORAN_POLISI,
            date=day + timedelta(days=1),
            reference_number=f"LP/B/{index + 1:03d}/{day.year}/SPKT/POLRESTA JAMBI (contoh)",
            unit="Unit PPA Polresta Jambi",
        )
    if demo.main_form in (F.FISIK, F.SEKSUAL) and index % 2 == 0:
        health_service_record(
            actor=manager,
            victim=victims[0],
            kind=HealthServiceKind.VISUM,
            requested_on=day,
            facility=hospital,
            facility_other="" if hospital else "Puskesmas (contoh)",
            done_on=day + timedelta(days=1),
            result="Hasil visum contoh.",
        )
    # The events of the services above happened on the days they record, not today.
    CaseEvent.objects.filter(case=case).exclude(kind__in=[EventKind.RECEIVED, EventKind.ACCEPTED]).filter(
        at__gt=registered_at + timedelta(days=2)
    ).update(at=registered_at + timedelta(days=1))
    return case


def _backdate(case: Case, *, received_at: datetime, registered_at: datetime) -> Case:
    """Move a case accepted just now back to ``registered_at`` (demo only, see the docstring).

    Precondition: inside the transaction in which the case was accepted, so its number is still
    the last one of its year and nobody else can take a number meanwhile."""
    counter = RegisterCounter.objects.select_for_update().get(year=int(case.register_year or 0))
    if counter.last_seq != case.register_seq:
        raise RuntimeError("the demo case must hold its year's last register number")
    counter.last_seq -= 1
    counter.save(update_fields=["last_seq"])
    register_number_issue(case=case, at=registered_at)
    Case.objects.filter(pk=case.pk).update(
        register_year=case.register_year,
        register_seq=case.register_seq,
        register_number=case.register_number,
        registered_at=registered_at,
        triaged_at=registered_at,
        created_at=received_at,
    )
    events = CaseEvent.objects.filter(case=case)
    events.filter(kind=EventKind.ACCEPTED).update(at=registered_at, data={"register_number": case.register_number})
    events.exclude(kind=EventKind.ACCEPTED).update(at=received_at)
    case.refresh_from_db()
    return case


def _mark_entered(*, plan_cutoff: date, operator: User) -> None:
    """Cases registered before ``plan_cutoff`` are already in SIMFONI (with a SIMFONI number),
    a few days after their registration; the later ones are the operator's work list."""
    tz = timezone.get_default_timezone()
    cutoff = timezone.make_aware(datetime.combine(plan_cutoff, time.min), tz)
    for case in Case.objects.filter(register_year__in=DEMO_YEARS, registered_at__lt=cutoff).order_by("registered_at"):
        case_set_simfoni_number(
            actor=operator, case=case, simfoni_number=f"SIMFONI-1571-{case.register_year}-{case.register_seq:04d}"
        )
        case = case_mark_simfoni_entered(actor=operator, case=case, entered=True)
        entered_at = case.registered_at + timedelta(days=5)  # type: ignore[operator]
        Case.objects.filter(pk=case.pk).update(simfoni_entered_at=entered_at)
        CaseEvent.objects.filter(case=case, kind__in=[EventKind.SIMFONI_ENTERED, EventKind.REGISTRY_CHANGED]).update(
            at=entered_at
        )
