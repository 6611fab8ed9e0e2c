"""The leadership dashboard and "generate now" (issue 6 items 3 and 4): the headline figures and
the summary sentence of a small hand-built data set, small cells as "<3" for pimpinan in the HTML
and in the chart data, no personal data, 404 outside the two roles, bad periods refused beside
their field, a fixed number of queries that touch no case table for an ended period, and the
"generate now" run from its request to its snapshot."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone
from kombu.exceptions import OperationalError

from cases.models import PersonRole, Region, TriageOutcome
from cases.services import intake_register, person_add, triage_decide
from cases.vocabularies import Authority, CaseType, Channel, Risk, Sex, ViolenceForm
from reports import tasks
from reports.models import Snapshot, SnapshotKind, SnapshotRun, SnapshotRunStatus
from reports.services import snapshot_generate
from reports.statistics import Period
from tests.conftest import World, max_queries

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
PAGE = "/laporan/dasbor/"
GENERATE = "/laporan/snapshot/"
JAN_OCT_2024 = {"preset": "jan_oct", "year": "2024"}
PERIOD = Period(date(2024, 1, 1), date(2024, 10, 31))
NAMES = ("Bunga Rahasia", "Melati Rahasia", "Mawar Rahasia", "Kenanga Rahasia", "Ayah Rahasia")


def as_user(user: Any, language: str | None = None) -> Client:
    client = Client()
    client.force_login(user)
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def registered_case(
    world: World, received: datetime, hours: float, case_type: str = CaseType.AMPK, **where: Any
) -> Any:
    """A complaint received at ``received`` and accepted as a case ``hours`` later."""
    with time_machine.travel(received, tick=False):
        case = intake_register(actor=world.pengaduan, channel=Channel.DATANG_LANGSUNG, received_at=received, **where)
    with time_machine.travel(received + timedelta(hours=hours), tick=False):
        return triage_decide(
            actor=world.kepala,
            case=case,
            outcome=TriageOutcome.ACCEPTED,
            case_type=case_type,
            risk=Risk.SEDANG,
            authority=Authority.DAERAH,
        )


def victim(world: World, case: Any, name: str, sex: str, age: int, forms: list[str]) -> Any:
    return person_add(
        actor=world.kepala,
        case=case,
        role=PersonRole.VICTIM,
        full_name=name,
        sex=sex,
        estimated_age=age,
        violence_forms=forms,
    ).person


@pytest.fixture
def data(world: World) -> None:
    """January–October 2024, worked out by hand:

    - A (March, kecamatan 15.71.01, 2 h): a girl of 10, physical and psychological;
    - B (April, kecamatan 15.71.01, 4 h): a boy of 12, sexual;
    - C (May, place unknown, 6 h): a girl of 8, physical;
    - D (June, place unknown, 10 h, KTP): a woman of 30, psychological;
    - E (November, outside the period): a girl of 9, physical.

    4 cases (none closed), 3 of violence against children — physical 2, psychological 1,
    sexual 1; 4 victims; median hours to registration (2, 4, 6, 10) = 5.
    """
    kelurahan = Region.objects.get(code="15.71.01.1001")
    a = registered_case(world, datetime(2024, 3, 4, 9, tzinfo=WIB), 2, incident_region=kelurahan)
    victim(world, a, NAMES[0], Sex.PEREMPUAN, 10, [ViolenceForm.FISIK, ViolenceForm.PSIKIS])
    person_add(actor=world.kepala, case=a, role=PersonRole.PERPETRATOR, full_name=NAMES[4])
    b = registered_case(world, datetime(2024, 4, 15, 10, tzinfo=WIB), 4, incident_region=kelurahan)
    victim(world, b, NAMES[1], Sex.LAKI_LAKI, 12, [ViolenceForm.SEKSUAL])
    c = registered_case(world, datetime(2024, 5, 6, 8, tzinfo=WIB), 6)
    victim(world, c, NAMES[2], Sex.PEREMPUAN, 8, [ViolenceForm.FISIK])
    d = registered_case(world, datetime(2024, 6, 10, 8, tzinfo=WIB), 10, case_type=CaseType.KTP)
    victim(world, d, NAMES[3], Sex.PEREMPUAN, 30, [ViolenceForm.PSIKIS])
    e = registered_case(world, datetime(2024, 11, 4, 8, tzinfo=WIB), 1)
    victim(world, e, "Anggrek Rahasia", Sex.PEREMPUAN, 9, [ViolenceForm.FISIK])


def headline(html: str, key: str) -> str:
    match = re.search(rf'id="headline-{key}".*?data-value>(.*?)</p>', html, re.S)
    assert match, key
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def chart_data(html: str) -> dict[str, Any]:
    """Every chart's json_script data, by chart id."""
    found = re.findall(r'<script id="(chart-[a-z-]+)-data" type="application/json">(.*?)</script>', html, re.S)
    assert len(found) == 4
    return {chart_id: json.loads(text) for chart_id, text in found}


