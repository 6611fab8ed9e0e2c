"""A complaint from the desk to a registered case with its team, in a real browser."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser import steps
from tests.browser.steps import Browser, Shots


def test_a_walk_in_complaint_is_registered_triaged_accepted_and_assigned(
    browser_world, live_server, page, csp_violations
):
    b = Browser(page, live_server.url, Shots("intake"))
    # The intake officer takes a walk-in complaint, records the victim and proposes the triage.
    b.log_in("pengaduan")
    case = steps.intake_walk_in(b, "Anak diganggu secara seksual oleh tetangga (uji peramban).", "Korban Uji Peramban")

    # The head of the unit accepts it and assigns the case manager.
    b.log_in("kepala")
    steps.triage_accept(b, case)
    steps.team_assign(b, case, browser_world.manajer, None, None)

    # The worklist shows the registered case.
    b.open(f"{b.base}/cases/?q={case.register_number}")
    row = page.locator("main table tbody tr").filter(has_text=case.register_number)
    expect(row).to_have_count(1)
    b.step("worklist")

    # The assigned case manager now sees it; the intake officer no longer does.
    b.log_in("manajer")
    assert page.goto(b.url("detail", case.code)).status == 200
    steps.log_in(page, b.base, "pengaduan")
    assert page.goto(b.url("detail", case.code)).status == 404
    assert csp_violations == []
