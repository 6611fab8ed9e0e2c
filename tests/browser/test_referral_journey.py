"""A referral from a case to Dinas Sosial and back, in a real browser: the case manager drafts
and sends it, the Dinas Sosial liaison accepts, logs an action and completes it, and the case
manager sees it completed. The liaison never reaches the case itself."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from cases.models import LegalBasis, PersonRole
from cases.services import consent_record
from referrals.models import Referral, ReferralStatus
from tests.browser.conftest import shot
from tests.conftest import PASSWORD


def log_in(page: Page, base_url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    expect(page).to_have_url(f"{base_url}/")


def status_label(page: Page, status: str) -> str:
    """The status as the page's language names it (the browser gets the default language)."""
    from django.utils import translation

    with translation.override(page.locator("html").get_attribute("lang") or "id"):
        return str(ReferralStatus(status).label)


def test_a_referral_is_sent_accepted_worked_on_and_completed(browser_world, live_server, page, csp_violations):
    base = live_server.url
    world = browser_world
    case = world.case_a
    victim = case.people.get(role=PersonRole.VICTIM)
    consent_record(
        actor=world.manajer,
        victim=victim,
        basis=LegalBasis.CONSENT,
        given_on=victim.created_at.date(),
        consent_given_by="Ibu korban",
    )

    # The case manager drafts the referral from the case's referrals tab.
    log_in(page, base, "manajer")
    page.goto(f"{base}/rujukan/kasus/{case.code}/")
    shot(page, "referral-1-case-referrals")
    page.click("#new-referral")
    expect(page).to_have_url(f"{base}/rujukan/kasus/{case.code}/baru/")
    expect(page.locator(f"input[name=victims][value='{victim.code}']")).to_be_checked()  # the only victim
    expect(page.locator("input[name=shared_fields][value=initials]")).to_be_checked()
    expect(page.locator("input[name=shared_fields][value=full_name]")).not_to_be_checked()
    page.select_option("select[name=organisation]", label="Dinas Sosial Kota Jambi")
    page.check("input[name=services][value=rehabilitasi_sosial]")
    page.fill("textarea[name=reason]", "Keluarga membutuhkan rehabilitasi sosial (uji peramban).")
    page.fill("textarea[name=facts]", "Anak tinggal bersama nenek; perlu kunjungan rumah.")
    shot(page, "referral-2-form")
    page.click("#referral-form button[type=submit]")
    referral = Referral.objects.get(case=case)
    expect(page).to_have_url(f"{base}/rujukan/{referral.code}/")
    expect(page.locator("#receiver-preview")).to_contain_text(victim.initials)
    expect(page.locator("#receiver-preview")).not_to_contain_text(victim.full_name)
    shot(page, "referral-3-draft-preview")

    # It is sent: consent is recorded, so the case manager may send.
    page.click("#send-form button[type=submit]")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT and referral.letter_number
    expect(page.locator("h1 .referral-status")).to_have_text(status_label(page, ReferralStatus.SENT))
    expect(page.locator("#letter-download")).to_be_visible()
    shot(page, "referral-4-sent")

    # The Dinas Sosial liaison finds it in the inbox, accepts, logs an action and completes it.
    log_in(page, base, "penghubung")
    expect(page.locator("#inbox-counts")).to_be_visible()
    page.goto(f"{base}/rujukan/masuk/")
    row = page.locator("#inbox-table tbody tr").filter(has_text=referral.letter_number)
    expect(row).to_have_count(1)
    shot(page, "referral-5-inbox")
    row.locator("a").first.click()
    expect(page).to_have_url(f"{base}/rujukan/masuk/{referral.code}/")
    expect(page.locator("main")).to_contain_text("Anak tinggal bersama nenek")
    expect(page.locator("main")).not_to_contain_text(victim.full_name)
    expect(page.locator("main")).not_to_contain_text("uji peramban")  # the sender's reason stays with the sender
    shot(page, "referral-6-liaison-detail")
    page.click("#accept-form button[type=submit]")
    expect(page.locator("#action-form")).to_be_visible()
    page.fill("#action-form input[name=action]", "Kunjungan rumah oleh pekerja sosial")
    page.fill("#action-form textarea[name=notes]", "Keluarga bersedia didampingi.")
    page.click("#action-form button[type=submit]")
    expect(page.locator(".referral-actions")).to_contain_text("Kunjungan rumah oleh pekerja sosial")
    page.fill("#complete-form textarea[name=outcome]", "Anak menerima bantuan rehabilitasi sosial.")
    shot(page, "referral-7-action-logged")
    page.click("#complete-form button[type=submit]")
    expect(page.locator("#outcome")).to_contain_text("Anak menerima bantuan rehabilitasi sosial.")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.COMPLETED
    shot(page, "referral-8-completed-by-liaison")

    # The liaison opening the case itself gets the 404 page.
    response = page.goto(f"{base}/cases/{case.code}/")
    assert response is not None and response.status == 404
    expect(page.locator("main")).not_to_contain_text(victim.full_name)
    shot(page, "referral-9-liaison-case-404")

    # The case manager sees it completed, with the outcome and the receiver's action.
    log_in(page, base, "manajer")
    page.goto(f"{base}/rujukan/kasus/{case.code}/")
    expect(page.locator("#case-referrals .referral-status")).to_have_text(status_label(page, ReferralStatus.COMPLETED))
    page.click("#case-referrals tbody a")
    expect(page.locator("h1 .referral-status")).to_have_text(status_label(page, ReferralStatus.COMPLETED))
    expect(page.locator("#outcome")).to_contain_text("Anak menerima bantuan rehabilitasi sosial.")
    expect(page.locator(".referral-actions")).to_contain_text("Kunjungan rumah oleh pekerja sosial")
    shot(page, "referral-10-sender-sees-completed")
    assert csp_violations == []
