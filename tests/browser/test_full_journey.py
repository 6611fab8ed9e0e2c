"""The whole journey in a real browser, each user in their own browser (separate contexts, so
separate sessions), on the real pages: a complaint sent from a phone through the public form; a
walk-in complaint registered by the intake officer; the head triages it and assigns the team;
the case manager records outreach, assessment, the alleged perpetrator (a mediation is then
refused under UU TPKS Pasal 23) and a plan the head approves, and refers the victim to Dinas
Sosial; the liaison accepts and completes the referral (and gets the 404 page on the case); the
psychologist records a session; the legal advisor the police report; the case manager requests
the closure and the head approves it; the leadership's dashboard shows the figures moved.

Screenshots: test-artifacts/screenshots/journey-NN-*.png. No page may break the CSP, log a
console error or scroll sideways (steps.Browser checks every step)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser as PlaywrightBrowser
from playwright.sync_api import expect

from cases.models import CaseStatus, PersonRole
from cases.vocabularies import Channel
from tests.browser import steps
from tests.browser.steps import PHONE, Browser, Shots
from tests.factories import CaseFactory


@pytest.fixture
def open_browser(browser: PlaywrightBrowser, live_server) -> Iterator:  # type: ignore[no-untyped-def]
    """``open_browser(username or None, shots, **context options)``: a fresh browser context (its
    own cookies) with the user logged in; all closed at the end."""
    contexts = []

    def open_one(username: str | None, shots: Shots, **options: object) -> Browser:
        context = browser.new_context(locale="id-ID", **options)  # type: ignore[arg-type]
        contexts.append(context)
        b = Browser(context.new_page(), live_server.url, shots)
        if username is not None:
            b.log_in(username)
        return b

    yield open_one
    for context in contexts:
        context.close()


def headline(b: Browser, name: str) -> str:
    """A headline figure of the dashboard as the page shows it (a number, "<3" or "—")."""
    return b.page.locator(f"#headline-{name} [data-value]").inner_text().strip()


def test_a_complaint_goes_from_the_public_form_and_the_desk_to_a_closed_case_on_the_dashboard(
    browser_world, open_browser
):
    world = browser_world
    for _ in range(2):  # earlier cases of the year, so that the counts are above the small-cell limit
        CaseFactory(created_by=world.pengaduan)
    shots = Shots("journey")

    # The leadership's dashboard before: the year to date.
    pimpinan = open_browser("pimpinan", shots)
    pimpinan.page.click("#dashboard-link")
    expect(pimpinan.page).to_have_url(pimpinan.url("reports:dashboard"))
    new_before, closed_before = headline(pimpinan, "new-cases"), headline(pimpinan, "closed-cases")
    assert (new_before, closed_before) == ("4", "0")
    pimpinan.step("dashboard-before")

    # 1. A complaint from a phone through the public form, then found in the intake queue.
    public = open_browser(None, shots, viewport=PHONE)
    online = steps.public_complaint_send(public, "Anak tetangga sering dipukul di rumah pada malam hari.")
    assert online.channel == Channel.ONLINE_FORM

    # 2. The intake officer registers a walk-in complaint and proposes its triage.
    pengaduan = open_browser("pengaduan", shots)
    case = steps.intake_walk_in(pengaduan, "Anak diganggu secara seksual oleh tetangga.", "Korban Uji Perjalanan")
    victim = case.people.get(role=PersonRole.VICTIM)

    # 3. The head sees both complaints in the queue, accepts the walk-in one and assigns the team.
    kepala = open_browser("kepala", shots)
    kepala.open(kepala.url("intake-queue"))
    expect(kepala.page.locator("main")).to_contain_text(online.label)
    steps.triage_accept(kepala, case)
    steps.team_assign(kepala, case, world.manajer, world.psikolog, world.hukum)

    # 4. The case manager: outreach, assessment, the alleged perpetrator; a mediation is refused
    # (sexual violence by an adult: UU TPKS Pasal 23); a plan item, and the plan submitted.
    manajer = open_browser("manajer", shots)
    steps.outreach_record(manajer, case, world.manajer)
    steps.assessment_record(manajer, case, victim)
    perpetrator = steps.perpetrator_add(manajer, case, "Terlapor Uji Perjalanan", 41)
    steps.mediation_refused_under_tpks(manajer, case, victim, perpetrator, world.manajer)
    item = steps.plan_item_add(manajer, case, "rehabilitasi_sosial", "Rehabilitasi sosial keluarga", world.manajer)
    steps.plan_submit(manajer, case)

    # 5. The head approves the plan.
    steps.plan_approve(kepala, case)

    # 6. The case manager records the consent and refers the victim to Dinas Sosial.
    steps.consent_add(manajer, case, victim)
    referral = steps.referral_send(manajer, case, victim)

    # 7. The Dinas Sosial liaison accepts, acts, completes; the case itself is a 404 for them.
    penghubung = open_browser("penghubung", shots)
    steps.referral_accept_act_complete(penghubung, referral, victim)
    steps.liaison_gets_404_on_the_case(penghubung, case, victim)
    steps.referral_seen_completed_by_sender(manajer, case)

    # 8. The psychologist records a session; the legal advisor the police report.
    steps.psych_session_record(open_browser("psikolog", shots), case, victim, world.psikolog)
    steps.police_report_record(open_browser("hukum", shots), case, perpetrator)

    # 9. The case manager finishes the plan and requests the closure; the head approves it.
    steps.plan_items_done(manajer, case, [item])
    steps.closure_request(manajer, case)
    steps.closure_approve(kepala, case)
    kepala.step("case-closed")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED

    # 10. The dashboard has moved: one more new case, and a closed one (a small count reads "<3").
    pimpinan.open(pimpinan.url("reports:dashboard"))
    assert headline(pimpinan, "new-cases") == str(int(new_before) + 1)
    assert headline(pimpinan, "closed-cases") == "<3"
    assert victim.full_name not in pimpinan.page.content()  # aggregates only
    pimpinan.step("dashboard-after")
