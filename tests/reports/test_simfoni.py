"""The SIMFONI export, the "entered in SIMFONI" marker and the operator's work list (issue 6 item 7).

A small hand-built period (March 2025) with known rows: two victims with two forms each
(bullying among them), a health service, a police report, a perpetrator linked to both victims
and an unknown one, and an adult woman's case; a complaint still at intake stays out.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime, timedelta
from typing import Any

import openpyxl
import pytest
import time_machine
from auditlog.models import LogEntry
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseEvent, CaseStatus, EventKind, HealthServiceKind, PersonRole, Region
from cases.services import (
    case_mark_simfoni_entered,
    case_set_simfoni_number,
    health_service_record,
    intake_register,
    legal_event_record,
    perpetrator_relation_set,
    person_add,
    triage_decide,
)
from cases.vocabularies import (
    Authority,
    CaseType,
    Channel,
    Disability,
    Education,
    LegalStage,
    Relation,
    Risk,
    Scene,
    Sex,
    ViolenceForm,
)
from reports.simfoni import simfoni_export
from reports.statistics import Period, compute_figures
from tests.conftest import max_queries, refusal
from uptdppa.accounts.models import Organisation

pytestmark = pytest.mark.django_db

MARCH_2025 = Period(date(2025, 3, 1), date(2025, 3, 31))
WIB = timezone.get_default_timezone()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SECRETS = ("Budi Santoso Putra", "Siti Rahma Dewi", "Ahmad Yani Saleh", "Rina Marlina", "1571011203150007", "812345")


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2025, 3, day, hour, tzinfo=WIB)


def kelurahan() -> Region:
    return Region.objects.filter(level="kelurahan").select_related("parent").order_by("code").first()


def register(head: Any, *, day: int, case_type: str = CaseType.AMPK, **values: Any) -> Case:
    with time_machine.travel(at(day, 9), tick=False):
        case = intake_register(
            actor=None,
            channel=Channel.TELEPON,
            received_at=at(day, 8),
            incident_date=date(2025, 3, day - 1),
            incident_date_precision="exact",
            scene=Scene.RUMAH_TANGGA,
            chronology="Kronologi rahasia.",
            **values,
        )
        return case


def accept(head: Any, case: Case, *, day: int, case_type: str = CaseType.AMPK) -> Case:
    with time_machine.travel(at(day, 11), tick=False):
        return triage_decide(
            actor=head, case=case, outcome="accepted", case_type=case_type, risk=Risk.SEDANG, authority=Authority.DAERAH
        )


@pytest.fixture
def data(world) -> dict[str, Any]:
    """The hand-built period; returns its cases and people by name."""
    head, region = world.kepala, kelurahan()
    child_case = register(head, day=3, incident_region=region)
    with time_machine.travel(at(3, 10), tick=False):
        budi = person_add(
            actor=head,
            case=child_case,
            role=PersonRole.VICTIM,
            full_name="Budi Santoso Putra",
            nik="1571011203150007",
            phone="0812 3456 7890",
            sex=Sex.LAKI_LAKI,
            estimated_age=10,
            education=Education.SD,
            disability=Disability.TIDAK,
            region=region,
            violence_forms=[ViolenceForm.FISIK, ViolenceForm.PERUNDUNGAN],
        ).person
        siti = person_add(
            actor=head,
            case=child_case,
            role=PersonRole.VICTIM,
            full_name="Siti Rahma Dewi",
            sex=Sex.PEREMPUAN,
            estimated_age=16,
            education=Education.SMA,
            disability=Disability.SENSORIK,
            region=region.parent,
            violence_forms=[ViolenceForm.SEKSUAL, ViolenceForm.PSIKIS],
        ).person
        ahmad = person_add(
            actor=head,
            case=child_case,
            role=PersonRole.PERPETRATOR,
            full_name="Ahmad Yani Saleh",
            sex=Sex.LAKI_LAKI,
            estimated_age=40,
        ).person
        person_add(actor=head, case=child_case, role=PersonRole.PERPETRATOR, is_unknown=True)
        perpetrator_relation_set(actor=head, victim=budi, perpetrator=ahmad, relation=Relation.AYAH_TIRI)
        perpetrator_relation_set(actor=head, victim=siti, perpetrator=ahmad, relation=Relation.KAKEK_NENEK)
    child_case = accept(head, child_case, day=3)
    with time_machine.travel(at(10), tick=False):
        health_service_record(
            actor=head,
            victim=siti,
            kind=HealthServiceKind.VISUM,
            requested_on=date(2025, 3, 4),
            facility=Organisation.objects.filter(kind="kesehatan", is_active=True).first(),
            done_on=date(2025, 3, 5),
            result="Hasil visum.",
        )
        legal_event_record(
            actor=head,
            case=child_case,
            perpetrator=ahmad,
            stage=LegalStage.LAPORAN_POLISI,
            date=date(2025, 3, 6),
            reference_number="LP/B/9/III/2025",
            unit="Unit PPA",
        )
    woman_case = register(head, day=12, incident_region=region)
    with time_machine.travel(at(12, 10), tick=False):
        rina = person_add(
            actor=head,
            case=woman_case,
            role=PersonRole.VICTIM,
            full_name="Rina Marlina",
            sex=Sex.PEREMPUAN,
            estimated_age=30,
            violence_forms=[ViolenceForm.PSIKIS],
        ).person
        husband = person_add(
            actor=head,
            case=woman_case,
            role=PersonRole.PERPETRATOR,
            full_name="Contoh Suami",
            sex=Sex.LAKI_LAKI,
            estimated_age=33,
        ).person
        perpetrator_relation_set(actor=head, victim=rina, perpetrator=husband, relation=Relation.SUAMI_ISTRI)
    woman_case = accept(head, woman_case, day=12, case_type=CaseType.KTP)
    with time_machine.travel(at(13), tick=False):
        case_set_simfoni_number(actor=world.operator, case=woman_case, simfoni_number="SIMFONI-77")
    waiting = register(head, day=20)  # still at intake: not a case, not exported
    return {"child": child_case, "woman": woman_case, "waiting": waiting, "region": region}


def read_xlsx(content: bytes) -> dict[str, list[list[Any]]]:
    """The sheets of an .xlsx as rows of values; empty cells as "", dates as dates."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheets = {}
    for sheet in book.worksheets:
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(["" if v is None else v.date() if isinstance(v, datetime) else v for v in row])
        sheets[sheet.title] = rows
    return sheets


