"""The demo data's headline (issue 6 item 8): Jan–Oct 2024 shows exactly 83 cases of violence
against children over the five forms, and loading the demo again keeps it at 83."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from cases.models import REGISTERED_STATUSES, Case, Person, PersonRole
from cases.vocabularies import CaseType
from reports.statistics import Period, compute_figures

pytestmark = pytest.mark.django_db

JAN_OCT_2024 = Period(date(2024, 1, 1), date(2024, 10, 31))
FIVE_FORMS = {"fisik", "psikis", "seksual", "penelantaran", "perundungan"}


def test_the_demo_has_83_child_cases_from_january_to_october_2024_over_the_five_forms():
    call_command("seed_demo")
    figures = compute_figures(JAN_OCT_2024)
    assert figures["totals"]["child_cases"] == 83
    assert {form for form, n in figures["child_cases_by_form"].items() if n > 0} >= FIVE_FORMS
    # Adult women's cases and other periods exist, so that the filters change the numbers.
    assert figures["totals"]["cases"] > 83
    assert figures["cases_by_type"].get(CaseType.KTP, 0) > 0
    assert compute_figures(Period(date(2023, 1, 1), date(2023, 12, 31)))["totals"]["child_cases"] > 0
    assert compute_figures(Period(date(2024, 11, 1), date(2024, 12, 31)))["totals"]["child_cases"] > 0


def test_loading_the_demo_twice_keeps_83():
    call_command("seed_demo")
    before = Case.objects.count()
    call_command("seed_demo")
    assert Case.objects.count() == before
    assert compute_figures(JAN_OCT_2024)["totals"]["child_cases"] == 83


def test_the_demo_register_numbers_follow_the_year_of_registration_without_gaps():
    call_command("seed_demo")
    for year in (2023, 2024):
        cases = Case.objects.filter(register_year=year, status__in=REGISTERED_STATUSES).order_by("register_seq")
        assert list(cases.values_list("register_seq", flat=True)) == list(range(1, cases.count() + 1))
        assert all(case.registered_at.year == year and case.register_number.endswith(f"/{year}") for case in cases)
        registered = [case.registered_at for case in cases]
        assert registered == sorted(registered)


def test_the_demo_people_are_obviously_fictional():
    call_command("seed_demo")
    people = Person.objects.filter(case__register_year__in=(2023, 2024))
    assert all(person.full_name.startswith("Contoh ") for person in people)
    niks = [p.nik for p in people.filter(role=PersonRole.VICTIM) if p.nik]
    assert niks and all(nik.startswith("157199") for nik in niks)  # region 15.71.99 does not exist
