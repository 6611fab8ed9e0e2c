"""Issue 4's acceptance through /api/v1/ only: a registered case carried from the team's
assignment to an approved closure and its monitoring, with every service type recorded, each
user with their own knox token. Plus the UU TPKS Pasal 23 refusal of a mediation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken

from cases.models import (
    Case,
    CaseEvent,
    CaseStatus,
    ClosureRequest,
    ClosureStatus,
    MonitoringFollowUp,
    Person,
    PersonRole,
)
from cases.services import case_team_add, person_add
from cases.services.closure import add_months
from cases.vocabularies import ViolenceForm
from tests.factories import CaseFactory
from uptdppa.accounts.models import Organisation, OrganisationKind, User

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
LP_NUMBER = "LP/B/123/III/2026/SPKT/POLRESTA JAMBI"
VISUM_RESULT = "Luka memar pada lengan kiri, tidak ada patah tulang."
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


class Api:
    """One user's API client: a knox token in the Authorization header, JSON in and out."""

    def __init__(self, user: User) -> None:
        _, token = AuthToken.objects.create(user=user)
        self.client = Client(HTTP_AUTHORIZATION=f"Token {token}")

    def get(self, path: str, expect: int = 200) -> Any:
        response = self.client.get(f"/api/v1/{path}")
        assert response.status_code == expect, response.content
        return response.json()

    def post(self, path: str, body: dict[str, Any] | None = None, expect: int = 201, **kwargs: Any) -> Any:
        if "data" in kwargs:  # multipart (a file)
            response = self.client.post(f"/api/v1/{path}", kwargs["data"])
        else:
            response = self.client.post(f"/api/v1/{path}", body or {}, content_type="application/json")
        assert response.status_code == expect, response.content
        return response.json()

    def put(self, path: str, body: dict[str, Any], expect: int = 200) -> Any:
        response = self.client.put(f"/api/v1/{path}", body, content_type="application/json")
        assert response.status_code == expect, response.content
        return response.json()


def perpetrator_of(case: Case, age: int = 35) -> Person:
    return person_add(actor=None, case=case, role=PersonRole.PERPETRATOR, estimated_age=age).person


def event_kinds(case: Case) -> set[str]:
    return set(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))