def download(client: Any, user: Any, period: Period = MARCH_2025) -> Any:
    client.force_login(user)
    return client.get(
        reverse("reports:simfoni_export"), {"date_from": period.start.isoformat(), "date_to": period.end.isoformat()}
    )


# --- The export --------------------------------------------------------------------------------


def test_the_export_rows_match_the_hand_built_data_in_simfoni_labels(world, client, data):
    response = download(client, world.operator)
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert 'filename="simfoni-2025-03-01-2025-03-31.xlsx"' in response["Content-Disposition"]
    sheets = read_xlsx(response.getvalue())
    assert list(sheets) == ["Korban", "Bentuk Kekerasan", "Layanan", "Pelaku"]
    BULLYING = str(ViolenceForm.PERUNDUNGAN.label)  # the unit's own label, in the language used
    child, woman, region = data["child"].register_number, data["woman"].register_number, data["region"]

    victims = sheets["Korban"][1:]
    assert [row[:4] for row in victims] == [
        [child, "", f"{child} K1", "B.S.P."],
        [child, "", f"{child} K2", "S.R.D."],
        [woman, "SIMFONI-77", f"{woman} K1", "R.M."],
    ]
    assert victims[0][4:] == [
        date(2025, 3, 3),
        "Laki-laki",
        10.0,
        "6 - 12",
        "SD/MI",
        "Tidak",
        region.name,
        region.parent.name,
        "Rumah Tangga",
    ]
    # Siti is recorded at kecamatan level only: no kelurahan.
    assert victims[1][5:12] == ["Perempuan", 16.0, "13 - 17", "SMA/MA/SMK", "Sensorik", "", region.parent.name]
    assert victims[2][5:10] == ["Perempuan", 30.0, "25 - 44", "", ""]

    assert sheets["Bentuk Kekerasan"][1:] == [
        # Bullying maps to Psikis by default (SIMFONI_BULLYING_AS); the unit's own form is kept.
        [child, f"{child} K1", "Fisik", ""],
        [child, f"{child} K1", "Psikis", BULLYING],
        [child, f"{child} K2", "Psikis", ""],
        [child, f"{child} K2", "Seksual", ""],
        [woman, f"{woman} K1", "Psikis", ""],
    ]
    assert sheets["Layanan"][1:] == [
        [child, f"{child} K1", "Pengaduan", date(2025, 3, 3)],
        [child, f"{child} K1", "Penegakan Hukum", date(2025, 3, 6)],
        [child, f"{child} K2", "Pengaduan", date(2025, 3, 3)],
        [child, f"{child} K2", "Kesehatan", date(2025, 3, 5)],
        [child, f"{child} K2", "Penegakan Hukum", date(2025, 3, 6)],
        [woman, f"{woman} K1", "Pengaduan", date(2025, 3, 12)],
    ]
    assert sheets["Pelaku"][1:] == [
        [child, f"{child} P1", "Laki-laki", 40.0, f"{child} K1", "Orang Tua"],
        [child, f"{child} P1", "Laki-laki", 40.0, f"{child} K2", "Keluarga/Saudara"],
        [child, f"{child} P2", "Tidak Diketahui", "", "", ""],
        [woman, f"{woman} P1", "Laki-laki", 33.0, f"{woman} K1", "Suami/Istri"],
    ]


