"""Legal API of a case: legal-process events, mediation, restitution, accompaniment, legal aid.

The same services and selectors as the legal page (cases/views/legal.py), so the same rules: a
mediation on a case with sexual violence is a 400 citing UU TPKS Pasal 23, each failed SPPA
Pasal 7 condition of a diversion its own field error, a closed case refuses what the services
refuse. People and users are named by their ``code``; outputs carry codes, never ids.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases import services
from cases.forms.common import plausible_date
from cases.models import (
    AccompanimentStage,
    Case,
    MediationDisputeKind,
    MediationStatus,
    Person,
    RestitutionPayer,
)
from cases.selectors import registered_case_get_for_user
from cases.selectors.legal import (
    accompaniments_of,
    legal_aid_get_for_user,
    legal_aid_of,
    legal_events_of,
    mediation_get_for_user,
    mediations_of,
    restitutions_of,
)
from cases.serializers import ERRORS, OptionalTextOutput, OrganisationBriefOutput, UserBriefOutput
from cases.vocabularies import LegalStage
from uptdppa.accounts.models import User

from .common import organisation_by_code

LEGAL = "cases.record_legal_event"
MEDIATION = "cases.manage_mediation"

# --- Output ------------------------------------------------------------------------------------


class LegalEventOutput(serializers.Serializer):
    code = serializers.UUIDField()
    perpetrator = serializers.UUIDField(source="perpetrator.code")
    stage = serializers.CharField()
    stage_label = serializers.CharField(source="get_stage_display")
    date = serializers.DateField()
    place = OptionalTextOutput()
    reference_number = OptionalTextOutput()
    unit = serializers.CharField()
    note = serializers.CharField(allow_null=True)
    perpetrator_age_at_offence = serializers.IntegerField(allow_null=True)
    offence_max_penalty_years = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    repeat_offence = serializers.BooleanField()
    victim_consent = serializers.BooleanField()
    victim_consent_by = OptionalTextOutput()


class MediationSessionOutput(serializers.Serializer):
    code = serializers.UUIDField()
    date = serializers.DateField()
    mediator = UserBriefOutput()
    parties_present = serializers.CharField()
    berita_acara = serializers.CharField(allow_null=True)


class MediationFollowUpOutput(serializers.Serializer):
    code = serializers.UUIDField()
    date = serializers.DateField()
    complied = serializers.BooleanField()
    note = serializers.CharField(allow_null=True)


class MediationOutput(serializers.Serializer):
    code = serializers.UUIDField()
    victim = serializers.UUIDField(source="victim.code")
    perpetrator = serializers.UUIDField(source="perpetrator.code")
    dispute_kind = serializers.CharField()
    mediator = UserBriefOutput()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    agreement_terms = serializers.CharField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    sessions = MediationSessionOutput(many=True, source="sessions.all")
    follow_ups = MediationFollowUpOutput(many=True, source="follow_ups.all")


class RestitutionOutput(serializers.Serializer):
    code = serializers.UUIDField()
    victim = serializers.UUIDField(source="victim.code")
    perpetrator = serializers.UUIDField(source="perpetrator.code")
    claimed = serializers.BooleanField()
    amount = serializers.DecimalField(max_digits=15, decimal_places=2, allow_null=True)
    lpsk_assessment = OptionalTextOutput()
    lpsk_amount = serializers.DecimalField(max_digits=15, decimal_places=2, allow_null=True)
    decision = OptionalTextOutput()
    paid = serializers.BooleanField()
    paid_at = serializers.DateField(allow_null=True)
    payer = serializers.CharField()


class AccompanimentOutput(serializers.Serializer):
    code = serializers.UUIDField()
    victim = serializers.UUIDField(source="victim.code")
    stage = serializers.CharField()
    stage_label = serializers.CharField(source="get_stage_display")
    date = serializers.DateField()
    place = OptionalTextOutput()
    staff = UserBriefOutput(many=True, source="staff.all")
    note = serializers.CharField(allow_null=True)


class LegalAidOutput(serializers.Serializer):
    code = serializers.UUIDField()
    victim = serializers.UUIDField(source="victim.code")
    organisation = OrganisationBriefOutput(allow_null=True)
    provider_name = OptionalTextOutput()
    advocate = OptionalTextOutput()
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    note = serializers.CharField(allow_null=True)


# --- Input -------------------------------------------------------------------------------------


def _date(**kwargs: Any) -> serializers.DateField:
    return serializers.DateField(validators=[plausible_date], **kwargs)


def _text(max_length: int | None = None) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, required=False, allow_blank=True, default="")


class LegalEventInput(serializers.Serializer):
    perpetrator = serializers.UUIDField(help_text=_("Code of an alleged perpetrator of the case."))
    stage = serializers.ChoiceField(choices=LegalStage.choices)
    date = _date()
    place = _text(200)
    reference_number = _text(60)
    unit = _text(120)
    note = _text()
    offence_max_penalty_years = serializers.DecimalField(
        max_digits=4, decimal_places=1, required=False, allow_null=True, default=None
    )
    repeat_offence = serializers.BooleanField(required=False, allow_null=True, default=None)
    victim_consent = serializers.BooleanField(required=False, allow_null=True, default=None)
    victim_consent_by = _text(100)


class MediationOpenInput(serializers.Serializer):
    victim = serializers.UUIDField()
    perpetrator = serializers.UUIDField()
    dispute_kind = serializers.ChoiceField(choices=MediationDisputeKind.choices)
    mediator = serializers.UUIDField(help_text=_("Code of the mediator (a staff member of UPTD PPA)."))


class MediationSessionInput(serializers.Serializer):
    date = _date()
    parties_present = serializers.CharField(max_length=300)
    berita_acara = _text()
    mediator = serializers.UUIDField(required=False, allow_null=True, default=None)


class MediationCloseInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=[MediationStatus.AGREEMENT, MediationStatus.NO_AGREEMENT])
    agreement_terms = _text()


class MediationFollowUpInput(serializers.Serializer):
    date = _date()
    complied = serializers.BooleanField()
    note = _text()


class RestitutionInput(serializers.Serializer):
    victim = serializers.UUIDField()
    perpetrator = serializers.UUIDField()
    claimed = serializers.BooleanField(default=False)
    amount = serializers.DecimalField(max_digits=15, decimal_places=2, required=False, allow_null=True, default=None)
    lpsk_assessment = _text()
    lpsk_amount = serializers.DecimalField(
        max_digits=15, decimal_places=2, required=False, allow_null=True, default=None
    )
    decision = _text()
    paid = serializers.BooleanField(default=False)
    paid_at = _date(required=False, allow_null=True, default=None)
    payer = serializers.ChoiceField(choices=RestitutionPayer.choices, required=False, allow_blank=True, default="")


class AccompanimentInput(serializers.Serializer):
    victim = serializers.UUIDField()
    stage = serializers.ChoiceField(choices=AccompanimentStage.choices)
    date = _date()
    place = _text(200)
    staff = serializers.ListField(child=serializers.UUIDField(), help_text=_("Codes of the staff who went."))
    note = _text()


class LegalAidChangeInput(serializers.Serializer):
    organisation = serializers.UUIDField(required=False, allow_null=True, default=None)
    provider_name = _text(200)
    advocate = _text(200)
    started_on = _date()
    note = _text()


class LegalAidInput(LegalAidChangeInput):
    victim = serializers.UUIDField()


class LegalAidEndInput(serializers.Serializer):
    ended_on = _date()


# --- Helpers -----------------------------------------------------------------------------------


def _case(request: Request, code: UUID, perm: str | None = None) -> Case:
    """A registered case the user may see (404 otherwise, like the legal page)."""
    return registered_case_get_for_user(user=request.user, code=code, perm=perm)


def _valid(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


def _person(case: Case, code: UUID, field: str) -> Person:
    """A person of ``case`` by code (prefetched: no query); the service checks the role."""
    person = next((p for p in case.people.all() if p.code == code), None)
    if person is None:
        raise exceptions.ValidationError({field: [_("This person is not recorded in this case.")]})
    return person


def _user(code: UUID | None, field: str) -> User | None:
    if code is None:
        return None
    user = User.objects.filter(code=code).first()
    if user is None:
        raise exceptions.ValidationError({field: [_("Unknown user.")]})
    return user


def _users(codes: list[UUID], field: str) -> list[User]:
    users = list(User.objects.filter(code__in=codes))
    if len(users) != len(set(codes)):
        raise exceptions.ValidationError({field: [_("Unknown user.")]})
    return users


def _created(serializer_class: type[serializers.Serializer], instance: Any) -> Response:
    return Response(serializer_class(instance).data, status=status.HTTP_201_CREATED)


# --- Views -------------------------------------------------------------------------------------


class LegalEventsApi(APIView):
    @extend_schema(responses={200: LegalEventOutput(many=True), 404: ERRORS[404]})
    def get(self, request: Request, code: UUID) -> Response:
        case = _case(request, code)
        return Response(LegalEventOutput(legal_events_of(case), many=True).data)

    @extend_schema(
        request=LegalEventInput,
        responses={201: LegalEventOutput, **ERRORS},
        examples=[
            OpenApiExample(
                "A police report (it ends the UU TPKS Pasal 41 deadline)",
                request_only=True,
                value={
                    "perpetrator": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                    "stage": "laporan_polisi",
                    "date": "2026-03-03",
                    "reference_number": "LP/B/123/III/2026/SPKT/POLRESTA JAMBI",
                    "unit": "Unit PPA Satreskrim Polresta Jambi",
                },
            ),
            OpenApiExample(
                "A diversion (UU SPPA Pasal 7)",
                request_only=True,
                value={
                    "perpetrator": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                    "stage": "diversi",
                    "date": "2026-04-10",
                    "place": "Polresta Jambi",
                    "offence_max_penalty_years": "5",
                    "repeat_offence": False,
                    "victim_consent": True,
                    "victim_consent_by": "ibu korban",
                },
            ),
        ],
    )
    def post(self, request: Request, code: UUID) -> Response:
        case = _case(request, code, LEGAL)
        values = _valid(LegalEventInput, request)
        values["perpetrator"] = _person(case, values["perpetrator"], "perpetrator")
        return _created(LegalEventOutput, services.legal_event_record(actor=request.user, case=case, **values))


class MediationsApi(APIView):
    @extend_schema(responses={200: MediationOutput(many=True), 404: ERRORS[404]})
    def get(self, request: Request, code: UUID) -> Response:
        case = _case(request, code)
        return Response(MediationOutput(mediations_of(case), many=True).data)

    @extend_schema(
        request=MediationOpenInput,
        responses={201: MediationOutput, **ERRORS},
        description=str(
            _(
                "Refused (400, on perpetrator) for a case with sexual violence: UU 12/2022 (TPKS) Pasal 23 "
                "forbids settling it out of court; a child perpetrator's case goes to diversion instead."
            )
        ),
        examples=[
            OpenApiExample(
                "A family dispute",
                request_only=True,
                value={
                    "victim": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                    "perpetrator": "5b1d2c3e-4f50-4a6b-8c7d-9e0f1a2b3c4d",
                    "dispute_kind": "perdata_keluarga",
                    "mediator": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                },
            )
        ],
    )
    def post(self, request: Request, code: UUID) -> Response:
        case = _case(request, code, MEDIATION)
        values = _valid(MediationOpenInput, request)
        mediation = services.mediation_open(
            actor=request.user,
            case=case,
            victim=_person(case, values["victim"], "victim"),
            perpetrator=_person(case, values["perpetrator"], "perpetrator"),
            dispute_kind=values["dispute_kind"],
            mediator=_user(values["mediator"], "mediator"),
        )
        return _created(MediationOutput, mediation)


class MediationSessionApi(APIView):
    @extend_schema(request=MediationSessionInput, responses={201: MediationSessionOutput, **ERRORS})
    def post(self, request: Request, code: UUID) -> Response:
        mediation = mediation_get_for_user(user=request.user, code=code, perm=MEDIATION)
        values = _valid(MediationSessionInput, request)
        values["mediator"] = _user(values["mediator"], "mediator")
        return _created(
            MediationSessionOutput, services.mediation_session_add(actor=request.user, mediation=mediation, **values)
        )


class MediationCloseApi(APIView):
    @extend_schema(
        request=MediationCloseInput,
        responses={200: MediationOutput, **ERRORS},
        examples=[
            OpenApiExample(
                "An agreement",
                request_only=True,
                value={"outcome": "agreement", "agreement_terms": "Nafkah anak Rp1.500.000 per bulan."},
            )
        ],
    )
    def post(self, request: Request, code: UUID) -> Response:
        mediation = mediation_get_for_user(user=request.user, code=code, perm=MEDIATION)
        values = _valid(MediationCloseInput, request)
        services.mediation_close(actor=request.user, mediation=mediation, **values)
        return Response(MediationOutput(mediations_of(mediation.case).get(pk=mediation.pk)).data)


class MediationFollowUpApi(APIView):
    @extend_schema(request=MediationFollowUpInput, responses={201: MediationFollowUpOutput, **ERRORS})
    def post(self, request: Request, code: UUID) -> Response:
        mediation = mediation_get_for_user(user=request.user, code=code, perm=MEDIATION)
        values = _valid(MediationFollowUpInput, request)
        return _created(
            MediationFollowUpOutput, services.mediation_follow_up_add(actor=request.user, mediation=mediation, **values)
        )


class RestitutionsApi(APIView):
    @extend_schema(responses={200: RestitutionOutput(many=True), 404: ERRORS[404]})
    def get(self, request: Request, code: UUID) -> Response:
        case = _case(request, code)
        return Response(RestitutionOutput(restitutions_of(case), many=True).data)

    @extend_schema(
        request=RestitutionInput,
        responses={200: RestitutionOutput, **ERRORS},
        description=str(_("Creates or replaces the restitution of one victim against one alleged perpetrator.")),
        examples=[
            OpenApiExample(
                "Claimed and assessed by LPSK",
                request_only=True,
                value={
                    "victim": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                    "perpetrator": "5b1d2c3e-4f50-4a6b-8c7d-9e0f1a2b3c4d",
                    "claimed": True,
                    "amount": "25000000.00",
                    "lpsk_assessment": "Biaya pengobatan dan pemulihan psikologis.",
                    "lpsk_amount": "18000000.00",
                },
            )
        ],
    )
    def put(self, request: Request, code: UUID) -> Response:
        case = _case(request, code, LEGAL)
        values = _valid(RestitutionInput, request)
        values["victim"] = _person(case, values["victim"], "victim")
        values["perpetrator"] = _person(case, values["perpetrator"], "perpetrator")
        return Response(RestitutionOutput(services.restitution_set(actor=request.user, **values)).data)


class AccompanimentsApi(APIView):
    @extend_schema(responses={200: AccompanimentOutput(many=True), 404: ERRORS[404]})
    def get(self, request: Request, code: UUID) -> Response:
        case = _case(request, code)
        return Response(AccompanimentOutput(accompaniments_of(case), many=True).data)

    @extend_schema(
        request=AccompanimentInput,
        responses={201: AccompanimentOutput, **ERRORS},
        examples=[
            OpenApiExample(
                "To the police examination",
                request_only=True,
                value={
                    "victim": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                    "stage": "pemeriksaan_polisi",
                    "date": "2026-03-05",
                    "place": "Polresta Jambi",
                    "staff": ["7c9e6679-7425-40de-944b-e07fc1f90ae7"],
                },
            )
        ],
    )
    def post(self, request: Request, code: UUID) -> Response:
        case = _case(request, code, LEGAL)
        values = _valid(AccompanimentInput, request)
        values["victim"] = _person(case, values["victim"], "victim")
        values["staff"] = _users(values["staff"], "staff")
        return _created(AccompanimentOutput, services.accompaniment_record(actor=request.user, **values))


class LegalAidListApi(APIView):
    @extend_schema(responses={200: LegalAidOutput(many=True), 404: ERRORS[404]})
    def get(self, request: Request, code: UUID) -> Response:
        case = _case(request, code)
        return Response(LegalAidOutput(legal_aid_of(case), many=True).data)

    @extend_schema(request=LegalAidInput, responses={201: LegalAidOutput, **ERRORS})
    def post(self, request: Request, code: UUID) -> Response:
        case = _case(request, code, LEGAL)
        values = _valid(LegalAidInput, request)
        values["victim"] = _person(case, values["victim"], "victim")
        values["organisation"] = organisation_by_code(values["organisation"], "organisation")
        return _created(LegalAidOutput, services.legal_aid_set(actor=request.user, **values))


class LegalAidApi(APIView):
    @extend_schema(request=LegalAidChangeInput, responses={200: LegalAidOutput, **ERRORS})
    def put(self, request: Request, code: UUID) -> Response:
        legal_aid = legal_aid_get_for_user(user=request.user, code=code, perm=LEGAL)
        values = _valid(LegalAidChangeInput, request)
        values["organisation"] = organisation_by_code(values["organisation"], "organisation")
        record = services.legal_aid_set(actor=request.user, victim=legal_aid.victim, legal_aid=legal_aid, **values)
        return Response(LegalAidOutput(record).data)


class LegalAidEndApi(APIView):
    @extend_schema(request=LegalAidEndInput, responses={200: LegalAidOutput, **ERRORS})
    def post(self, request: Request, code: UUID) -> Response:
        legal_aid = legal_aid_get_for_user(user=request.user, code=code, perm=LEGAL)
        values = _valid(LegalAidEndInput, request)
        return Response(LegalAidOutput(services.legal_aid_end(actor=request.user, legal_aid=legal_aid, **values)).data)
