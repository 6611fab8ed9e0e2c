"""The public complaint form in a real browser, on a phone: no sideways scrolling, no CSP violation."""

from __future__ import annotations

from playwright.sync_api import expect

from cases.models import Case
from tests.browser import steps
from tests.browser.steps import PHONE, Browser, Shots, no_sideways_scroll


def test_a_complaint_is_sent_from_a_phone_and_the_receipt_is_shown(browser_world, live_server, page, csp_violations):
    page.set_viewport_size(PHONE)
    b = Browser(page, live_server.url, Shots("public-form-360"))
    b.open(f"{live_server.url}/pengaduan/")
    expect(page.locator("nav a.nav-link", has_text="Kasus")).to_have_count(0)  # no staff navigation
    b.step("empty")

    # Sent empty: the error summary gets the focus and links to the fields.
    page.locator("#complaint-form button[type=submit]").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.locator("a[href='#id_chronology']")).to_be_visible()
    expect(summary.locator("a[href='#id_acknowledgement']")).to_be_visible()
    assert no_sideways_scroll(page)
    b.step("errors")

    case = steps.public_complaint_send(b, "Anak tetangga sering dipukul di rumah pada malam hari.")
    expect(page.locator("#tracking-code")).to_have_text(case.tracking_code)

    pin = page.locator("#tracking-pin").inner_text()
    # Reloading the receipt shows it again and files nothing twice (Post/Redirect/Get).
    page.reload()
    expect(page.locator("#tracking-code")).to_have_text(case.tracking_code)
    expect(page.locator("#tracking-pin")).to_have_text(pin)
    assert Case.objects.filter(channel=case.channel).count() == 1
    b.open(f"{live_server.url}/pengaduan/status/")
    page.fill("#id_tracking_code", case.tracking_code)
    page.fill("#id_pin", pin)
    page.locator("#status-form button[type=submit]").click()
    expect(page.locator("#complaint-status")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("dipukul")
    assert no_sideways_scroll(page)
    b.step("status")
    assert csp_violations == []
