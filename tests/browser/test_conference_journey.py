"""A case conference in a real browser (issue 18 §1): the case manager schedules it from the case
page inviting Dinas Sosial, records it as held with a decision and an action item for Dinas
Sosial; the Dinas Sosial liaison, on a phone (360x740), records their attendance and completes
the action item; the case manager then sees it done. The liaison sees nothing of the case but
their organisation's part. (The quarterly report's count of it is another helper's step.)"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from cases.models import LegalBasis, PersonRole
from cases.services import consent_record
from coordination.models import ActionItem, ActionItemStatus, CaseConference, ConferenceStatus
from tests.browser import steps
from tests.browser.steps import PHONE, Browser, Shots
from uptdppa.accounts.models import Organisation

WIDE = {"width": 1366, "height": 768}


def test_a_conference_is_scheduled_held_and_its_action_completed_by_the_liaison_on_a_phone(
    browser_world, live_server, page, csp_violations
):
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
    dinsos = Organisation.objects.get(name="Dinas Sosial Kota Jambi")
    b = Browser(page, live_server.url, Shots("conference"))
    page.set_viewport_size(WIDE)

    # The case manager opens the case's conferences tab and schedules one with Dinas Sosial.
    b.log_in("manajer")
    b.open(b.url("cases:detail", case.code))
    b.follow(b.url("coordination:case", case.code))
    b.follow(b.url("coordination:schedule", case.code))
    when = timezone.localtime() + timedelta(days=2)
    page.fill("input[name=scheduled_at]", when.strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=place]", "Ruang rapat UPTD PPA")
    page.select_option("select[name=note_taker]", str(world.psikolog.code))
    page.check(f"input[name=organisations][value='{dinsos.code}']")
    page.fill("textarea[name=agenda]", "Rencana pemulihan dan sekolah anak.")
    b.step("schedule-form")
    conference_url = None
    with page.expect_navigation():
        page.locator("#conference-form button[type=submit]").click()
    conference = CaseConference.objects.get()
    conference_url = b.url("coordination:conference", conference.code)
    assert page.url == conference_url, page.locator("main").inner_text()
    b.step("scheduled")

    # After the meeting: recorded as held, then a decision and an action item for Dinas Sosial.
    page.fill("#hold-form textarea[name=summary]", "Anak aman; rehabilitasi sosial disepakati.")
    b.submit("summary", conference_url)
    page.fill("#decision-form textarea[name=text]", "Dinas Sosial menyiapkan rehabilitasi sosial.")
    page.select_option("#decision-form select[name=organisation]", str(dinsos.code))
    b.submit("text", conference_url)
    page.fill("#item-form input[name=title]", "Kunjungan rumah oleh pekerja sosial")
    page.select_option("#item-form select[name=organisation]", str(dinsos.code))
    page.select_option("#item-form select[name=assignee]", str(world.penghubung.code))
    page.fill("#item-form input[name=due_on]", (timezone.localdate() + timedelta(days=7)).isoformat())
    b.submit("title", conference_url)
    expect(page.locator("#decisions")).to_contain_text("Dinas Sosial menyiapkan rehabilitasi sosial.")
    b.step("held-with-decision-and-item")
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.HELD
    item = ActionItem.objects.get()

    # The liaison, on a phone: the portal lists the item; the conference shows their part only.
    page.set_viewport_size(PHONE)
    b.log_in("penghubung")
    b.open(b.url("coordination:portal"))
    expect(page.locator("#action-items")).to_contain_text("Kunjungan rumah oleh pekerja sosial")
    b.step("phone-portal")
    portal_conference = b.url("coordination:portal-conference", conference.code)
    b.follow(portal_conference)
    html = page.content()
    assert "Rencana pemulihan" not in html and "Anak aman" not in html  # agenda and summary stay
    assert steps.full_name(victim) not in html
    with page.expect_navigation():
        page.locator("#attendance .mark-present").first.click()
    assert page.url == portal_conference
    expect(page.locator("#attendance .attendance-row").first).to_have_attribute("data-present", "1")
    b.step("phone-attendance")
    item_url = b.url("coordination:action-item", item.code)
    b.follow(item_url)
    page.fill("textarea[name=note]", "Keluarga dikunjungi; anak bersekolah lagi.")
    b.step("phone-item-form")
    b.submit("note", item_url)
    expect(page.locator("#item-status")).to_contain_text(steps.in_page_language(page, "Done"))
    b.step("phone-item-done")
    item.refresh_from_db()
    assert item.status == ActionItemStatus.DONE and item.done_by == world.penghubung

    # The case manager sees the item done on the conference.
    page.set_viewport_size(WIDE)
    b.log_in("manajer")
    b.open(conference_url)
    expect(page.locator("#action-items .action-item").first).to_have_attribute("data-status", "done")
    b.step("manager-sees-done")
    assert csp_violations == []
