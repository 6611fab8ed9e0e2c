"""Workflows that don't lose the user (issue 13 §4), in a real browser on a phone and a laptop: a
plan item changed in its row (htmx) and removed after a second button, a referral draft changed,
and the SIMFONI operator from the home page to the marker with the SIMFONI number."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import PersonRole, PlanItem
from cases.services import plan_item_add
from cases.vocabularies import ServiceType
from referrals.models import DEFAULT_SHARED_FIELDS
from referrals.services import referral_create
from tests.browser.steps import Browser, Shots
from uptdppa.accounts.models import Organisation

SIZES = [pytest.param((360, 740), id="phone"), pytest.param((1366, 768), id="laptop")]


@pytest.mark.parametrize("size", SIZES)
def test_a_plan_item_is_changed_in_its_row_and_removed_after_confirming(
    browser_world, live_server, page, csp_violations, size
):
    world = browser_world
    case = world.case_a
    page.set_viewport_size({"width": size[0], "height": size[1]})
    item = plan_item_add(
        actor=world.manajer,
        case=case,
        service=ServiceType.KESEHATAN,
        description="Pemeriksaan kesehatan",
        due_on=timezone.localdate() + timedelta(days=7),
        responsible_user=world.manajer,
    )
    b = Browser(page, live_server.url, Shots(f"workflows-plan-{size[0]}"))
    b.log_in("manajer")
    b.open(b.url("support", case.code))
    page.locator(f"a[hx-get$='/{item.code}/ubah/']").click()
    description = page.locator(f"#id_{item.code}_description")
    expect(description).to_be_visible()
    assert page.url == b.url("support", case.code)  # the form came into the row, no page load
    description.fill("Pemeriksaan kesehatan lanjutan")
    b.step("plan-item-inline-edit")
    with page.expect_navigation():
        page.locator("#plan-item-edit-form button[type=submit]").click()
    assert page.url == b.url("support", case.code) + "#plan", page.locator("main").inner_text()
    expect(page.locator("#plan")).to_contain_text("Pemeriksaan kesehatan lanjutan")
    page.locator("details.plan-item-remove summary").first.click()
    b.step("plan-item-remove-confirm")
    with page.expect_navigation():
        page.locator("details.plan-item-remove button[type=submit]").first.click()
    assert not PlanItem.objects.filter(pk=item.pk).exists()
    b.step("plan-item-removed")
    assert csp_violations == []


@pytest.mark.parametrize("size", SIZES)
def test_a_referral_draft_is_changed_before_it_is_sent(browser_world, live_server, page, csp_violations, size):
    world = browser_world
    case = world.case_a
    page.set_viewport_size({"width": size[0], "height": size[1]})
    victim = case.people.get(role=PersonRole.VICTIM)
    dinsos = Organisation.objects.get(name="Dinas Sosial Kota Jambi")
    draft = referral_create(
        actor=world.manajer,
        case=case,
        victims=[victim],
        organisation=dinsos,
        services=[ServiceType.REHABILITASI_SOSIAL],
        reason="Alasan awal.",
        shared_fields=list(DEFAULT_SHARED_FIELDS),
    )
    b = Browser(page, live_server.url, Shots(f"workflows-referral-{size[0]}"))
    b.log_in("manajer")
    b.open(b.url("referrals:detail", draft.code))
    b.follow(b.url("referrals:edit", draft.code))
    page.fill("textarea[name=reason]", "Alasan yang diperbaiki.")
    b.step("referral-draft-edit")
    b.submit("reason", then=b.url("referrals:detail", draft.code))
    draft.refresh_from_db()
    assert draft.reason == "Alasan yang diperbaiki."
    expect(page.locator("#record-consent")).to_be_visible()
    b.step("referral-draft-changed")
    assert csp_violations == []


@pytest.mark.parametrize("size", SIZES)
def test_the_operator_goes_from_home_to_the_marker_with_the_simfoni_number(
    browser_world, live_server, page, csp_violations, size
):
    world = browser_world
    case = world.case_a
    page.set_viewport_size({"width": size[0], "height": size[1]})
    b = Browser(page, live_server.url, Shots(f"workflows-simfoni-{size[0]}"))
    b.log_in("operator")
    b.open(b.base + "/")
    b.step("operator-home")
    b.follow(b.url("reports:simfoni"))
    day = timezone.localtime(case.registered_at).date().isoformat()
    b.open(b.url("reports:simfoni") + f"?date_from={day}&date_to={day}")
    page.fill(f"#simfoni-number-{case.code}", "1571-2026-000123")
    b.step("simfoni-number")
    with page.expect_navigation():
        page.locator(f"tr[data-case='{case.code}'] button[type=submit]").click()
    case.refresh_from_db()
    assert case.simfoni_number == "1571-2026-000123" and case.simfoni_entered_at
    assert "/cases/" not in page.url
    b.step("simfoni-marked")
    assert csp_violations == []


@pytest.mark.parametrize("size", SIZES)
def test_a_request_is_never_sent_for_the_case_shown_while_another_is_typed(
    browser_world, live_server, page, csp_violations, size
):
    """The request form lists the people of the case looked up, and carries that case. Typing
    another case in the lookup box, without showing its people, disables the form's Save and says
    so; showing it (or typing the shown case back) gives Save back."""
    world = browser_world
    page.set_viewport_size({"width": size[0], "height": size[1]})
    b = Browser(page, live_server.url, Shots(f"workflows-request-lookup-{size[0]}"))
    b.log_in("dpo")
    b.open(b.url("dataprotection:request-create") + f"?case_code={world.case_a.register_number}")
    save = page.locator("#data-protection-form button[type=submit]")
    note = page.locator("#lookup-case-note")
    expect(save).to_be_enabled()
    expect(note).to_be_hidden()
    box = page.locator("#lookup-case")
    box.fill(world.case_b.register_number)
    expect(save).to_be_disabled()
    expect(note).to_be_visible()
    expect(note).to_contain_text("tampilkan orang dalam kasus itu dahulu")
    b.step("another-case-typed")
    box.fill(f" {world.case_a.register_number} ")
    expect(save).to_be_enabled()
    box.fill(world.case_b.register_number)
    with page.expect_navigation():
        page.locator("#case-lookup button[type=submit]").click()
    expect(page.locator("#data-protection-form input[name=case_code]")).to_have_value(world.case_b.register_number)
    expect(save).to_be_enabled()
    expect(note).to_be_hidden()
    b.step("new-case-shown")
    assert csp_violations == []
