"""The statistics report as a PDF: asked for on the exports page, made by the Celery task, read
back with pypdf and checked against the hand-computed figures of tests/reports/export_data.py."""

from __future__ import annotations

import base64
import logging
import re
from datetime import date, timedelta
from io import BytesIO

import pytest
import time_machine
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from reports.models import ReportFile, ReportFileKind, SnapshotRunStatus
from reports.pdf import charts, definitions_html
from reports.selectors import figures_for, figures_shown_to
from reports.services import report_file_request
from reports.statistics import Period
from reports.summary import period_label, summary_sentence
from reports.tasks import generate_pending_report_files, generate_report_file
from tests.conftest import World
from tests.reports.export_data import JAN_OCT_2024, VICTIM_NAMES, build

pytestmark = pytest.mark.django_db

EXPORTS = reverse("reports:exports")
JAN_OCT_POST = {"kind": ReportFileKind.PDF, "preset": "jan_oct", "year": "2024"}


@pytest.fixture
def data(world: World) -> dict:
    return build(world)


def ask(client, user, data=JAN_OCT_POST):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client.post(EXPORTS, data)


def request_and_make(client, user, django_capture_on_commit_callbacks, kind=ReportFileKind.PDF):  # type: ignore[no-untyped-def]
    """Ask on the page; the task runs on commit (eager in tests). Returns the file and its download."""
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, user, {**JAN_OCT_POST, "kind": kind})
    assert response.status_code == 302 and response["Location"] == EXPORTS
    report_file = ReportFile.objects.get(requested_by=user, kind=kind)
    assert report_file.status == SnapshotRunStatus.DONE
    download = client.get(reverse("reports:export_download", args=[report_file.code]))
    assert download.status_code == 200
    return report_file, download


def pdf_text(response) -> str:  # type: ignore[no-untyped-def]
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


# --- The summary sentence ------------------------------------------------------------------------


def test_the_summary_sentence_counts_child_cases_and_their_forms_in_indonesian(data):
    figures, _snapshot = figures_for(period=JAN_OCT_2024)
    assert summary_sentence(figures) == (
        "Periode Januari–Oktober 2024: 3 kasus kekerasan terhadap anak — fisik 2, psikis 2, seksual 2."
    )


def test_the_summary_sentence_puts_the_largest_form_first_and_leaves_out_forms_without_cases():
    figures = {
        "period": {"start": "2024-01-01", "end": "2024-10-31"},
        "totals": {"child_cases": 83},
        "child_cases_by_form": {
            "psikis": 20,
            "fisik": 30,
            "seksual": 15,
            "penelantaran": 10,
            "perundungan": 8,
            "trafficking": 1,
            "lainnya": 0,
        },
    }
    assert summary_sentence(figures) == (
        "Periode Januari–Oktober 2024: 83 kasus kekerasan terhadap anak — fisik 30, psikis 20, seksual 15, "
        "penelantaran 10, perundungan (bullying) 8, perdagangan orang (TPPO) 1."
    )


def test_the_summary_sentence_of_an_empty_period_says_so():
    figures = {
        "period": {"start": "2025-02-01", "end": "2025-02-28"},
        "totals": {"child_cases": 0},
        "child_cases_by_form": {},
    }
    assert summary_sentence(figures) == "Periode Februari 2025: tidak ada kasus kekerasan terhadap anak."


def test_the_period_label_follows_whole_months_and_years():
    assert period_label(date(2024, 10, 1), date(2024, 10, 31)) == "Oktober 2024"
    assert period_label(date(2023, 11, 1), date(2024, 2, 29)) == "November 2023–Februari 2024"
    assert period_label(date(2024, 1, 5), date(2024, 1, 20)) == "5 Januari 2024–20 Januari 2024"


# --- The report ----------------------------------------------------------------------------------


def test_the_report_has_the_period_the_sentence_the_tables_and_page_numbers_but_no_names(
    world, data, client, django_capture_on_commit_callbacks
):
    report_file, download = request_and_make(client, world.kepala, django_capture_on_commit_callbacks)
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Cache-Control"] == "private, no-store"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "laporan-statistik-2024-01-01-2024-10-31.pdf" in download["Content-Disposition"]

    text = flat(pdf_text(download))
    assert "(UPTD PPA) KOTA JAMBI" in text
    assert "Periode Januari–Oktober 2024" in text
    assert "Periode Januari–Oktober 2024: 3 kasus kekerasan terhadap anak — fisik 2, psikis 2, seksual 2." in text
    # Table labels (Indonesian) with their hand-computed rows.
    assert "Fisik 2 Psikis 3 Seksual 2" in text  # cases by violence form
    assert "Laki-laki 1 Perempuan 4" in text  # victims by sex
    assert "Telanaipura 2" in text  # kecamatan 15.71.01
    assert "Maret 2024 1 April 2024 1 Mei 2024 0 Juni 2024 1 Juli 2024 1" in text
    assert "Korban 5" in text
    assert re.search(r"Halaman \d+ dari \d+", text)
    # The definitions are in it, and no victim's name, NIK or phone.
    assert "Apa yang dihitung setiap angka" in text  # reports/DEFINITIONS.id.md
    assert "Dilayani, dirujuk, dipantau (KLA Klaster V" in text
    for secret in (*VICTIM_NAMES, "1571014507140001", "081234567890", "Jalan Mawar"):
        assert secret not in text


