"""Case management pages (issue 4): outreach visits, health services, assessments and the
intervention plan with the head's approval, in the browser."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from cases.models import (
    Assessment,
    Case,
    CaseEvent,
    CaseStatus,
    HealthService,
    HealthServiceKind,
    InterventionPlan,
    OutreachVisit,
    Person,
    PersonRole,
    PlanItem,
    PlanItemStatus,
    PlanStatus,
    Region,
)
from cases.services import (
    assessment_record,
    health_service_record,
    outreach_record,
    plan_approve,
    plan_item_add,
    plan_submit,
)
from cases.vocabularies import ServiceType
from tests.conftest import max_queries
from tests.factories import PersonFactory
from uptdppa.accounts.models import Organisation

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
RESULT = "Korban ditemukan di rumah kerabat, kondisi stabil."
FINDINGS = "Luka memar pada lengan kiri atas."
NEEDS = "Saya ingin tetap sekolah dan tidak kembali ke rumah itu."
OUTSIDERS = ("manajer_lain", "penghubung", "pimpinan", "operator", "admin")


def url(name: str, case: Case, *args: object) -> str:
    return reverse(f"cases:{name}", args=[case.code, *args])


def victim_of(case: Case) -> Person:
    return case.people.get(role=PersonRole.VICTIM)


def kelurahan() -> Region:
    return Region.objects.filter(level="kelurahan").order_by("code").first()  # type: ignore[return-value]


def hospital() -> Organisation:
    return Organisation.objects.get(name="RS Bhayangkara Jambi")


def police() -> Organisation:
    return Organisation.objects.get(name="Polresta Jambi Unit PPA")


def html_of(response) -> str:  # type: ignore[no-untyped-def]
    return " ".join(response.content.decode().split())


def levels(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [m.level_tag for m in get_messages(response.wsgi_request)]


def days(n: int) -> str:
    return (TODAY() + timedelta(days=n)).isoformat()


def visit_data(world, **changes: object) -> dict[str, object]:  # type: ignore[no-untyped-def]
    data: dict[str, object] = {
        "visited_on": days(-1),
        "team": [str(world.manajer.code), str(world.psikolog.code)],
        "region": kelurahan().code,
        "purpose": "Kunjungan rumah",
        "result": RESULT,
        "next_step": "Asesmen lanjutan",
    }
    return data | changes


def item_data(world, **changes: object) -> dict[str, object]:  # type: ignore[no-untyped-def]
    data: dict[str, object] = {
        "service": ServiceType.KESEHATAN,
        "description": "Pemeriksaan kesehatan lanjutan",
        "responsible_user": str(world.manajer.code),
        "due_on": days(14),
    }
    return data | changes


def add_item(world, case: Case | None = None, **kwargs: object) -> PlanItem:  # type: ignore[no-untyped-def]
    values = {
        "actor": world.manajer,
        "case": case or world.case_a,
        "service": ServiceType.KESEHATAN,
        "description": "Pemeriksaan kesehatan lanjutan",
        "due_on": TODAY() + timedelta(days=14),
        "responsible_user": world.manajer,
    } | kwargs
    return plan_item_add(**values)


def approved_item(world, **kwargs: object) -> PlanItem:  # type: ignore[no-untyped-def]
    item = add_item(world, **kwargs)
    plan_submit(actor=world.manajer, plan=item.plan, made_with_beneficiary=True)
    plan_approve(actor=world.kepala, plan=item.plan)
    return item


def close(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED)


# --- The page -----------------------------------------------------------------------------------


def test_the_page_lists_visits_health_services_assessments_and_the_plan(world, client):
    case, victim = world.case_a, victim_of(world.case_a)
    outreach_record(
        actor=world.manajer,
        case=case,
        visited_on=TODAY(),
        team=[world.manajer],
        purpose="Penjemputan korban",
        region=kelurahan(),
        result=RESULT,
        is_emergency=True,
        partners=[police()],
        next_step="Visum di rumah sakit",
    )
    health_service_record(
        actor=world.manajer,
        victim=victim,
        kind=HealthServiceKind.VISUM,
        requested_on=TODAY(),
        facility=hospital(),
        done_on=TODAY(),
        result=FINDINGS,
    )
    assessment_record(
        actor=world.psikolog, victim=victim, assessed_on=TODAY(), social="Tinggal dengan nenek", needs_and_hopes=NEEDS
    )
    add_item(world, description="Konseling keluarga", responsible_user=None, responsible_organisation=hospital())
    client.force_login(world.manajer)
    response = client.get(url("support", case))
    assert response.status_code == 200
    html = html_of(response)
    for text in (
        "Penjemputan korban",
        RESULT,
        "Visum di rumah sakit",
        police().name,
        kelurahan().name,
        FINDINGS,
        hospital().name,
        "Tinggal dengan nenek",
        NEEDS,
        "Konseling keluarga",
        'class="nav-link active" aria-current="page"',
    ):
        assert text in html, text
    for name in ("support-outreach-add", "support-health-add", "support-plan-item-add", "support-plan-submit"):
        assert url(name, case) in html, name
    assert url("support-assessment-add", case) + f"?korban={victim.code}" in html
    assert url("support-plan-decide", case) not in html


def test_a_complaint_awaiting_triage_shows_outreach_only_and_its_officer_records_a_visit(world, client):
    client.force_login(world.pengaduan)
    page = client.get(url("support", world.intake_c))
    assert page.status_code == 200
    html = html_of(page)
    assert url("support-outreach-add", world.intake_c) in html and 'id="plan"' not in html
    response = client.post(
        url("support-outreach-add", world.intake_c), visit_data(world, team=[str(world.pengaduan.code)])
    )
    assert response.status_code == 302 and response["Location"] == url("support", world.intake_c)
    assert OutreachVisit.objects.get().case == world.intake_c
    # An intake officer records no other service, even where they see the complaint.
    assert client.get(url("support-health-add", world.intake_c)).status_code == 403


def test_the_outreach_form_offers_the_user_in_the_team(world, client):
    client.force_login(world.manajer)
    response = client.get(url("support-outreach-add", world.case_a))
    assert response.status_code == 200
    assert response.context["form"].initial["team"] == [world.manajer]


def test_an_emergency_rescue_is_recorded_with_its_partners_through_the_page(world, client):
    client.force_login(world.manajer)
    data = visit_data(world, is_emergency="on", partners=[str(police().code), str(hospital().code)])
    response = client.post(url("support-outreach-add", world.case_a), data)
    assert response.status_code == 302 and levels(response) == ["success"]
    visit = OutreachVisit.objects.get()
    assert visit.is_emergency and set(visit.partners.all()) == {police(), hospital()}
    assert set(visit.team.all()) == {world.manajer, world.psikolog} and visit.result == RESULT


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"visited_on": days(1)}, "visited_on"),
        ({"place_other": "Jl. Lintas Timur km 5, Muaro Jambi"}, "place_other"),
        ({"region": ""}, "region"),
        ({"team": []}, "team"),
        ({"purpose": ""}, "purpose"),
    ],
)
def test_a_bad_visit_is_shown_with_the_message_and_everything_typed(world, client, changes, field):
    client.force_login(world.manajer)
    response = client.post(url("support-outreach-add", world.case_a), visit_data(world, **changes))
    assert response.status_code == 200 and field in response.context["form"].errors
    html = html_of(response)
    assert RESULT in html and "Asesmen lanjutan" in html
    assert not OutreachVisit.objects.exists()


def test_a_future_date_is_reported_with_the_forms_other_errors_on_the_first_submit(world, client):
    """The date's rule (cases.services.common.future_date_error) runs in the form too
    (cases.forms.common.no_future_dates), so a missing purpose and a visit tomorrow come back
    together rather than the date only once the purpose is given."""
    client.force_login(world.manajer)
    response = client.post(url("support-outreach-add", world.case_a), visit_data(world, visited_on=days(1), purpose=""))
    errors = response.context["form"].errors
    assert {"visited_on", "purpose"} <= set(errors)
    assert errors["visited_on"] == ["Tanggal tidak boleh di masa mendatang."]
    assert not OutreachVisit.objects.exists()


# --- Health services ----------------------------------------------------------------------------


def test_a_visum_is_requested_then_its_result_recorded_through_the_pages(world, client):
    client.force_login(world.manajer)
    victim = victim_of(world.case_a)
    data = {
        "victim": str(victim.code),
        "kind": HealthServiceKind.VISUM,
        "facility": str(hospital().code),
        "requested_on": days(-2),
    }
    assert client.post(url("support-health-add", world.case_a), data).status_code == 302
    service = HealthService.objects.get()
    assert not service.is_done
    page = html_of(client.get(url("support", world.case_a)))
    complete_url = url("support-health-complete", world.case_a, service.code)
    assert complete_url in page
    response = client.post(complete_url, {"done_on": days(0), "result": FINDINGS})
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.is_done and service.result == FINDINGS
    assert FINDINGS in html_of(client.get(url("support", world.case_a)))
    assert FINDINGS not in str(list(CaseEvent.objects.values_list("data", flat=True)))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"requested_on": days(1)}, "requested_on"),
        ({"result": FINDINGS}, "done_on"),
        ({"facility": ""}, "facility"),
        ({"facility_other": "Klinik Pratama Sehat"}, "facility_other"),
        ({"done_on": days(-3), "result": FINDINGS}, "done_on"),
    ],
)
def test_a_bad_health_service_keeps_what_was_typed(world, client, changes, field):
    client.force_login(world.manajer)
    data = {
        "victim": str(victim_of(world.case_a).code),
        "kind": HealthServiceKind.VISUM,
        "facility": str(hospital().code),
        "requested_on": days(-2),
        "result": "",
    } | changes
    response = client.post(url("support-health-add", world.case_a), data)
    assert response.status_code == 200 and field in response.context["form"].errors, response.context["form"].errors
    if changes.get("result"):
        assert FINDINGS in html_of(response)
    assert not HealthService.objects.exists()


def test_a_health_result_is_required_to_record_it_done(world, client):
    service = health_service_record(
        actor=world.manajer,
        victim=victim_of(world.case_a),
        kind="medical_care",
        requested_on=TODAY(),
        facility=hospital(),
    )
    client.force_login(world.manajer)
    response = client.post(
        url("support-health-complete", world.case_a, service.code), {"done_on": days(0), "result": ""}
    )
    assert response.status_code == 200 and "result" in response.context["form"].errors


# --- Assessment ---------------------------------------------------------------------------------


def test_an_assessment_is_recorded_through_the_page_and_kept_off_the_timeline(world, client):
    client.force_login(world.psikolog)
    victim = victim_of(world.case_a)
    form = client.get(url("support-assessment-add", world.case_a) + f"?korban={victim.code}")
    assert form.context["form"].initial["victim"] == str(victim.code)
    data = {
        "victim": str(victim.code),
        "assessed_on": days(0),
        "psychological": "Cemas, sulit tidur",
        "needs_and_hopes": NEEDS,
    }
    response = client.post(url("support-assessment-add", world.case_a), data)
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert assessment.needs_and_hopes == NEEDS and assessment.assessor == world.psikolog
    events = str(list(CaseEvent.objects.values_list("data", flat=True)))
    assert NEEDS not in events and "Cemas" not in events


def test_an_empty_assessment_is_refused_with_the_message_and_the_date_kept(world, client):
    client.force_login(world.manajer)
    data = {"victim": str(victim_of(world.case_a).code), "assessed_on": days(-4)}
    response = client.post(url("support-assessment-add", world.case_a), data)
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert f'value="{days(-4)}"' in html_of(response)


def test_a_future_assessment_date_is_refused(world, client):
    client.force_login(world.manajer)
    data = {"victim": str(victim_of(world.case_a).code), "assessed_on": days(1), "social": "Tinggal dengan nenek"}
    response = client.post(url("support-assessment-add", world.case_a), data)
    assert "assessed_on" in response.context["form"].errors and "Tinggal dengan nenek" in html_of(response)


def test_a_perpetrator_cannot_be_assessed_as_a_victim(world, client):
    perpetrator = PersonFactory(case=world.case_a, role=PersonRole.PERPETRATOR)
    client.force_login(world.manajer)
    data = {"victim": str(perpetrator.code), "assessed_on": days(0), "social": "x"}
    response = client.post(url("support-assessment-add", world.case_a), data)
    assert "victim" in response.context["form"].errors and not Assessment.objects.exists()


# --- Intervention plan --------------------------------------------------------------------------


def test_the_plan_approval_loop_through_the_pages(world, client):
    case = world.case_a
    client.force_login(world.manajer)
    assert client.post(url("support-plan-item-add", case), item_data(world)).status_code == 302
    first = PlanItem.objects.get()

    # Submitting needs the "made with the beneficiary" confirmation.
    response = client.post(url("support-plan-submit", case), {})
    assert response.status_code == 200 and "made_with_beneficiary" in response.context["form"].errors
    assert client.post(url("support-plan-submit", case), {"made_with_beneficiary": "on"}).status_code == 302
    plan = InterventionPlan.objects.get()
    assert plan.status == PlanStatus.SUBMITTED
    page = html_of(client.get(url("support", case)))
    assert url("support-plan-item-add", case) not in page and url("support-plan-decide", case) not in page

    # Only the head decides: the case manager is refused.
    assert client.get(url("support-plan-decide", case)).status_code == 403
    assert client.post(url("support-plan-decide", case), {"decision": "approve"}).status_code == 403

    client.force_login(world.kepala)
    assert url("support-plan-decide", case) in html_of(client.get(url("support", case)))
    response = client.post(url("support-plan-decide", case), {"decision": "return", "comment": " "})
    assert response.status_code == 200 and "comment" in response.context["form"].errors
    response = client.post(
        url("support-plan-decide", case), {"decision": "return", "comment": "Tambahkan layanan hukum."}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.RETURNED

    client.force_login(world.manajer)
    page = html_of(client.get(url("support", case)))
    assert "Tambahkan layanan hukum." in page and url("support-plan-item-add", case) in page
    data = item_data(world, service=ServiceType.BANTUAN_HUKUM, responsible_user=str(world.hukum.code))
    assert client.post(url("support-plan-item-add", case), data).status_code == 302
    assert client.post(url("support-plan-item-remove", case, first.code), {"confirm": "yes"}).status_code == 302
    assert client.post(url("support-plan-submit", case), {"made_with_beneficiary": "on"}).status_code == 302

    client.force_login(world.kepala)
    assert client.post(url("support-plan-decide", case), {"decision": "approve", "comment": ""}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.decided_by == world.kepala

    client.force_login(world.manajer)
    item = PlanItem.objects.get()
    page = html_of(client.get(url("support", case)))
    assert url("support-plan-item-status", case, item.code) in page and url("support-plan-item-add", case) not in page
    response = client.post(url("support-plan-item-status", case, item.code), {"status": PlanItemStatus.DONE})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == PlanItemStatus.DONE
    history = html_of(client.get(url("support", case)))
    assert history.count("<li><time datetime=") == 4  # submitted, returned, submitted, approved


def test_an_item_is_waived_only_with_a_reason(world, client):
    item = approved_item(world)
    client.force_login(world.manajer)
    response = client.post(url("support-plan-item-status", world.case_a, item.code), {"status": "waived"})
    assert response.status_code == 200 and "waive_reason" in response.context["form"].errors
    data = {"status": "waived", "waive_reason": "Korban menolak layanan."}
    assert client.post(url("support-plan-item-status", world.case_a, item.code), data).status_code == 302
    item.refresh_from_db()
    assert item.status == PlanItemStatus.WAIVED
    assert "Korban menolak layanan." in html_of(client.get(url("support", world.case_a)))


@pytest.mark.parametrize(
    "changes",
    [
        {"responsible_user": ""},
        {"responsible_organisation": "ORG"},
    ],
)
def test_an_item_needs_exactly_one_responsible_and_keeps_what_was_typed(world, client, changes):
    if changes.get("responsible_organisation") == "ORG":
        changes = {"responsible_organisation": str(hospital().code)}
    client.force_login(world.manajer)
    response = client.post(url("support-plan-item-add", world.case_a), item_data(world, **changes))
    assert response.status_code == 200 and "responsible_user" in response.context["form"].errors
    assert "Pemeriksaan kesehatan lanjutan" in html_of(response)
    assert not PlanItem.objects.exists()


def test_an_overdue_item_is_highlighted(world, client):
    approved_item(world, due_on=TODAY() - timedelta(days=1))
    approved_done = PlanItem.objects.get()
    client.force_login(world.manajer)
    html = html_of(client.get(url("support", world.case_a)))
    assert 'class="plan-item table-danger"' in html
    PlanItem.objects.filter(pk=approved_done.pk).update(status=PlanItemStatus.DONE)
    assert "table-danger" not in html_of(client.get(url("support", world.case_a)))


def test_submitting_or_deciding_without_a_plan_is_refused_cleanly(world, client):
    client.force_login(world.kepala)
    for name in ("support-plan-submit", "support-plan-decide"):
        data = {"made_with_beneficiary": "on", "decision": "approve"}
        response = client.post(url(name, world.case_a), data, follow=True)
        assert response.redirect_chain == [(url("support", world.case_a), 302)]
        assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not InterventionPlan.objects.exists()


def test_removing_an_item_of_a_submitted_plan_shows_the_refusal(world, client):
    item = add_item(world)
    plan_submit(actor=world.manajer, plan=item.plan, made_with_beneficiary=True)
    client.force_login(world.manajer)
    response = client.post(url("support-plan-item-remove", world.case_a, item.code), {"confirm": "yes"})
    assert response.status_code == 302 and levels(response) == ["error"]
    assert PlanItem.objects.filter(pk=item.pk).exists()


def test_an_item_is_changed_from_the_plan_page_in_one_load_and_refused_like_an_added_one(world, client):
    item = add_item(world)
    client.force_login(world.manajer)
    page = html_of(client.get(url("support", world.case_a)))
    edit = url("support-plan-item-edit", world.case_a, item.code)
    assert f'hx-get="{edit}"' in page and f'href="{edit}"' in page  # in the row; a page without JavaScript
    inline = client.get(edit, HTTP_HX_REQUEST="true")
    assert "<html" not in html_of(inline) and 'value="Pemeriksaan kesehatan lanjutan"' in html_of(inline)
    assert client.get(edit).status_code == 200  # the same form as a page
    refused = client.post(edit, item_data(world, description="Rujukan psikolog", responsible_user=""))
    assert refused.status_code == 200 and "responsible_user" in refused.context["form"].errors
    assert "Rujukan psikolog" in html_of(refused)  # what was typed is kept
    data = item_data(
        world,
        service=ServiceType.REHABILITASI_SOSIAL,
        description="Konseling",
        responsible_user=str(world.psikolog.code),
    )
    response = client.post(edit, data)
    assert response.status_code == 302 and response["Location"] == url("support", world.case_a) + "#plan"
    item.refresh_from_db()
    assert (item.service, item.description, item.responsible_user) == (
        ServiceType.REHABILITASI_SOSIAL,
        "Konseling",
        world.psikolog,
    )


def test_an_approved_item_is_updated_in_its_row_on_the_plan_page(world, client):
    item = approved_item(world)
    client.force_login(world.manajer)
    page = html_of(client.get(url("support", world.case_a)))
    action = url("support-plan-item-status", world.case_a, item.code)
    assert f'action="{action}"' in page and f'id="status-{item.code}"' in page
    response = client.post(action, {"status": PlanItemStatus.IN_PROGRESS})
    assert response["Location"] == url("support", world.case_a) + "#plan"
    item.refresh_from_db()
    assert item.status == PlanItemStatus.IN_PROGRESS


def test_removing_an_item_asks_for_confirmation_first(world, client):
    item = add_item(world)
    client.force_login(world.manajer)
    remove = url("support-plan-item-remove", world.case_a, item.code)
    page = html_of(client.get(url("support", world.case_a)))
    assert f'action="{remove}"' in page and 'name="confirm" value="yes"' in page and "<details" in page
    asked = client.post(remove)
    assert asked.status_code == 200 and "Hapus kegiatan rencana" in html_of(asked)
    assert PlanItem.objects.filter(pk=item.pk).exists()
    assert client.post(remove, {"confirm": "yes"})["Location"] == url("support", world.case_a) + "#plan"
    assert not PlanItem.objects.filter(pk=item.pk).exists()


# --- Closed case --------------------------------------------------------------------------------


def test_a_closed_case_offers_no_action_and_refuses_posted_writes(world, client):
    case = world.case_a
    item = approved_item(world)
    service = health_service_record(
        actor=world.manajer, victim=victim_of(case), kind="medical_care", requested_on=TODAY(), facility=hospital()
    )
    close(case)
    client.force_login(world.kepala)
    html = html_of(client.get(url("support", case)))
    assert 'id="closed-note"' in html
    for name in ("support-outreach-add", "support-health-add", "support-assessment-add", "support-plan-item-add"):
        assert url(name, case) not in html, name
    assert url("support-plan-item-status", case, item.code) not in html
    assert url("support-health-complete", case, service.code) not in html

    victim = str(victim_of(case).code)
    posts = [
        (url("support-outreach-add", case), visit_data(world)),
        (
            url("support-health-add", case),
            {"victim": victim, "kind": "medical_care", "facility": str(hospital().code), "requested_on": days(0)},
        ),
        (url("support-health-complete", case, service.code), {"done_on": days(0), "result": FINDINGS}),
        (url("support-assessment-add", case), {"victim": victim, "assessed_on": days(0), "social": "x"}),
        (url("support-plan-item-add", case), item_data(world)),
        (url("support-plan-item-status", case, item.code), {"status": "done"}),
    ]
    for path, data in posts:
        response = client.post(path, data)
        assert response.status_code == 200, path
        assert response.context["form"].non_field_errors(), path
        assert 'role="alert"' in response.content.decode()
    response = client.post(url("support-plan-item-remove", case, item.code), {"confirm": "yes"})
    assert response.status_code == 302 and levels(response) == ["error"]
    assert OutreachVisit.objects.count() == 0 and HealthService.objects.count() == 1
    assert not Assessment.objects.exists() and PlanItem.objects.count() == 1
    item.refresh_from_db()
    assert item.status == PlanItemStatus.PLANNED


# --- Access -------------------------------------------------------------------------------------


def every_request(world) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(method, url) of every page of this module, each with the methods it answers."""
    case = world.case_a
    item = add_item(world)
    service = health_service_record(
        actor=world.manajer, victim=victim_of(case), kind="medical_care", requested_on=TODAY(), facility=hospital()
    )
    forms = [
        url("support-outreach-add", case),
        url("support-health-add", case),
        url("support-health-complete", case, service.code),
        url("support-assessment-add", case),
        url("support-plan-item-add", case),
        url("support-plan-item-status", case, item.code),
        url("support-plan-submit", case),
        url("support-plan-decide", case),
    ]
    return [
        ("get", url("support", case)),
        ("post", url("support-plan-item-remove", case, item.code)),
        *(("get", path) for path in forms),
        *(("post", path) for path in forms),
    ]


