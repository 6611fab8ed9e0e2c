"""`make run`'s demo data: one login per role and complaints in every stage, safe to load twice."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cases.models import (
    Assessment,
    Case,
    CaseStatus,
    HealthService,
    LegalEvent,
    OutreachVisit,
    PlanStatus,
    PsychSession,
)
from referrals.models import Referral, ReferralStatus
from uptdppa.accounts.demo import DEMO_PASSWORD, DEMO_USERS
from uptdppa.accounts.models import Role, User

pytestmark = pytest.mark.django_db


def test_the_demo_has_one_login_per_role_and_cases_in_every_stage(capsys):
    call_command("seed_demo")
    assert {u.role for u in User.objects.all()} == set(Role.values)
    assert all(User.objects.get(username=name).check_password(DEMO_PASSWORD) for name, *_ in DEMO_USERS)
    assert Case.objects.filter(status=CaseStatus.RECEIVED).exists()
    registered = Case.objects.filter(status=CaseStatus.OPEN)
    assert registered.exists() and all(case.register_number and case.team.exists() for case in registered)
    assert registered.filter(police_report_due_at__isnull=False).exists()  # the TPKS clock is visible
    assert "demo-uptdppa-2026" in capsys.readouterr().out


def test_the_demo_has_a_case_with_services_on_every_service_page():
    call_command("seed_demo")
    served = Case.objects.get(plan__status=PlanStatus.APPROVED)
    assert served.police_report_number and served.police_report_due_at is None
    assert OutreachVisit.objects.filter(case=served).exists()
    assert Assessment.objects.filter(case=served).exists()
    assert HealthService.objects.filter(case=served).exists()
    assert PsychSession.objects.filter(case=served).exists()
    assert LegalEvent.objects.filter(case=served).exists()
    # The agency liaison has a referral of it to answer in their inbox.
    liaison = User.objects.get(username="penghubung")
    assert Referral.objects.get(case=served, status=ReferralStatus.SENT).organisation == liaison.organisation


def test_loading_the_demo_again_changes_nothing():
    call_command("seed_demo")
    before = (User.objects.count(), Case.objects.count(), Referral.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), Case.objects.count(), Referral.objects.count()) == before


def test_the_demo_is_refused_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("seed_demo")
