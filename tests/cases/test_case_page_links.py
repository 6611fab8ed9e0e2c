"""Links from the case page to the service pages, and what a closed case still accepts."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models import ClosureReason, LegalBasis
from cases.services import closure_approve, closure_request, consent_record
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_an_intake_officer_can_reach_outreach_and_consent_on_a_complaint_awaiting_triage(client, world: World):
    client.force_login(world.pengaduan)
    page = client.get(reverse("cases:detail", args=[world.intake_c.code])).content.decode()
    assert reverse("cases:support", args=[world.intake_c.code]) in page
    assert reverse("cases:consent-add", args=[world.intake_c.code]) in page


def test_a_complaint_that_ended_at_intake_offers_neither(client, world: World):
    client.force_login(world.pengaduan)
    page = client.get(reverse("cases:detail", args=[world.intake_d.code])).content.decode()
    assert reverse("cases:support", args=[world.intake_d.code]) not in page
    assert reverse("cases:consent-add", args=[world.intake_d.code]) not in page


def test_consent_is_not_recorded_on_a_closed_case(world: World):
    request = closure_request(
        actor=world.kepala, case=world.case_b, reason=ClosureReason.NEEDS_MET, summary="Kebutuhan terpenuhi."
    )
    closure_approve(actor=world.kepala, request=request)
    victim = world.case_b.people.first()
    with pytest.raises(ValidationError):
        consent_record(
            actor=world.kepala,
            victim=victim,
            basis=LegalBasis.CONSENT,
            given_on=timezone.localdate(),
            consent_given_by="Ibu korban",
        )