def test_leadership_gets_small_cells_as_less_than_three_in_tables_sentence_and_charts(
    world, data, client, django_capture_on_commit_callbacks
):
    report_file, download = request_and_make(client, world.pimpinan, django_capture_on_commit_callbacks)
    assert report_file.suppressed
    text = flat(pdf_text(download))
    assert "x kasus kekerasan terhadap anak — fisik <3, psikis <3, seksual <3." in text
    # The one boy is "<3"; the 4 girls beside him are hidden too ("x"), else 5 - 4 gives him away.
    assert "Laki-laki <3 Perempuan 4" in text
    assert "Fisik <3 Psikis x Seksual <3" in text
    assert "Telanaipura <3" in text


def svg_of(chart: dict) -> str:
    return base64.b64decode(chart["src"].split(",", 1)[1]).decode()


def test_a_suppressed_count_is_not_drawn_in_the_charts(world, data):
    figures, _snapshot = figures_for(period=JAN_OCT_2024)
    with translation.override("id"):
        exact = [svg_of(chart) for chart in charts(figures)]
        hidden = [svg_of(chart) for chart in charts(figures_shown_to(world.pimpinan, figures))]
    values = re.compile(r'<desc class="value">([^<]*)</desc>')

    def drawn(svg: str) -> list[str]:
        return sorted(v for v in values.findall(svg) if v != "0")

    by_form, _trend, kecamatan, age_sex = range(4)
    assert drawn(exact[by_form]) == ["2", "2", "3"]
    assert drawn(hidden[by_form]) == []  # the two 2s are not drawn for leadership, nor the 3 hidden beside
    assert drawn(exact[kecamatan]) == ["1", "1", "2"] and drawn(hidden[kecamatan]) == []
    assert drawn(hidden[age_sex]) == []  # every cell of the age × sex table is under 3
    for svg in hidden:
        assert "<script" not in svg and "http://" not in svg.replace("http://www.w3.org", "")


def test_the_definitions_are_rendered_from_the_document():
    html = str(definitions_html("# Title\n\nA **bold** `x` <b>\n\n- one\n  more\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"))
    assert "<h3>Title</h3>" in html
    assert "<strong>bold</strong>" in html and "<code>x</code>" in html and "&lt;b&gt;" in html
    assert "<li>one more" in html.replace("\n", "")
    assert "<th>a</th><th>b</th>" in html and "<td>1</td><td>2</td>" in html


# --- The task --------------------------------------------------------------------------------------


def test_the_request_and_the_file_are_audit_logged_with_kind_and_period(
    world, data, client, django_capture_on_commit_callbacks
):
    report_file, _download = request_and_make(client, world.kepala, django_capture_on_commit_callbacks)
    entries = LogEntry.objects.get_for_object(report_file).filter(action=LogEntry.Action.ACCESS)
    assert {entry.additional_data["export"] for entry in entries} == {
        "export requested",
        "export generated",
        "download",
    }
    for entry in entries:
        assert entry.actor == world.kepala
        assert entry.additional_data["kind"] == "pdf"
        assert entry.additional_data["period_start"] == "2024-01-01"
        assert entry.additional_data["period_end"] == "2024-10-31"
        assert not any(name in str(entry.additional_data) for name in VICTIM_NAMES)


