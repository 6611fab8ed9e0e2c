from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from cases.models import Person
from cases.selectors import person_matches_for_user
from tests.factories import PersonFactory
from uptdppa import crypto

pytestmark = pytest.mark.django_db

NAME = "Siti Aminah Harahap"
NIK = "1571014507150001"
PHONE = "0812-3456-7890"
PHONE_E164 = "+6281234567890"  # how the service stores PHONE


def raw_row(person: Person) -> dict[str, object]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM cases_person WHERE id = %s", [person.pk])
        columns = [c[0] for c in cursor.description]
        return dict(zip(columns, cursor.fetchone(), strict=True))


def test_encrypted_fields_round_trip():
    person = PersonFactory(full_name=NAME, nik=NIK, phone=PHONE)
    fresh = Person.objects.get(pk=person.pk)
    assert (fresh.full_name, fresh.nik, fresh.phone) == (NAME, NIK, PHONE_E164)


def test_raw_database_row_holds_no_plaintext():
    person = PersonFactory(full_name=NAME, nik=NIK, phone=PHONE)
    row = raw_row(person)
    text = " ".join(str(v) for v in row.values())
    for secret in (NAME, "Siti", "Aminah", NIK, "34567890", "081234567890", "+6281234567890"):
        assert secret.casefold() not in text.casefold()
    assert str(row["full_name"]).startswith("gAAAAA")  # a Fernet token
    assert row["nik"] != crypto.encrypt(NIK)  # random IV: equal values, different ciphertexts


def test_empty_values_are_stored_as_null():
    person = PersonFactory(full_name="", nik="", phone="", sex="P")  # a person has one detail at least
    row = raw_row(person)
    assert row["full_name"] is None and row["nik_index"] is None and row["phone_index"] is None


@pytest.mark.parametrize(
    "variant", ["0812-3456-7890", "081234567890", "+6281234567890", "6281234567890", "+62 812 3456 7890"]
)
def test_phone_blind_index_finds_normalised_variants(variant):
    person = PersonFactory(phone="0812-3456-7890")
    assert list(Person.objects.filter(crypto.blind_match(Person, "phone", variant))) == [person]


def test_nik_blind_index_ignores_spacing():
    person = PersonFactory(nik=NIK)
    assert list(Person.objects.filter(crypto.blind_match(Person, "nik", "1571 0145 0715 0001"))) == [person]
    assert not Person.objects.filter(crypto.blind_match(Person, "nik", "1571014507150002")).exists()


def test_name_tokens_match_any_case_and_order_but_only_whole_words():
    person = PersonFactory(full_name=NAME)
    PersonFactory(full_name="Budi Santoso")
    assert list(Person.objects.filter(crypto.blind_match(Person, "full_name", "siti"))) == [person]
    assert list(Person.objects.filter(crypto.blind_match(Person, "full_name", "HARAHAP  siti"))) == [person]
    assert not Person.objects.filter(crypto.blind_match(Person, "full_name", "Sit")).exists()
    assert not Person.objects.filter(crypto.blind_match(Person, "full_name", "Siti Santoso")).exists()


def test_a_value_that_normalises_to_nothing_matches_nothing():
    PersonFactory(phone=None)
    assert not Person.objects.filter(crypto.blind_match(Person, "phone", "bukan nomor")).exists()


def test_filtering_on_ciphertext_is_refused_loudly():
    with pytest.raises(NotImplementedError, match="blind index"):
        Person.objects.filter(nik=NIK).exists()


def test_blind_index_depends_on_the_key(settings):
    person = PersonFactory(nik=NIK)
    settings.BLIND_INDEX_KEY = "another-key"
    assert not Person.objects.filter(crypto.blind_match(Person, "nik", NIK)).exists()
    call_command("rotate_encryption_keys")
    assert list(Person.objects.filter(crypto.blind_match(Person, "nik", NIK))) == [person]