@pytest.mark.parametrize("username", OUTSIDERS)
def test_every_page_is_a_404_for_users_outside_the_case(world, client, username):
    requests = every_request(world)
    client.force_login(world.users[username])
    data = {"made_with_beneficiary": "on", "decision": "approve", "status": "done"}
    for method, path in requests:
        assert getattr(client, method)(path, data if method == "post" else None).status_code == 404, (method, path)
    assert PlanItem.objects.count() == 1 and InterventionPlan.objects.get().status == PlanStatus.DRAFT


def test_the_case_manager_cannot_open_the_head_s_decision(world, client):
    item = add_item(world)
    plan_submit(actor=world.manajer, plan=item.plan, made_with_beneficiary=True)
    client.force_login(world.manajer)
    response = client.post(url("support-plan-decide", world.case_a), {"decision": "return", "comment": "x"})
    assert response.status_code == 403
    assert InterventionPlan.objects.get().status == PlanStatus.SUBMITTED


def test_an_item_of_another_case_is_a_404(world, client):
    item = add_item(world, case=world.case_b, actor=world.kepala)
    client.force_login(world.kepala)
    assert client.post(url("support-plan-item-remove", world.case_a, item.code)).status_code == 404
    assert PlanItem.objects.filter(pk=item.pk).exists()


