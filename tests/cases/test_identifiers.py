from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from cases.identifiers import nik_warnings, parse_nik
from cases.vocabularies import Sex
from uptdppa.crypto import normalize_digits, normalize_phone


def test_a_womans_nik_adds_forty_to_the_day():
    info = parse_nik("1571014507150001")
    assert (info.birth_day, info.birth_month, info.birth_year_2digits, info.sex) == (5, 7, 15, Sex.PEREMPUAN)
    assert parse_nik("1571010507150001").sex == Sex.LAKI_LAKI


@pytest.mark.parametrize(
    ("nik", "code"),
    [
        ("157101450715000", "nik_length"),
        ("15710145071500012", "nik_length"),
        ("15710145O7150001", "nik_length"),
        ("1571013207150001", "nik_date"),  # day 32
        ("1571017207150001", "nik_date"),  # day 72 - 40 = 32
        ("1571010513150001", "nik_date"),  # month 13
        ("1571013002150001", "nik_date"),  # 30 February
        ("1571010507150000", "nik_serial"),
    ],
)
def test_malformed_niks_are_refused_with_a_reason(nik, code):
    with pytest.raises(ValidationError) as err:
        parse_nik(nik)
    assert err.value.code == code


def test_an_unknown_region_prefix_is_accepted():
    assert parse_nik("9999990507150001").region == "999999"


def test_29_february_is_a_valid_nik_date():
    assert parse_nik("1571012902000001").birth_day == 29


def test_a_nik_that_disagrees_with_the_record_gives_warnings_not_errors():
    info = parse_nik("1571014507150001")
    assert nik_warnings(info, birth_date=date(2015, 7, 5), sex=Sex.PEREMPUAN) == []
    assert len(nik_warnings(info, birth_date=date(2014, 7, 5), sex=Sex.LAKI_LAKI)) == 2


@given(
    born=st.dates(min_value=date(1930, 1, 1), max_value=date(2025, 12, 31)),
    female=st.booleans(),
    serial=st.integers(min_value=1, max_value=9999),
)
def test_every_well_formed_nik_parses_back_to_its_parts(born, female, serial):
    nik = f"157101{born.day + (40 if female else 0):02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"
    info = parse_nik(nik)
    assert (info.birth_day, info.birth_month) == (born.day, born.month)
    assert info.sex == (Sex.PEREMPUAN if female else Sex.LAKI_LAKI)
    assert nik_warnings(info, birth_date=born, sex=info.sex) == []


@given(st.text(alphabet="0123456789 -.", min_size=0, max_size=30))
def test_digit_normalisation_keeps_only_digits_and_is_idempotent(value):
    digits = normalize_digits(value)
    assert digits is None or (digits.isdigit() and normalize_digits(digits) == digits)


@given(st.sampled_from(["0", "62", "+62", "+62 "]), st.from_regex(r"8[1-9][0-9]{8,9}", fullmatch=True))
def test_phone_spellings_agree(prefix, rest):
    assert normalize_phone(prefix + rest) == normalize_phone("0" + rest) == "+62" + rest
