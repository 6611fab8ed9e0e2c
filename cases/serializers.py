"""Input and output serializers of cases shared by several API views.

Plain serializers only: they shape and check input, and present what selectors return. Writes
go through cases.services, never through a serializer's save().
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.fields import SkipField

from cases.forms.common import plausible_date
from uptdppa.api import ErrorOutput
from uptdppa.web import choice_labels

from .models import (
    Case,
    CaseEvent,
    CaseStatus,
    DatePrecision,
    EventKind,
    PerpetratorRelation,
    Person,
    PersonRole,
    Region,
    RegionLevel,
    TeamRole,
    TriageOutcome,
)
from .public import complaint_errors
from .selectors import WORKLIST_ORDERINGS
from .vocabularies import (
    Authority,
    CaseType,
    Channel,
    Disability,
    Education,
    ProtectionCategory,
    Relation,
    Risk,
    Scene,
    Sex,
    ViolenceForm,
)

ERRORS = {400: ErrorOutput, 403: ErrorOutput, 404: ErrorOutput}


# --- Output ------------------------------------------------------------------------------------


class OptionalTextOutput(serializers.CharField):
    """Optional text of an encrypted field, which holds None when empty: "" then, as the API gave
    before the field was encrypted."""

    def get_attribute(self, instance: Any) -> Any:
        value = super().get_attribute(instance)
        return "" if value is None else value


class RegionOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class UserBriefOutput(serializers.Serializer):
    code = serializers.UUIDField()
    display_name = serializers.CharField()
    role = serializers.CharField()


class OrganisationBriefOutput(serializers.Serializer):
    code = serializers.UUIDField()
    name = serializers.CharField()


class PerpetratorRelationOutput(serializers.Serializer):
    perpetrator = serializers.UUIDField(source="perpetrator.code")
    relation = serializers.CharField()
    relation_label = serializers.CharField(source="get_relation_display")
    relation_group = serializers.SerializerMethodField(help_text=_("SIMFONI's short list"))

    def get_relation_group(self, link: PerpetratorRelation) -> str:
        return str(Relation(link.relation).group.value)


class PersonOutput(serializers.Serializer):
    code = serializers.UUIDField()
    role = serializers.CharField()
    role_label = serializers.CharField(source="get_role_display")
    is_unknown = serializers.BooleanField()
    full_name = serializers.CharField(allow_null=True)
    nickname = serializers.CharField(allow_null=True)
    nik = serializers.CharField(allow_null=True)
    kk_number = serializers.CharField(allow_null=True)
    birth_date = serializers.DateField(allow_null=True)
    birth_year = serializers.IntegerField(allow_null=True)
    estimated_age = serializers.IntegerField(allow_null=True)
    age_at_incident = serializers.IntegerField(allow_null=True)
    is_child = serializers.BooleanField(allow_null=True)
    sex = serializers.CharField()
    phone = serializers.CharField(allow_null=True)
    phone_is_whatsapp = serializers.BooleanField()
    region = RegionOutput(allow_null=True)
    address_line = serializers.CharField(allow_null=True)
    education = serializers.CharField()
    disability = serializers.CharField()
    occupation = OptionalTextOutput()
    relation_to_victim = OptionalTextOutput()
    violence_forms = serializers.SerializerMethodField()
    protection_categories = serializers.SerializerMethodField()
    perpetrator_relations = PerpetratorRelationOutput(many=True)

    def get_violence_forms(self, person: Person) -> list[str]:
        return sorted(record.form for record in person.violence_forms.all())

    def get_protection_categories(self, person: Person) -> list[str]:
        return sorted(record.category for record in person.protection_categories.all())


class PersonResultOutput(serializers.Serializer):
    person = PersonOutput()
    warnings = serializers.ListField(
        child=serializers.CharField(), help_text=_("Show these to the user; they do not block the change.")
    )


class TeamMemberOutput(serializers.Serializer):
    user = UserBriefOutput()
    team_role = serializers.CharField()
    team_role_label = serializers.CharField(source="get_team_role_display")


class LabelField(serializers.CharField):
    """A vocabulary value's label in the request's language, from the table made once per language
    (uptdppa.web.choice_labels), not ``get_FOO_display``, which rebuilds the whole choice list on
    each call: for values read once per row (a case may have hundreds of events)."""

    def __init__(self, vocabulary: type[Any], **kwargs: Any) -> None:
        self.vocabulary = vocabulary
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str:
        return choice_labels(self.vocabulary).get(value, str(value))


class EventOutput(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = LabelField(EventKind, source="kind")
    at = serializers.DateTimeField()
    actor = UserBriefOutput(allow_null=True)
    data = serializers.SerializerMethodField(  # type: ignore[assignment]  # a field named like Serializer.data
        help_text=_("Codes and vocabulary values only.")
    )

    def get_data(self, event: CaseEvent) -> dict[str, Any]:
        # A linked complaint's code is shown only to those who may see that complaint.
        visible = self.context.get("visible_case_codes", set())
        return {k: v for k, v in event.data.items() if k != "duplicate" or v in visible}


class CaseSummaryOutput(serializers.Serializer):
    """A row of the worklist or the intake queue, and the answer to a change of the case."""

    code = serializers.UUIDField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    channel = serializers.CharField()
    channel_label = serializers.CharField(source="get_channel_display")
    received_at = serializers.DateTimeField()
    created_at = serializers.DateTimeField()
    register_number = serializers.CharField(allow_null=True)
    case_type = serializers.CharField()
    risk = serializers.CharField()
    authority = serializers.CharField()
    response_due_at = serializers.DateTimeField(allow_null=True)
    police_report_due_at = serializers.DateTimeField(allow_null=True)
    police_report_number = OptionalTextOutput()
    incident_region = RegionOutput(allow_null=True)


class CaseDetailOutput(CaseSummaryOutput):
    chronology = serializers.CharField(allow_null=True)
    incident_date = serializers.DateField(allow_null=True)
    incident_date_precision = serializers.CharField()
    incident_place_other = serializers.CharField(allow_null=True)
    scene = serializers.CharField()
    reporter_anonymous = serializers.BooleanField()
    reporter_is_victim = serializers.BooleanField()
    reporter_relation = OptionalTextOutput()
    referring_organisation = OrganisationBriefOutput(allow_null=True)
    triage_proposed_at = serializers.DateTimeField(allow_null=True)
    triaged_at = serializers.DateTimeField(allow_null=True)
    triage_note = serializers.CharField(allow_null=True)
    referred_to = OrganisationBriefOutput(allow_null=True)
    duplicate_of = serializers.SerializerMethodField()
    registered_at = serializers.DateTimeField(allow_null=True)
    simfoni_number = serializers.CharField()
    police_report_date = serializers.DateField(allow_null=True)
    police_report_unit = serializers.CharField()
    people = PersonOutput(many=True)
    team = TeamMemberOutput(many=True)
    events = EventOutput(many=True)

    def get_duplicate_of(self, case: Case) -> str | None:
        original = case.duplicate_of
        if original is None or str(original.code) not in self.context.get("visible_case_codes", set()):
            return None
        return str(original.code)


# --- Input -------------------------------------------------------------------------------------


class RegionCodeField(serializers.CharField):
    """A Kemendagri region code, turned into the Region (of the given levels)."""

    def __init__(self, *, levels: tuple[str, ...], **kwargs: Any) -> None:
        self.levels = levels
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def run_validation(self, data: Any = serializers.empty) -> Any:
        code = super().run_validation(data)
        if not code:
            return None
        region = Region.objects.filter(code=code, level__in=self.levels).first()
        if region is None:
            raise serializers.ValidationError(_("Unknown region code."))
        return region


def kelurahan_field(**kwargs: Any) -> RegionCodeField:
    return RegionCodeField(levels=(RegionLevel.KELURAHAN,), **kwargs)


class PersonFieldsInput(serializers.Serializer):
    """The details of a person (cases.services.people.PERSON_FIELDS), each optional."""

    full_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    nickname = serializers.CharField(required=False, allow_blank=True, max_length=100)
    nik = serializers.CharField(required=False, allow_blank=True, max_length=30)
    kk_number = serializers.CharField(required=False, allow_blank=True, max_length=30)
    birth_date = serializers.DateField(required=False, allow_null=True, validators=[plausible_date])
    estimated_age = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=120)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=30)
    phone_is_whatsapp = serializers.BooleanField(required=False)
    region = RegionCodeField(
        levels=(RegionLevel.KELURAHAN, RegionLevel.KECAMATAN), help_text=_("Kelurahan (or kecamatan) code")
    )
    address_line = serializers.CharField(required=False, allow_blank=True, max_length=500)
    education = serializers.ChoiceField(choices=Education.choices, required=False, allow_blank=True)
    disability = serializers.ChoiceField(choices=Disability.choices, required=False, allow_blank=True)
    occupation = serializers.CharField(required=False, allow_blank=True, max_length=100)
    relation_to_victim = serializers.CharField(required=False, allow_blank=True, max_length=100)
    is_unknown = serializers.BooleanField(required=False)


class VictimListsInput(serializers.Serializer):
    violence_forms = serializers.MultipleChoiceField(choices=ViolenceForm.choices, required=False)
    protection_categories = serializers.MultipleChoiceField(choices=ProtectionCategory.choices, required=False)


class PersonInput(PersonFieldsInput, VictimListsInput):
    """A person's details with, for a victim, the violence forms and Pasal 59 categories."""


