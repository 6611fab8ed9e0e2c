"""Register numbers under concurrent registration, and referral letter numbers, which come from
the same counter code (cases.services.registry.yearly_number_issue), on a real PostgreSQL (what
production runs)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
import time_machine
from django.conf import settings
from django.db import connection, connections, transaction
from django.utils import timezone

from cases.models import Case, CaseStatus, RegisterCounter, TriageOutcome
from cases.services import triage_decide
from cases.services.registry import YearlyNumber, yearly_number_issue
from cases.vocabularies import Authority, CaseType, Risk
from referrals.models import LetterCounter
from tests.factories import CaseFactory, UserFactory
from uptdppa.accounts.models import Role

WORKERS = 8

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks (CI runs it)"),
]


def test_parallel_registrations_get_unique_gap_free_numbers_even_in_a_new_year():
    head = UserFactory(role=Role.KEPALA_UPTD)
    intake = UserFactory(role=Role.PETUGAS_PENGADUAN)
    with time_machine.travel(datetime(2031, 3, 1, 2, 0, tzinfo=UTC), tick=True):
        complaints = [CaseFactory(created_by=intake, status=CaseStatus.RECEIVED) for _ in range(WORKERS)]
        assert not RegisterCounter.objects.filter(year=2031).exists()  # the year's first numbers
        start = threading.Barrier(WORKERS)
        errors: list[BaseException] = []

        def register(case: Case) -> None:
            try:
                start.wait()
                triage_decide(
                    actor=head,
                    case=case,
                    outcome=TriageOutcome.ACCEPTED,
                    case_type=CaseType.AMPK,
                    risk=Risk.TINGGI,
                    authority=Authority.DAERAH,
                )
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=register, args=(case,)) for case in complaints]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert errors == []
    registered = Case.objects.filter(pk__in=[c.pk for c in complaints])
    assert sorted(registered.values_list("register_seq", flat=True)) == list(range(1, WORKERS + 1))
    numbers = set(registered.values_list("register_number", flat=True))
    assert len(numbers) == WORKERS and all(n.endswith("/III/2031") for n in numbers)
    assert RegisterCounter.objects.get(year=2031).last_seq == WORKERS


def test_parallel_referral_letters_get_unique_gap_free_numbers_from_the_same_counter_code():
    issued: list[YearlyNumber] = []
    errors: list[BaseException] = []
    with time_machine.travel(datetime(2032, 11, 1, 2, 0, tzinfo=UTC), tick=True):
        start = threading.Barrier(WORKERS)

        def send() -> None:
            try:
                start.wait()
                with transaction.atomic():
                    number_format = settings.REFERRAL_LETTER_NUMBER_FORMAT
                    issued.append(yearly_number_issue(LetterCounter, at=timezone.now(), number_format=number_format))
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=send) for _ in range(WORKERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert errors == []
    assert sorted(number.seq for number in issued) == list(range(1, WORKERS + 1))
    assert len({number.number for number in issued}) == WORKERS
    assert all(number.number.endswith("/RUJ/UPTD-PPA/XI/2032") for number in issued)
    assert LetterCounter.objects.get(year=2032).last_seq == WORKERS
    assert not RegisterCounter.objects.filter(year=2032).exists()  # each series counts on its own
