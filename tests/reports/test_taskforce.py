"""Issue 18 §2: the quarterly task-force report. A hand-built quarter (Q1 2026) whose medians,
percentiles and shares are worked out by hand below; who sees which rows; suppression for
leadership; the beat job; made again after a correction."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from cases.models import LegalBasis, PersonRole
from cases.services import consent_record
from cases.vocabularies import ServiceType
from coordination.models import ActionItem, ActionItemStatus, TaskForceMeeting
from referrals.models import DEFAULT_SHARED_FIELDS, Referral
from referrals.services import (
    referral_accept,
    referral_action_add,
    referral_complete,
    referral_create,
    referral_decline,
    referral_send,
)
from reports.models import TaskForceReport
from reports.services import taskforce_report_due, taskforce_report_make
from reports.taskforce import leadership_view, liaison_view, percentile
from reports.tasks import make_due_taskforce_report
from tests.conftest import World
from tests.factories import UserFactory
from uptdppa.accounts.models import Organisation, Role

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


def at(day: str, hour: int = 9) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=WIB)


class Quarter:
    """Builds referrals of case_a at given moments (each step under time_machine)."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.victim = world.case_a.people.filter(role=PersonRole.VICTIM).first()
        consent_record(
            actor=world.manajer,
            victim=self.victim,
            basis=LegalBasis.CONSENT,
            given_on=date(2025, 11, 1),
            consent_given_by="Ibu",
        )
        self.dinsos = Organisation.objects.get(name="Dinas Sosial Kota Jambi")
        self.rsud = Organisation.objects.get(name="RSUD H. Abdul Manap")
        self.rsud_liaison = UserFactory(role=Role.PENGHUBUNG_OPD, organisation=self.rsud)

    def liaison(self, organisation: Organisation) -> Any:
        return self.world.penghubung if organisation == self.dinsos else self.rsud_liaison

    def sent(self, when: datetime, organisation: Organisation) -> Referral:
        with time_machine.travel(when, tick=False):
            draft = referral_create(
                actor=self.world.manajer,
                case=self.world.case_a,
                victims=[self.victim],
                organisation=organisation,
                services=[ServiceType.KESEHATAN],  # biasa: answer in 7 days, first service 7, complete 60
                reason="Perlu layanan.",
                shared_fields=list(DEFAULT_SHARED_FIELDS),
            )
            return referral_send(actor=self.world.manajer, referral=draft)

    def accept(self, referral: Referral, when: datetime) -> None:
        with time_machine.travel(when, tick=False):
            referral_accept(actor=self.liaison(referral.organisation), referral=referral)

    def act(self, referral: Referral, when: datetime) -> None:
        with time_machine.travel(when, tick=False):
            referral_action_add(
                actor=self.liaison(referral.organisation), referral=referral, date=when.date(), action="Layanan"
            )

    def complete(self, referral: Referral, when: datetime) -> None:
        with time_machine.travel(when, tick=False):
            referral_complete(
                actor=self.liaison(referral.organisation),
                referral=referral,
                outcome_code="service_provided",
                outcome="Selesai.",
            )

    def decline(self, referral: Referral, when: datetime, code: str) -> None:
        with time_machine.travel(when, tick=False):
            referral_decline(actor=self.liaison(referral.organisation), referral=referral, reason_code=code)


