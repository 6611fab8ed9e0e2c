"""Excel exports read back with openpyxl: the statistics tables (the same figures as the dashboard),
the case-level export (initials only, safe against formula injection), and who may have them."""

from __future__ import annotations

import zipfile
from datetime import datetime
from io import BytesIO

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from openpyxl import load_workbook

from cases.models import Case
from reports.excel import cases_workbook, statistics_workbook
from reports.models import ReportFile, ReportFileKind
from reports.selectors import figures_for
from reports.tables import breakdown_tables
from tests.conftest import World, max_queries
from tests.reports.export_data import FORMULA, JAN_OCT_2024, VICTIM_NAMES, WIB, build, registered_case, victim
from tests.reports.test_pdf import EXPORTS, JAN_OCT_POST, request_and_make

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def data(world: World) -> dict:
    return build(world)


def workbook_of(response):  # type: ignore[no-untyped-def]
    content = b"".join(response.streaming_content)
    return load_workbook(BytesIO(content)), content


def sheet_rows(sheet) -> dict[str, list]:  # type: ignore[no-untyped-def]
    """The data rows under the title, the "what is counted" line and the header: label → values."""
    return {row[0]: list(row[1:]) for row in sheet.iter_rows(min_row=4, values_only=True)}


def find_sheet(workbook, title: str):  # type: ignore[no-untyped-def]
    matches = [sheet for sheet in workbook.worksheets if str(sheet["A1"].value).startswith(title)]
    assert len(matches) == 1, title
    return matches[0]