def test_bullying_follows_the_configured_simfoni_form(world, data, settings):
    settings.SIMFONI_BULLYING_AS = ViolenceForm.FISIK
    rows = simfoni_export(MARCH_2025).forms.rows
    BULLYING = str(ViolenceForm.PERUNDUNGAN.label)
    child = data["child"].register_number
    # Fisik and bullying-as-Fisik are one SIMFONI row for that victim, the unit's form beside it.
    assert [row for row in rows if row[1] == f"{child} K1"] == [[child, f"{child} K1", "Fisik", BULLYING]]


def test_the_export_services_agree_with_the_statistics(world, data):
    export = simfoni_export(MARCH_2025)
    by_service: dict[str, int] = {}
    for row in export.services.rows:
        by_service[row[2]] = by_service.get(row[2], 0) + 1
    figures = compute_figures(MARCH_2025)
    assert by_service == {"Pengaduan": 3, "Kesehatan": 1, "Penegakan Hukum": 2}
    assert figures["victims_by_service"] == {"pengaduan": 3, "kesehatan": 1, "penegakan_hukum": 2}
    assert len(export.victims.rows) == figures["totals"]["victims"]


def test_the_file_holds_no_name_nik_phone_or_chronology(world, client, data):
    content = download(client, world.operator).getvalue()
    book = zipfile.ZipFile(io.BytesIO(content))
    text = " ".join(book.read(name).decode("utf-8", "replace") for name in book.namelist())
    for secret in (*SECRETS, "Kronologi rahasia", "Contoh Suami"):
        assert secret not in text


def test_a_formula_typed_by_staff_stays_text(world, client, data):
    with time_machine.travel(at(14), tick=False):
        case_set_simfoni_number(actor=world.operator, case=data["child"], simfoni_number="=HYPERLINK(1)")
    book = zipfile.ZipFile(io.BytesIO(download(client, world.operator).getvalue()))
    sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    assert "=HYPERLINK(1)" in book.read("xl/sharedStrings.xml").decode()


def test_the_export_is_audit_logged_for_every_case_in_it(world, client, data):
    download(client, world.kepala)
    entries = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=world.kepala)
    exported = {e.object_pk for e in entries if (e.additional_data or {}).get("export") == "simfoni"}
    assert exported == {str(data["child"].pk), str(data["woman"].pk)}
    entry = entries.first()
    assert entry.additional_data["period"] == ["2025-03-01", "2025-03-31"]


def test_the_export_runs_a_fixed_number_of_queries(world, client, data):
    client.force_login(world.operator)
    url = reverse("reports:simfoni_export")
    params = {"date_from": "2025-03-01", "date_to": "2025-03-31"}

    def counted() -> int:
        with max_queries(40) as captured:
            assert client.get(url, params).status_code == 200
        return len(captured.captured_queries)

    first = counted()
    register_more(world.kepala, 4)
    assert counted() == first


def register_more(head: Any, count: int) -> None:
    for n in range(count):
        case = register(head, day=15 + n)
        with time_machine.travel(at(15 + n, 10), tick=False):
            victim = person_add(
                actor=head,
                case=case,
                role=PersonRole.VICTIM,
                full_name=f"Anak Tambahan {n}",
                estimated_age=9,
                violence_forms=[ViolenceForm.FISIK, ViolenceForm.PSIKIS],
            ).person
            perpetrator = person_add(actor=head, case=case, role=PersonRole.PERPETRATOR, estimated_age=30).person
            perpetrator_relation_set(actor=head, victim=victim, perpetrator=perpetrator, relation=Relation.TETANGGA)
        accept(head, case, day=15 + n)


def test_a_bad_period_goes_back_to_the_work_list(world, client):
    client.force_login(world.operator)
    response = client.get(reverse("reports:simfoni_export"), {"date_from": "2025-03-31", "date_to": "2025-03-01"})
    assert response.status_code == 302 and response["Location"] == reverse("reports:simfoni")


# --- The marker --------------------------------------------------------------------------------


