"""The closure page of a case (issue 4 item 10): refusals shown before the request, the request,
the head's approval or return, reopening, post-closure follow-ups; who may do what."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import (
    Case,
    CaseStatus,
    ClosureReason,
    ClosureRequest,
    ClosureStatus,
    MonitoringFollowUp,
    PersonRole,
    PlanItemStatus,
)
from cases.services import (
    case_reopen,
    closure_approve,
    closure_request,
    closure_return,
    monitoring_follow_up_record,
    plan_approve,
    plan_item_add,
    plan_item_set_status,
    plan_submit,
    shelter_admit,
    shelter_discharge,
)
from cases.services.closure import add_months
from cases.vocabularies import ServiceType
from tests.conftest import max_queries

pytestmark = pytest.mark.django_db

SUMMARY = "Korban sudah kembali bersekolah dan tinggal bersama neneknya."
OUTCOME = "Korban dalam keadaan baik, tidak ada kekerasan berulang."
OUTSIDERS = ["manajer_lain", "penghubung", "pimpinan", "operator", "admin"]


def url(name: str, case: Case, *args: object) -> str:
    return reverse(f"cases:{name}", args=[case.code, *args])


def request_data(**overrides: str) -> dict[str, str]:
    return {"reason": ClosureReason.NEEDS_MET, "summary": SUMMARY, **overrides}


def open_plan_item(world):  # type: ignore[no-untyped-def]
    """An item of case_a's approved plan, planned (neither done nor waived)."""
    item = plan_item_add(
        actor=world.manajer,
        case=world.case_a,
        service=ServiceType.KESEHATAN,
        description="Pemeriksaan kesehatan",
        due_on=timezone.localdate() + timedelta(days=7),
        responsible_user=world.manajer,
    )
    plan_submit(actor=world.manajer, plan=item.plan, made_with_beneficiary=True)
    plan_approve(actor=world.kepala, plan=item.plan)
    return item


def requested(world) -> ClosureRequest:  # type: ignore[no-untyped-def]
    return closure_request(actor=world.manajer, case=world.case_a, reason=ClosureReason.NEEDS_MET, summary=SUMMARY)


def closed(world) -> Case:  # type: ignore[no-untyped-def]
    closure_approve(actor=world.kepala, request=requested(world))
    return Case.objects.get(pk=world.case_a.pk)


def victim(case: Case):  # type: ignore[no-untyped-def]
    return case.people.get(role=PersonRole.VICTIM)


def page(client, user, case: Case) -> str:  # type: ignore[no-untyped-def]
    client.force_login(user)
    response = client.get(url("closure", case))
    assert response.status_code == 200
    return response.content.decode()


# --- The request ---------------------------------------------------------------------------------


def test_the_page_lists_what_holds_the_case_open_before_the_manager_asks(world, client):
    open_plan_item(world)
    shelter_admit(actor=world.manajer, victim=victim(world.case_a), place="RPS", admitted_on=timezone.localdate())
    html = page(client, world.manajer, world.case_a)
    assert 'id="closure-refusals"' in html
    assert html.count("<li>", html.index('id="closure-refusals"')) >= 2
    assert 'id="request-form"' not in html  # nothing to send while something holds the case open


def test_a_closable_case_offers_the_manager_the_request_form(world, client):
    html = page(client, world.manajer, world.case_a)
    assert 'id="closure-refusals"' not in html
    assert f'action="{url("closure-request", world.case_a)}"' in html
    assert 'name="reason"' in html and 'name="summary"' in html
    assert 'id="approve-form"' not in html and 'id="reopen-form"' not in html


def test_a_posted_request_is_refused_with_an_open_plan_item_and_keeps_what_was_typed(world, client):
    open_plan_item(world)
    client.force_login(world.manajer)
    response = client.post(url("closure-request", world.case_a), request_data())
    assert response.status_code == 200
    assert response.context["request_form"].non_field_errors()
    html = response.content.decode()
    assert SUMMARY in html and 'id="form-errors"' in html
    assert not ClosureRequest.objects.exists()


def test_a_posted_request_is_refused_while_a_victim_is_in_shelter_then_accepted(world, client):
    stay = shelter_admit(
        actor=world.manajer, victim=victim(world.case_a), place="RPS", admitted_on=timezone.localdate()
    )
    client.force_login(world.manajer)
    assert client.post(url("closure-request", world.case_a), request_data()).status_code == 200
    assert not ClosureRequest.objects.exists()
    shelter_discharge(actor=world.manajer, stay=stay, discharged_on=timezone.localdate())
    response = client.post(url("closure-request", world.case_a), request_data())
    assert response.status_code == 302 and response["Location"] == url("closure", world.case_a)
    assert ClosureRequest.objects.get().status == ClosureStatus.REQUESTED


def test_a_request_needs_a_reason_and_a_summary(world, client):
    client.force_login(world.manajer)
    response = client.post(url("closure-request", world.case_a), {"reason": "", "summary": " "})
    assert response.status_code == 200
    assert set(response.context["request_form"].errors) == {"reason", "summary"}
    assert not ClosureRequest.objects.exists()