def numbers(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [n for item in value.values() for n in numbers(item)]
    if isinstance(value, list):
        return [n for item in value for n in numbers(item)]
    return [value] if isinstance(value, int | str) and not isinstance(value, bool) else []


# --- What the page says -------------------------------------------------------------------------


def test_the_head_sees_the_exact_headline_figures_and_sentence(world, data):
    response = as_user(world.kepala, "en").get(PAGE, JAN_OCT_2024)
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "Period January–October 2024: 3 cases of violence against children — "
        "physical 2, psychological 1, sexual 1." in html
    )
    assert headline(html, "new-cases") == "4"
    assert headline(html, "open-cases") == "4"
    assert headline(html, "closed-cases") == "0"
    assert headline(html, "overdue-referrals") == "0"
    assert headline(html, "median-response") == "5 h"
    charts = chart_data(html)
    forms = charts["chart-forms"]
    assert forms["labels"][:3] == ["Physical", "Psychological", "Sexual"]
    assert forms["datasets"][0]["values"][:3] == [2, 2, 1]  # all cases: D is psychological too
    assert forms["datasets"][1]["values"][:3] == [2, 1, 1]  # cases of violence against children
    trend = charts["chart-trend"]
    assert trend["labels"][0] == "January 2024" and len(trend["labels"]) == 10
    assert trend["datasets"][0]["values"] == [0, 0, 1, 1, 1, 1, 0, 0, 0, 0]
    places = dict(
        zip(charts["chart-kecamatan"]["labels"], charts["chart-kecamatan"]["datasets"][0]["values"], strict=True)
    )
    kecamatan = Region.objects.get(code="15.71.01").name
    assert places[kecamatan] == 2 and places["Not recorded"] == 2
    age_sex = charts["chart-age-sex"]
    assert [d["label"] for d in age_sex["datasets"]] == ["Female", "Male"]
    bands = dict(zip(age_sex["labels"], zip(*(d["values"] for d in age_sex["datasets"]), strict=True), strict=True))
    assert bands["6–12"] == (2, 1) and bands["25–44"] == (1, 0) and bands["0–5"] == (0, 0)


def test_the_sentence_is_in_indonesian_with_indonesian_month_names(world, data):
    html = as_user(world.kepala).get(PAGE, JAN_OCT_2024).content.decode()
    sentence = re.search(r'id="summary-sentence">(.*?)</p>', html, re.S).group(1)  # type: ignore[union-attr]
    assert "Januari–Oktober 2024" in sentence and ": 3 " in sentence
    assert "fisik 2" in sentence.lower() and "seksual 1" in sentence.lower()


