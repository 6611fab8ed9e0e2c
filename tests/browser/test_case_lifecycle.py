"""Issue 4's acceptance in a real browser: a registered case carried from the team's assignment
to an approved closure and its monitoring, with every service type recorded by the staff member
whose job it is, on the real pages (no mocks). Plus the UU TPKS Pasal 23 refusal of a mediation,
shown on the page. Every page must load without a CSP violation or a console error."""

from __future__ import annotations

from datetime import timedelta
from typing import cast

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import (
    Accompaniment,
    Case,
    HealthService,
    MonitoringFollowUp,
    PersonRole,
    PlanItem,
    PlanItemStatus,
    ShelterStay,
    VictimRight,
)
from cases.models.attachments import Attachment
from cases.services import case_team_add, person_add
from cases.services.closure import add_months
from cases.vocabularies import ViolenceForm
from tests.browser import steps
from tests.browser.steps import Browser, Shots
from tests.factories import CaseFactory
from uptdppa.accounts.models import Organisation, OrganisationKind

VISUM_RESULT = "Luka memar pada lengan kiri (uji peramban)."
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


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
    b = Browser(page, live_server.url, Shots("lifecycle"))
    case = world.case_b  # registered, one victim, no team yet
    victim = case.people.get(role=PersonRole.VICTIM)
    perpetrator = person_add(actor=None, case=case, role=PersonRole.PERPETRATOR, estimated_age=35).person
    hospital = Organisation.objects.filter(kind=OrganisationKind.HEALTH, is_active=True).order_by("name").first()
    assert hospital is not None
    today = timezone.localdate()
    code = case.code

    # 1. The head assigns the team on the team page.
    b.log_in("kepala")
    steps.team_assign(b, case, world.manajer, world.psikolog, world.hukum)

    # 2. The case manager: outreach visit, assessment, visum with its result.
    b.log_in("manajer")
    steps.outreach_record(b, case, world.manajer)
    steps.assessment_record(b, case, victim)

    b.follow(b.url("support-health-add", code))
    page.select_option("#id_victim", str(victim.code))
    page.select_option("#id_kind", "visum_et_repertum")
    page.select_option("#id_facility", str(hospital.code))
    b.step("visum-request")
    b.submit("kind", then=b.url("support", code))
    visum = HealthService.objects.get(case=case)
    b.follow(b.url("support-health-complete", code, visum.code))
    page.fill("#id_result", VISUM_RESULT)
    b.submit("result", then=b.url("support", code))
    visum.refresh_from_db()
    assert visum.is_done and visum.result == VISUM_RESULT
    expect(page.locator("#health")).to_contain_text(VISUM_RESULT)
    b.step("support-page")

    # 3. Protection: consent, a TPKS right, shelter admitted and discharged.
    steps.consent_add(b, case, victim)

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
    b.step("protection-page")

    # 4. Two plan items, and the plan submitted for approval.
    items = [
        steps.plan_item_add(b, case, "kesehatan", "Konseling psikologis", world.psikolog),
        steps.plan_item_add(b, case, "bantuan_hukum", "Pendampingan pelaporan ke polisi", world.hukum),
    ]
    steps.plan_submit(b, case)

    # 5. The head approves the plan.
    b.log_in("kepala")
    steps.plan_approve(b, case)

    # 6. The case manager marks both items done.
    b.log_in("manajer")
    steps.plan_items_done(b, case, items)
    assert set(PlanItem.objects.filter(plan__case=case).values_list("status", flat=True)) == {PlanItemStatus.DONE}

    # The same case manager, on another case: a mediation of sexual violence by an adult is refused.
    sv_case, sv_victim, sv_perpetrator = sexual_violence_case
    steps.mediation_refused_under_tpks(b, sv_case, sv_victim, sv_perpetrator, world.manajer)

    # 7. The psychologist records a session.
    b.log_in("psikolog")
    steps.psych_session_record(b, case, victim, world.psikolog)

    # 8. The legal advisor: the police report (LP number) and an accompaniment; a PDF attached.
    b.log_in("hukum")
    steps.police_report_record(b, case, perpetrator)

    b.follow(b.url("accompaniment-add", code))
    page.select_option("#id_victim", str(victim.code))
    page.select_option("#id_stage", "pelaporan")
    page.fill("#id_date", today.isoformat())
    page.fill("#id_place", "Polresta Jambi")
    page.check(f"input[name=staff][value='{world.hukum.code}']")
    b.submit("place", then=b.url("legal", code))
    assert list(Accompaniment.objects.get(case=case).staff.all()) == [world.hukum]
    b.step("legal-page")

    b.open(b.url("attachments", code))
    page.set_input_files("#id_file", {"name": "laporan-polisi.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.fill("#id_description", "Tanda bukti laporan polisi")
    b.submit("description", then=b.url("attachments", code))
    attachment = Attachment.objects.get(case=case)
    assert attachment.mime_type == "application/pdf"
    expect(page.locator("main")).to_contain_text("laporan-polisi.pdf")
    b.step("attachments")

    # 9. The case manager requests the closure; the head approves it.
    b.log_in("manajer")
    steps.closure_request(b, case)
    b.log_in("kepala")
    steps.closure_approve(b, case)

    # 10. The closure page shows the follow-ups at 1, 3 and 6 months.
    due_dates = [add_months(today, months).isoformat() for months in (1, 3, 6)]
    expect(page.locator("#follow-ups li time[datetime]").first).to_be_visible()
    shown = page.locator("#follow-ups li > div time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))")
    assert shown == due_dates
    b.step("closed-follow-ups")

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
    b.step("follow-up-recorded")
    assert csp_violations == []  # the shared fixture agrees
