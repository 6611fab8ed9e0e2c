"""The leadership dashboard in a real browser (Debian's Chromium): pimpinan opens it from the home
page, the four charts are drawn by static/js/dashboard.js under the strict CSP, small counts
read "<3", and no error reaches the console. Screenshots in test-artifacts/screenshots/."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from cases.models import PersonRole, Region, TriageOutcome
from cases.services import intake_register, person_add, triage_decide
from cases.vocabularies import Authority, CaseType, Channel, Risk, Sex, ViolenceForm
from tests.browser.conftest import shot
from tests.browser.steps import log_in
from tests.conftest import World

WIB = ZoneInfo("Asia/Jakarta")


def add_cases(world: World) -> None:
    """Seven cases in 2024: six of violence against children (physical 4, sexual 2) and one
    against a woman; places in one kecamatan or not recorded."""
    import time_machine

    kelurahan = Region.objects.get(code="15.71.01.1001")
    plan = [
        (3, 10, Sex.PEREMPUAN, ViolenceForm.FISIK, kelurahan),
        (3, 12, Sex.LAKI_LAKI, ViolenceForm.FISIK, kelurahan),
        (4, 7, Sex.PEREMPUAN, ViolenceForm.FISIK, None),
        (5, 15, Sex.PEREMPUAN, ViolenceForm.SEKSUAL, kelurahan),
        (6, 16, Sex.PEREMPUAN, ViolenceForm.SEKSUAL, None),
        (7, 9, Sex.LAKI_LAKI, ViolenceForm.FISIK, kelurahan),
        (8, 30, Sex.PEREMPUAN, ViolenceForm.PSIKIS, None),
    ]
    for month, age, sex, form, region in plan:
        received = datetime(2024, month, 5, 9, tzinfo=WIB)
        with time_machine.travel(received, tick=False):
            case = intake_register(
                actor=world.pengaduan, channel=Channel.DATANG_LANGSUNG, received_at=received, incident_region=region
            )
        with time_machine.travel(received + timedelta(hours=3), tick=False):
            triage_decide(
                actor=world.kepala,
                case=case,
                outcome=TriageOutcome.ACCEPTED,
                case_type=CaseType.AMPK if age < 18 else CaseType.KTP,
                risk=Risk.SEDANG,
                authority=Authority.DAERAH,
            )
        person_add(
            actor=world.kepala,
            case=case,
            role=PersonRole.VICTIM,
            full_name=f"Korban Rahasia {month}",
            sex=sex,
            estimated_age=age,
            violence_forms=[form],
        )


def test_pimpinan_opens_the_dashboard_and_the_charts_are_drawn(browser_world, live_server, page, csp_violations):
    add_cases(browser_world)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    base = live_server.url
    log_in(page, base, "pimpinan")
    page.click("#dashboard-link")
    expect(page).to_have_url(f"{base}/laporan/dasbor/")
    expect(page.locator("#summary-sentence")).to_be_visible()

    # Choose January–October 2024: the year field appears only for that preset.
    expect(page.locator("#id_year")).to_be_hidden()
    page.select_option("#id_preset", "jan_oct")
    expect(page.locator("#id_year")).to_be_visible()
    page.fill("#id_year", "2024")
    page.click("#period-form button[type=submit]")
    expect(page.locator("#summary-sentence")).to_contain_text("Januari–Oktober 2024: 6 ")
    expect(page.locator("#summary-sentence")).to_contain_text("<3")  # sexual violence: 2 cases

    canvases = page.locator("canvas[data-chart-data]")
    expect(canvases).to_have_count(4)
    page.wait_for_function("() => window.Chart && Object.keys(window.Chart.instances).length === 4")
    for index in range(4):
        box = canvases.nth(index).bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 50
    # Something was painted on every canvas (not a blank bitmap).
    painted = page.evaluate(
        """() => Array.from(document.querySelectorAll('canvas[data-chart-data]')).map((canvas) => {
            const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] !== 0) return true; }
            return false;
        })"""
    )
    assert painted == [True, True, True, True]
    for name in ("Korban Rahasia", "Rahasia"):
        assert name not in page.content()
    shot(page, "dashboard-pimpinan")

    # The figures of a chart as a table, without JavaScript's help.
    expect(page.locator("#table-chart-forms")).to_be_hidden()
    page.locator("#chart-forms-table-note").click()
    expect(page.locator("#table-chart-forms")).to_be_visible()
    expect(page.locator("#table-chart-forms")).to_contain_text("<3")
    shot(page, "dashboard-pimpinan-table")

    assert csp_violations == []
    assert errors == []