def test_pimpinan_sees_small_counts_as_less_than_3_in_the_page_and_in_the_chart_data(world, data):
    html = as_user(world.pimpinan, "en").get(PAGE, JAN_OCT_2024).content.decode()
    # The 3 child cases are hidden too ("x" or "<3"): they would give a small cell away.
    sentence = r": (x|&lt;3) cases of violence against children — physical &lt;3, psychological &lt;3, sexual &lt;3\."
    assert re.search(sentence, html)
    # 4 cases, 3 with a child: hidden beside the small cells they would give away (issue 14 §3).
    assert headline(html, "new-cases") == "x" and headline(html, "closed-cases") in ("0", "x")
    assert headline(html, "median-response") == "5 h"  # not a count
    assert 'id="suppression-note"' in html
    charts = chart_data(html)
    values = numbers([chart["datasets"] for chart in charts.values()])
    assert "<3" in values
    assert not [n for n in values if isinstance(n, int) and 0 < n < 3]  # no 1 or 2 can be read back
    assert charts["chart-forms"]["datasets"][1]["values"][:3] == ["<3", "<3", "<3"]
    table = re.search(r'id="table-sex".*?</table>', html, re.S).group(0)  # type: ignore[union-attr]
    assert "&lt;3" in table  # one boy
    assert '<td class="text-end">1</td>' not in html and '<td class="text-end">2</td>' not in html


def test_the_head_sees_the_exact_small_numbers(world, data):
    html = as_user(world.kepala).get(PAGE, JAN_OCT_2024).content.decode()
    figures = html.split('id="definitions-heading"')[0]  # the definitions explain "<3"
    assert "&lt;3" not in figures and 'id="suppression-note"' not in html
    assert 1 in numbers([chart["datasets"] for chart in chart_data(html).values()])


def test_open_and_closed_never_give_a_small_number_away(world, data):
    from reports.selectors import headlines_shown_to

    def open_and_closed(user: Any, cases: int, closed: int) -> tuple[Any, Any]:
        shown = headlines_shown_to(user, {"cases": cases, "closed": closed})
        return shown["open"], shown["closed"]

    assert open_and_closed(world.pimpinan, 10, 1) == ("x", "<3")
    assert open_and_closed(world.pimpinan, 10, 8) == ("<3", "x")
    assert open_and_closed(world.pimpinan, 10, 5) == (5, 5)
    assert open_and_closed(world.pimpinan, 2, 0) == ("<3", "<3")  # two cases: hidden whole
    assert open_and_closed(world.kepala, 10, 1) == (9, 1)


def test_no_personal_data_appears_for_any_role(world, data):
    for user in (world.kepala, world.pimpinan):
        html = as_user(user).get(PAGE, JAN_OCT_2024).content.decode()
        for name in NAMES:
            assert name not in html


def test_overdue_referrals_are_counted_now(world, monkeypatch):
    from reports import selectors

    monkeypatch.setattr(selectors, "overdue_referral_count", lambda: 7)
    html = as_user(world.kepala).get(PAGE).content.decode()
    assert headline(html, "overdue-referrals") == "7"
    monkeypatch.setattr(selectors, "overdue_referral_count", lambda: 2)
    html = as_user(world.pimpinan).get(PAGE).content.decode()
    assert headline(html, "overdue-referrals") == "&lt;3"


def test_an_empty_period_says_so(world):
    html = as_user(world.kepala, "en").get(PAGE, {"preset": "jan_oct", "year": "2005"}).content.decode()
    assert "Period January–October 2005: no cases of violence against children." in html
    assert "None in this period." in html
    # Leadership sees every category listed with its 0 (whether a row is there tells nothing).
    html = as_user(world.pimpinan, "en").get(PAGE, {"preset": "jan_oct", "year": "2005"}).content.decode()
    assert "Period January–October 2005: no cases of violence against children." in html


