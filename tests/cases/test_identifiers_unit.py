"""NIK parsing at its edges, without a database (the other cases are in test_identifiers.py)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from cases.identifiers import nik_warnings, parse_nik
from cases.vocabularies import Sex


def code_of(nik: str) -> str:
    with pytest.raises(ValidationError) as err:
        parse_nik(nik)
    return str(err.value.code)


@pytest.mark.parametrize(
    ("day_digits", "day", "sex"),
    [("01", 1, Sex.LAKI_LAKI), ("31", 31, Sex.LAKI_LAKI), ("41", 1, Sex.PEREMPUAN), ("71", 31, Sex.PEREMPUAN)],
)
def test_the_day_digits_give_the_day_and_the_sex_at_both_ends_of_the_month(day_digits, day, sex):
    info = parse_nik(f"157101{day_digits}0715" + "0001")
    assert (info.birth_day, info.sex) == (day, sex)


@pytest.mark.parametrize("day_digits", ["00", "32", "40", "72", "99"])
def test_a_day_outside_both_ranges_is_refused(day_digits):
    assert code_of(f"157101{day_digits}0715" + "0001") == "nik_date"


@pytest.mark.parametrize("month_digits", ["00", "13"])
def test_a_month_outside_1_to_12_is_refused(month_digits):
    assert code_of(f"15710105{month_digits}15" + "0001") == "nik_date"


def test_31_april_and_a_womans_30_february_are_refused():
    assert code_of("1571013104150001") == "nik_date"
    assert code_of("1571017002150001") == "nik_date"  # 70 - 40 = 30 February


def test_the_serial_0000_is_refused_but_0001_and_9999_are_not():
    assert code_of("1571010507150000") == "nik_serial"
    assert parse_nik("1571010507150001").region == "157101"
    assert parse_nik("1571010507159999").region == "157101"


@pytest.mark.parametrize(
    "value",
    [
        "",
        "1571 0105 0715 0001",  # spaces are the caller's to remove (normalize_digits)
        "１５７１０１０５０７１５０００１",  # fullwidth digits: int() reads them, the blind index would not match
        "١٥٧١٠١٠٥٠٧١٥٠٠٠١",  # Arabic-Indic digits
        "157101050715000a",
    ],
)
def test_only_sixteen_ascii_digits_are_a_nik(value):
    assert code_of(value) == "nik_length"


def test_the_year_is_kept_as_two_digits_and_any_century_matches_the_record():
    info = parse_nik("1571010507150001")
    assert info.birth_year_2digits == 15
    assert nik_warnings(info, birth_date=date(1915, 7, 5), sex=Sex.LAKI_LAKI) == []
    assert nik_warnings(info, birth_date=date(2015, 7, 5), sex=Sex.LAKI_LAKI) == []


def test_an_unknown_or_empty_sex_and_date_give_no_warning():
    info = parse_nik("1571014507150001")
    assert nik_warnings(info, birth_date=None, sex="") == []
    assert len(nik_warnings(info, birth_date=None, sex=Sex.LAKI_LAKI)) == 1