# --- The head's decision ---------------------------------------------------------------------------


def test_the_head_sees_the_pending_request_and_approves_it_follow_ups_at_1_3_6_months(world, client):
    item = open_plan_item(world)
    plan_item_set_status(actor=world.manajer, item=item, status=PlanItemStatus.DONE)
    client.force_login(world.manajer)
    client.post(url("closure-request", world.case_a), request_data())
    html = page(client, world.kepala, world.case_a)
    assert 'id="pending-request"' in html and SUMMARY in html
    assert 'id="approve-form"' in html and 'id="return-form"' in html
    response = client.post(url("closure-approve", world.case_a), {"comment": ""})
    assert response.status_code == 302
    case = Case.objects.get(pk=world.case_a.pk)
    assert case.status == CaseStatus.CLOSED
    today = timezone.localdate()
    due = list(case.monitoring_follow_ups.values_list("due_on", flat=True))
    assert due == [add_months(today, 1), add_months(today, 3), add_months(today, 6)]
    html = page(client, world.kepala, case)
    assert html.count('class="list-group-item px-0" id="follow-up-') == 3


def test_the_pending_request_shows_the_manager_no_decision_buttons(world, client):
    requested(world)
    html = page(client, world.manajer, world.case_a)
    assert 'id="pending-request"' in html
    assert 'id="approve-form"' not in html and 'id="return-form"' not in html and 'id="request-form"' not in html


def test_the_head_returns_a_request_with_a_comment(world, client):
    requested(world)
    client.force_login(world.kepala)
    response = client.post(url("closure-return", world.case_a), {"comment": "Rujukan lanjutan belum selesai."})
    assert response.status_code == 302
    closure = ClosureRequest.objects.get()
    assert closure.status == ClosureStatus.RETURNED and closure.decision_comment == "Rujukan lanjutan belum selesai."
    html = page(client, world.manajer, world.case_a)
    assert "Rujukan lanjutan belum selesai." in html and 'id="request-form"' in html  # ask again later


def test_returning_needs_a_comment(world, client):
    requested(world)
    client.force_login(world.kepala)
    response = client.post(url("closure-return", world.case_a), {"comment": "  "})
    assert response.status_code == 200 and "comment" in response.context["return_form"].errors
    assert ClosureRequest.objects.get().status == ClosureStatus.REQUESTED


def test_approval_is_refused_cleanly_when_the_case_is_no_longer_closable(world, client):
    requested(world)
    shelter_admit(actor=world.manajer, victim=victim(world.case_a), place="RPS", admitted_on=timezone.localdate())
    client.force_login(world.kepala)
    response = client.post(url("closure-approve", world.case_a), {"comment": ""})
    assert response.status_code == 200 and response.context["approve_form"].non_field_errors()
    assert Case.objects.get(pk=world.case_a.pk).status == CaseStatus.OPEN


def test_deciding_without_a_pending_request_is_refused_cleanly(world, client):
    client.force_login(world.kepala)
    response = client.post(url("closure-approve", world.case_a), {"comment": ""})
    assert response.status_code == 200 and response.context["approve_form"].non_field_errors()


@pytest.mark.parametrize("username", ["manajer", "psikolog", "hukum"])
@pytest.mark.parametrize("name", ["closure-approve", "closure-return"])
def test_only_the_head_decides(world, client, username, name):
    requested(world)
    client.force_login(world.users[username])
    assert client.post(url(name, world.case_a), {"comment": "Setuju"}).status_code == 403
    assert ClosureRequest.objects.get().status == ClosureStatus.REQUESTED


@pytest.mark.parametrize("username", ["psikolog", "hukum"])
def test_only_the_case_manager_or_the_head_requests(world, client, username):
    client.force_login(world.users[username])
    assert client.post(url("closure-request", world.case_a), request_data()).status_code == 403
    assert not ClosureRequest.objects.exists()


# --- The closed case -------------------------------------------------------------------------------


def test_a_closed_case_shows_no_write_buttons(world, client):
    case = closed(world)
    for user in (world.manajer, world.psikolog, world.hukum):
        html = page(client, user, case)
        for form in ("request-form", "approve-form", "return-form", "reopen-form"):
            assert f'id="{form}"' not in html
        detail = client.get(url("detail", case)).content.decode()
        assert 'id="case-closed-note"' in detail
        for name in ("person-add", "team", "police-report", "registry"):
            assert url(name, case) not in detail
        assert "/ubah/" not in detail  # no person edit buttons
    html = page(client, world.kepala, case)
    assert 'id="reopen-form"' in html and 'id="request-form"' not in html


def test_a_request_posted_on_a_closed_case_shows_the_services_refusal(world, client):
    case = closed(world)
    client.force_login(world.manajer)
    response = client.post(url("closure-request", case), request_data())
    assert response.status_code == 200 and response.context["request_form"].non_field_errors()
    assert ClosureRequest.objects.count() == 1