def test_the_default_is_this_year_to_date_served_from_its_snapshot(world):
    response = as_user(world.kepala).get(PAGE)
    assert response.status_code == 200
    today = timezone.localdate()
    assert response.context["period"] == Period(today.replace(month=1, day=1), today)
    assert 'value="year_to_date" selected' in response.content.decode()
    # A running period is stored once and refreshed when its data change (issue 14 §2).
    snapshot = Snapshot.objects.get()
    assert (snapshot.period_start, snapshot.period_end) == (today.replace(month=1, day=1), today)
    assert "Periode belum berakhir" in response.context["source"] and not response.context["stale"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"preset": "custom", "date_from": "2024-05-01", "date_to": "2024-04-01"}, "date_to"),
        ({"preset": "custom", "date_from": "0001-01-01", "date_to": "2024-04-01"}, "date_from"),
        ({"preset": "custom", "date_from": "kemarin", "date_to": "2024-04-01"}, "date_from"),
        ({"preset": "custom", "date_from": "2024-01-01", "date_to": "9999-12-31"}, "date_to"),
        ({"preset": "custom", "date_from": "2024-01-01"}, "date_to"),
        ({"preset": "jan_oct", "year": "0001"}, "year"),
        ({"preset": "jan_oct", "year": "99999999999999999999"}, "year"),
        ({"preset": "jan_oct", "year": "dua ribu"}, "year"),
        ({"preset": "jan_oct"}, "year"),
        ({"preset": "<script>"}, "preset"),
    ],
)
def test_a_bad_period_gives_a_message_beside_its_field_never_an_error(world, params, field):
    response = as_user(world.pimpinan).get(PAGE, params)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors and "period" not in response.context
    html = response.content.decode()
    assert "invalid-feedback" in html
    typed = params.get("date_from") or params.get("year")
    if typed and field != "preset":
        assert f'value="{typed}"' in html  # what was typed is kept


def test_a_leftover_in_a_field_of_another_preset_is_ignored(world):
    response = as_user(world.kepala).get(PAGE, {"preset": "last_year", "date_from": "rubbish", "year": "0"})
    assert response.status_code == 200 and response.context["period"].start.year == timezone.localdate().year - 1


@pytest.mark.parametrize(
    "name", ["manajer", "manajer_lain", "psikolog", "hukum", "operator", "penghubung", "admin", "pengaduan"]
)
def test_everybody_but_leadership_and_the_head_gets_404(world, name):
    assert as_user(getattr(world, name)).get(PAGE, JAN_OCT_2024).status_code == 404


def test_the_dashboard_needs_a_login(world):
    assert Client().get(PAGE).status_code == 302


def test_the_dashboard_is_in_the_navigation_of_leadership_and_the_head_only(world):
    for name in ("pimpinan", "kepala"):
        assert f'href="{PAGE}"' in as_user(getattr(world, name)).get("/").content.decode()
    for name in ("manajer", "operator", "penghubung", "admin"):
        assert f'href="{PAGE}"' not in as_user(getattr(world, name)).get("/").content.decode()


# --- Queries --------------------------------------------------------------------------------


def test_an_ended_period_is_served_from_its_snapshot_with_a_fixed_number_of_queries(world, data):
    snapshot_generate(kind=SnapshotKind.YEAR_TO_DATE, period=PERIOD)
    client = as_user(world.pimpinan)
    client.get(PAGE, JAN_OCT_2024)  # the kecamatan names are cached (reference data)

    def statements() -> list[str]:
        with max_queries(12) as captured:
            assert client.get(PAGE, JAN_OCT_2024).status_code == 200
        return [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]

    few = statements()
    assert not [sql for sql in few if "cases_" in sql]
    registered_case(world, datetime(2024, 7, 1, 9, tzinfo=WIB), 3)
    registered_case(world, datetime(2024, 8, 1, 9, tzinfo=WIB), 3)
    snapshot_generate(kind=SnapshotKind.YEAR_TO_DATE, period=PERIOD)
    many = statements()
    assert len(many) == len(few)
    assert not [sql for sql in many if "cases_" in sql]


FIGURES = re.compile(
    r'<section class="mb-4" aria-labelledby="charts-heading">.*id="definitions-heading".*?</section>',
    re.S,
)