# --- Query count --------------------------------------------------------------------------------


def test_the_page_runs_a_fixed_number_of_queries_whatever_the_number_of_records(world, client):
    client.force_login(world.kepala)
    case = world.case_a

    def counted() -> int:
        # 10 of them fetch the case (case_get_for_user); 1 the referrals carrying out plan items.
        with max_queries(20) as captured:
            assert client.get(url("support", case)).status_code == 200
        return len(captured.captured_queries)

    def add_records() -> None:
        victim = PersonFactory(case=case)
        outreach_record(
            actor=world.manajer,
            case=case,
            visited_on=TODAY(),
            team=[world.manajer, world.psikolog],
            purpose="Kunjungan",
            region=kelurahan(),
            partners=[police()],
        )
        health_service_record(
            actor=world.manajer, victim=victim, kind="visum_et_repertum", requested_on=TODAY(), facility=hospital()
        )
        assessment_record(actor=world.manajer, victim=victim, assessed_on=TODAY(), social="x")
        add_item(world, responsible_user=None, responsible_organisation=hospital())
        add_item(world)

    add_records()
    few = counted()
    for _ in range(8):
        add_records()
    assert counted() == few


def test_the_services_page_points_to_the_psychological_sessions_on_the_protection_tab(world, client):
    client.force_login(world.psikolog)
    html = html_of(client.get(url("support", world.case_a)))
    pointer = html[html.index('id="protection-pointer"') :]
    assert (
        "Sesi psikologis" in pointer[:400]
        and f'href="{reverse("cases:protection", args=[world.case_a.code])}"' in pointer[:400]
    )