def test_the_task_is_idempotent_a_file_already_done_is_not_made_again(
    world, data, client, django_capture_on_commit_callbacks, monkeypatch
):
    report_file, _download = request_and_make(client, world.kepala, django_capture_on_commit_callbacks)
    stored, finished = report_file.file.name, report_file.finished_at

    def fail(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("rendered again")

    monkeypatch.setattr("reports.pdf.render_pdf", fail)
    assert generate_report_file(report_file.pk) is False
    report_file.refresh_from_db()
    assert (report_file.file.name, report_file.finished_at, report_file.status) == (
        stored,
        finished,
        SnapshotRunStatus.DONE,
    )


def test_a_file_lost_from_storage_is_a_404_not_a_500(world, data, client, django_capture_on_commit_callbacks):
    report_file, _download = request_and_make(client, world.kepala, django_capture_on_commit_callbacks)
    report_file.file.storage.delete(report_file.file.name)
    assert client.get(reverse("reports:export_download", args=[report_file.code])).status_code == 404


def test_a_double_click_asks_once(world, data, client):
    client.force_login(world.kepala)
    client.post(EXPORTS, JAN_OCT_POST)  # on-commit callbacks are not run: the file stays queued
    client.post(EXPORTS, JAN_OCT_POST)
    assert ReportFile.objects.filter(requested_by=world.kepala).count() == 1


DEAD_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1 (as tests/cases/test_public.py)


def test_with_the_broker_down_the_file_stays_queued_and_the_periodic_job_makes_it(
    world, data, client, django_capture_on_commit_callbacks, caplog
):
    from uptdppa.celery import app

    eager, broker = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = DEAD_BROKER
    app._after_fork()  # drop pooled connections so that the publish really dials the dead broker
    try:
        with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = ask(client, world.kepala)
    finally:
        app.conf.task_always_eager, app.conf.broker_url = eager, broker
        app._after_fork()
    assert response.status_code == 302
    assert callbacks and "broker unavailable" in caplog.text
    report_file = ReportFile.objects.get(requested_by=world.kepala)
    assert report_file.status == SnapshotRunStatus.QUEUED and not report_file.file

    # Just asked: not yet picked up by the periodic job (the worker may still be on it).
    assert generate_pending_report_files() == 0
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        assert generate_pending_report_files() == 1
    report_file.refresh_from_db()
    assert report_file.status == SnapshotRunStatus.DONE and report_file.file
    assert generate_pending_report_files() == 0


def test_a_run_killed_half_way_is_made_again_by_the_periodic_job(world, data):
    report_file = report_file_request(actor=world.kepala, kind=ReportFileKind.PDF, period=JAN_OCT_2024)
    ReportFile.objects.filter(pk=report_file.pk).update(status=SnapshotRunStatus.RUNNING)
    with time_machine.travel(timezone.now() + timedelta(minutes=30)):
        assert generate_pending_report_files() == 1
    report_file.refresh_from_db()
    assert report_file.status == SnapshotRunStatus.DONE


def test_a_failure_is_recorded_and_the_page_still_answers(world, data, client, monkeypatch):
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("font missing")

    monkeypatch.setattr("reports.pdf.render_pdf", broken)
    report_file = report_file_request(actor=world.kepala, kind=ReportFileKind.PDF, period=JAN_OCT_2024)
    assert generate_report_file(report_file.pk) is False
    report_file.refresh_from_db()
    assert report_file.status == SnapshotRunStatus.FAILED
    client.force_login(world.kepala)
    response = client.get(EXPORTS)
    assert response.status_code == 200 and "Gagal" in response.content.decode()
    assert client.get(reverse("reports:export_download", args=[report_file.code])).status_code == 404


# --- Who gets what ------------------------------------------------------------------------------


def test_leadership_never_downloads_a_file_with_exact_small_cells(
    world, data, client, django_capture_on_commit_callbacks
):
    exact, _download = request_and_make(client, world.kepala, django_capture_on_commit_callbacks)
    mine, _download = request_and_make(client, world.pimpinan, django_capture_on_commit_callbacks)
    client.force_login(world.pimpinan)
    assert client.get(reverse("reports:export_download", args=[exact.code])).status_code == 404
    page = client.get(EXPORTS)
    assert [f.code for f in page.context["files"]] == [mine.code]
    # The head sees both, and may download the suppressed one too.
    client.force_login(world.kepala)
    assert client.get(reverse("reports:export_download", args=[mine.code])).status_code == 200


def test_a_period_typed_wrong_is_answered_beside_the_field(world, client):
    client.force_login(world.kepala)
    response = client.post(
        EXPORTS, {"kind": "pdf", "preset": "custom", "date_from": "2024-05-01", "date_to": "2024-04-01"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["date_to"]
    assert 'value="2024-05-01"' in response.content.decode()
    assert not ReportFile.objects.exists()


def test_a_running_period_is_reported_live(world, client, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    client.force_login(world.kepala)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(EXPORTS, {"kind": "pdf", "preset": "this_month"}, follow=True)
    assert "Berkas sedang dibuat" in response.content.decode()  # the request is acknowledged
    report_file = ReportFile.objects.get()
    assert (report_file.period_start, report_file.period_end) == (today.replace(day=1), today)
    assert report_file.status == SnapshotRunStatus.DONE
    assert Period(report_file.period_start, report_file.period_end).end == today


def test_the_list_polls_while_a_file_is_being_made_and_stops_when_done(world, data, client):
    report_file_request(actor=world.kepala, kind=ReportFileKind.PDF, period=JAN_OCT_2024)  # not run: queued
    client.force_login(world.kepala)
    page = client.get(EXPORTS)
    assert page.status_code == 200 and 'hx-trigger="every 3s"' in page.content.decode()
    partial = client.get(EXPORTS, headers={"HX-Request": "true"})
    assert partial.templates[0].name == "reports/includes/export_list.html"
    generate_report_file(ReportFile.objects.get().pk)
    partial = client.get(EXPORTS, headers={"HX-Request": "true"}).content.decode()
    assert (
        "hx-trigger" not in partial
        and reverse("reports:export_download", args=[ReportFile.objects.get().code]) in partial
    )