def test_the_figures_are_rendered_once_per_snapshot_and_kind_of_reader(world, data):
    snapshot_generate(kind=SnapshotKind.YEAR_TO_DATE, period=PERIOD)
    head, leader = as_user(world.kepala), as_user(world.pimpinan)
    first = head.get(PAGE, JAN_OCT_2024)
    assert "tables" in first.context  # the charts and tables were written
    again = head.get(PAGE, JAN_OCT_2024)
    assert "tables" not in again.context  # the same snapshot: from the cache, the same HTML
    assert FIGURES.findall(again.content.decode()) == FIGURES.findall(first.content.decode()) != []
    suppressed = leader.get(PAGE, JAN_OCT_2024)  # leadership's figures are not the head's
    assert "tables" in suppressed.context and "&lt;3" in FIGURES.search(suppressed.content.decode()).group()
    registered_case(world, datetime(2024, 7, 1, 9, tzinfo=WIB), 3)
    snapshot_generate(kind=SnapshotKind.YEAR_TO_DATE, period=PERIOD)  # a new version of the figures
    assert "tables" in head.get(PAGE, JAN_OCT_2024).context


def test_a_running_period_has_a_fixed_number_of_queries_whatever_the_data(world):
    client = as_user(world.kepala)

    def counted() -> int:
        with max_queries(45) as captured:
            assert client.get(PAGE).status_code == 200
        return len([q for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]])

    counted()
    few = counted()
    now = timezone.now()
    for days in (1, 2, 3):
        case = registered_case(world, now - timedelta(days=days, hours=5), 1)
        victim(world, case, "Anak", Sex.PEREMPUAN, 7, [ViolenceForm.FISIK])
    assert counted() == few


# --- Generate now ---------------------------------------------------------------------------


def post_generate(client: Client, **params: str) -> Any:
    return client.post(GENERATE, {"preset": "custom", "date_from": "2024-01-01", "date_to": "2024-10-31", **params})


def test_generate_now_queues_a_run_that_the_task_makes_into_a_snapshot(world, data, django_capture_on_commit_callbacks):
    client = as_user(world.operator)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_generate(client)
    run = SnapshotRun.objects.get()
    assert response.status_code == 302 and response.url == f"{GENERATE}{run.code}/"
    assert run.requested_by == world.operator and run.kind == SnapshotKind.YEAR_TO_DATE
    run.refresh_from_db()
    assert run.status == SnapshotRunStatus.DONE and run.finished_at is not None
    assert run.snapshot is not None and run.snapshot.figures["totals"]["child_cases"] == 3
    assert (run.snapshot.period_start, run.snapshot.period_end) == (PERIOD.start, PERIOD.end)

    partial = client.get(f"{GENERATE}{run.code}/status/").content.decode()
    assert 'data-status="done"' in partial and "hx-get" not in partial  # polling stops
    assert "run-dashboard-link" not in partial  # the operator has no dashboard
    page = client.get(f"{GENERATE}{run.code}/").content.decode()
    assert 'id="run-status"' in page
    assert str(run.code) in client.get(GENERATE).content.decode()  # in the list of recent runs

    head_partial = as_user(world.kepala).get(f"{GENERATE}{run.code}/status/").content.decode()
    assert "/laporan/dasbor/?preset=custom&amp;date_from=2024-01-01&amp;date_to=2024-10-31" in head_partial


