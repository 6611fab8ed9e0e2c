"""Eligibility rules live in the services and are shown where people act (issue 13 §3).

Each rule is tried through the API and through the page with the same input: both refuse, with
the same message. A rule that forbids an action hides its button and says why; a refusal of a
role is a 403 that says who may, never a bare "forbidden".
"""

from __future__ import annotations

import pytest
import rules
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from cases.models import Case, CaseStatus, InterventionPlan, Mediation, PersonRole, PlanItem
from cases.services import person_add, plan_item_add, plan_submit
from cases.services.legal import mediation_refusal
from cases.services.staff import ASSIGNEE_REFUSAL, COMPANION_REFUSAL, MEDIATOR_REFUSAL
from cases.services.triage import case_type_refusal
from cases.vocabularies import CaseType, ServiceType, ViolenceForm
from tests.factories import CaseFactory
from uptdppa.accounts.access import who_may

pytestmark = pytest.mark.django_db

JSON = "application/json"
TODAY = timezone.localdate


def victim_of(case, *forms, age=None):
    return person_add(
        actor=None, case=case, role=PersonRole.VICTIM, violence_forms=list(forms), estimated_age=age, nickname="Ani"
    ).person


def perpetrator_of(case, age=40):
    return person_add(actor=None, case=case, role=PersonRole.PERPETRATOR, estimated_age=age, nickname="Budi").person


def api_errors(client, user, path, body):
    client.force_login(user)
    response = client.post(f"/api/v1/{path}", body, content_type=JSON)
    assert response.status_code == 400, response.content
    return response.json()["errors"]


def page_html(client, user, path, body):
    client.force_login(user)
    response = client.post(path, body)
    assert response.status_code == 200, response.status_code  # the form again, with the errors
    return response.content.decode()


# --- Who may be named for the unit --------------------------------------------------------------


def test_a_manager_outside_the_case_team_is_refused_as_mediator_by_the_api_and_the_page_alike(world, client):
    victim, perpetrator = victim_of(world.case_a, ViolenceForm.PSIKIS), perpetrator_of(world.case_a)
    api_body = {
        "victim": str(victim.code),
        "perpetrator": str(perpetrator.code),
        "dispute_kind": "perdata_keluarga",
        "mediator": str(world.manajer_lain.code),  # an active case manager, not on this case's team
    }
    errors = api_errors(client, world.manajer, f"cases/{world.case_a.code}/mediations/", api_body)
    assert errors["mediator"] == [str(MEDIATOR_REFUSAL)]

    page_body = {**api_body, "victim": victim.code, "perpetrator": perpetrator.code}
    html = page_html(client, world.manajer, reverse("cases:mediation-open", args=[world.case_a.code]), page_body)
    assert escape(str(MEDIATOR_REFUSAL)) in html
    assert 'value="perdata_keluarga" selected' in html  # the rest of the input is kept
    assert not Mediation.objects.exists()


def test_the_mediator_choices_are_the_services_rule(world, client):
    client.force_login(world.manajer)
    html = client.get(reverse("cases:mediation-open", args=[world.case_a.code])).content.decode()
    for user in (world.manajer, world.psikolog, world.hukum, world.kepala):
        assert str(user.code) in html
    for user in (world.manajer_lain, world.pengaduan, world.operator):
        assert str(user.code) not in html


def test_staff_outside_the_team_are_refused_as_companions_by_the_api_and_the_page_alike(world, client):
    victim = victim_of(world.case_a, ViolenceForm.FISIK)
    api_body = {
        "victim": str(victim.code),
        "stage": "pemeriksaan_polisi",
        "date": TODAY().isoformat(),
        "staff": [str(world.manajer_lain.code)],
    }
    errors = api_errors(client, world.manajer, f"cases/{world.case_a.code}/accompaniments/", api_body)
    assert errors["staff"] == [str(COMPANION_REFUSAL)]
    page_body = {**api_body, "victim": victim.code, "staff": [world.manajer_lain.code]}
    html = page_html(client, world.manajer, reverse("cases:accompaniment-add", args=[world.case_a.code]), page_body)
    assert escape(str(COMPANION_REFUSAL)) in html


def test_a_plan_item_for_someone_outside_the_unit_is_refused_by_the_api_and_the_page_alike(world, client):
    body = {
        "service": ServiceType.KESEHATAN,
        "description": "Pemeriksaan lanjutan",
        "due_on": TODAY().isoformat(),
        "responsible_user": str(world.penghubung.code),  # a partner's liaison officer, not unit staff
    }
    errors = api_errors(client, world.manajer, f"cases/{world.case_a.code}/plan/items/", body)
    assert errors["responsible_user"] == [str(ASSIGNEE_REFUSAL)]
    html = page_html(client, world.manajer, reverse("cases:support-plan-item-add", args=[world.case_a.code]), body)
    assert escape(str(ASSIGNEE_REFUSAL)) in html
    assert "Pemeriksaan lanjutan" in html
    assert not PlanItem.objects.exists()


# --- Mediation on a case of sexual violence (UU TPKS Pasal 23) ------------------------------------


def test_the_legal_page_does_not_offer_mediation_on_a_case_of_sexual_violence_and_says_why(world, client):
    client.force_login(world.manajer)
    page = reverse("cases:legal", args=[world.case_a.code])
    opening = reverse("cases:mediation-open", args=[world.case_a.code])
    assert f'href="{opening}"' in client.get(page).content.decode()

    victim_of(world.case_a, ViolenceForm.SEKSUAL)
    html = client.get(page).content.decode()
    assert f'href="{opening}"' not in html
    assert 'id="mediation-refusal"' in html and "Pasal 23" in html
    assert escape(mediation_refusal(Case.objects.get(pk=world.case_a.pk))) in html