@pytest.fixture
def quarter(world: World) -> Quarter:
    q = Quarter(world)
    dinsos, rsud = q.dinsos, q.rsud
    a0 = q.sent(at("2025-12-01"), dinsos)  # last year, still open: open over 30 days
    q.accept(a0, at("2025-12-02"))
    a1 = q.sent(at("2026-01-05"), dinsos)
    q.accept(a1, at("2026-01-06"))  # 1.0 day
    q.act(a1, at("2026-01-08"))  # 3.0 days
    q.complete(a1, at("2026-02-04"))  # 30.0 days
    a2 = q.sent(at("2026-01-10"), dinsos)
    q.accept(a2, at("2026-01-13"))  # 3.0
    q.act(a2, at("2026-01-25"))  # 15.0, first service due 20 Jan: late (overdue); open over 30 days
    a3 = q.sent(at("2026-02-01"), dinsos)
    q.accept(a3, at("2026-02-08"))  # 7.0, on its last day
    q.act(a3, at("2026-02-10"))  # 9.0
    q.complete(a3, at("2026-03-03"))  # 30.0
    a4 = q.sent(at("2026-02-20"), dinsos)
    q.decline(a4, at("2026-02-21"), "no_capacity")
    q.sent(at("2026-03-25"), dinsos)  # unanswered, not late yet (due 1 April)
    a6 = q.sent(at("2026-03-30"), dinsos)
    q.accept(a6, at("2026-04-02"))  # after the quarter: not accepted as of its end
    b1 = q.sent(at("2026-01-15"), rsud)
    q.decline(b1, at("2026-01-16"), "not_our_mandate")
    b2 = q.sent(at("2026-03-01"), rsud)
    q.accept(b2, at("2026-03-13"))  # 12.0, answer due 8 March: late; open over 30 days
    # Action items due in the quarter: Dinas Sosial 3 (2 done on time, 1 done late), RSUD 1 open;
    # a cancelled one and one due in April are not counted.
    meeting = TaskForceMeeting.objects.create(held_on=date(2026, 1, 20), created_by=q.world.kepala)
    for org, due, status, done in [
        (dinsos, date(2026, 2, 1), ActionItemStatus.DONE, at("2026-01-30")),
        (dinsos, date(2026, 2, 10), ActionItemStatus.DONE, at("2026-02-10", 20)),
        (dinsos, date(2026, 3, 1), ActionItemStatus.DONE, at("2026-03-02")),
        (rsud, date(2026, 3, 5), ActionItemStatus.OPEN, None),
        (rsud, date(2026, 3, 6), ActionItemStatus.CANCELLED, None),
        (dinsos, date(2026, 4, 5), ActionItemStatus.OPEN, None),
    ]:
        ActionItem.objects.create(
            meeting=meeting,
            organisation=org,
            title="Tindak lanjut",
            due_on=due,
            status=status,
            done_at=done,
            done_by=q.world.kepala if done else None,
            created_by=q.world.kepala,
        )
    return q


def _row(figures: dict[str, Any], name: str) -> dict[str, Any]:
    return next(row for row in figures["organisations"] if row["name"] == name)


def test_percentile_is_linear_between_closest_ranks() -> None:
    assert percentile([], 50) is None
    assert percentile([4.0], 90) == 4.0
    assert percentile([1.0, 3.0, 7.0, 12.0], 50) == 5.0
    assert percentile([1.0, 3.0, 7.0, 12.0], 90) == pytest.approx(10.5)  # rank 2.7: 7 + 0.7 × 5
    assert percentile([3.0, 9.0, 15.0], 90) == pytest.approx(13.8)  # rank 1.8: 9 + 0.8 × 6


