"""UU 11/2012 (SPPA) Pasal 7 diversion conditions as pure checks, without a database: the
service's checker (cases.services.legal._diversion_errors) on unsaved records."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cases.models import LegalEvent, Person, PersonRole
from cases.services.legal import _diversion_errors
from cases.vocabularies import LegalStage

GOOD = {
    "offence_max_penalty_years": Decimal("5"),
    "repeat_offence": False,
    "victim_consent": True,
    "victim_consent_by": "Ibu korban",
}


def errors(age: int | None, **changes: object) -> dict[str, str]:
    event = LegalEvent(stage=LegalStage.DIVERSI)
    perpetrator = Person(role=PersonRole.PERPETRATOR, age_at_incident=age)
    return _diversion_errors(event, perpetrator=perpetrator, **{**GOOD, **changes})  # type: ignore[arg-type]


@pytest.mark.parametrize("age", [12, 15, 17])
def test_a_child_of_12_to_under_18_meeting_every_condition_passes(age):
    assert errors(age) == {}


@pytest.mark.parametrize("age", [0, 11, 18, 30])
def test_an_age_outside_12_to_17_fails_on_the_perpetrator(age):
    assert set(errors(age)) == {"perpetrator"}


def test_an_unknown_age_fails_on_the_perpetrator():
    assert set(errors(None)) == {"perpetrator"}


@pytest.mark.parametrize(
    ("years", "ok"), [(0, True), (Decimal("6.99"), True), (7, False), (Decimal("7.0"), False), (20, False)]
)
def test_the_offence_must_be_punishable_by_under_7_years(years, ok):
    assert ("offence_max_penalty_years" not in errors(15, offence_max_penalty_years=years)) is ok


@pytest.mark.parametrize("years", [None, -1])
def test_a_missing_or_negative_penalty_fails(years):
    assert set(errors(15, offence_max_penalty_years=years)) == {"offence_max_penalty_years"}


@pytest.mark.parametrize("repeat", [True, None])
def test_a_repeat_offence_or_an_unanswered_question_fails(repeat):
    assert set(errors(15, repeat_offence=repeat)) == {"repeat_offence"}


@pytest.mark.parametrize("consent", [False, None])
def test_diversion_needs_the_victims_or_familys_consent(consent):
    assert set(errors(15, victim_consent=consent)) == {"victim_consent"}


def test_consent_needs_who_gave_it():
    assert set(errors(15, victim_consent_by="  ")) == {"victim_consent_by"}


def test_every_failed_condition_is_reported_at_once_and_what_was_checked_is_kept():
    event = LegalEvent(stage=LegalStage.DIVERSI)
    found = _diversion_errors(
        event,
        perpetrator=Person(role=PersonRole.PERPETRATOR, age_at_incident=19),
        offence_max_penalty_years=10,
        repeat_offence=True,
        victim_consent=False,
        victim_consent_by="",
    )
    assert set(found) == {"perpetrator", "offence_max_penalty_years", "repeat_offence", "victim_consent"}
    assert (event.perpetrator_age_at_offence, event.offence_max_penalty_years) == (19, Decimal(10))
    assert (event.repeat_offence, event.victim_consent) == (True, False)