def test_marking_a_case_entered_records_who_and_when_once_and_can_be_undone(world, data):
    case = data["child"]
    with time_machine.travel(at(20), tick=False):
        case = case_mark_simfoni_entered(actor=world.operator, case=case, simfoni_number="S-1")
    assert (case.simfoni_entered_by, case.simfoni_entered_at) == (world.operator, at(20))
    with time_machine.travel(at(21), tick=False):
        again = case_mark_simfoni_entered(actor=world.kepala, case=case, entered=True)
    assert (again.simfoni_entered_by, again.simfoni_entered_at) == (world.operator, at(20))
    events = CaseEvent.objects.filter(case=case, kind=EventKind.SIMFONI_ENTERED)
    assert [e.data for e in events] == [{"entered": True}]
    undone = case_mark_simfoni_entered(actor=world.kepala, case=case, entered=False)
    assert undone.simfoni_entered_at is None and undone.simfoni_entered_by is None
    assert [e.data for e in events.order_by("pk")] == [{"entered": True}, {"entered": False}]


def test_a_complaint_at_intake_cannot_be_marked(world, data):
    errors = refusal(case_mark_simfoni_entered, actor=world.operator, case=data["waiting"])
    assert errors["__all__"]
    assert not Case.objects.get(pk=data["waiting"].pk).simfoni_entered_at


# --- The work list -------------------------------------------------------------------------------


def worklist(client: Any, user: Any, **params: str) -> Any:
    client.force_login(user)
    return client.get(reverse("reports:simfoni"), {"date_from": "2025-03-01", "date_to": "2025-03-31", **params})


def test_the_work_list_shows_numbers_marker_and_initials_only(world, client, data):
    case_mark_simfoni_entered(actor=world.operator, case=data["woman"])
    response = worklist(client, world.operator)
    assert response.status_code == 200
    html = response.content.decode()
    assert data["child"].register_number in html and data["woman"].register_number in html
    assert "B.S.P., S.R.D." in html and "SIMFONI-77" in html
    assert world.operator.display_name in html  # who entered the woman's case
    for secret in (*SECRETS, "Kronologi rahasia", "Contoh Suami"):
        assert secret not in html
    assert str(data["waiting"].code) not in html
    assert reverse("reports:simfoni_export") + "?date_from=2025-03-01&amp;date_to=2025-03-31" in html


def test_the_not_yet_entered_filter(world, client, data):
    case_mark_simfoni_entered(actor=world.operator, case=data["woman"])
    html = worklist(client, world.operator, pending="on").content.decode()
    assert data["child"].register_number in html and data["woman"].register_number not in html


def test_the_button_marks_and_unmarks_and_returns_to_the_same_list(world, client, data):
    client.force_login(world.operator)
    url = reverse("reports:simfoni_mark", args=[data["child"].code])
    back = "date_from=2025-03-01&date_to=2025-03-31&pending=on&evil=1"
    response = client.post(url, {"entered": "1", "simfoni_number": " 1571-2025-0042 ", "back": back})
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:simfoni") + "?date_from=2025-03-01&date_to=2025-03-31&pending=on"
    case = Case.objects.get(pk=data["child"].pk)
    assert case.simfoni_entered_by == world.operator and case.simfoni_entered_at
    assert case.simfoni_number == "1571-2025-0042"
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert shown == [f"{case.register_number} ditandai sudah dicatat di SIMFONI."]
    response = client.post(url, {"entered": "0"})
    assert Case.objects.get(pk=data["child"].pk).simfoni_entered_at is None
    unmarked = [str(m) for m in get_messages(response.wsgi_request)]
    assert unmarked[-1] == f"{case.register_number} ditandai belum dicatat di SIMFONI."
    assert client.get(url).status_code == 405
    waiting = reverse("reports:simfoni_mark", args=[data["waiting"].code])
    assert client.post(waiting, {"entered": "1"}).status_code == 404


def test_the_work_list_runs_a_fixed_number_of_queries(world, client, data):
    client.force_login(world.operator)
    url, params = reverse("reports:simfoni"), {"date_from": "2025-03-01", "date_to": "2025-03-31"}

    def counted() -> int:
        with max_queries(12) as captured:
            assert client.get(url, params).status_code == 200
        return len(captured.captured_queries)

    first = counted()
    register_more(world.kepala, 4)
    for case in Case.objects.filter(status=CaseStatus.OPEN):
        case_mark_simfoni_entered(actor=world.operator, case=case, simfoni_number=f"S-{case.pk}")
    assert counted() == first