def test_the_quarter_equals_the_hand_computed_figures(world: World, quarter: Quarter) -> None:
    report = taskforce_report_make(actor=world.kepala, year=2026, quarter=1, today=date(2026, 4, 10))
    figures = report.figures
    dinsos = _row(figures, "Dinas Sosial Kota Jambi")
    assert (dinsos["received"], dinsos["declined"]) == (6, 1)
    assert dinsos["declined_by_reason"]["no_capacity"] == 1 and sum(dinsos["declined_by_reason"].values()) == 1
    assert dinsos["days_to_accept"] == {"n": 3, "median": 3.0, "p90": 6.2}  # 1, 3, 7
    assert dinsos["days_to_first_service"] == {"n": 3, "median": 9.0, "p90": 13.8}  # 3, 9, 15
    assert dinsos["days_to_completion"] == {"n": 2, "median": 30.0, "p90": 30.0}
    assert (dinsos["overdue"], dinsos["overdue_share"]) == (1, 0.167)  # a2 only
    assert dinsos["open_long"] == 2  # a0 and a2
    assert (dinsos["action_items_due"], dinsos["action_items_on_time"], dinsos["action_items_on_time_share"]) == (
        3,
        2,
        0.667,
    )
    rsud = _row(figures, "RSUD H. Abdul Manap")
    assert (rsud["received"], rsud["declined"], rsud["declined_by_reason"]["not_our_mandate"]) == (2, 1, 1)
    assert rsud["days_to_accept"] == {"n": 1, "median": 12.0, "p90": 12.0}
    assert (rsud["overdue"], rsud["overdue_share"], rsud["open_long"]) == (1, 0.5, 1)
    assert (rsud["action_items_due"], rsud["action_items_on_time"]) == (1, 0)
    city = figures["city"]
    assert (city["received"], city["declined"], city["overdue"], city["overdue_share"]) == (8, 2, 2, 0.25)
    assert city["days_to_accept"] == {"n": 4, "median": 5.0, "p90": 10.5}  # 1, 3, 7, 12
    assert city["days_to_first_service"] == {"n": 3, "median": 9.0, "p90": 13.8}
    assert (city["open_long"], city["action_items_due"], city["action_items_on_time"]) == (3, 4, 2)
    assert city["action_items_on_time_share"] == 0.5
    # Every other active partner has its row of zeros; no row names a child.
    assert all(
        row["received"] == 0 for row in figures["organisations"] if row["name"] not in (dinsos["name"], rsud["name"])
    )
    text = str(figures)
    victim = quarter.victim
    assert str(victim.code) not in text and victim.initials not in text.split("'")


def test_the_report_is_measured_at_the_quarter_end_and_made_again_replaces_it(world: World, quarter: Quarter) -> None:
    first = taskforce_report_make(actor=world.pimpinan, year=2026, quarter=1, today=date(2026, 4, 10))
    # Later steps do not change the quarter: a6 accepted on 2 April stays unanswered as of 31 March.
    again = taskforce_report_make(actor=world.kepala, year=2026, quarter=1, today=date(2026, 12, 1))
    assert again.pk == first.pk and again.figures == first.figures
    assert TaskForceReport.objects.count() == 1 and again.made_by == world.kepala


def test_a_quarter_not_ended_or_out_of_range_is_refused(world: World) -> None:
    for year, quarter, field in [(2026, 2, "quarter"), (2026, 5, "quarter"), (1999, 1, "year")]:
        with pytest.raises(ValidationError) as refusal:
            taskforce_report_make(actor=world.kepala, year=year, quarter=quarter, today=date(2026, 6, 30))
        assert field in refusal.value.message_dict


def test_the_beat_job_makes_the_last_quarter_once_from_its_day(world: World, quarter: Quarter) -> None:
    assert settings.CELERY_BEAT_SCHEDULE["make-taskforce-report"]["task"] == "reports.tasks.make_due_taskforce_report"
    assert taskforce_report_due(today=date(2026, 4, 9)) is None  # not yet: the 10th day after the quarter
    code = make_due_taskforce_report.apply(kwargs={"today": "2026-04-10"}).get()  # the beat's task, run here
    made = TaskForceReport.objects.get(code=code)
    assert (made.year, made.quarter, made.made_by) == (2026, 1, None)
    assert make_due_taskforce_report.apply(kwargs={"today": "2026-04-10"}).get() is None
    assert taskforce_report_due(today=date(2026, 4, 11)) is None  # once
    assert TaskForceReport.objects.count() == 1


def test_a_liaison_sees_their_own_row_and_the_city_median_only(world: World, quarter: Quarter) -> None:
    figures = taskforce_report_make(actor=world.kepala, year=2026, quarter=1, today=date(2026, 4, 10)).figures
    seen = liaison_view(figures, str(quarter.dinsos.code))
    assert [row["name"] for row in seen["organisations"]] == ["Dinas Sosial Kota Jambi"]
    assert seen["organisations"][0]["received"] == 6  # their own referrals: exact
    assert seen["city"] == {
        "days_to_accept": {"median": 5.0},
        "days_to_first_service": {"median": 9.0},
        "days_to_completion": {"median": None},  # two referrals: under the limit
    }
    assert "RSUD" not in str(seen)


