"""Issue 18 §2-3 in a real browser: the head makes a quarter's task-force report and the data
operator a KLA evidence pack from their menus, on a phone (360×740) and a laptop (1366×768); the
liaison opens the report from the menu and sees only their own organisation's row. Screenshots in
test-artifacts/screenshots/."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import expect

from reports.services import taskforce_report_make
from tests.browser.conftest import shot
from tests.browser.steps import log_in

SIZES = {"phone": {"width": 360, "height": 740}, "laptop": {"width": 1366, "height": 768}}


def _no_sideways_scroll(page) -> None:  # type: ignore[no-untyped-def]
    # Wide tables scroll inside their own box; the page itself never scrolls sideways.
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_the_head_the_operator_and_a_liaison_use_the_accountability_pages(
    browser_world, live_server, page, csp_violations
):  # type: ignore[no-untyped-def]
    base = live_server.url
    year = date.today().year - 1
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        log_in(page, base, "kepala")
        page.goto(f"{base}/laporan/gugus-tugas/")
        page.fill("#id_year", str(year))
        page.select_option("#id_quarter", "4")
        page.click("#taskforce-make button[type=submit]")
        expect(page.locator("h1")).to_contain_text(f"Triwulan 4 {year}")
        expect(page.locator("#taskforce-table")).to_contain_text("Dinas Sosial Kota Jambi")
        _no_sideways_scroll(page)
        shot(page, f"taskforce-kepala-{size}")

        log_in(page, base, "operator")
        page.goto(f"{base}/laporan/kla/")
        page.fill("#id_year", str(year))
        page.click("#kla-make button[type=submit]")
        expect(page.locator("#abh")).to_contain_text("Diversi")
        _no_sideways_scroll(page)
        shot(page, f"kla-operator-{size}")

    report = taskforce_report_make(actor=browser_world.kepala, year=year, quarter=4)
    page.set_viewport_size(SIZES["phone"])
    log_in(page, base, "penghubung")
    page.goto(f"{base}/laporan/gugus-tugas/{report.code}/")
    expect(page.locator("#taskforce-table")).to_contain_text("Kota Jambi: median")
    expect(page.locator("#taskforce-table tbody tr")).to_have_count(2)
    assert "RSUD" not in page.content()
    shot(page, "taskforce-liaison-phone")
    assert csp_violations == []
