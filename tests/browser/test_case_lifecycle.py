"""Issue 4's acceptance in a real browser: a registered case carried from the team's assignment
to an approved closure and its monitoring, with every service type recorded by the staff member
whose job it is, on the real pages (no mocks). Plus the UU TPKS Pasal 23 refusal of a mediation,
shown on the page. Every page must load without a CSP violation or a console error."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import ConsoleMessage, Page, expect

from cases.models import (
    Accompaniment,
    Case,
    CaseStatus,
    ClosureRequest,
    ClosureStatus,
    ConsentRecord,
    HealthService,
    LegalEvent,
    Mediation,
    MonitoringFollowUp,
    OutreachVisit,
    PersonRole,
    PlanItem,
    PlanItemStatus,
    PlanStatus,
    PsychSession,
    ShelterStay,
    VictimRight,
)
from cases.models.attachments import Attachment
from cases.services import case_team_add, person_add
from cases.services.closure import add_months
from cases.vocabularies import ViolenceForm
from tests.browser.conftest import shot
from tests.conftest import PASSWORD
from tests.factories import CaseFactory
from uptdppa.accounts.models import Organisation, OrganisationKind

LP_NUMBER = "LP/B/123/III/2026/SPKT/POLRESTA JAMBI"
VISUM_RESULT = "Luka memar pada lengan kiri (uji peramban)."
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


class Browser:
    """The page with the live server's address, and what every page must not do: break the CSP,
    log an error to the console (both gathered from the page's events) or be wider than the
    window (the head's long navigation once pushed every page sideways); checked at each step."""

    def __init__(self, page: Page, base: str) -> None:
        self.page, self.base = page, base
        self.problems: list[str] = []
        page.set_default_timeout(10_000)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error" or "Content Security Policy" in message.text:
            self.problems.append(f"{message.type}: {message.text} ({self.page.url})")

    def url(self, name: str, *args: Any) -> str:
        return self.base + reverse(f"cases:{name}", args=[str(arg) for arg in args])

    def log_in(self, username: str) -> None:
        self.page.context.clear_cookies()
        self.page.goto(f"{self.base}/accounts/login/")
        self.page.fill("input[name=login]", username)
        self.page.fill("input[name=password]", PASSWORD)
        with self.page.expect_navigation():
            self.page.click("main form button[type=submit]")
        expect(self.page).to_have_url(f"{self.base}/")

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
        shot(self.page, f"lifecycle-{name}")
        self.check()

    def check(self) -> None:
        assert self.problems == [], self.problems
        width, window = self.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width <= window, f"{self.page.url} is {width}px wide in a {window}px window"


@pytest.fixture
def sexual_violence_case(browser_world):  # type: ignore[no-untyped-def]
    """A registered case of a child victim of sexual violence by an adult, manajer on its team."""
    case = cast(Case, CaseFactory(created_by=browser_world.pengaduan))
    victim = person_add(
        actor=None,
        case=case,
        role=PersonRole.VICTIM,
        full_name="Anak Uji TPKS",
        estimated_age=13,
        violence_forms=[ViolenceForm.SEKSUAL],
    ).person
    perpetrator = person_add(actor=None, case=case, role=PersonRole.PERPETRATOR, estimated_age=42).person
    case_team_add(actor=browser_world.kepala, case=case, user=browser_world.manajer, team_role="manajer_kasus")
    return case, victim, perpetrator


def test_a_case_is_carried_from_team_assignment_to_closure_and_monitoring(
    browser_world, live_server, page, csp_violations, sexual_violence_case
):
    world = browser_world
    b = Browser(page, live_server.url)
    case = world.case_b  # registered, one victim, no team yet
    victim = case.people.get(role=PersonRole.VICTIM)
    perpetrator = person_add(actor=None, case=case, role=PersonRole.PERPETRATOR, estimated_age=35).person
    hospital = Organisation.objects.filter(kind=OrganisationKind.HEALTH, is_active=True).order_by("name").first()
    assert hospital is not None
    today = timezone.localdate()
    code = case.code

    # 1. The head assigns the team on the team page.
    b.log_in("kepala")
    b.open(b.url("team", code))
    page.select_option("#id_case_manager", label=world.manajer.display_name)
    page.select_option("#id_psychologist", label=world.psikolog.display_name)
    page.select_option("#id_legal_advisor", label=world.hukum.display_name)
    b.step("01-team-form")
    b.submit("case_manager", then=b.url("detail", code))
    assert {m.user.username for m in case.team.all()} == {"manajer", "psikolog", "hukum"}

    # 2. The case manager: outreach visit, assessment, visum with its result.
    b.log_in("manajer")
    b.open(b.url("support", code))
    b.follow(b.url("support-outreach-add", code))
    page.fill("#id_visited_on", (today - timedelta(days=1)).isoformat())
    expect(page.locator(f"input[name=team][value='{world.manajer.code}']")).to_be_checked()  # who records it went
    page.fill("#id_place_other", "Rumah nenek korban")
    page.fill("#id_purpose", "Kunjungan rumah")
    page.fill("#id_result", "Korban bersedia didampingi.")
    b.step("02-outreach-form")
    b.submit("purpose", then=b.url("support", code))
    assert OutreachVisit.objects.filter(case=case).count() == 1

    b.open(b.url("support-assessment-add", code) + f"?korban={victim.code}")
    page.select_option("#id_victim", str(victim.code))
    page.fill("#id_psychological", "Cemas, sulit tidur.")
    page.fill("#id_needs_and_hopes", "Saya ingin tetap sekolah.")
    b.step("03-assessment-form")
    b.submit("needs_and_hopes", then=b.url("support", code))

    b.follow(b.url("support-health-add", code))
    page.select_option("#id_victim", str(victim.code))
    page.select_option("#id_kind", "visum_et_repertum")
    page.select_option("#id_facility", str(hospital.code))
    b.step("04-visum-request")
    b.submit("kind", then=b.url("support", code))
    visum = HealthService.objects.get(case=case)
    b.follow(b.url("support-health-complete", code, visum.code))
    page.fill("#id_result", VISUM_RESULT)
    b.submit("result", then=b.url("support", code))
    visum.refresh_from_db()
    assert visum.is_done and visum.result == VISUM_RESULT
    expect(page.locator("#health")).to_contain_text(VISUM_RESULT)
    b.step("05-support-page")

    # 3. Protection: consent, a TPKS right, shelter admitted and discharged.
    b.open(b.url("protection", code))
    b.follow(b.url("consent-add", code) + f"?korban={victim.code}")
    page.select_option("#id_basis", "consent")
    page.fill("#id_consent_given_by", "ibu")
    page.fill("#id_given_on", today.isoformat())
    b.step("06-consent-form")
    b.submit("basis", then=b.url("protection", code))
    assert ConsentRecord.objects.filter(victim=victim, basis="consent").exists()

    b.follow(b.url("victim-right", code, victim.code, "recovery"))
    page.check("input[name=status][value=in_progress]")
    page.fill("#id_evidence_note", "Konseling psikologis berjalan.")
    b.submit("evidence_note", then=b.url("protection", code))
    assert VictimRight.objects.get(victim=victim, right="recovery").status == "in_progress"

    b.follow(b.url("shelter-admit", code) + f"?korban={victim.code}")
    page.fill("#id_place", "Rumah aman UPTD PPA")
    page.fill("#id_admitted_on", (today - timedelta(days=1)).isoformat())
    b.submit("place", then=b.url("protection", code))
    stay = ShelterStay.objects.get(case=case)
    b.follow(b.url("shelter-discharge", code, stay.code))
    page.fill("#id_discharged_on", today.isoformat())
    page.fill("#id_note", "Pulang ke rumah nenek.")
    b.submit("discharged_on", then=b.url("protection", code))
    stay.refresh_from_db()
    assert stay.discharged_on == today
    b.step("07-protection-page")

    # 4. Two plan items, and the plan submitted for approval.
    due = (today + timedelta(days=14)).isoformat()
    for service, text, user in [
        ("kesehatan", "Konseling psikologis", world.psikolog),
        ("bantuan_hukum", "Pendampingan pelaporan ke polisi", world.hukum),
    ]:
        b.open(b.url("support", code))
        b.follow(b.url("support-plan-item-add", code))
        page.select_option("#id_service", service)
        page.fill("#id_description", text)
        page.select_option("#id_responsible_user", str(user.code))
        page.fill("#id_due_on", due)
        b.submit("description", then=b.url("support", code))
    b.step("08-plan-draft")
    b.follow(b.url("support-plan-submit", code))
    page.check("#id_made_with_beneficiary")
    b.submit("made_with_beneficiary", then=b.url("support", code))
    items = list(PlanItem.objects.filter(plan__case=case).order_by("created_at"))
    assert len(items) == 2 and items[0].plan.status == PlanStatus.SUBMITTED

    # 5. The head approves the plan.
    b.log_in("kepala")
    b.open(b.url("support", code))
    b.follow(b.url("support-plan-decide", code))
    page.fill("#id_comment", "Rencana disetujui.")
    b.step("09-plan-decision")
    b.submit("comment", then=b.url("support", code), button="button[name=decision][value=approve]")
    items[0].plan.refresh_from_db()
    assert items[0].plan.status == PlanStatus.APPROVED

    # 6. The case manager marks both items done.
    b.log_in("manajer")
    b.open(b.url("support", code))
    for item in items:
        b.follow(b.url("support-plan-item-status", code, item.code))
        page.select_option("#id_status", PlanItemStatus.DONE)
        b.submit("status", then=b.url("support", code))
    assert set(PlanItem.objects.filter(plan__case=case).values_list("status", flat=True)) == {PlanItemStatus.DONE}
    b.step("10-plan-done")

    # The same case manager, on another case: a mediation of sexual violence by an adult is refused.
    sv_case, sv_victim, sv_perpetrator = sexual_violence_case
    b.open(b.url("legal", sv_case.code))
    b.follow(b.url("mediation-open", sv_case.code))
    page.select_option("#id_victim", str(sv_victim.code))
    page.select_option("#id_perpetrator", str(sv_perpetrator.code))
    page.select_option("#id_dispute_kind", "delik_aduan")
    page.select_option("#id_mediator", str(world.manajer.code))
    form = page.locator("main form", has=page.locator("[name=dispute_kind]"))
    with page.expect_navigation():
        form.locator("button[type=submit]").first.click()
    with translation.override(page.locator("html").get_attribute("lang") or "id"):
        message = gettext(
            "Mediation is not allowed: this case involves sexual violence by an adult perpetrator. "
            "UU 12/2022 (TPKS) Pasal 23 forbids settling sexual violence outside court."
        )
    assert "UU 12/2022 (TPKS) Pasal 23" in message
    expect(page.locator("main")).to_contain_text(message)
    expect(page.locator("#id_dispute_kind")).to_have_value("delik_aduan")  # what was chosen is kept
    assert not Mediation.objects.filter(case=sv_case).exists()
    b.step("11-mediation-refused-tpks")

    # 7. The psychologist records a session.
    b.log_in("psikolog")
    b.open(b.url("protection", code))
    b.follow(b.url("psych-session-add", code) + f"?korban={victim.code}")
    page.fill("#id_date", today.isoformat())
    page.fill("#id_method", "Konseling")
    page.fill("#id_observations", "Korban mulai tenang.")
    b.step("12-psych-session")
    b.submit("observations", then=b.url("protection", code))
    assert PsychSession.objects.filter(victim=victim, psychologist=world.psikolog).count() == 1

    # 8. The legal advisor: the police report (LP number) and an accompaniment; a PDF attached.
    b.log_in("hukum")
    b.open(b.url("legal", code))
    b.follow(b.url("legal-event-add", code))
    page.select_option("#id_perpetrator", str(perpetrator.code))
    page.select_option("#id_stage", "laporan_polisi")
    page.fill("#id_date", today.isoformat())
    page.fill("#id_reference_number", LP_NUMBER)
    page.fill("#id_unit", "Unit PPA Polresta Jambi")
    b.step("13-legal-event")
    b.submit("reference_number", then=b.url("legal", code))
    assert LegalEvent.objects.get(case=case).reference_number == LP_NUMBER
    case.refresh_from_db()
    assert case.police_report_number == LP_NUMBER
    expect(page.locator("main")).to_contain_text(LP_NUMBER)

    b.follow(b.url("accompaniment-add", code))
    page.select_option("#id_victim", str(victim.code))
    page.select_option("#id_stage", "pelaporan")
    page.fill("#id_date", today.isoformat())
    page.fill("#id_place", "Polresta Jambi")
    page.check(f"input[name=staff][value='{world.hukum.code}']")
    b.submit("place", then=b.url("legal", code))
    assert list(Accompaniment.objects.get(case=case).staff.all()) == [world.hukum]
    b.step("14-legal-page")

    b.open(b.url("attachments", code))
    page.set_input_files("#id_file", {"name": "laporan-polisi.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.fill("#id_description", "Tanda bukti laporan polisi")
    b.submit("description", then=b.url("attachments", code))
    attachment = Attachment.objects.get(case=case)
    assert attachment.mime_type == "application/pdf"
    expect(page.locator("main")).to_contain_text("laporan-polisi.pdf")
    b.step("15-attachments")

    # 9. The case manager requests the closure; the head approves it.
    b.log_in("manajer")
    b.open(b.url("closure", code))
    page.select_option("#request-form select[name=reason]", "needs_met")
    page.fill("#request-form textarea[name=summary]", "Korban kembali bersekolah dan tinggal bersama nenek.")
    b.step("16-closure-request")
    b.submit("summary", then=b.url("closure", code))
    assert ClosureRequest.objects.get(case=case).status == ClosureStatus.REQUESTED

    b.log_in("kepala")
    b.open(b.url("closure", code))
    expect(page.locator("#pending-request")).to_be_visible()
    with page.expect_navigation():
        page.locator("#approve-form button[type=submit]").click()
    assert page.url == b.url("closure", code), page.locator("main").inner_text()
    b.check()
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED

    # 10. The closure page shows the follow-ups at 1, 3 and 6 months.
    due_dates = [add_months(today, months).isoformat() for months in (1, 3, 6)]
    expect(page.locator("#follow-ups li time[datetime]").first).to_be_visible()
    shown = page.locator("#follow-ups li > div time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))")
    assert shown == due_dates
    b.step("17-closed-follow-ups")

    # 11. The case manager records the first follow-up's outcome.
    b.log_in("manajer")
    b.open(b.url("closure", code))
    first = MonitoringFollowUp.objects.filter(case=case).order_by("due_on").first()
    assert first is not None
    item = page.locator(f"#follow-up-{first.code}")
    item.locator("summary").click()
    prefix = f"fu-{first.code}"
    page.fill(f"#id_{prefix}-done_on", today.isoformat())
    page.fill(f"#id_{prefix}-outcome", "Korban dalam keadaan baik, bersekolah.")
    b.submit(f"{prefix}-outcome", then=b.url("closure", code))
    first.refresh_from_db()
    assert first.done_on == today and first.recorded_by == world.manajer
    expect(page.locator(f"#follow-up-{first.code}")).to_contain_text("Korban dalam keadaan baik")
    assert MonitoringFollowUp.objects.filter(case=case, done_on__isnull=True).count() == 2
    # A closed case offers no more writes on the services page.
    b.open(b.url("support", code))
    expect(page.locator("#closed-note")).to_be_visible()
    expect(page.locator(f"main a[href='{reverse('cases:support-outreach-add', args=[code])}']")).to_have_count(0)
    b.step("18-follow-up-recorded")
    assert csp_violations == []  # the shared fixture agrees