def test_a_queued_run_is_polled_every_two_seconds(world):
    client = as_user(world.kepala)
    post_generate(client)  # the task waits for the commit, which this test never makes
    run = SnapshotRun.objects.get()
    assert run.status == SnapshotRunStatus.QUEUED
    partial = client.get(f"{GENERATE}{run.code}/status/").content.decode()
    assert 'data-status="queued"' in partial
    assert f'hx-get="{GENERATE}{run.code}/status/"' in partial and 'hx-trigger="every 2s"' in partial


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_the_run_stays_queued_and_runs_later(world, data, monkeypatch):
    def unreachable(*args: Any, **kwargs: Any) -> None:
        raise OperationalError("broker down")

    monkeypatch.setattr(tasks.run_snapshot, "apply_async", unreachable)
    client = as_user(world.kepala, "en")
    response = post_generate(client)
    run = SnapshotRun.objects.get()
    assert run.status == SnapshotRunStatus.QUEUED
    page = client.get(response.url).content.decode()
    assert "will be made later" in page
    monkeypatch.undo()
    assert tasks.requeue_snapshot_runs() == 0  # asked for just now: not yet
    SnapshotRun.objects.filter(pk=run.pk).update(requested_at=timezone.now() - timedelta(minutes=5))
    assert tasks.requeue_snapshot_runs() == 1
    run.refresh_from_db()
    assert run.status == SnapshotRunStatus.DONE and run.snapshot is not None


def test_a_run_left_running_by_a_killed_worker_is_queued_again_after_the_time_limit(world, data, settings):
    settings.CELERY_TASK_TIME_LIMIT = 360
    run = SnapshotRun.objects.create(
        kind=SnapshotKind.CUSTOM,
        period_start=PERIOD.start,
        period_end=PERIOD.end,
        requested_by=world.kepala,
        requested_at=timezone.now() - timedelta(minutes=5),
        status=SnapshotRunStatus.RUNNING,
    )
    assert tasks.requeue_snapshot_runs() == 0  # may still be running: within the time limit
    SnapshotRun.objects.filter(pk=run.pk).update(requested_at=timezone.now() - timedelta(minutes=7))
    assert tasks.requeue_snapshot_runs() == 1
    run.refresh_from_db()
    assert run.status == SnapshotRunStatus.DONE and run.snapshot is not None


def test_the_task_does_not_redo_a_run_that_is_done_and_marks_a_failure(world, data, monkeypatch):
    run = SnapshotRun.objects.create(
        kind=SnapshotKind.CUSTOM,
        period_start=PERIOD.start,
        period_end=PERIOD.end,
        requested_by=world.kepala,
        requested_at=timezone.now(),
    )
    assert tasks.run_snapshot(run.pk) is not None
    run.refresh_from_db()
    made = run.snapshot.generated_at  # type: ignore[union-attr]
    assert tasks.run_snapshot(run.pk) is None  # done: not redone
    run.refresh_from_db()
    assert run.snapshot.generated_at == made  # type: ignore[union-attr]

    def broken(**kwargs: Any) -> None:
        raise RuntimeError("database gone")

    failing = SnapshotRun.objects.create(
        kind=SnapshotKind.CUSTOM,
        period_start=date(2023, 1, 1),
        period_end=date(2023, 3, 31),
        requested_by=world.kepala,
        requested_at=timezone.now(),
    )
    monkeypatch.setattr("reports.services.snapshots.snapshot_generate", broken)
    assert tasks.run_snapshot(failing.pk) is None
    failing.refresh_from_db()
    assert failing.status == SnapshotRunStatus.FAILED and failing.snapshot is None
    partial = as_user(world.kepala).get(f"{GENERATE}{failing.code}/status/").content.decode()
    assert 'data-status="failed"' in partial and "hx-get" not in partial


def test_the_kind_follows_the_monthly_job(world):
    from reports.services import snapshot_kind_for as _kind_for

    assert _kind_for(Period(date(2024, 3, 1), date(2024, 3, 31))) == SnapshotKind.MONTH
    assert _kind_for(Period(date(2024, 1, 1), date(2024, 10, 31))) == SnapshotKind.YEAR_TO_DATE
    assert _kind_for(Period(date(2024, 1, 1), date(2024, 12, 31))) == SnapshotKind.YEAR
    assert _kind_for(Period(date(2024, 1, 5), date(2024, 3, 31))) == SnapshotKind.CUSTOM
    assert _kind_for(Period(date(2023, 12, 1), date(2024, 1, 31))) == SnapshotKind.CUSTOM