def test_key_rotation_re_encrypts_and_keeps_data_readable(settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    person = PersonFactory(full_name=NAME, nik=NIK, phone=PHONE)
    before = raw_row(person)["nik"]

    new_key = crypto.generate_key()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    with pytest.raises(CommandError, match="older key"):
        call_command("rotate_encryption_keys", "--check")
    call_command("rotate_encryption_keys")
    call_command("rotate_encryption_keys", "--check")  # no error: nothing left on the old key

    after = raw_row(person)["nik"]
    assert after != before
    settings.FIELD_ENCRYPTION_KEYS = [new_key]  # the old key is gone for good
    fresh = Person.objects.get(pk=person.pk)
    assert (fresh.full_name, fresh.nik, fresh.phone) == (NAME, NIK, PHONE_E164)
    assert Person.objects.filter(crypto.blind_match(Person, "phone", "+6281234567890")).exists()


def test_a_value_under_an_unknown_key_fails_with_a_clear_error(settings):
    person = PersonFactory(nik=NIK)
    settings.FIELD_ENCRYPTION_KEYS = [crypto.generate_key()]
    with pytest.raises(Exception, match="cannot be decrypted"):
        Person.objects.get(pk=person.pk)


def test_person_search_only_returns_people_the_user_may_see(world):
    victim = world.case_a.people.get()
    searching_in = world.intake_c
    assert person_matches_for_user(user=world.kepala, case=searching_in, nik=victim.nik).visible == [victim]
    outsider = person_matches_for_user(user=world.pengaduan, case=searching_in, nik=victim.nik)
    assert outsider.visible == [] and outsider.hidden_exists


@given(st.text(max_size=40))
def test_name_normalisation_is_stable_and_idempotent(value):
    tokens = crypto.name_tokens(value)
    assert crypto.name_tokens(" ".join(tokens)) == tokens
    assert crypto.name_tokens(value.upper()) == crypto.name_tokens(value.lower()) or not value.isascii()


@given(st.from_regex(r"(\+62|62|0)8[1-9][0-9]{7,9}", fullmatch=True))
def test_every_indonesian_mobile_spelling_normalises_to_e164(number):
    e164 = crypto.normalize_phone(number)
    assert e164 is not None and e164.startswith("+628")
    assert crypto.normalize_phone(e164) == e164


def test_key_rotation_also_re_encrypts_second_factor_secrets(settings, world, client):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from tests.conftest import totp_code

    secret = generate_totp_secret()
    TOTP.activate(world.manajer, secret)
    codes = RecoveryCodes.activate(world.manajer).get_unused_codes()
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    new_key = crypto.generate_key()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    with pytest.raises(CommandError):
        call_command("rotate_encryption_keys", "--check")
    call_command("rotate_encryption_keys")
    call_command("rotate_encryption_keys", "--check")

    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    totp = Authenticator.objects.get(user=world.manajer, type=Authenticator.Type.TOTP)
    assert totp.wrap().validate_code(totp_code(secret))
    recovery = Authenticator.objects.get(user=world.manajer, type=Authenticator.Type.RECOVERY_CODES)
    assert recovery.wrap().get_unused_codes() == codes


def test_saving_only_an_identifier_keeps_its_index_in_step():
    person = PersonFactory(phone="081234567890")
    person.phone = "081399998888"
    person.save(update_fields=["phone"])
    assert Person.objects.filter(crypto.blind_match(Person, "phone", "+6281399998888")).exists()
    assert not Person.objects.filter(crypto.blind_match(Person, "phone", "081234567890")).exists()


def test_bulk_update_of_identifiers_is_refused():
    PersonFactory()
    with pytest.raises(NotImplementedError):
        Person.objects.update(phone="081399998888")


def test_a_long_name_fits_its_token_index():
    words = " ".join(f"kata{i}" for i in range(30)) + " " + " ".join("abcdefghijklmnopqrstuvwxyz")
    person = PersonFactory(full_name=words[:200])
    assert Person.objects.filter(crypto.blind_match(Person, "full_name", "kata7")).get() == person