def no_formulas(content: bytes) -> None:
    """No cell of any sheet holds a formula (<f> element) in the file itself."""
    with zipfile.ZipFile(BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


# --- The statistics tables -----------------------------------------------------------------------


def test_the_tables_have_one_sheet_per_breakdown_with_the_figures_and_what_they_count(
    world, data, client, django_capture_on_commit_callbacks
):
    report_file, download = request_and_make(
        client, world.kepala, django_capture_on_commit_callbacks, ReportFileKind.XLSX
    )
    assert download["Content-Type"] == XLSX
    assert download["X-Content-Type-Options"] == "nosniff" and download["Cache-Control"] == "private, no-store"
    assert "tabel-statistik-2024-01-01-2024-10-31.xlsx" in download["Content-Disposition"]
    workbook, content = workbook_of(download)
    no_formulas(content)
    figures, _snapshot = figures_for(period=JAN_OCT_2024)
    assert len(workbook.worksheets) == len(breakdown_tables(figures))

    headline = find_sheet(workbook, "Angka utama")
    assert "Periode Januari–Oktober 2024" in headline["A1"].value
    assert headline["A2"].value.startswith("Yang dihitung: ")
    assert [c.value for c in headline[3]][:2] == ["Angka", "Jumlah"]
    assert sheet_rows(headline)["Kasus terdaftar"] == [4]
    assert sheet_rows(headline)["Kasus kekerasan terhadap anak"] == [3]
    assert sheet_rows(headline)["Korban"] == [5]

    by_form = sheet_rows(find_sheet(workbook, "Kasus menurut bentuk kekerasan"))
    assert (by_form["Fisik"], by_form["Psikis"], by_form["Seksual"], by_form["Penelantaran"]) == ([2], [3], [2], [0])
    child_by_form = sheet_rows(find_sheet(workbook, "Kasus kekerasan terhadap anak menurut bentuk"))
    assert (child_by_form["Fisik"], child_by_form["Psikis"], child_by_form["Seksual"]) == ([2], [2], [2])
    assert sheet_rows(find_sheet(workbook, "Korban menurut jenis kelamin"))["Perempuan"] == [4]
    age_sex = sheet_rows(find_sheet(workbook, "Korban menurut kelompok usia dan jenis kelamin"))
    assert age_sex["6–12"] == [1, 2] and age_sex["13–17"] == [0, 1] and age_sex["25–44"] == [0, 1]
    kecamatan = sheet_rows(find_sheet(workbook, "Kasus menurut kecamatan"))
    assert (
        kecamatan["Telanaipura"] == [2] and kecamatan["Luar Kota Jambi"] == [1] and kecamatan["Tidak tercatat"] == [1]
    )
    months = sheet_rows(find_sheet(workbook, "Kasus menurut bulan"))
    assert [months[m][0] for m in ("Januari 2024", "Maret 2024", "April 2024", "Juni 2024", "Juli 2024")] == [
        0,
        1,
        1,
        1,
        1,
    ]

    # Every sheet says the same as the figures the dashboard and the API use (one code path).
    for sheet, table in zip(workbook.worksheets, breakdown_tables(figures), strict=True):
        assert [tuple(values) for values in sheet_rows(sheet).values()] == [
            tuple(values) for _label, values in table.rows
        ]


def test_leadership_gets_small_cells_as_the_text_less_than_three(
    world, data, client, django_capture_on_commit_callbacks
):
    report_file, download = request_and_make(
        client, world.pimpinan, django_capture_on_commit_callbacks, ReportFileKind.XLSX
    )
    assert report_file.suppressed
    workbook, _content = workbook_of(download)
    by_sex = find_sheet(workbook, "Korban menurut jenis kelamin")
    # The 4 girls are hidden beside the one boy ("x"), else the total gives him away (issue 14 §3).
    assert sheet_rows(by_sex)["Laki-laki"] == ["<3"] and sheet_rows(by_sex)["Perempuan"] == [4]
    cell = by_sex["B4"]
    assert cell.value == "<3" and cell.data_type == "s"
    by_form = sheet_rows(find_sheet(workbook, "Kasus menurut bentuk kekerasan"))
    assert (by_form["Fisik"], by_form["Psikis"], by_form["Eksploitasi"]) == (["<3"], ["x"], [0])


# --- The case-level export -----------------------------------------------------------------------


def test_the_case_level_export_has_one_row_per_victim_with_initials_only(
    world, data, client, django_capture_on_commit_callbacks
):
    report_file, download = request_and_make(
        client, world.operator, django_capture_on_commit_callbacks, ReportFileKind.XLSX_CASES
    )
    assert "data-kasus-2024-01-01-2024-10-31.xlsx" in download["Content-Disposition"]
    workbook, content = workbook_of(download)
    no_formulas(content)
    sheet = workbook.worksheets[0]
    header = [c.value for c in sheet[3]]
    assert header[:5] == ["Nomor register", "Nomor SIMFONI", "Tanggal registrasi", "Jenis kasus", "Inisial korban"]
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert len(rows) == 5  # the victims of cases 1–4; case 5 is November
    by_initials = {row[4]: dict(zip(header, row, strict=True)) for row in rows}
    assert set(by_initials) == {"M.K.D.", "B.S.", "=.", "I.R.", "P.A.L."}
    melati = by_initials["M.K.D."]
    assert melati["Nomor register"] == "001/UPTD-PPA/III/2024"
    assert melati["Tanggal registrasi"] == "2024-03-04"
    assert melati["Usia saat kejadian"] == 10 and melati["Kelompok usia"] == "6–12"
    assert melati["Jenis kelamin"] == "Perempuan"
    assert melati["Bentuk kekerasan"] == "Fisik, Psikis"
    assert (melati["Kecamatan"], melati["Kelurahan"]) == ("Telanaipura", "Simpang IV Sipin")
    assert melati["Tempat kejadian"] == "Rumah Tangga"
    assert melati["Layanan"] == "Pengaduan, Kesehatan"
    assert melati["Hubungan pelaku"] == "Orang Tua"
    assert by_initials["P.A.L."]["Kecamatan"] == "Luar Kota Jambi" and by_initials["P.A.L."]["Kelurahan"] is None
    assert by_initials["B.S."]["Hubungan pelaku"] == "Guru"

    # No full name, NIK, phone or address anywhere in the file.
    every_value = " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None)
    for secret in (*VICTIM_NAMES, "Melati", "1571014507140001", "081234567890", "+6281234567890", "Jalan Mawar"):
        assert secret not in every_value


def test_formula_like_values_are_stored_as_text_not_formulas(world, data, client, django_capture_on_commit_callbacks):
    _report_file, download = request_and_make(
        client, world.operator, django_capture_on_commit_callbacks, ReportFileKind.XLSX_CASES
    )
    workbook, content = workbook_of(download)
    no_formulas(content)
    sheet = workbook.worksheets[0]
    cells = {row[4].value: row for row in sheet.iter_rows(min_row=4)}
    simfoni = cells["M.K.D."][1]  # the SIMFONI number typed as a formula
    assert simfoni.value == FORMULA and simfoni.data_type == "s" and simfoni.quotePrefix
    initials = cells["=."][4]  # the initials of a name that is a formula
    assert initials.value == "=." and initials.data_type == "s" and initials.quotePrefix
    assert not cells["B.S."][4].quotePrefix  # ordinary text is left plain


@pytest.mark.parametrize("start", ["+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_quoted(world, start):
    case = registered_case(world, received=datetime(2024, 5, 2, 9, tzinfo=WIB))
    Case.objects.filter(pk=case.pk).update(simfoni_number=f"{start}1+1")
    victim(world, case, full_name="Siti", sex="P", estimated_age=9, violence_forms=["fisik"])
    content, _case_ids = cases_workbook(JAN_OCT_2024)
    cell = load_workbook(BytesIO(content)).worksheets[0]["B4"]
    # XlsxWriter stores a carriage return as the escape _x000D_ (Excel reads it back as CR).
    assert cell.value.replace("_x000D_", "\r") == f"{start}1+1"
    assert cell.data_type == "s" and cell.quotePrefix


def test_the_case_level_export_logs_every_case_it_holds(world, data, client, django_capture_on_commit_callbacks):
    report_file, _download = request_and_make(
        client, world.operator, django_capture_on_commit_callbacks, ReportFileKind.XLSX_CASES
    )
    logged = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, content_type__model="case", additional_data__export="case-level export"
    )
    assert sorted(int(entry.object_pk) for entry in logged) == sorted(case.pk for case in data["cases"])
    assert all(entry.actor == world.operator for entry in logged)
    assert {entry.additional_data["report_file"] for entry in logged} == {str(report_file.code)}
    assert LogEntry.objects.get_for_object(report_file).filter(additional_data__export="download").count() == 1


def test_the_case_level_export_queries_do_not_grow_with_the_cases(world, data):
    with max_queries(12) as few:
        cases_workbook(JAN_OCT_2024)
    for _ in range(4):
        case = registered_case(world, received=datetime(2024, 8, 2, 9, tzinfo=WIB))
        victim(world, case, full_name="Siti Aminah", sex="P", estimated_age=9, violence_forms=["fisik"])
    with max_queries(len(few.captured_queries)):
        content, case_ids = cases_workbook(JAN_OCT_2024)
    assert len(case_ids) == 8


# --- Who may have which export -------------------------------------------------------------------


def test_leadership_gets_404_on_the_case_level_export(world, data, client, django_capture_on_commit_callbacks):
    client.force_login(world.pimpinan)
    assert client.post(EXPORTS, {**JAN_OCT_POST, "kind": ReportFileKind.XLSX_CASES}).status_code == 404
    assert not ReportFile.objects.exists()
    page = client.get(EXPORTS)
    assert [value for value, _label in page.context["form"].fields["kind"].choices] == ["pdf", "xlsx"]
    made, _download = request_and_make(
        client, world.kepala, django_capture_on_commit_callbacks, ReportFileKind.XLSX_CASES
    )
    client.force_login(world.pimpinan)
    assert client.get(reverse("reports:export_download", args=[made.code])).status_code == 404


@pytest.mark.parametrize("who", ["manajer", "penghubung", "admin", "pengaduan", "psikolog"])
def test_staff_without_export_rights_get_404_on_every_export_url(
    world, data, client, django_capture_on_commit_callbacks, who
):
    made, _download = request_and_make(client, world.kepala, django_capture_on_commit_callbacks, ReportFileKind.PDF)
    client.force_login(getattr(world, who))
    assert client.get(EXPORTS).status_code == 404
    for kind in ReportFileKind:
        assert client.post(EXPORTS, {**JAN_OCT_POST, "kind": kind}).status_code == 404
    assert client.get(reverse("reports:export_download", args=[made.code])).status_code == 404
    assert ReportFile.objects.count() == 1


def test_the_exports_page_needs_a_login(client):
    response = client.get(EXPORTS)
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_statistics_workbook_is_plain_data(world, data):
    figures, _snapshot = figures_for(period=JAN_OCT_2024)
    content = statistics_workbook(figures)
    no_formulas(content)
    assert zipfile.ZipFile(BytesIO(content)).testzip() is None