def test_the_head_reopens_a_closed_case_with_a_reason(world, client):
    case = closed(world)
    client.force_login(world.kepala)
    response = client.post(url("case-reopen", case), {"reason": "Kekerasan berulang dilaporkan sekolah."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    html = page(client, world.kepala, case)
    assert "Kekerasan berulang dilaporkan sekolah." in html and 'id="reopen-form"' not in html


def test_reopening_needs_a_reason_and_an_open_case_is_not_reopened(world, client):
    case = closed(world)
    client.force_login(world.kepala)
    response = client.post(url("case-reopen", case), {"reason": " "})
    assert response.status_code == 200 and "reason" in response.context["reopen_form"].errors
    case_reopen(actor=world.kepala, case=case, reason="Kekerasan berulang")
    response = client.post(url("case-reopen", case), {"reason": "Lagi"})
    assert response.status_code == 200 and response.context["reopen_form"].non_field_errors()


@pytest.mark.parametrize("username", ["manajer", "psikolog", "hukum"])
def test_only_the_head_reopens(world, client, username):
    case = closed(world)
    client.force_login(world.users[username])
    assert client.post(url("case-reopen", case), {"reason": "Kekerasan berulang"}).status_code == 403
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED


# --- Monitoring --------------------------------------------------------------------------------------


def test_the_team_records_a_follow_up_with_its_outcome(world, client):
    case = closed(world)
    follow_up = case.monitoring_follow_ups.first()
    html = page(client, world.psikolog, case)
    prefix = f"fu-{follow_up.code}"
    assert f'name="{prefix}-done_on"' in html and f'name="{prefix}-outcome"' in html
    response = client.post(
        url("monitoring-follow-up", case, follow_up.code),
        {f"{prefix}-done_on": timezone.localdate().isoformat(), f"{prefix}-outcome": OUTCOME},
    )
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.is_done and follow_up.outcome == OUTCOME and follow_up.recorded_by == world.psikolog
    html = page(client, world.psikolog, case)
    assert OUTCOME in html and f'name="{prefix}-outcome"' not in html


def test_a_bad_follow_up_keeps_what_was_typed_beside_its_fields(world, client):
    case = closed(world)
    follow_up = case.monitoring_follow_ups.first()
    prefix = f"fu-{follow_up.code}"
    client.force_login(world.manajer)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        url("monitoring-follow-up", case, follow_up.code),
        {f"{prefix}-done_on": tomorrow, f"{prefix}-outcome": OUTCOME},
    )
    assert response.status_code == 200
    form = dict(response.context["follow_ups"])[follow_up]
    assert "done_on" in form.errors
    assert OUTCOME in response.content.decode()
    assert not MonitoringFollowUp.objects.get(pk=follow_up.pk).is_done


def test_a_follow_up_of_another_case_is_a_404(world, client):
    case = closed(world)
    follow_up = case.monitoring_follow_ups.first()
    client.force_login(world.kepala)
    prefix = f"fu-{follow_up.code}"
    data = {f"{prefix}-done_on": timezone.localdate().isoformat(), f"{prefix}-outcome": OUTCOME}
    assert client.post(url("monitoring-follow-up", world.case_b, follow_up.code), data).status_code == 404


# --- Scope -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", OUTSIDERS)
def test_outsiders_get_404_on_every_closure_address(world, client, username):
    case = closed(world)
    follow_up = case.monitoring_follow_ups.first()
    client.force_login(world.users[username])
    assert client.get(url("closure", case)).status_code == 404
    for name in ("closure-request", "closure-approve", "closure-return", "case-reopen"):
        assert client.post(url(name, case), {"reason": "x", "summary": "x", "comment": "x"}).status_code == 404, name
    assert client.post(url("monitoring-follow-up", case, follow_up.code), {}).status_code == 404
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED


def test_a_complaint_has_no_closure_page(world, client):
    client.force_login(world.pengaduan)
    assert client.get(url("closure", world.intake_c)).status_code == 404


def test_the_closure_page_runs_a_fixed_number_of_queries(world, client):
    client.force_login(world.kepala)

    def counted() -> int:
        with max_queries(40) as captured:
            assert client.get(url("closure", world.case_a)).status_code == 200
        return len([q for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]])

    first = closure_request(actor=world.manajer, case=world.case_a, reason=ClosureReason.NEEDS_MET, summary=SUMMARY)
    closure_return(actor=world.kepala, request=first, comment="Belum")
    few = counted()
    for _ in range(3):
        closure_return(actor=world.kepala, request=requested(world), comment="Belum")
    case = closed(world)
    monitoring_follow_up_record(
        actor=world.manajer, follow_up=case.monitoring_follow_ups.first(), done_on=timezone.localdate(), outcome=OUTCOME
    )
    case_reopen(actor=world.kepala, case=case, reason="Kekerasan berulang")
    closed(world)
    assert counted() <= few