@pytest.mark.parametrize("username", ["pimpinan", "manajer", "penghubung", "admin", "pengaduan", "psikolog"])
def test_everyone_else_gets_404_on_the_work_list_the_export_and_the_button(world, client, data, username):
    user = world.users[username]
    assert worklist(client, user).status_code == 404
    assert download(client, user).status_code == 404
    url = reverse("reports:simfoni_mark", args=[data["child"].code])
    assert client.post(url, {"entered": "1"}).status_code == 404
    assert Case.objects.get(pk=data["child"].pk).simfoni_entered_at is None


@pytest.mark.parametrize("username", ["operator", "kepala"])
def test_the_operator_and_the_head_may_use_them(world, client, data, username):
    assert worklist(client, world.users[username]).status_code == 200
    assert download(client, world.users[username]).status_code == 200


def test_the_default_period_is_this_year_to_date(world, client):
    client.force_login(world.operator)
    response = client.get(reverse("reports:simfoni"))
    today = timezone.localdate()
    assert response.context["period"] == Period(date(today.year, 1, 1), today)
    assert world.case_a.register_number in response.content.decode()
    _ = timedelta


def test_marking_entered_asks_for_the_simfoni_number_in_the_work_list_page_and_api_alike(world, client, data):
    html = worklist(client, world.operator).content.decode()
    assert f'id="simfoni-number-{data["child"].code}"' in html and 'name="simfoni_number"' in html
    url = reverse("reports:simfoni_mark", args=[data["child"].code])
    response = client.post(url, {"entered": "1", "simfoni_number": "  "}, follow=True)
    asked = "Isi nomor yang diberikan SIMFONI PPA untuk kasus ini."
    named = f"{data['child'].register_number}: {asked}"
    assert [str(m) for m in response.context["messages"]] == [named]
    assert Case.objects.get(pk=data["child"].pk).simfoni_entered_at is None
    api = client.post(
        f"/api/v1/simfoni/cases/{data['child'].code}/entered/", {"entered": True}, content_type="application/json"
    )
    assert api.status_code == 400 and api.json()["errors"]["simfoni_number"] == [asked]
    api = client.post(
        f"/api/v1/simfoni/cases/{data['child'].code}/entered/",
        {"entered": True, "simfoni_number": "1571-2025-0001"},
        content_type="application/json",
    )
    assert api.status_code == 200 and Case.objects.get(pk=data["child"].pk).simfoni_number == "1571-2025-0001"
    # A case that already has its number is marked without typing it again.
    assert case_mark_simfoni_entered(actor=world.operator, case=data["woman"]).simfoni_entered_at


def test_the_operator_works_from_home_to_the_marker_without_meeting_a_case_page(world, client, data):
    client.force_login(world.operator)
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("reports:simfoni")}"' in home and "sedang disiapkan" not in home
    pages = [home, worklist(client, world.operator).content.decode()]
    url = reverse("reports:simfoni_mark", args=[data["child"].code])
    back = "date_from=2025-03-01&date_to=2025-03-31"
    marked = client.post(url, {"entered": "1", "simfoni_number": "S-9", "back": back}, follow=True)
    pages.append(marked.content.decode())
    for html in pages:
        assert 'href="/cases/' not in html and 'href="/rujukan/' not in html


def test_a_case_registered_in_the_first_minutes_of_a_year_is_on_that_year_s_work_list(world, client):
    """The work list narrows by register year (reports.simfoni.simfoni_cases), which is the year
    of registration in WIB: a case accepted at 00.30 WIB on 1 January (still 31 December in UTC)
    is on the new year's list, numbered in it, and not on the old year's."""
    new_year = datetime(2026, 1, 1, 0, 30, tzinfo=WIB)
    with time_machine.travel(new_year - timedelta(minutes=20), tick=False):
        case = intake_register(actor=None, channel=Channel.TELEPON, received_at=new_year - timedelta(minutes=25))
    with time_machine.travel(new_year, tick=False):
        case = triage_decide(
            actor=world.kepala,
            case=case,
            outcome="accepted",
            case_type=CaseType.AMPK,
            risk=Risk.SEDANG,
            authority=Authority.DAERAH,
        )
    assert case.register_year == 2026 and case.registered_at.astimezone(UTC).year == 2025
    client.force_login(world.operator)

    def listed(start: str, end: str) -> list[Case]:
        return list(client.get(reverse("reports:simfoni"), {"date_from": start, "date_to": end}).context["page"])

    assert case in listed("2026-01-01", "2026-01-31") and case in listed("2025-12-01", "2026-01-31")
    assert case not in listed("2025-12-01", "2025-12-31")