class PersonAddInput(PersonInput):
    role = serializers.ChoiceField(choices=PersonRole.choices)


class PerpetratorRelationInput(serializers.Serializer):
    perpetrator = serializers.UUIDField(help_text=_("Code of the alleged perpetrator, in the same case"))
    relation = serializers.ChoiceField(choices=Relation.choices)


class PersonMatchFilter(serializers.Serializer):
    nik = serializers.CharField(required=False, allow_blank=True, max_length=30)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=30)
    name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    birth_year = serializers.IntegerField(required=False, allow_null=True, min_value=1900, max_value=2100)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not any((attrs.get(name) or "").strip() for name in ("nik", "phone", "name")):
            raise serializers.ValidationError(_("Give a NIK, a phone number or a name."))
        return attrs


class PersonMatchOutput(serializers.Serializer):
    """A match in a case the user may see: the person and which case it is."""

    code = serializers.UUIDField()
    role = serializers.CharField()
    role_label = serializers.CharField(source="get_role_display")
    full_name = serializers.CharField(allow_null=True)
    birth_year = serializers.IntegerField(allow_null=True)
    case_code = serializers.UUIDField(source="case.code")
    case_label = serializers.CharField(source="case.label")
    case_status = serializers.CharField(source="case.status")


class PersonMatchesOutput(serializers.Serializer):
    visible = PersonMatchOutput(many=True)
    hidden_exists = serializers.BooleanField(
        help_text=_("A match exists in a case the user may not see: 'ask the head of the unit'.")
    )