def test_a_mediation_item_is_refused_in_the_plan_of_a_sexual_violence_case_by_the_api_and_the_page(world, client):
    victim_of(world.case_a, ViolenceForm.SEKSUAL)
    refusal = mediation_refusal(world.case_a)
    assert refusal and "Pasal 23" in refusal
    body = {
        "service": ServiceType.MEDIASI,
        "description": "Mediasi keluarga",
        "due_on": TODAY().isoformat(),
        "responsible_user": str(world.manajer.code),
    }
    errors = api_errors(client, world.manajer, f"cases/{world.case_a.code}/plan/items/", body)
    assert errors["service"] == [refusal]
    html = page_html(client, world.manajer, reverse("cases:support-plan-item-add", args=[world.case_a.code]), body)
    assert escape(refusal) in html
    assert '<option value="mediasi"' not in html  # not offered, and the reason is beside the field
    assert not PlanItem.objects.exists()


def test_a_plan_whose_mediation_item_predates_the_sexual_violence_is_neither_submitted_nor_approved(world, client):
    plan_item_add(
        actor=world.manajer,
        case=world.case_a,
        service=ServiceType.MEDIASI,
        description="Mediasi keluarga",
        due_on=TODAY(),
        responsible_user=world.manajer,
    )
    victim_of(world.case_a, ViolenceForm.SEKSUAL)
    client.force_login(world.manajer)
    response = client.post(
        f"/api/v1/cases/{world.case_a.code}/plan/submit/", {"made_with_beneficiary": True}, content_type=JSON
    )
    assert response.status_code == 400 and "Pasal 23" in str(response.json())

    # Submitted before the sexual violence was recorded: the head cannot approve it afterwards.
    world.case_a.people.filter(role=PersonRole.VICTIM).delete()
    plan = plan_submit(
        actor=world.manajer, plan=InterventionPlan.objects.get(case=world.case_a), made_with_beneficiary=True
    )
    victim_of(world.case_a, ViolenceForm.SEKSUAL)
    client.force_login(world.kepala)
    response = client.post(f"/api/v1/cases/{world.case_a.code}/plan/approve/", {}, content_type=JSON)
    assert response.status_code == 400 and "Pasal 23" in str(response.json())
    plan.refresh_from_db()
    assert plan.status == "submitted"


# --- Triage: a child victim makes the case AMPK ---------------------------------------------------


@pytest.fixture
def child_complaint(world):
    case = CaseFactory(created_by=world.pengaduan, status=CaseStatus.RECEIVED)
    victim_of(case, ViolenceForm.FISIK, age=14)
    return case


def test_the_triage_form_proposes_ampk_for_a_child_victim(world, client, child_complaint):
    client.force_login(world.pengaduan)
    html = client.get(reverse("cases:triage", args=[child_complaint.code])).content.decode()
    assert '<option value="ampk" selected' in html
    assert 'data-show-if="case_type=ktp"' in html


def test_ktp_for_a_child_victim_needs_a_reason_in_the_api_and_the_page_alike(world, client, child_complaint):
    refusal = case_type_refusal(child_complaint, CaseType.KTP, "")
    assert refusal
    body = {"case_type": CaseType.KTP, "risk": "sedang", "authority": "daerah", "note": "Catatan triase"}
    errors = api_errors(client, world.pengaduan, f"cases/{child_complaint.code}/triage/propose/", body)
    assert errors["case_type_reason"] == [refusal]
    html = page_html(client, world.pengaduan, reverse("cases:triage", args=[child_complaint.code]), body)
    assert escape(refusal) in html and "Catatan triase" in html
    child_complaint.refresh_from_db()
    assert not child_complaint.case_type

    client.force_login(world.pengaduan)
    reason = "Korban sebenarnya berusia 19 tahun; usia di laporan keliru."
    response = client.post(
        f"/api/v1/cases/{child_complaint.code}/triage/propose/", {**body, "case_type_reason": reason}, content_type=JSON
    )
    assert response.status_code == 200
    child_complaint.refresh_from_db()
    assert child_complaint.case_type == CaseType.KTP and child_complaint.case_type_reason == reason


def test_ktp_for_adult_victims_and_ampk_for_children_need_no_reason(world):
    adult = CaseFactory(created_by=world.pengaduan, status=CaseStatus.RECEIVED)
    victim_of(adult, ViolenceForm.FISIK, age=30)
    child = CaseFactory(created_by=world.pengaduan, status=CaseStatus.RECEIVED)
    victim_of(child, ViolenceForm.FISIK, age=17)
    assert case_type_refusal(adult, CaseType.KTP, "") is None
    assert case_type_refusal(child, CaseType.AMPK, "") is None
    assert case_type_refusal(child, CaseType.KTP, "   ")


# --- A refusal says who may ---------------------------------------------------------------------


def test_a_legal_advisor_opening_a_mediation_is_told_who_may(world, client):
    client.force_login(world.hukum)
    response = client.get(reverse("cases:mediation-open", args=[world.case_a.code]))
    assert response.status_code == 403
    html = response.content.decode()
    assert escape(who_may("cases.manage_mediation")) in html
    response = client.post(f"/api/v1/cases/{world.case_a.code}/mediations/", {}, content_type=JSON)
    assert response.status_code == 403 and who_may("cases.manage_mediation") in str(response.json())


def test_every_action_permission_says_who_may():
    generic = who_may("no.such_permission")
    apps = ("cases.", "referrals.", "dataprotection.", "reports.")
    missing = [
        name
        for name in rules.permissions.permissions
        if name.startswith(apps)
        and ".view_" not in name
        and name not in {"cases.add_region", "cases.change_region", "reports.see_small_cells"}
        and who_may(name) == generic
    ]
    assert not missing, missing
