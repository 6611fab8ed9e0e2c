"""Steps shared by the browser journeys (test_full_journey, test_case_lifecycle, test_intake_journey,
test_referral_journey, test_public_form), each done as its user does it, on the real pages, with
the checks that the step worked. A step never calls a service to do its work: only the pages do."""

from __future__ import annotations

from datetime import timedelta
from itertools import count
from typing import Any

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import ConsoleMessage, Page, ViewportSize, expect

from cases.models import (
    Case,
    CaseStatus,
    ClosureRequest,
    ClosureStatus,
    ConsentRecord,
    LegalEvent,
    Mediation,
    OutreachVisit,
    Person,
    PersonRole,
    PlanItem,
    PlanItemStatus,
    PlanStatus,
    PsychSession,
)
from cases.vocabularies import Channel
from referrals.models import Referral, ReferralStatus
from tests.browser.conftest import shot
from tests.conftest import PASSWORD
from uptdppa.accounts.models import User

PHONE: ViewportSize = {"width": 360, "height": 740}
DESKTOP: ViewportSize = {"width": 1280, "height": 720}  # Playwright's default window
LP_NUMBER = "LP/B/123/III/2026/SPKT/POLRESTA JAMBI"


def log_in(page: Page, base_url: str, username: str) -> None:
    """Log in on the login page (after dropping any earlier session) and land on the home page."""
    page.context.clear_cookies()
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    expect(page).to_have_url(f"{base_url}/")


def in_page_language(page: Page, message: str) -> str:
    """``message`` as the page's language says it (the browser gets the default language)."""
    with translation.override(page.locator("html").get_attribute("lang") or "id"):
        return gettext(message)


def referral_status_label(page: Page, status: str) -> str:
    with translation.override(page.locator("html").get_attribute("lang") or "id"):
        return str(ReferralStatus(status).label)


def full_name(person: Person) -> str:
    """The person's name, which a page must (not) show; the journeys' victims always have one."""
    assert person.full_name
    return person.full_name


