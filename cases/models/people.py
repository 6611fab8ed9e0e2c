"""The people of a case: victims, alleged perpetrators, reporters.

A person is recorded per case; the same human in two cases is found again by the blind indexes
of NIK, phone and name (search before create), never by copying records between cases.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.vocabularies import Disability, Education, ProtectionCategory, Relation, Sex, ViolenceForm
from uptdppa.crypto import (
    BlindIndexedModel,
    BlindIndexedQuerySet,
    BlindIndexField,
    EncryptedCharField,
    EncryptedDateField,
    EncryptedTextField,
    IndexKind,
)
from uptdppa.db import BaseModel

from .cases import Case, initials_of
from .regions import Region

CHILD_AGE_LIMIT = 18  # "Anak" is under 18 (UU 35/2014), at the incident date.


def child_q(person_path: str = "") -> Q:
    """The SQL twin of Person.is_child: the person at ``person_path`` (e.g. ``"victim__"``, empty
    for a Person queryset) was under CHILD_AGE_LIMIT at the incident. An unknown age is not a
    child, as is_child's None is not True (a test proves them equal at the boundaries)."""
    return Q(**{f"{person_path}age_at_incident__lt": CHILD_AGE_LIMIT})


class PersonRole(models.TextChoices):
    VICTIM = "korban", _("Victim")
    PERPETRATOR = "terlapor", _("Alleged perpetrator")
    REPORTER = "pelapor", _("Reporter")


class PersonQuerySet(BlindIndexedQuerySet):
    def children(self) -> PersonQuerySet:
        """People who were children at the incident (child_q)."""
        return self.filter(child_q())


class Person(BlindIndexedModel, BaseModel):
    """A person as recorded in one case. Identifiers are encrypted; blind indexes find them again."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(_("role"), max_length=20, choices=PersonRole.choices)
    is_unknown = models.BooleanField(
        _("identity unknown"), default=False, help_text=_("For a perpetrator whose identity is not known.")
    )
    full_name = EncryptedCharField(_("full name"), max_length=200, null=True, blank=True)
    name_index = BlindIndexField(source="full_name", kind=IndexKind.NAME, tokens=True)
    nickname = EncryptedCharField(_("nickname"), max_length=100, null=True, blank=True)
    nik = EncryptedCharField(_("NIK"), max_length=16, null=True, blank=True)
    nik_index = BlindIndexField(source="nik", kind=IndexKind.NIK)
    kk_number = EncryptedCharField(_("family card (KK) number"), max_length=16, null=True, blank=True)
    kk_index = BlindIndexField(source="kk_number", kind=IndexKind.KK)
    birth_date = EncryptedDateField(_("date of birth"), null=True, blank=True)
    # The year alone narrows name matches and is far less identifying than the full date.
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True, editable=False)
    estimated_age = models.PositiveSmallIntegerField(_("estimated age (years)"), null=True, blank=True)
    age_at_incident = models.PositiveSmallIntegerField(_("age at the incident"), null=True, blank=True, editable=False)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    phone = EncryptedCharField(_("phone"), max_length=20, null=True, blank=True)
    phone_index = BlindIndexField(source="phone", kind=IndexKind.PHONE)
    phone_is_whatsapp = models.BooleanField(_("phone has WhatsApp"), default=False)
    region = models.ForeignKey(
        Region,
        verbose_name=_("kelurahan of residence"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    address_line = EncryptedTextField(_("address"), null=True, blank=True)
    education = models.CharField(_("education"), max_length=20, choices=Education.choices, blank=True)
    disability = models.CharField(_("disability"), max_length=20, choices=Disability.choices, blank=True)
    # Free text ("teacher at SDN 12"): identifying, so encrypted. The coded relation of an alleged
    # perpetrator, which the statistics count, is PerpetratorRelation.relation.
    occupation = EncryptedCharField(_("occupation"), max_length=100, null=True, blank=True)
    relation_to_victim = EncryptedCharField(
        _("relation to the victim"), max_length=100, null=True, blank=True, help_text=_("For a reporter.")
    )
    # Restriction of processing at the person's request (UU 27/2022 Pasal 11, 41): while set, only
    # the case team opens the person record (cases.access), the data protection officer through
    # the request (dataprotection). Set and lifted by cases.services.people.person_restriction_set.
    restricted_at = models.DateTimeField(_("processing restricted since"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["role", "created_at"]
        indexes = [models.Index(fields=["case", "role"], name="person_case_role_idx")]

    objects = PersonQuerySet.as_manager()  # type: ignore[misc]  # a BlindIndexedQuerySet, with children()

    def __str__(self) -> str:
        return str(self.code)

    @property
    def is_child(self) -> bool | None:
        """Under CHILD_AGE_LIMIT at the incident (UU 35/2014 Pasal 1); None when the age is
        unknown. In SQL: child_q / Person.objects.children()."""
        return None if self.age_at_incident is None else self.age_at_incident < CHILD_AGE_LIMIT

    @property
    def is_restricted(self) -> bool:
        return self.restricted_at is not None

    @property
    def initials(self) -> str:
        """What reports for people outside the handling team may show."""
        return initials_of(self.full_name or "") or "—"


class ViolenceRecord(models.Model):
    """One violence form suffered by a victim (SIMFONI stores one value per row)."""

    victim = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="violence_forms")
    form = models.CharField(_("violence form"), max_length=20, choices=ViolenceForm.choices)

    class Meta:
        verbose_name = _("violence form record")
        verbose_name_plural = _("violence form records")
        constraints = [models.UniqueConstraint(fields=["victim", "form"], name="violence_record_unique")]
        indexes = [models.Index(fields=["form"], name="violence_record_form_idx")]

    def __str__(self) -> str:
        return f"{self.victim_id}:{self.form}"


class ProtectionRecord(models.Model):
    """One UU 35/2014 Pasal 59 special-protection category of a child victim."""

    victim = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="protection_categories")
    category = models.CharField(_("special-protection category"), max_length=1, choices=ProtectionCategory.choices)

    class Meta:
        verbose_name = _("special-protection record")
        verbose_name_plural = _("special-protection records")
        constraints = [models.UniqueConstraint(fields=["victim", "category"], name="protection_record_unique")]

    def __str__(self) -> str:
        return f"{self.victim_id}:{self.category}"


class PerpetratorRelation(models.Model):
    """How a victim is related to an alleged perpetrator (the finer list; mapped up for SIMFONI)."""

    victim = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="perpetrator_relations")
    perpetrator = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="victim_relations")
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)

    class Meta:
        verbose_name = _("perpetrator relation")
        verbose_name_plural = _("perpetrator relations")
        constraints = [
            models.UniqueConstraint(fields=["victim", "perpetrator"], name="perpetrator_relation_unique"),
            models.CheckConstraint(condition=~models.Q(victim=models.F("perpetrator")), name="perpetrator_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.victim_id}->{self.perpetrator_id}:{self.relation}"
