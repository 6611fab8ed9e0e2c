"""Factories. Rows are created through the services, as the application creates them."""

from __future__ import annotations

import random
from datetime import date

import factory
from django.utils import timezone
from faker import Faker

from cases import services as case_services
from cases.models import Case, CaseStatus, Person, PersonRole, TriageOutcome
from cases.vocabularies import Authority, CaseType, Channel, Risk
from uptdppa.accounts import services as account_services
from uptdppa.accounts.models import Organisation, OrganisationKind, Role, User

fake = Faker("id_ID")


def fake_nik(*, female: bool = False, birth_date: date | None = None, region: str = "157101") -> str:
    """A structurally valid NIK: region(6) + DDMMYY (+40 on the day for women) + serial(4)."""
    born = birth_date or fake.date_of_birth(minimum_age=1, maximum_age=60)
    day = born.day + (40 if female else 0)
    return f"{region}{day:02d}{born.month:02d}{born.year % 100:02d}{random.randint(1, 9999):04d}"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisasi Mitra {n}")
    kind = OrganisationKind.DINAS


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.MANAJER_KASUS
    password = "sandi-uji-yang-panjang"  # noqa: S105 - test password
    first_name = factory.Faker("first_name", locale="id_ID")
    last_name = factory.Faker("last_name", locale="id_ID")

    @classmethod
    def _create(cls, model_class: type[User], *args: object, **kwargs: object) -> User:
        if "organisation" not in kwargs:
            kind = OrganisationKind.DINAS if kwargs.get("role") == Role.PENGHUBUNG_OPD else OrganisationKind.UPTD_PPA
            kwargs["organisation"] = Organisation.objects.filter(kind=kind).order_by("pk").first()
        return account_services.user_create(**kwargs)  # type: ignore[arg-type]


class CaseFactory(factory.django.DjangoModelFactory):
    """A complaint taken by ``created_by``; with status OPEN (the default) accepted and registered."""

    class Meta:
        model = Case

    created_by = factory.SubFactory(UserFactory, role=Role.PETUGAS_PENGADUAN)
    chronology = factory.Faker("paragraph", locale="id_ID")
    channel = Channel.DATANG_LANGSUNG
    received_at = factory.LazyFunction(timezone.now)
    status = CaseStatus.OPEN

    @classmethod
    def _create(cls, model_class: type[Case], *args: object, status: str = CaseStatus.OPEN, **kwargs: object) -> Case:
        actor = kwargs.pop("created_by")
        case = case_services.intake_register(actor=actor, **kwargs)  # type: ignore[arg-type]
        if status == CaseStatus.OPEN:
            case = case_services.triage_decide(
                actor=None,
                case=case,
                outcome=TriageOutcome.ACCEPTED,
                case_type=CaseType.AMPK,
                risk=Risk.SEDANG,
                authority=Authority.DAERAH,
            )
        elif status == CaseStatus.OUTSIDE_MANDATE:
            case = case_services.triage_decide(
                actor=None, case=case, outcome=TriageOutcome.OUTSIDE_MANDATE, note="Informasi diberikan."
            )
        return case


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    case = factory.SubFactory(CaseFactory)
    role = PersonRole.VICTIM
    full_name = factory.Faker("name", locale="id_ID")
    nik = factory.LazyFunction(fake_nik)
    phone = factory.LazyFunction(lambda: f"0812{random.randint(10_000_000, 99_999_999)}")

    @classmethod
    def _create(cls, model_class: type[Person], *args: object, **kwargs: object) -> Person:
        return case_services.person_add(actor=None, **kwargs).person  # type: ignore[arg-type]