@pytest.mark.parametrize(
    "params",
    [
        {"preset": "this_month"},  # still running: not offered
        {"preset": "custom", "date_from": "2024-01-01", "date_to": "today"},
        {"preset": "custom", "date_from": "2024-02-01", "date_to": "2024-01-01"},
        {"preset": "jan_oct", "year": "1"},
    ],
)
def test_generate_now_refuses_a_period_that_has_not_ended_or_is_wrong(world, params):
    # "today" is taken when the test runs, not when it is collected (minutes earlier: across WIB midnight
    # the collected date had already ended).
    params = {k: timezone.localdate().isoformat() if v == "today" else v for k, v in params.items()}
    response = as_user(world.kepala).post(GENERATE, params)
    assert response.status_code == 200 and response.context["form"].errors
    assert not SnapshotRun.objects.exists()


@pytest.mark.parametrize("name", ["pimpinan", "manajer", "penghubung", "admin", "pengaduan"])
def test_generate_now_is_404_for_everybody_but_the_head_and_the_operator(world, name):
    run = SnapshotRun.objects.create(
        kind=SnapshotKind.CUSTOM,
        period_start=PERIOD.start,
        period_end=PERIOD.end,
        requested_by=world.kepala,
        requested_at=timezone.now(),
    )
    client = as_user(getattr(world, name))
    assert client.get(GENERATE).status_code == 404
    assert post_generate(client).status_code == 404
    assert client.get(f"{GENERATE}{run.code}/").status_code == 404
    assert client.get(f"{GENERATE}{run.code}/status/").status_code == 404
    assert SnapshotRun.objects.count() == 1


# --- "Download PDF" (issue 13 §5) -------------------------------------------------------------------


def pdf_form(page: str) -> dict[str, str]:
    form = re.search(r'<form method="post" action="/laporan/ekspor/" id="dashboard-pdf">(.*?)</form>', page, re.S)
    assert form, "no Download PDF button"
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form.group(1)))


@pytest.mark.parametrize(
    ("role", "query", "period"),
    [
        ("kepala", JAN_OCT_2024, PERIOD),
        ("kepala", {"preset": "custom", "date_from": "2024-03-08", "date_to": "2024-03-08"}, None),
        ("pimpinan", {}, None),  # the default: the running year, whole for leadership
        (
            "pimpinan",
            {"preset": "quarter", "year": "2024", "quarter": "2"},
            Period(date(2024, 4, 1), date(2024, 6, 30)),
        ),
    ],
)
def test_download_pdf_asks_for_the_statistics_report_of_the_period_shown(
    world, role, query, period, django_capture_on_commit_callbacks
):
    from reports.models import ReportFile, ReportFileKind

    user = getattr(world, role)
    client = as_user(user)
    page = client.get(PAGE, query).content.decode()
    fields = pdf_form(page)
    assert fields["kind"] == ReportFileKind.PDF and "Unduh PDF" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/laporan/ekspor/", fields)
    assert response.status_code == 302, (
        fields,
        re.findall(r"invalid-feedback[^>]*>(.*?)<", response.content.decode(), re.S),
    )
    assert response["Location"] == "/laporan/ekspor/"
    made = ReportFile.objects.get(requested_by=user)
    assert made.kind == ReportFileKind.PDF and made.status == SnapshotRunStatus.DONE
    today = timezone.localdate()
    expected = period or (
        Period(date(2024, 3, 8), date(2024, 3, 8))
        if "date_from" in query
        else Period(date(today.year, 1, 1), date(today.year, 12, 31))
    )
    assert (made.period_start, made.period_end) == (expected.start, expected.end)


def test_the_exports_page_shows_only_the_fields_of_the_chosen_period_type(world):
    page = as_user(world.kepala).get("/laporan/ekspor/").content.decode()
    assert 'data-show-if="preset=jan_oct month quarter year"' in page
    assert 'data-show-if="preset=month"' in page and 'data-show-if="preset=quarter"' in page
    assert 'data-show-if="preset=custom"' in page and "js/conditional_fields" in page
