"""A complaint from the desk to a registered case with its team, in a real browser."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from cases.models import Case, CaseStatus
from tests.browser.conftest import shot
from tests.conftest import PASSWORD


def log_in(page: Page, base_url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    expect(page).to_have_url(f"{base_url}/")


def test_a_walk_in_complaint_is_registered_triaged_accepted_and_assigned(
    browser_world, live_server, page, csp_violations
):
    base = live_server.url
    # The intake officer takes a walk-in complaint and records the victim.
    log_in(page, base, "pengaduan")
    page.goto(f"{base}/cases/pengaduan-baru/")
    page.fill("textarea[name=chronology]", "Anak diganggu secara seksual oleh tetangga (uji peramban).")
    page.select_option("select[name=incident_region]", label="Telanaipura")
    shot(page, "journey-1-intake-form")
    page.click("main form button[type=submit]")
    expect(page.locator("h1")).to_be_visible()
    case = Case.objects.order_by("-pk").first()
    assert case is not None and case.status == CaseStatus.RECEIVED
    assert page.url.endswith(f"/cases/{case.code}/")

    page.goto(f"{base}/cases/{case.code}/orang/tambah/")
    page.fill("input[name=full_name]", "Korban Uji Peramban")
    page.fill("input[name=estimated_age]", "12")
    page.select_option("select[name=sex]", "P")
    page.check("input[name=violence_forms][value=seksual]")
    shot(page, "journey-2-person-form")
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(f"{base}/cases/{case.code}/")
    expect(page.locator("main")).to_contain_text("Korban Uji Peramban")
    expect(page.locator("main")).to_contain_text("UU TPKS Pasal 41")  # the 72-hour police clock shows

    page.goto(f"{base}/cases/{case.code}/triase/")
    page.select_option("select[name=case_type]", "ampk")
    page.select_option("select[name=risk]", "tinggi")
    page.locator("main form button[type=submit]").first.click()
    case.refresh_from_db()
    assert case.risk == "tinggi" and case.response_due_at is not None

    # The head of the unit accepts it and assigns the team.
    log_in(page, base, "kepala")
    page.goto(f"{base}/cases/antrean/")
    expect(page.locator("main")).to_contain_text(str(case.code)[:8])
    page.goto(f"{base}/cases/{case.code}/triase/")
    page.check("input[name=outcome][value=accepted]")
    shot(page, "journey-3-triage-decision")
    page.locator("main form button[type=submit]").first.click()
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN and case.register_number
    expect(page).to_have_url(f"{base}/cases/{case.code}/tim/")
    page.select_option("select[name=case_manager]", label=browser_world.manajer.display_name)
    page.locator("main form button[type=submit]").first.click()
    assert case.team.filter(user=browser_world.manajer).exists()

    # The worklist shows the registered case with its police-report deadline.
    page.goto(f"{base}/cases/?q={case.register_number}")
    row = page.locator("main table tbody tr").filter(has_text=case.register_number)
    expect(row).to_have_count(1)
    shot(page, "journey-4-worklist")

    # The assigned case manager now sees it; the intake officer no longer does.
    log_in(page, base, "manajer")
    assert page.goto(f"{base}/cases/{case.code}/").status == 200
    log_in(page, base, "pengaduan")
    assert page.goto(f"{base}/cases/{case.code}/").status == 404
    assert csp_violations == []
