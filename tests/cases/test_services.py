from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cases.models import PersonRole, TeamRole
from cases.services import case_team_add, person_add

pytestmark = pytest.mark.django_db


def test_identifiers_are_stored_normalised(world):
    person = person_add(
        actor=None, case=world.case_a, role=PersonRole.VICTIM, nik="1571 0145 0715 0001", phone="0812-3456-7890"
    ).person
    assert person.nik == "1571014507150001" and person.phone == "+6281234567890"


def test_a_phone_number_that_does_not_parse_is_kept_as_typed(world):
    person = person_add(actor=None, case=world.case_a, role=PersonRole.REPORTER, phone="ext. 12").person
    assert person.phone == "ext. 12"


@pytest.mark.parametrize(
    ("username", "team_role"),
    [
        ("operator", TeamRole.MANAJER_KASUS),
        ("psikolog", TeamRole.PENDAMPING_HUKUM),
        ("penghubung", TeamRole.PENDAMPING),
    ],
)
def test_only_fitting_accounts_join_a_case_team(world, username, team_role):
    with pytest.raises(ValidationError) as err:
        case_team_add(actor=world.kepala, case=world.case_b, user=world.users[username], team_role=team_role)
    assert "user" in err.value.message_dict


def test_a_deactivated_account_cannot_join_a_team(world):
    world.manajer_lain.is_active = False
    with pytest.raises(ValidationError):
        case_team_add(actor=world.kepala, case=world.case_b, user=world.manajer_lain, team_role=TeamRole.MANAJER_KASUS)


def test_nobody_joins_the_same_team_twice(world):
    with pytest.raises(ValidationError):
        case_team_add(actor=world.kepala, case=world.case_a, user=world.manajer, team_role=TeamRole.PENDAMPING)