class PlausibleDateTimeField(serializers.DateTimeField):
    """A date-time whose year makes sense (year 1 would crash the time-zone conversion)."""

    def to_internal_value(self, value: Any) -> datetime:
        try:
            result = super().to_internal_value(value)
        except (OverflowError, ValueError):
            raise serializers.ValidationError(_("Check the year.")) from None
        plausible_date(result)
        return result


# --- Intake, worklist, triage, team, police report ------------------------------------------------


class IntakeInput(serializers.Serializer):
    """A complaint taken by staff; ``reporter`` is left out (or ignored) when anonymous."""

    channel = serializers.ChoiceField(choices=Channel.choices)
    received_at = PlausibleDateTimeField()
    chronology = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    incident_date = serializers.DateField(required=False, allow_null=True, validators=[plausible_date])
    incident_date_precision = serializers.ChoiceField(choices=DatePrecision.choices, default=DatePrecision.UNKNOWN)
    incident_region = kelurahan_field(help_text=_("Kelurahan code"))
    incident_place_other = serializers.CharField(required=False, allow_blank=True, max_length=200)
    scene = serializers.ChoiceField(choices=Scene.choices, required=False, allow_blank=True)
    reporter_anonymous = serializers.BooleanField(default=False)
    reporter_is_victim = serializers.BooleanField(
        default=False, help_text=_("The reporter is the victim (the relation is then left empty)")
    )
    reporter_relation = serializers.CharField(required=False, allow_blank=True, max_length=100)
    reporter = PersonFieldsInput(required=False, allow_null=True)
    referring_organisation = serializers.UUIDField(
        required=False, allow_null=True, help_text=_("Organisation code (channel 'rujukan')")
    )


class WorklistFilter(serializers.Serializer):
    status = serializers.ChoiceField(choices=CaseStatus.choices, required=False, allow_blank=True)
    risk = serializers.ChoiceField(choices=Risk.choices, required=False, allow_blank=True)
    overdue = serializers.BooleanField(required=False, default=False)
    assigned_to_me = serializers.BooleanField(required=False, default=False)
    violence_form = serializers.ChoiceField(choices=ViolenceForm.choices, required=False, allow_blank=True)
    kecamatan = RegionCodeField(levels=(RegionLevel.KECAMATAN,), help_text=_("Kecamatan code"))
    received_from = serializers.DateField(required=False, validators=[plausible_date])
    received_to = serializers.DateField(required=False, validators=[plausible_date])
    q = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text=_("Register number, NIK, phone or name")
    )
    ordering = serializers.ChoiceField(choices=WORKLIST_ORDERINGS, required=False, default="-received_at")


