"""The public complaint form in a real browser, on a phone: no sideways scrolling, no CSP violation."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from cases.models import Case
from cases.vocabularies import Channel
from tests.browser.conftest import shot

PHONE = {"width": 360, "height": 740}


def no_sideways_scroll(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_a_complaint_is_sent_from_a_phone_and_the_receipt_is_shown(browser_world, live_server, page, csp_violations):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/pengaduan/")
    assert no_sideways_scroll(page)
    expect(page.locator("nav a.nav-link", has_text="Kasus")).to_have_count(0)  # no staff navigation
    shot(page, "public-form-360")

    # Sent empty: the error summary gets the focus and links to the fields.
    page.locator("#complaint-form button[type=submit]").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.locator("a[href='#id_chronology']")).to_be_visible()
    expect(summary.locator("a[href='#id_acknowledgement']")).to_be_visible()
    assert no_sideways_scroll(page)
    shot(page, "public-form-errors-360")

    page.fill("#id_chronology", "Anak tetangga sering dipukul di rumah pada malam hari.")
    page.locator("#id_incident_region").select_option(index=1)
    page.fill("#id_victim_age", "9")
    page.locator("label[for='id_victim_sex_1']").click()
    page.locator("label[for='id_reporter_anonymous']").click()
    expect(page.locator("#id_reporter_phone")).to_be_hidden()  # not asked of an anonymous sender
    page.locator("label[for='id_acknowledgement']").click()
    honeypot = page.locator("#id_website").bounding_box()
    assert honeypot is not None and honeypot["width"] <= 1 and honeypot["height"] <= 1  # visually hidden
    page.locator("#complaint-form button[type=submit]").click()

    code = page.locator("#tracking-code")
    expect(code).to_be_visible()
    case = Case.objects.get(channel=Channel.ONLINE_FORM)
    expect(code).to_have_text(case.tracking_code)
    assert page.url.removeprefix(live_server.url) == "/pengaduan/"  # the code is not in the address
    assert no_sideways_scroll(page)
    shot(page, "public-form-sent-360")

    pin = page.locator("#tracking-pin").inner_text()
    page.goto(f"{live_server.url}/pengaduan/status/")
    page.fill("#id_tracking_code", case.tracking_code)
    page.fill("#id_pin", pin)
    page.locator("#status-form button[type=submit]").click()
    expect(page.locator("#complaint-status")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("dipukul")
    assert no_sideways_scroll(page)
    shot(page, "public-status-360")
    assert csp_violations == []