def test_a_case_goes_from_team_assignment_to_approved_closure_and_monitoring_through_the_api(world):
    case = world.case_b  # registered, one victim, no team yet
    victim = case.people.get(role=PersonRole.VICTIM)
    perpetrator = perpetrator_of(case)
    head, manager = Api(world.kepala), Api(world.manajer)
    psychologist, lawyer = Api(world.psikolog), Api(world.hukum)
    cases = f"cases/{case.code}/"
    today = TODAY().isoformat()
    yesterday = (TODAY() - timedelta(days=1)).isoformat()
    hospital = Organisation.objects.filter(kind=OrganisationKind.HEALTH, is_active=True).order_by("pk").first()
    assert hospital is not None

    # Before the team is assigned the case manager does not see the case at all.
    manager.get(cases, expect=404)

    # The head assigns the team.
    for user, team_role in [
        (world.manajer, "manajer_kasus"),
        (world.psikolog, "psikolog"),
        (world.hukum, "pendamping_hukum"),
    ]:
        head.post(f"{cases}team/", {"user": str(user.code), "team_role": team_role})
    team = {(m["user"]["code"], m["team_role"]) for m in manager.get(cases)["team"]}
    assert team == {
        (str(world.manajer.code), "manajer_kasus"),
        (str(world.psikolog.code), "psikolog"),
        (str(world.hukum.code), "pendamping_hukum"),
    }

    # Outreach visit, assessment, visum requested then done with its result.
    visit = manager.post(
        f"{cases}outreach-visits/",
        {
            "visited_on": yesterday,
            "team": [str(world.manajer.code)],
            "purpose": "Penjangkauan ke rumah korban",
            "place_other": "Rumah nenek korban",
            "result": "Korban bersedia didampingi.",
        },
    )
    assert [v["code"] for v in manager.get(f"{cases}outreach-visits/")] == [visit["code"]]
    assessment = manager.post(
        f"{cases}assessments/",
        {"victim": str(victim.code), "assessed_on": today, "psychological": "Cemas.", "needs_and_hopes": "Sekolah."},
    )
    assert assessment["victim"] == str(victim.code) and assessment["psychological"] == "Cemas."
    visum = manager.post(
        f"{cases}health-services/",
        {
            "victim": str(victim.code),
            "kind": "visum_et_repertum",
            "facility": str(hospital.code),
            "requested_on": today,
        },
    )
    assert visum["is_done"] is False
    done = manager.post(
        f"health-services/{visum['code']}/complete/", {"done_on": today, "result": VISUM_RESULT}, expect=200
    )
    assert done["is_done"] is True and done["result"] == VISUM_RESULT

    # Consent, a TPKS right, a shelter stay admitted and discharged.
    consent = manager.post(
        f"{cases}consents/",
        {"victim": str(victim.code), "basis": "consent", "consent_given_by": "ibu", "given_on": today},
    )
    assert consent["basis"] == "consent"
    assert [c["code"] for c in manager.get(f"{cases}consents/")] == [consent["code"]]
    right = manager.put(
        f"{cases}victims/{victim.code}/rights/recovery/",
        {"status": "in_progress", "evidence_note": "Konseling berjalan."},
    )
    assert right["status"] == "in_progress"
    rights = {line["right"]: line["status"] for line in manager.get(f"{cases}victims/{victim.code}/rights/")}
    assert rights["recovery"] == "in_progress" and rights["handling"] == "not_started"
    stay = manager.post(
        f"{cases}shelter-stays/", {"victim": str(victim.code), "place": "Rumah aman", "admitted_on": yesterday}
    )
    assert stay["discharged_on"] is None
    # A victim in shelter holds the case open.
    assert manager.get(f"{cases}closure/")["refusals"]
    discharged = manager.post(f"shelter-stays/{stay['code']}/discharge/", {"discharged_on": today}, expect=200)
    assert discharged["discharged_on"] == today

    # Two plan items, submitted; the head approves; the items are done.
    due = (TODAY() + timedelta(days=14)).isoformat()
    items = [
        manager.post(
            f"{cases}plan/items/",
            {"service": service, "description": text, "due_on": due, "responsible_user": str(user.code)},
        )
        for service, text, user in [
            ("kesehatan", "Konseling psikologis", world.psikolog),
            ("bantuan_hukum", "Pendampingan pelaporan", world.hukum),
        ]
    ]
    # Items of a plan that is not approved cannot be marked done.
    manager.post(f"plan-items/{items[0]['code']}/status/", {"status": "done"}, expect=400)
    plan = manager.post(f"{cases}plan/submit/", {"made_with_beneficiary": True}, expect=200)
    assert plan["status"] == "submitted" and len(plan["items"]) == 2
    manager.post(f"{cases}plan/approve/", {}, expect=403)  # only the head approves
    plan = head.post(f"{cases}plan/approve/", {"comment": "Setuju."}, expect=200)
    assert plan["status"] == "approved" and plan["decided_by"]["code"] == str(world.kepala.code)
    # Open items hold the case open.
    manager.post(f"{cases}closure/request/", {"reason": "needs_met", "summary": "Selesai."}, expect=400)
    for item in items:
        updated = manager.post(f"plan-items/{item['code']}/status/", {"status": "done"}, expect=200)
        assert updated["status"] == "done"
    assert {i["status"] for i in manager.get(f"{cases}plan/")["items"]} == {"done"}

    # The psychologist's session; its notes only for readers of psychological notes.
    session = psychologist.post(
        f"{cases}psych-sessions/",
        {"victim": str(victim.code), "date": today, "method": "Konseling", "observations": "Mulai tenang."},
    )
    assert session["psychologist"]["code"] == str(world.psikolog.code)
    [listed] = psychologist.get(f"{cases}psych-sessions/")
    assert listed["observations"] == "Mulai tenang."
    assert "Mulai tenang." not in lawyer.client.get(f"/api/v1/{cases}psych-sessions/").content.decode()

    # The legal advisor: the police report (its LP number becomes the case's), an accompaniment.
    event = lawyer.post(
        f"{cases}legal-events/",
        {
            "perpetrator": str(perpetrator.code),
            "stage": "laporan_polisi",
            "date": today,
            "reference_number": LP_NUMBER,
            "unit": "Unit PPA Polresta Jambi",
        },
    )
    assert event["stage"] == "laporan_polisi" and event["reference_number"] == LP_NUMBER
    assert lawyer.get(cases)["police_report_number"] == LP_NUMBER
    accompaniment = lawyer.post(
        f"{cases}accompaniments/",
        {
            "victim": str(victim.code),
            "stage": "pelaporan",
            "date": today,
            "place": "Polresta Jambi",
            "staff": [str(world.hukum.code)],
        },
    )
    assert [s["code"] for s in accompaniment["staff"]] == [str(world.hukum.code)]
    aid = lawyer.post(
        f"{cases}legal-aid/",
        {"victim": str(victim.code), "provider_name": "LBH APIK Jambi", "advocate": "Advokat Uji", "started_on": today},
    )
    assert aid["provider_name"] == "LBH APIK Jambi" and aid["ended_on"] is None
    restitution = lawyer.put(
        f"{cases}restitutions/",
        {"victim": str(victim.code), "perpetrator": str(perpetrator.code), "claimed": True, "amount": "15000000.00"},
    )
    assert restitution["claimed"] is True and restitution["amount"] == "15000000.00"

    # No sexual violence here: the case manager may mediate a family dispute, to an agreement.
    mediation = manager.post(
        f"{cases}mediations/",
        {
            "victim": str(victim.code),
            "perpetrator": str(perpetrator.code),
            "dispute_kind": "perdata_keluarga",
            "mediator": str(world.manajer.code),
        },
    )
    assert mediation["status"] == "open"
    mediations = f"mediations/{mediation['code']}/"
    manager.post(f"{mediations}sessions/", {"date": today, "parties_present": "Korban, ibu, terlapor"})
    closed_mediation = manager.post(
        f"{mediations}close/",
        {"outcome": "agreement", "agreement_terms": "Nafkah anak dibayar tiap bulan."},
        expect=200,
    )
    assert closed_mediation["status"] == "agreement"
    manager.post(f"{mediations}follow-ups/", {"date": today, "complied": True})
    [listed_mediation] = manager.get(f"{cases}mediations/")
    assert listed_mediation["status"] == "agreement" and len(listed_mediation["sessions"]) == 1
    assert len(listed_mediation["follow_ups"]) == 1

    # An attachment: a PDF, its type read from the content.
    pdf = ("berita-acara.pdf", PDF, "application/pdf")
    attachment = manager.post(
        f"{cases}attachments/",
        data={"file": SimpleUploadedFile(*pdf), "description": "Laporan polisi"},
    )
    assert attachment["mime_type"] == "application/pdf"
    download = manager.client.get(f"/api/v1/attachments/{attachment['code']}/download/")
    assert download.status_code == 200 and download.getvalue() == PDF

    # Closure: requested by the case manager, approved by the head, follow-ups at 1, 3, 6 months.
    assert manager.get(f"{cases}closure/")["refusals"] == []
    request = manager.post(f"{cases}closure/request/", {"reason": "needs_met", "summary": "Korban kembali bersekolah."})
    assert request["status"] == "requested"
    manager.post(f"{cases}closure/approve/", {}, expect=403)
    approved = head.post(f"{cases}closure/approve/", {}, expect=200)
    assert approved["status"] == "approved"
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closed_at is not None
    assert ClosureRequest.objects.get(case=case).status == ClosureStatus.APPROVED
    overview = manager.get(f"{cases}closure/")
    assert overview["case_status"] == "closed"
    assert [f["due_on"] for f in overview["follow_ups"]] == [add_months(TODAY(), m).isoformat() for m in (1, 3, 6)]

    # A closed case refuses writes; the monitoring follow-up is the exception.
    manager.post(
        f"{cases}outreach-visits/", {"visited_on": today, "team": [], "purpose": "x", "place_other": "y"}, expect=400
    )
    first = overview["follow_ups"][0]
    recorded = manager.post(
        f"follow-ups/{first['code']}/", {"done_on": today, "outcome": "Korban dalam keadaan baik."}, expect=200
    )
    assert recorded["done_on"] == today and recorded["recorded_by"]["code"] == str(world.manajer.code)
    assert MonitoringFollowUp.objects.filter(case=case, done_on__isnull=False).count() == 1
    assert MonitoringFollowUp.objects.filter(case=case, done_on__isnull=True).count() == 2

    # Every service type is on the timeline.
    assert {
        "team_added",
        "outreach_visit",
        "assessment_recorded",
        "health_service_requested",
        "health_service_done",
        "consent_recorded",
        "victim_right_changed",
        "shelter_admitted",
        "shelter_discharged",
        "plan_item_added",
        "plan_submitted",
        "plan_approved",
        "plan_item_status",
        "psych_session",
        "legal_event",
        "police_report",
        "accompaniment",
        "legal_aid_changed",
        "restitution_changed",
        "mediation_opened",
        "mediation_session",
        "mediation_outcome",
        "mediation_follow_up",
        "attachment_added",
        "closure_requested",
        "closure_approved",
        "monitoring_follow_up",
    } <= event_kinds(case)


def test_the_api_refuses_a_mediation_of_sexual_violence_by_an_adult(world):
    case = cast(Case, CaseFactory(created_by=world.pengaduan))
    victim = person_add(
        actor=None, case=case, role=PersonRole.VICTIM, estimated_age=14, violence_forms=[ViolenceForm.SEKSUAL]
    ).person
    perpetrator = perpetrator_of(case, age=40)
    case_team_add(actor=world.kepala, case=case, user=world.manajer, team_role="manajer_kasus")
    body = {
        "victim": str(victim.code),
        "perpetrator": str(perpetrator.code),
        "dispute_kind": "delik_aduan",
        "mediator": str(world.manajer.code),
    }
    refused = Api(world.manajer).post(f"cases/{case.code}/mediations/", body, expect=400)
    assert "UU 12/2022 (TPKS) Pasal 23" in " ".join(refused["errors"]["perpetrator"])
    assert not case.mediations.exists()