class TriageProposeInput(serializers.Serializer):
    case_type = serializers.ChoiceField(choices=CaseType.choices)
    risk = serializers.ChoiceField(choices=Risk.choices)
    authority = serializers.ChoiceField(choices=Authority.choices)
    case_type_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=1000,
        help_text=_("Needed when a victim was a child and the case type is KTP."),
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class TriageDecideInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=TriageOutcome.choices)
    case_type = serializers.ChoiceField(choices=CaseType.choices, required=False, allow_blank=True)
    risk = serializers.ChoiceField(choices=Risk.choices, required=False, allow_blank=True)
    authority = serializers.ChoiceField(choices=Authority.choices, required=False, allow_blank=True)
    case_type_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=1000,
        help_text=_("Needed when a victim was a child and the case type is KTP."),
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    referred_to = serializers.UUIDField(required=False, allow_null=True, help_text=_("Organisation code"))
    duplicate_of = serializers.UUIDField(required=False, allow_null=True, help_text=_("Code of the original case"))


class TeamAddInput(serializers.Serializer):
    user = serializers.UUIDField(help_text=_("Code of the user"))
    team_role = serializers.ChoiceField(choices=TeamRole.choices)


class PoliceReportInput(serializers.Serializer):
    number = serializers.CharField(max_length=60)
    report_date = serializers.DateField()
    unit = serializers.CharField(required=False, allow_blank=True, max_length=120)


class RegistryInput(serializers.Serializer):
    simfoni_number = serializers.CharField(max_length=40, allow_blank=True)


# --- Public (no login) ---------------------------------------------------------------------------


class PublicComplaintInput(serializers.Serializer):
    """The fields of the public form at /pengaduan/, checked by the same rules."""

    chronology = serializers.CharField(max_length=10_000, help_text=_("What happened"))
    incident_date = serializers.DateField(required=False, allow_null=True, validators=[plausible_date])
    incident_date_precision = serializers.ChoiceField(
        choices=[DatePrecision.EXACT, DatePrecision.MONTH, DatePrecision.YEAR], required=False, allow_blank=True
    )
    incident_region = kelurahan_field(help_text=_("Kelurahan code in Kota Jambi"))
    incident_place_other = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text=_("A place outside Kota Jambi")
    )
    victim_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    victim_age = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=120)
    victim_sex = serializers.ChoiceField(choices=[Sex.PEREMPUAN, Sex.LAKI_LAKI], required=False, allow_blank=True)
    reporter_anonymous = serializers.BooleanField(default=False)
    reporter_is_victim = serializers.BooleanField(default=False)
    reporter_relation = serializers.CharField(required=False, allow_blank=True, max_length=100)
    reporter_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    reporter_phone = serializers.CharField(required=False, allow_blank=True, max_length=30)
    reporter_phone_is_whatsapp = serializers.BooleanField(default=False)
    acknowledgement = serializers.BooleanField(help_text=_("The sender read the notice on personal data"))
    website = serializers.CharField(
        required=False, allow_blank=True, help_text=_("Leave empty (a trap for automated senders)")
    )

    def validate_acknowledgement(self, value: bool) -> bool:
        if not value:
            raise serializers.ValidationError(_("Tick this box to send the complaint."))
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        errors = complaint_errors(attrs)
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        """Every error at once, as on the form: when a field fails, the rules across fields are
        still checked on the fields that passed (DRF alone would skip ``validate``)."""
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if not isinstance(exc.detail, dict) or not hasattr(data, "get"):
                raise
            detail: dict[str, Any] = dict(exc.detail)
            passed: dict[str, Any] = {}
            for name, field in self.fields.items():
                if name in detail:
                    continue
                try:
                    passed[name] = field.run_validation(field.get_value(data))
                except (serializers.ValidationError, SkipField):
                    continue
            for name, message in complaint_errors(passed).items():
                detail.setdefault(name, [message])
            raise serializers.ValidationError(detail) from exc


class PublicReceiptOutput(serializers.Serializer):
    tracking_code = serializers.CharField()
    pin = serializers.CharField(help_text=_("Shown once; only its hash is kept"))


class PublicStatusInput(serializers.Serializer):
    tracking_code = serializers.CharField(max_length=16)
    pin = serializers.CharField(max_length=12)


class PublicStatusOutput(serializers.Serializer):
    status = serializers.ChoiceField(choices=["received", "in_progress", "closed", "outside_mandate", "duplicate"])
    message = serializers.CharField(help_text=_("The status as a sentence, in the request's language"))