def test_leadership_sees_small_counts_hidden_and_none_worked_out(world: World, quarter: Quarter) -> None:
    figures = taskforce_report_make(actor=world.kepala, year=2026, quarter=1, today=date(2026, 4, 10)).figures
    shown = leadership_view(figures)
    rsud = _row(shown, "RSUD H. Abdul Manap")
    assert rsud["received"] == "<3" and rsud["overdue_share"] is None
    assert rsud["days_to_accept"] == {"n": "<3", "median": None, "p90": None}
    dinsos = _row(shown, "Dinas Sosial Kota Jambi")
    assert dinsos["declined"] == "<3"
    # Its reasons are hidden whole (their total is under the limit).
    assert set(dinsos["declined_by_reason"].values()) == {"<3"}
    # The city's received (8) minus Dinas Sosial's (6) would give RSUD's 2: one of them is hidden too.
    assert shown["city"]["received"] in ("x", "<3") or dinsos["received"] in ("x", "<3")


def test_the_api_and_pages_never_give_a_liaison_another_organisations_row(
    world: World, quarter: Quarter, client: Any
) -> None:
    report = taskforce_report_make(actor=world.kepala, year=2026, quarter=1, today=date(2026, 4, 10))
    client.force_login(world.penghubung)
    listed = client.get("/api/v1/taskforce-reports/")
    assert listed.status_code == 200 and [r["code"] for r in listed.json()] == [str(report.code)]
    body = client.get(f"/api/v1/taskforce-reports/{report.code}/")
    assert body.status_code == 200
    assert [row["name"] for row in body.json()["figures"]["organisations"]] == ["Dinas Sosial Kota Jambi"]
    assert "RSUD" not in body.content.decode() and str(quarter.rsud.code) not in body.content.decode()
    page = client.get(reverse("reports:taskforce-detail", args=[report.code])).content.decode()
    assert "Dinas Sosial Kota Jambi" in page and "RSUD" not in page and "Kota Jambi: median" in page
    for name in ("reports:taskforce-pdf", "reports:taskforce-xlsx"):
        assert "RSUD" not in _file_text(client.get(reverse(name, args=[report.code])))
    # A liaison does not make reports.
    assert client.post("/api/v1/taskforce-reports/", {"year": 2026, "quarter": 1}).status_code == 404


def _file_text(response: Any) -> str:
    assert response.status_code == 200
    if response["Content-Type"] == "application/pdf":
        # Words as read, whatever the wrapping of a table's cells.
        return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).split())
    book = load_workbook(io.BytesIO(response.content))
    return "\n".join(str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c)


def test_the_head_gets_exact_files_in_indonesian_and_leadership_suppressed_ones(
    world: World, quarter: Quarter, client: Any
) -> None:
    report = taskforce_report_make(actor=world.kepala, year=2026, quarter=1, today=date(2026, 4, 10))
    client.force_login(world.kepala)
    pdf = _file_text(client.get(reverse("reports:taskforce-pdf", args=[report.code])))
    assert "Laporan gugus tugas tentang rujukan" in pdf and "Triwulan 1 2026" in pdf
    assert "Hari sampai diterima: median" in pdf and "RSUD H. Abdul Manap" in pdf and "<3" not in pdf
    xlsx = _file_text(client.get(reverse("reports:taskforce-xlsx", args=[report.code])))
    assert "Rujukan yang ditolak menurut alasan" in xlsx and "Tidak ada kapasitas saat ini" in xlsx
    client.force_login(world.pimpinan)
    assert "<3" in _file_text(client.get(reverse("reports:taskforce-pdf", args=[report.code])))
    made = client.post("/api/v1/taskforce-reports/", {"year": 2026, "quarter": 1}, content_type="application/json")
    assert made.status_code == 201 and made.json()["figures"]["suppressed"] is True
    refused = client.post(reverse("reports:taskforce"), {"year": "2999", "quarter": "1"})
    assert refused.status_code == 200 and 'value="2999"' in refused.content.decode()
