"""Issue 18 §3: the KLA Klaster V evidence pack. A hand-built year; the pack agrees with the
dashboard's figures of the year, is frozen (made again after a correction, the same numbers),
hides small cells from leadership only; its pages, files and API."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from cases.models import CaseStatus, HealthService, LegalEvent, PersonRole, ProtectionRecord
from cases.models.services_records import HealthServiceKind
from cases.services import legal_aid_set, person_add
from cases.vocabularies import LegalStage, ProtectionCategory, Sex, ViolenceForm
from coordination.models import TaskForceMeeting
from reports.kla_pack import pack_leadership_view, pack_period
from reports.models import KlaPack
from reports.selectors import figures_for
from reports.services import kla_pack_due, kla_pack_make, snapshot_ensure
from reports.tasks import make_due_kla_pack
from tests.conftest import World
from tests.factories import CaseFactory
from uptdppa.accounts.models import Organisation

pytestmark = pytest.mark.django_db


def _child(world: World, case: Any, *, age: int, sex: str, categories: list[str]) -> Any:
    return person_add(
        actor=world.kepala,
        case=case,
        role=PersonRole.VICTIM,
        full_name="Anak",
        sex=sex,
        estimated_age=age,
        violence_forms=[ViolenceForm.FISIK],
        protection_categories=categories,
    ).person


@pytest.fixture
def year_data(world: World) -> dict[str, Any]:
    """Two new cases this year: three child victims (one in category b with legal aid and a health
    service done), one adult victim, one child perpetrator with a diversion at the prosecution."""
    today = timezone.localdate()
    case1 = CaseFactory(created_by=world.pengaduan)
    case2 = CaseFactory(created_by=world.pengaduan)
    girl = _child(world, case1, age=10, sex=Sex.PEREMPUAN, categories=[ProtectionCategory.A])
    boy = _child(world, case1, age=15, sex=Sex.LAKI_LAKI, categories=[ProtectionCategory.B])
    small = _child(world, case2, age=4, sex=Sex.PEREMPUAN, categories=[ProtectionCategory.A])
    person_add(actor=world.kepala, case=case2, role=PersonRole.VICTIM, sex=Sex.PEREMPUAN, estimated_age=30)
    legal_aid_set(actor=world.kepala, victim=boy, started_on=today, provider_name="Posbakum")
    HealthService.objects.create(
        case=case1,
        victim=girl,
        kind=HealthServiceKind.MEDICAL_CARE,
        facility=Organisation.objects.get(name="RSUD H. Abdul Manap"),
        requested_on=today,
        done_on=today,
        result="Sehat.",
    )
    perpetrator = person_add(actor=world.kepala, case=case1, role=PersonRole.PERPETRATOR, estimated_age=16).person
    LegalEvent.objects.create(case=case1, perpetrator=perpetrator, stage=LegalStage.PENUNTUTAN, date=today)
    LegalEvent.objects.create(
        case=case1,
        perpetrator=perpetrator,
        stage=LegalStage.DIVERSI,
        date=today,
        perpetrator_age_at_offence=16,
        offence_max_penalty_years=3,
        victim_consent=True,
        victim_consent_by="Ibu korban",
    )
    TaskForceMeeting.objects.create(held_on=today, created_by=world.kepala)
    return {"today": today, "girl": girl, "boy": boy, "small": small, "cases": (case1, case2)}


def test_the_pack_holds_the_hand_counted_figures_and_agrees_with_the_dashboard(
    world: World, year_data: dict[str, Any]
) -> None:
    today = year_data["today"]
    pack, created = kla_pack_make(actor=world.operator, year=today.year, today=today)
    assert created and pack.cut_off == today
    figures = pack.figures
    # The dashboard's figures of the same period, as its selectors serve them.
    period = pack_period(today.year, today)
    snapshot_ensure(period=period)
    dashboard, _snapshot = figures_for(period=period)
    stats = figures["statistics"][str(today.year)]
    assert stats["kla"] == dashboard["kla"] and stats["totals"] == dashboard["totals"]
    children = stats["totals"]["child_victims"]
    assert children >= 3  # the world's own cases may add theirs
    detail = stats["kla"]["by_category_age_sex"]
    assert detail["b"]["13-17"]["L"] >= 1 and detail["a"]["0-5"]["P"] >= 1
    abh = figures["abh"]
    assert abh["diversions"] == {"penyidikan": 0, "penuntutan": 1, "pengadilan": 0, "unknown": 0}
    assert abh["child_perpetrators"] >= 1
    assert (abh["category_b"], abh["category_b_legal_aid"], abh["category_b_rehabilitation"]) == (1, 1, 0)
    spm = figures["spm"]
    assert spm["child_victims"] == children
    assert spm["services"]["pengaduan"] == {"n": children, "share": 1.0}
    assert spm["services"]["kesehatan"]["n"] >= 1
    assert figures["meetings"] == 1
    assert [row["months"] for row in figures["follow_up"]] == list(settings.MONITORING_FOLLOW_UP_MONTHS)
    # No child identifier anywhere in the pack.
    text = str(figures)
    for child in (year_data["girl"], year_data["boy"], year_data["small"]):
        assert str(child.code) not in text
    assert "Anak" not in text.replace("Anak ", "")


def test_made_again_after_a_correction_the_pack_keeps_its_numbers(world: World, year_data: dict[str, Any]) -> None:
    today = year_data["today"]
    pack, _ = kla_pack_make(actor=world.kepala, year=today.year, today=today)
    frozen = pack.figures
    # A correction: a new child victim, and the boy is no longer in category b.
    _child(world, year_data["cases"][1], age=8, sex=Sex.LAKI_LAKI, categories=[ProtectionCategory.C])
    ProtectionRecord.objects.filter(victim=year_data["boy"]).delete()
    again, created = kla_pack_make(actor=world.kepala, year=today.year, today=today)
    assert not created and again.pk == pack.pk
    again.refresh_from_db()
    assert again.figures == frozen
    # A pack cut off on a later day counts the corrections.
    later, created = kla_pack_make(actor=world.kepala, year=today.year, today=today + timedelta(days=1))
    assert created
    assert later.figures["abh"]["category_b"] == 0
    assert later.figures["spm"]["child_victims"] == frozen["spm"]["child_victims"] + 1
    assert KlaPack.objects.count() == 2


def test_the_yearly_beat_job_makes_last_years_pack_once(world: World) -> None:
    assert settings.CELERY_BEAT_SCHEDULE["make-kla-pack"]["task"] == "reports.tasks.make_due_kla_pack"
    year = timezone.localdate().year
    assert kla_pack_due(today=date(year, 1, settings.KLA_PACK_JANUARY_DAY - 1)) is None
    code = make_due_kla_pack.apply(kwargs={"today": date(year, 1, settings.KLA_PACK_JANUARY_DAY).isoformat()}).get()
    made = KlaPack.objects.get(code=code)
    assert made.year == year - 1 and made.made_by is None
    assert kla_pack_due(today=date(year, 1, settings.KLA_PACK_JANUARY_DAY + 1)) is None
    assert KlaPack.objects.count() == 1


def test_leadership_sees_small_cells_hidden_and_the_unit_exact_figures(
    world: World, year_data: dict[str, Any], client: Any
) -> None:
    today = year_data["today"]
    running, _ = kla_pack_make(actor=world.kepala, year=today.year, today=today)
    # Leadership gets whole periods only: a pack of the running year (cut off within it) is not theirs.
    client.force_login(world.pimpinan)
    assert client.get(reverse("reports:kla-detail", args=[running.code])).status_code == 404
    pack, _ = kla_pack_make(actor=world.kepala, year=today.year, today=date(today.year + 1, 1, 20))
    shown = pack_leadership_view(pack.figures)
    assert shown["abh"]["category_b"] == "<3" and shown["meetings"] == 1
    assert shown["abh"]["diversions"]["penuntutan"] == "<3"
    client.force_login(world.pimpinan)
    page = client.get(reverse("reports:kla-detail", args=[pack.code])).content.decode()
    assert 'id="suppressed-note"' in page and "&lt;3" in page
    client.force_login(world.operator)
    page = client.get(reverse("reports:kla-detail", args=[pack.code])).content.decode()
    assert 'id="suppressed-note"' not in page
    api = client.get(f"/api/v1/kla-packs/{pack.code}/").json()
    assert api["figures"]["abh"]["category_b"] == 1


def test_the_pdf_and_excel_are_in_indonesian_with_the_figures(world: World, year_data: dict[str, Any], client) -> None:  # type: ignore[no-untyped-def]
    today = year_data["today"]
    pack, _ = kla_pack_make(actor=world.kepala, year=today.year, today=today)
    client.force_login(world.kepala)
    pdf = client.get(reverse("reports:kla-pdf", args=[pack.code]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Paket bukti KLA Klaster V" in text and "indikator 21B" in text and "Diversi" in text
    xlsx = client.get(reverse("reports:kla-xlsx", args=[pack.code]))
    book = load_workbook(io.BytesIO(xlsx.content))
    cells = [str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert any("Anak yang berhadapan dengan hukum" in c for c in cells)
    assert any("Rapat gugus tugas yang diadakan" in c for c in cells)


def test_bad_input_is_refused_in_indonesian_and_kept(world: World, client: Any) -> None:
    client.force_login(world.operator)
    response = client.post(reverse("reports:kla"), {"year": "1999"})
    assert response.status_code == 200
    assert "Pilih tahun" in response.content.decode() and 'value="1999"' in response.content.decode()
    api = client.post("/api/v1/kla-packs/", {"year": 3000}, content_type="application/json")
    assert api.status_code == 400 and "year" in api.json()["errors"]
    # Leadership sees packs but does not make them.
    client.force_login(world.pimpinan)
    assert client.post(reverse("reports:kla"), {"year": "2025"}).status_code == 404
    assert CaseStatus.OPEN  # (the vocabulary import is used by the fixture's factories)
