"""A case conference in a real browser (issue 18 §1): the case manager schedules it from the case
page inviting Dinas Sosial, records it as held with a decision and an action item for Dinas
Sosial; the Dinas Sosial liaison, on a phone (360x740), records their attendance and completes
the action item; the case manager then sees it done. The liaison sees nothing of the case but
their organisation's part. (The quarterly report's count of it is another helper's step.)"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone
from playwright.sync_api import expect

from cases.models import LegalBasis, PersonRole
from cases.services import consent_record
from coordination.models import ActionItem, ActionItemStatus, CaseConference, ConferenceStatus
from tests.browser import steps
from tests.browser.conftest import AXE_BLOCKING, axe_audit, axe_summary
from tests.browser.steps import PHONE, Browser, Shots
from uptdppa.accounts.models import Organisation

WIDE = {"width": 1366, "height": 768}


def accessible(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """No serious or critical axe-core violation on the page as it is now."""
    blocking = [v for v in axe_audit(page, name) if v["impact"] in AXE_BLOCKING]
    assert not blocking, f"{name}:\n{axe_summary(blocking)}"


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
    accessible(page, "conference-schedule-form")
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
    accessible(page, "conference-detail")
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
    accessible(page, "conference-portal-phone")
    item_url = b.url("coordination:action-item", item.code)
    b.follow(item_url)
    page.fill("textarea[name=note]", "Keluarga dikunjungi; anak bersekolah lagi.")
    b.step("phone-item-form")
    accessible(page, "conference-action-item-phone")
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

    # The quarterly task-force report of the quarter the item was due in, made once that quarter
    # has ended, counts it done on time for Dinas Sosial, in leadership's view and in the liaison's.
    from reports.services.accountability import taskforce_report_make
    from reports.taskforce import liaison_view

    year, quarter = item.due_on.year, (item.due_on.month - 1) // 3 + 1
    after = date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    report = taskforce_report_make(actor=world.kepala, year=year, quarter=quarter, today=after)
    dinsos = Organisation.objects.get(name="Dinas Sosial Kota Jambi")
    row = next(r for r in report.figures["organisations"] if r["code"] == str(dinsos.code))
    assert (row["action_items_due"], row["action_items_on_time"]) == (1, 1)
    own = liaison_view(report.figures, str(dinsos.code))
    assert [r["action_items_on_time"] for r in own["organisations"]] == [1]


def test_the_coordination_pages_fit_a_phone_and_a_desktop(browser_world, live_server, page, csp_violations):
    """Every page of the app at 360x740 and 1366x768: nothing wider than the window, no console
    error, no CSP violation (Browser.check), with a screenshot of each."""
    from tests.coordination.records import a_meeting, held_conference

    world = browser_world
    held = held_conference(world)
    meeting = a_meeting(world.kepala)
    b = Browser(page, live_server.url, Shots("coordination-pages"))
    pages = {
        "kepala": [
            ("coordination:case", world.case_a.code),
            ("coordination:schedule", world.case_a.code),
            ("coordination:conference", held.conference.code),
            ("coordination:action-item", held.item_b.code),
            ("coordination:meetings",),
            ("coordination:meeting-create",),
            ("coordination:meeting", meeting.code),
        ],
        "penghubung": [
            ("coordination:portal",),
            ("coordination:portal-conference", held.conference.code),
            ("coordination:action-item", held.item_a.code),
        ],
        "pimpinan": [("coordination:meetings",), ("coordination:meeting", meeting.code)],
    }
    for size_name, size in (("phone", PHONE), ("wide", WIDE)):
        page.set_viewport_size(size)
        for username, names in pages.items():
            b.log_in(username)
            for name, *args in names:
                b.open(b.url(name, *args))
                b.step(f"{size_name}-{username}-{name.split(':')[1]}")
    assert csp_violations == []
