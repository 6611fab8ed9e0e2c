"""The figures of a period (reports/DEFINITIONS.md) on a small hand-built data set, with the
expected numbers worked out by hand; and the snapshots that keep them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import DatePrecision, HealthServiceKind, PersonRole, Region, TriageOutcome
from cases.services import (
    health_service_record,
    intake_register,
    legal_event_record,
    perpetrator_relation_set,
    person_add,
    triage_decide,
)
from cases.vocabularies import Authority, CaseType, Channel, LegalStage, Relation, Risk, Scene, Sex, ViolenceForm
from reports.models import Snapshot, SnapshotKind
from reports.services import scheduled_periods, snapshot_generate
from reports.statistics import Period, compute_figures
from tests.conftest import World

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
JAN_OCT_2024 = Period(date(2024, 1, 1), date(2024, 10, 31))


def _case(world: World, *, received: datetime, hours_to_register: float | None, case_type=CaseType.AMPK, **where):  # type: ignore[no-untyped-def]
    with time_machine.travel(received, tick=False):
        case = intake_register(actor=world.pengaduan, channel=Channel.DATANG_LANGSUNG, received_at=received, **where)
    if hours_to_register is None:
        with time_machine.travel(received + timedelta(hours=1), tick=False):
            return triage_decide(
                actor=world.kepala, case=case, outcome=TriageOutcome.OUTSIDE_MANDATE, note="Bukan kewenangan."
            )
    with time_machine.travel(received + timedelta(hours=hours_to_register), tick=False):
        return triage_decide(
            actor=world.kepala,
            case=case,
            outcome=TriageOutcome.ACCEPTED,
            case_type=case_type,
            risk=Risk.SEDANG,
            authority=Authority.DAERAH,
        )


def _victim(world: World, case, **values):  # type: ignore[no-untyped-def]
    return person_add(actor=world.kepala, case=case, role=PersonRole.VICTIM, **values).person


@pytest.fixture
def data(world: World) -> dict:
    kelurahan = Region.objects.get(code="15.71.01.1001")
    # Case 1, March: a girl of 10, physical and psychological violence by her father, at home.
    case1 = _case(
        world,
        received=datetime(2024, 3, 4, 9, tzinfo=WIB),
        hours_to_register=2,
        incident_region=kelurahan,
        scene=Scene.RUMAH_TANGGA,
    )
    girl = _victim(
        world,
        case1,
        full_name="Anak Satu",
        sex=Sex.PEREMPUAN,
        estimated_age=10,
        violence_forms=[ViolenceForm.FISIK, ViolenceForm.PSIKIS],
        protection_categories=["i"],
    )
    father = person_add(actor=world.kepala, case=case1, role=PersonRole.PERPETRATOR, full_name="Ayah Satu").person
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
    # Case 2, April, outside Kota Jambi: a boy who was 17 at the incident and 18 at registration
    # (sexual violence), and a young woman of 20 (psychological).
    case2 = _case(
        world,
        received=datetime(2024, 4, 15, 10, tzinfo=WIB),
        hours_to_register=4,
        incident_date=date(2024, 4, 1),
        incident_date_precision=DatePrecision.EXACT,
        incident_place_other="Kabupaten Muaro Jambi",
        scene=Scene.FASILITAS_UMUM,
    )
    _victim(
        world,
        case2,
        full_name="Anak Dua",
        sex=Sex.LAKI_LAKI,
        birth_date=date(2006, 4, 10),
        violence_forms=[ViolenceForm.SEKSUAL],
        protection_categories=["j"],
    )
    _victim(
        world, case2, full_name="Dewasa Dua", sex=Sex.PEREMPUAN, estimated_age=20, violence_forms=[ViolenceForm.PSIKIS]
    )
    stranger = person_add(actor=world.kepala, case=case2, role=PersonRole.PERPETRATOR, full_name="Pelaku Dua").person
    legal_event_record(
        actor=world.kepala,
        case=case2,
        perpetrator=stranger,
        stage=LegalStage.LAPORAN_POLISI,
        date=date(2024, 4, 16),
        reference_number="LP/B/2/IV/2024",
    )
    # Case 3, November: outside the period.
    case3 = _case(world, received=datetime(2024, 11, 2, 9, tzinfo=WIB), hours_to_register=1)
    _victim(
        world, case3, full_name="Anak Tiga", sex=Sex.PEREMPUAN, estimated_age=8, violence_forms=[ViolenceForm.FISIK]
    )
    # Case 4, February: a complaint outside the mandate (received, never a case).
    _case(world, received=datetime(2024, 2, 1, 9, tzinfo=WIB), hours_to_register=None)
    # Case 5, June: a woman of 30, psychological violence; place unknown.
    case5 = _case(world, received=datetime(2024, 6, 10, 8, tzinfo=WIB), hours_to_register=10, case_type=CaseType.KTP)
    _victim(
        world, case5, full_name="Ibu Lima", sex=Sex.PEREMPUAN, estimated_age=30, violence_forms=[ViolenceForm.PSIKIS]
    )
    return {}


def test_the_totals_count_cases_by_registration_and_children_by_age_at_the_incident(data):
    totals = compute_figures(JAN_OCT_2024)["totals"]
    assert totals == {
        "cases": 3,  # 1, 2 and 5; case 3 is November, case 4 never became a case
        "closed": 0,
        "child_cases": 2,  # 1 and 2 (the boy was 17 at the incident)
        "victims": 4,
        "child_victims": 2,
        "complaints_received": 4,  # 1, 2, 4 and 5
    }


def test_a_victim_with_two_forms_counts_once_per_form(data):
    figures = compute_figures(JAN_OCT_2024)
    assert figures["cases_by_form"] == {"fisik": 1, "psikis": 3, "seksual": 1}
    assert figures["victims_by_form"] == {"fisik": 1, "psikis": 3, "seksual": 1}
    assert figures["child_cases_by_form"] == {"fisik": 1, "psikis": 1, "seksual": 1}


def test_breakdowns_by_type_sex_age_place_scene_and_month(data):
    figures = compute_figures(JAN_OCT_2024)
    assert figures["cases_by_type"] == {"ampk": 2, "ktp": 1}
    assert figures["victims_by_sex"] == {"P": 3, "L": 1}
    assert figures["victims_by_age_band"] == {"6-12": 1, "13-17": 1, "18-24": 1, "25-44": 1}
    assert figures["victims_by_age_sex"] == {
        "6-12": {"P": 1},
        "13-17": {"L": 1},
        "18-24": {"P": 1},
        "25-44": {"P": 1},
    }
    assert figures["cases_by_kecamatan"] == {"15.71.01": 1, "outside": 1, "unknown": 1}
    assert figures["cases_by_scene"] == {"rumah_tangga": 1, "fasilitas_umum": 1, "unknown": 1}
    months = figures["cases_by_month"]
    assert list(months) == [f"2024-{m:02d}" for m in range(1, 11)]
    assert months["2024-03"] == months["2024-04"] == months["2024-06"] == 1 and sum(months.values()) == 3


def test_relations_categories_services_response_time_and_kla(data):
    figures = compute_figures(JAN_OCT_2024)
    assert figures["relations_by_group"] == {"orang_tua": 1}
    assert figures["child_victims_by_category"] == {"i": 1, "j": 1}
    assert figures["victims_by_service"] == {"pengaduan": 4, "kesehatan": 1, "penegakan_hukum": 2}
    assert figures["median_hours_to_registration"] == 4.0  # 2, 4 and 10 hours
    assert figures["kla"] == {
        "served": 2,
        "referred": 0,
        "monitored": 0,
        "by_category_age_sex": {"i": {"6-12": {"P": 1}}, "j": {"13-17": {"L": 1}}},
    }
    assert figures["referrals_by_status"] == {}


def test_the_number_of_queries_is_fixed_whatever_the_data(data, world):
    with CaptureQueriesContext(connection) as small:
        compute_figures(JAN_OCT_2024)
    _case(world, received=datetime(2024, 5, 2, 9, tzinfo=WIB), hours_to_register=3)
    with CaptureQueriesContext(connection) as larger:
        compute_figures(JAN_OCT_2024)
    assert len(larger.captured_queries) == len(small.captured_queries) <= 30


def test_a_snapshot_is_stored_once_per_period_and_regenerating_replaces_it(data):
    first = snapshot_generate(kind=SnapshotKind.CUSTOM, period=JAN_OCT_2024)
    again = snapshot_generate(kind=SnapshotKind.CUSTOM, period=JAN_OCT_2024)
    assert first.pk == again.pk and Snapshot.objects.count() == 1
    assert again.figures["totals"]["cases"] == 3


def test_a_run_that_fails_half_way_leaves_the_previous_snapshot(data, monkeypatch):
    before = snapshot_generate(kind=SnapshotKind.CUSTOM, period=JAN_OCT_2024)

    def killed(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise SystemExit("worker killed")

    monkeypatch.setattr("reports.services.snapshots.compute_figures", killed)
    with pytest.raises(SystemExit):
        snapshot_generate(kind=SnapshotKind.CUSTOM, period=JAN_OCT_2024)
    after = Snapshot.objects.get()
    assert after.generated_at == before.generated_at and after.figures == before.figures


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (
            date(2024, 11, 1),
            [("month", date(2024, 10, 1), date(2024, 10, 31)), ("year_to_date", date(2024, 1, 1), date(2024, 10, 31))],
        ),
        (
            date(2025, 1, 1),
            [("month", date(2024, 12, 1), date(2024, 12, 31)), ("year", date(2024, 1, 1), date(2024, 12, 31))],
        ),
    ],
)
def test_the_monthly_job_makes_last_month_and_the_year_to_date_or_last_year(today, expected):
    assert [(kind, p.start, p.end) for kind, p in scheduled_periods(today)] == expected


def test_the_monthly_job_is_scheduled_on_the_first_at_one_in_the_morning():
    from uptdppa.celery import app

    entry = app.conf.beat_schedule["generate-monthly-snapshots"]
    assert entry["task"] == "reports.tasks.generate_monthly_snapshots"
    assert entry["schedule"].day_of_month == {1} and entry["schedule"].hour == {1} and entry["schedule"].minute == {0}


@pytest.mark.parametrize(("value", "shown"), [(0, 0), (1, "<3"), (2, "<3"), (3, 3), (83, 83)])
def test_small_cells_are_hidden_below_the_limit(value, shown):
    from reports.statistics import suppress_small

    assert suppress_small(value) == shown


def test_the_small_cell_limit_is_a_setting(settings):
    from reports.statistics import suppress_small

    settings.STATISTICS_SMALL_CELL_LIMIT = 5
    assert suppress_small(4) == "<5"


def test_a_finished_period_is_served_from_its_snapshot_without_touching_the_case_tables(data):
    from reports.selectors import figures_for
    from reports.services import snapshot_ensure

    live, none = figures_for(period=JAN_OCT_2024)  # reading writes nothing
    assert none is None and not Snapshot.objects.exists()
    made = snapshot_ensure(period=JAN_OCT_2024)
    assert snapshot_ensure(period=JAN_OCT_2024) == made  # made once
    first, snapshot = figures_for(period=JAN_OCT_2024)
    assert snapshot == made and first == live and first["totals"]["cases"] == 3
    with CaptureQueriesContext(connection) as queries:
        again, same = figures_for(period=JAN_OCT_2024)
    assert same == snapshot and again == first
    assert not [q for q in queries.captured_queries if "cases_" in q["sql"]]


def test_leadership_sees_small_counts_as_less_than_three_and_staff_exact(data, world):
    from reports.selectors import figures_for, figures_shown_to

    figures, _ = figures_for(period=JAN_OCT_2024)
    shown = figures_shown_to(world.pimpinan, figures)
    # The 3 cases, and the 3 of psychological violence, are hidden beside the small cells they would
    # give away; the victims' counts are withheld: nothing is left to hide beside them (issue 14 §3).
    assert shown["totals"]["cases"] == "x" and shown["totals"]["child_cases"] == "<3"
    assert shown["totals"]["victims"] == "..." and set(shown["victims_by_sex"].values()) == {"..."}
    by_form = shown["cases_by_form"]
    assert {form: by_form[form] for form in ("fisik", "psikis", "seksual")} == {
        "fisik": "<3",
        "psikis": "x",
        "seksual": "<3",
    }
    assert set(by_form.values()) - {"<3", "x"} <= {0}  # every form listed
    assert shown["median_hours_to_registration"] == 4.0  # not a count
    assert figures_shown_to(world.kepala, figures)["totals"]["child_cases"] == 2