def no_sideways_scroll(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


class Shots:
    """Screenshot names: ``<prefix>-NN-<name>``, numbered in the order taken across every user's
    browser of one test."""

    def __init__(self, prefix: str) -> None:
        self.prefix, self.numbers = prefix, count(1)

    def take(self, page: Page, name: str) -> None:
        shot(page, f"{self.prefix}-{next(self.numbers):02d}-{name}")


class Browser:
    """One user's page with the live server's address, and what every page must not do: break
    the CSP, log an error to the console (both gathered from the page's events) or be wider than
    the window (the head's long navigation once pushed every page sideways); checked at each step."""

    def __init__(self, page: Page, base: str, shots: Shots) -> None:
        self.page, self.base, self.shots = page, base, shots
        self.problems: list[str] = []
        page.set_default_timeout(10_000)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error" or "Content Security Policy" in message.text:
            self.problems.append(f"{message.type}: {message.text} ({self.page.url})")

    def url(self, name: str, *args: Any) -> str:
        namespace = "" if ":" in name else "cases:"
        return self.base + reverse(f"{namespace}{name}", args=[str(arg) for arg in args])

    def log_in(self, username: str) -> None:
        log_in(self.page, self.base, username)
        self.check()

    def open(self, url: str) -> None:
        response = self.page.goto(url)
        assert response is not None and response.status == 200, (url, response and response.status)
        self.check()

    def follow(self, link_url: str) -> None:
        """Click the page's link to ``link_url`` (the button that takes staff to a form)."""
        path = link_url.removeprefix(self.base)
        with self.page.expect_navigation():
            self.page.locator(f"main a[href='{path}']").first.click()
        assert self.page.url == link_url
        self.check()

    def submit(self, field: str, then: str, button: str = "button[type=submit]") -> None:
        """Submit the form holding the input named ``field`` and land on ``then`` (a redirect after
        the service accepted it); otherwise fail with what the page says."""
        form = self.page.locator("main form", has=self.page.locator(f"[name='{field}']"))
        with self.page.expect_navigation():
            form.locator(button).first.click()
        assert self.page.url == then, self.page.locator("main").inner_text()
        self.check()

    def step(self, name: str) -> None:
        self.shots.take(self.page, name)
        self.check()

    def check(self) -> None:
        assert self.problems == [], self.problems
        width, window = self.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width <= window, f"{self.page.url} is {width}px wide in a {window}px window"


# --- The public and the intake desk -------------------------------------------------------------


def public_complaint_send(b: Browser, chronology: str) -> Case:
    """An anonymous sender fills the public form (on whatever window the page has) and gets the
    tracking code and PIN; the code is the new complaint's and stays out of the address."""
    page = b.page
    if not page.url.endswith("/pengaduan/"):
        b.open(b.base + "/pengaduan/")
    page.fill("#id_chronology", chronology)
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
    case = Case.objects.get(channel=Channel.ONLINE_FORM, tracking_code=code.inner_text().strip())
    assert case.status == CaseStatus.RECEIVED
    assert page.url.removeprefix(b.base) == "/pengaduan/terkirim/"  # the code is not in the address
    assert no_sideways_scroll(page)
    b.step("public-complaint-sent")
    return case


def intake_walk_in(b: Browser, chronology: str, victim_name: str) -> Case:
    """The intake officer takes a walk-in complaint, records the victim (a child, sexual violence:
    the 72-hour police clock shows) and proposes the triage."""
    page = b.page
    b.open(b.url("intake-create"))
    page.fill("textarea[name=chronology]", chronology)
    page.select_option("select[name=incident_region]", label="Telanaipura")
    b.step("intake-form")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    case = Case.objects.order_by("-pk").first()
    assert case is not None and case.status == CaseStatus.RECEIVED and case.channel == Channel.DATANG_LANGSUNG
    assert page.url == b.url("detail", case.code), page.locator("main").inner_text()

    b.open(b.url("person-add", case.code))
    page.fill("input[name=full_name]", victim_name)
    page.fill("input[name=estimated_age]", "12")
    page.select_option("select[name=sex]", "P")
    page.check("input[name=violence_forms][value=seksual]")
    b.step("intake-person-form")
    b.submit("full_name", then=b.url("detail", case.code))
    expect(page.locator("main")).to_contain_text(victim_name)
    expect(page.locator("main")).to_contain_text("UU TPKS Pasal 41")  # the 72-hour police clock shows

    b.open(b.url("triage", case.code))
    page.select_option("select[name=case_type]", "ampk")
    page.select_option("select[name=risk]", "tinggi")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    b.check()
    case.refresh_from_db()
    assert case.risk == "tinggi" and case.response_due_at is not None
    return case


def triage_accept(b: Browser, case: Case) -> None:
    """The head finds the complaint in the intake queue and accepts it: it is registered, and the
    head lands on its team page."""
    page = b.page
    b.open(b.url("intake-queue"))
    expect(page.locator("main")).to_contain_text(case.label)  # channel, time received, initials
    b.open(b.url("triage", case.code))
    page.check("input[name=outcome][value=accepted]")
    b.step("triage-decision")
    b.submit("outcome", then=b.url("team", case.code))
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN and case.register_number


def team_assign(b: Browser, case: Case, manager: User, psychologist: User | None, legal: User | None) -> None:
    """The head assigns the team on the team page (opened unless already there)."""
    page = b.page
    if page.url != b.url("team", case.code):
        b.open(b.url("team", case.code))
    page.select_option("#id_case_manager", label=manager.display_name)
    if psychologist is not None:
        page.select_option("#id_psychologist", label=psychologist.display_name)
    if legal is not None:
        page.select_option("#id_legal_advisor", label=legal.display_name)
    b.step("team-form")
    b.submit("case_manager", then=b.url("detail", case.code))
    wanted = {user.username for user in (manager, psychologist, legal) if user is not None}
    assert {m.user.username for m in case.team.all()} == wanted


def perpetrator_add(b: Browser, case: Case, name: str, age: int) -> Person:
    """An alleged perpetrator recorded on the people form (the role chosen by the link)."""
    page = b.page
    b.open(b.url("person-add", case.code) + f"?role={PersonRole.PERPETRATOR}")
    expect(page.locator("select[name=role]")).to_have_value(PersonRole.PERPETRATOR)
    page.fill("input[name=full_name]", name)
    page.fill("input[name=estimated_age]", str(age))
    b.step("perpetrator-form")
    b.submit("full_name", then=b.url("detail", case.code))
    return Person.objects.get(case=case, role=PersonRole.PERPETRATOR, estimated_age=age)


# --- The case manager's services ----------------------------------------------------------------


def outreach_record(b: Browser, case: Case, recorder: User) -> None:
    page = b.page
    b.open(b.url("support", case.code))
    b.follow(b.url("support-outreach-add", case.code))
    page.fill("#id_visited_on", (timezone.localdate() - timedelta(days=1)).isoformat())
    expect(page.locator(f"input[name=team][value='{recorder.code}']")).to_be_checked()  # who records it went
    page.fill("#id_place_other", "Rumah nenek korban")
    page.fill("#id_purpose", "Kunjungan rumah")
    page.fill("#id_result", "Korban bersedia didampingi.")
    b.step("outreach-form")
    before = OutreachVisit.objects.filter(case=case).count()
    b.submit("purpose", then=b.url("support", case.code))
    assert OutreachVisit.objects.filter(case=case).count() == before + 1


def assessment_record(b: Browser, case: Case, victim: Person) -> None:
    page = b.page
    b.open(b.url("support-assessment-add", case.code) + f"?korban={victim.code}")
    page.select_option("#id_victim", str(victim.code))
    page.fill("#id_psychological", "Cemas, sulit tidur.")
    page.fill("#id_needs_and_hopes", "Saya ingin tetap sekolah.")
    b.step("assessment-form")
    b.submit("needs_and_hopes", then=b.url("support", case.code))
    expect(page.locator("main")).to_contain_text("Saya ingin tetap sekolah.")


def plan_item_add(b: Browser, case: Case, service: str, text: str, responsible: User) -> PlanItem:
    page = b.page
    b.open(b.url("support", case.code))
    b.follow(b.url("support-plan-item-add", case.code))
    page.select_option("#id_service", service)
    page.fill("#id_description", text)
    page.select_option("#id_responsible_user", str(responsible.code))
    page.fill("#id_due_on", (timezone.localdate() + timedelta(days=14)).isoformat())
    b.submit("description", then=b.url("support", case.code))
    # The description is encrypted: no SQL filter on it.
    return next(item for item in PlanItem.objects.filter(plan__case=case) if item.description == text)


def plan_submit(b: Browser, case: Case) -> None:
    page = b.page
    b.step("plan-draft")
    b.follow(b.url("support-plan-submit", case.code))
    page.check("#id_made_with_beneficiary")
    b.submit("made_with_beneficiary", then=b.url("support", case.code))
    assert PlanItem.objects.filter(plan__case=case).first().plan.status == PlanStatus.SUBMITTED  # type: ignore[union-attr]


def plan_approve(b: Browser, case: Case) -> None:
    """The head approves the submitted plan."""
    page = b.page
    b.open(b.url("support", case.code))
    b.follow(b.url("support-plan-decide", case.code))
    page.fill("#id_comment", "Rencana disetujui.")
    b.step("plan-decision")
    b.submit("comment", then=b.url("support", case.code), button="button[name=decision][value=approve]")
    assert PlanItem.objects.filter(plan__case=case).first().plan.status == PlanStatus.APPROVED  # type: ignore[union-attr]


def plan_items_done(b: Browser, case: Case, items: list[PlanItem]) -> None:
    page = b.page
    b.open(b.url("support", case.code))
    for item in items:
        # Updated in its row on the plan page (issue 13 §4): no page of its own to open.
        action = b.url("support-plan-item-status", case.code, item.code).removeprefix(b.base)
        page.locator(f"details.plan-item-update:has(#status-{item.code}) summary").click()
        page.select_option(f"#status-{item.code}", PlanItemStatus.DONE)
        with page.expect_navigation():
            page.locator(f"main form[action='{action}'] button[type=submit]").click()
        assert page.url == b.url("support", case.code) + "#plan", page.locator("main").inner_text()
        b.check()
        item.refresh_from_db()
        assert item.status == PlanItemStatus.DONE
    b.step("plan-done")


def consent_add(b: Browser, case: Case, victim: Person) -> None:
    """The ground for processing the victim's data (needed to send a referral without override)."""
    page = b.page
    b.open(b.url("protection", case.code))
    b.follow(b.url("consent-add", case.code) + f"?korban={victim.code}")
    page.select_option("#id_basis", "consent")
    page.fill("#id_consent_given_by", "ibu")
    page.fill("#id_given_on", timezone.localdate().isoformat())
    b.step("consent-form")
    b.submit("basis", then=b.url("protection", case.code))
    assert ConsentRecord.objects.filter(victim=victim, basis="consent").exists()


def mediation_refused_under_tpks(b: Browser, case: Case, victim: Person, perpetrator: Person, mediator: User) -> None:
    """A mediation of sexual violence is not offered on the page: the button is disabled and the
    law's words stand beside it (cases.services.legal.mediation_refusal)."""
    page = b.page
    b.open(b.url("legal", case.code))
    expect(page.locator(f"main a[href='{b.url('mediation-open', case.code)}']")).to_have_count(0)
    expect(page.locator("#mediation-actions button[disabled]")).to_contain_text(
        in_page_language(page, "Open a mediation")
    )
    expect(page.locator("#mediation-refusal")).to_contain_text("UU 12/2022 (TPKS) Pasal 23")
    assert not Mediation.objects.filter(case=case).exists()
    b.step("mediation-refused-tpks")


# --- The psychologist and the legal advisor -----------------------------------------------------


def psych_session_record(b: Browser, case: Case, victim: Person, psychologist: User) -> None:
    page = b.page
    b.open(b.url("protection", case.code))
    b.follow(b.url("psych-session-add", case.code) + f"?korban={victim.code}")
    page.fill("#id_date", timezone.localdate().isoformat())
    page.fill("#id_method", "Konseling")
    page.fill("#id_observations", "Korban mulai tenang.")
    b.step("psych-session")
    b.submit("observations", then=b.url("protection", case.code))
    assert PsychSession.objects.filter(victim=victim, psychologist=psychologist).count() == 1


def police_report_record(b: Browser, case: Case, perpetrator: Person | None) -> None:
    """The legal advisor records the police report (its LP number becomes the case's)."""
    page = b.page
    b.open(b.url("legal", case.code))
    b.follow(b.url("legal-event-add", case.code))
    if perpetrator is not None:
        page.select_option("#id_perpetrator", str(perpetrator.code))
    page.select_option("#id_stage", "laporan_polisi")
    page.fill("#id_date", timezone.localdate().isoformat())
    page.fill("#id_reference_number", LP_NUMBER)
    page.fill("#id_unit", "Unit PPA Polresta Jambi")
    b.step("legal-event")
    b.submit("reference_number", then=b.url("legal", case.code))
    assert LegalEvent.objects.get(case=case).reference_number == LP_NUMBER
    case.refresh_from_db()
    assert case.police_report_number == LP_NUMBER
    expect(page.locator("main")).to_contain_text(LP_NUMBER)


# --- Closure ------------------------------------------------------------------------------------


def closure_request(b: Browser, case: Case) -> None:
    page = b.page
    b.open(b.url("closure", case.code))
    page.select_option("#request-form select[name=reason]", "needs_met")
    page.fill("#request-form textarea[name=summary]", "Korban kembali bersekolah dan tinggal bersama nenek.")
    b.step("closure-request")
    b.submit("summary", then=b.url("closure", case.code))
    assert ClosureRequest.objects.get(case=case).status == ClosureStatus.REQUESTED


def closure_approve(b: Browser, case: Case) -> None:
    page = b.page
    b.open(b.url("closure", case.code))
    expect(page.locator("#pending-request")).to_be_visible()
    with page.expect_navigation():
        page.locator("#approve-form button[type=submit]").click()
    assert page.url == b.url("closure", case.code), page.locator("main").inner_text()
    b.check()
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


# --- Referrals ----------------------------------------------------------------------------------


def referral_send(b: Browser, case: Case, victim: Person) -> Referral:
    """The case manager drafts a referral to Dinas Sosial from the case's referrals tab, checks the
    receiver's preview (initials, not the name) and sends it."""
    page = b.page
    b.open(b.url("referrals:case", case.code))
    b.step("referral-case-referrals")
    with page.expect_navigation():
        page.click("#new-referral")
    assert page.url == b.url("referrals:create", case.code)
    expect(page.locator(f"input[name=victims][value='{victim.code}']")).to_be_checked()  # the only victim
    expect(page.locator("input[name=shared_fields][value=initials]")).to_be_checked()
    expect(page.locator("input[name=shared_fields][value=full_name]")).not_to_be_checked()
    page.select_option("select[name=organisation]", label="Dinas Sosial Kota Jambi")
    page.check("input[name=services][value=rehabilitasi_sosial]")
    page.fill("textarea[name=reason]", "Keluarga membutuhkan rehabilitasi sosial (uji peramban).")
    page.fill("textarea[name=facts]", "Anak tinggal bersama nenek; perlu kunjungan rumah.")
    b.step("referral-form")
    with page.expect_navigation():
        page.click("#referral-form button[type=submit]")
    referral = Referral.objects.get(case=case)
    assert page.url == b.url("referrals:detail", referral.code), page.locator("main").inner_text()
    expect(page.locator("#receiver-preview")).to_contain_text(victim.initials)
    expect(page.locator("#receiver-preview")).not_to_contain_text(full_name(victim))
    b.step("referral-draft-preview")

    with page.expect_navigation():
        page.click("#send-form button[type=submit]")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT and referral.letter_number
    expect(page.locator("h1 .referral-status")).to_have_text(referral_status_label(page, ReferralStatus.SENT))
    expect(page.locator("#letter-download")).to_be_visible()
    b.step("referral-sent")
    b.check()
    return referral


def referral_accept_act_complete(b: Browser, referral: Referral, victim: Person) -> None:
    """The Dinas Sosial liaison finds the referral in the inbox (only the shared facts), accepts
    it, logs an action and completes it."""
    page = b.page
    expect(page.locator("#inbox-counts")).to_be_visible()  # on the home page
    b.open(b.url("referrals:inbox"))
    row = page.locator("#inbox-table tbody tr").filter(has_text=referral.letter_number)
    expect(row).to_have_count(1)
    b.step("referral-inbox")
    with page.expect_navigation():
        row.locator("a").first.click()
    assert page.url == b.url("referrals:inbox-detail", referral.code)
    expect(page.locator("main")).to_contain_text("Anak tinggal bersama nenek")
    expect(page.locator("main")).not_to_contain_text(full_name(victim))
    expect(page.locator("main")).not_to_contain_text("uji peramban")  # the sender's reason stays with the sender
    b.step("referral-liaison-detail")
    page.click("#accept-form button[type=submit]")
    expect(page.locator("#action-form")).to_be_visible()
    page.fill("#action-form input[name=action]", "Kunjungan rumah oleh pekerja sosial")
    page.fill("#action-form textarea[name=notes]", "Keluarga bersedia didampingi.")
    page.click("#action-form button[type=submit]")
    expect(page.locator(".referral-actions")).to_contain_text("Kunjungan rumah oleh pekerja sosial")
    b.step("referral-action-logged")
    page.click("#complete-link")  # completing is confirmed on a page of its own
    page.select_option("#complete-form select[name=outcome_code]", "service_provided")
    page.fill("#complete-form textarea[name=outcome]", "Anak menerima bantuan rehabilitasi sosial.")
    page.click("#complete-form button[type=submit]")
    expect(page.locator("#outcome")).to_contain_text("Anak menerima bantuan rehabilitasi sosial.")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.COMPLETED
    b.step("referral-completed-by-liaison")


def liaison_gets_404_on_the_case(b: Browser, case: Case, victim: Person) -> None:
    """A liaison opening the case's page gets the 404 page, which shows nothing of the case."""
    page = b.page
    response = page.goto(b.url("detail", case.code))
    assert response is not None and response.status == 404
    expect(page.locator("main")).not_to_contain_text(full_name(victim))
    expect(page.locator("main")).to_contain_text("404")  # the app's own 404 page, not a blank one
    # Chromium reports the 404 answer itself as a console error; nothing else may be there.
    b.problems[:] = [p for p in b.problems if "status of 404" not in p]
    b.step("liaison-case-404")


def referral_seen_completed_by_sender(b: Browser, case: Case) -> None:
    page = b.page
    b.open(b.url("referrals:case", case.code))
    completed = referral_status_label(page, ReferralStatus.COMPLETED)
    expect(page.locator("#case-referrals .referral-status")).to_have_text(completed)
    with page.expect_navigation():
        page.click("#case-referrals tbody a")
    expect(page.locator("h1 .referral-status")).to_have_text(completed)
    expect(page.locator("#outcome")).to_contain_text("Anak menerima bantuan rehabilitasi sosial.")
    expect(page.locator(".referral-actions")).to_contain_text("Kunjungan rumah oleh pekerja sosial")
    b.step("referral-sender-sees-completed")
