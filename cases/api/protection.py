"""Protection and recovery API (issue 4 items 4, 6, 8): psychological sessions, temporary
shelter, consent or legal basis, the victims' rights checklist. The same services and selectors
as the pages (cases/views/protection.py), so the same rules.

Psychological notes: for a user without cases.read_psych_notes (everyone but the team's
psychologists and the head) a session has ``notes_visible: false`` and NO ``observations`` or
``recommendations`` keys at all: the notes are never loaded from the database for them
(cases.selectors.psych_sessions_for_user). With the permission both keys are present (null
when nothing was written).
"""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases import services
from cases.models import (
    Case,
    LegalBasis,
    Person,
    PsychSession,
    VictimRightKind,
    VictimRightStatus,
)
from cases.selectors import case_get_for_user, psych_sessions_for_user, registered_case_get_for_user, victims
from cases.selectors.protection import (
    case_victim,
    consents_of_case,
    rights_checklists,
    shelter_stay_get_for_user,
    shelter_stays_of_case,
)
from cases.serializers import ERRORS, OptionalTextOutput, OrganisationBriefOutput, UserBriefOutput
from uptdppa.accounts.models import User

from .common import organisation_by_code

# --- Serializers -------------------------------------------------------------------------------


class PsychSessionInput(serializers.Serializer):
    victim = serializers.UUIDField(help_text=_("Code of a victim of the case."))
    psychologist = serializers.UUIDField(
        required=False,
        help_text=_("Code of the team's psychologist who held the session; by default the user sending it."),
    )
    date = serializers.DateField()
    method = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    observations = serializers.CharField(required=False, allow_blank=True, default="")
    recommendations = serializers.CharField(required=False, allow_blank=True, default="")


class PsychSessionOutput(serializers.Serializer):
    code = serializers.UUIDField()
    victim = serializers.UUIDField(source="victim.code")
    psychologist = UserBriefOutput()
    date = serializers.DateField()
    method = OptionalTextOutput()
    notes_visible = serializers.BooleanField(
        help_text=_("False when the user may not read the notes: observations and recommendations are then absent.")
    )
    observations = serializers.CharField(
        required=False, allow_null=True, help_text=_("Only for the team's psychologists and the head.")
    )
    recommendations = serializers.CharField(
        required=False, allow_null=True, help_text=_("Only for the team's psychologists and the head.")
    )

    def to_representation(self, instance: PsychSession) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not instance.notes_visible:
            for name in PsychSession.NOTE_FIELDS:
                data.pop(name, None)
        return data  # type: ignore[no-any-return]


class ShelterAdmitInput(serializers.Serializer):
    victim = serializers.UUIDField(help_text=_("Code of a victim of the case."))
    place = serializers.CharField(max_length=200)
    organisation = serializers.UUIDField(required=False, allow_null=True, help_text=_("Code of the organisation"))
    admitted_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ShelterDischargeInput(serializers.Serializer):
    discharged_on = serializers.DateField()
    note = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=_("E.g. where the victim went; added to the note.")
    )


class ShelterStayOutput(serializers.Serializer):
    code = serializers.UUIDField()
    victim = serializers.UUIDField(source="victim.code")
    place = serializers.CharField()
    organisation = OrganisationBriefOutput(allow_null=True)
    admitted_on = serializers.DateField()
    discharged_on = serializers.DateField(allow_null=True)
    note = serializers.CharField(allow_null=True)
    is_active = serializers.BooleanField()
    days = serializers.IntegerField(
        help_text=_("Days since admission, up to the discharge or today (day 0 = admitted).")
    )
    is_warning = serializers.BooleanField(help_text=_("Active and from SHELTER_WARNING_DAY (12) up to the limit."))
    is_overdue = serializers.BooleanField(
        help_text=_("Active past SHELTER_LIMIT_DAYS (14): refer the victim onward and discharge.")
    )


class ConsentInput(serializers.Serializer):
    victim = serializers.UUIDField(help_text=_("Code of a victim of the case."))
    basis = serializers.ChoiceField(choices=LegalBasis.choices)
    consent_given_by = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Only for consent: the victim, or their relation to the victim (no name needed)."),
    )
    given_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ConsentOutput(serializers.Serializer):
    code = serializers.UUIDField()
    victim = serializers.UUIDField(source="victim.code")
    basis = serializers.ChoiceField(choices=LegalBasis.choices)
    consent_given_by = OptionalTextOutput()
    given_on = serializers.DateField()
    note = serializers.CharField(allow_null=True)
    recorded_by = UserBriefOutput(allow_null=True)


class VictimRightLine(serializers.Serializer):
    """One line of the rights checklist: read as output; ``status`` and ``evidence_note`` are
    the input of a change (one serializer for both, so its enums have one name)."""

    right = serializers.ChoiceField(choices=VictimRightKind.choices, read_only=True)
    status = serializers.ChoiceField(choices=VictimRightStatus.choices)
    evidence_note = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text=_("Needed for fulfilled or not applicable. In a change, empty keeps the evidence already recorded."),
    )


_VICTIM = OpenApiParameter("person", UUID, OpenApiParameter.PATH, description=_("Code of the victim"))
_RIGHT = OpenApiParameter("right", str, OpenApiParameter.PATH, enum=VictimRightKind.values)
_EXAMPLE_VICTIM = "3fa85f64-5717-4562-b3fc-2c963f66afa6"


# --- Helpers -----------------------------------------------------------------------------------


def _registered_case(request: Request, code: UUID, perm: str | None = None) -> Case:
    """Sessions, shelter and rights belong to a registered case: 404 for a complaint."""
    return registered_case_get_for_user(user=request.user, code=code, perm=perm)


def _victim(case: Case, code: UUID) -> Person:
    found = next((person for person in victims(case) if person.code == code), None)
    if found is None:
        raise exceptions.ValidationError({"victim": [_("Choose a victim of this case.")]})
    return found


# --- Psychological sessions --------------------------------------------------------------------


class PsychSessionsApi(APIView):
    """The psychological sessions of a case. Their notes (``observations``, ``recommendations``)
    are only for the team's psychologists and the head: for anyone else a session has
    ``notes_visible: false`` and neither key at all (the notes are never loaded)."""

    @extend_schema(responses={200: PsychSessionOutput(many=True), 404: ERRORS[404]})
    def get(self, request: Request, code: UUID) -> Response:
        case = _registered_case(request, code)
        sessions = psych_sessions_for_user(user=request.user, case=case)
        return Response(PsychSessionOutput(sessions, many=True).data)

    @extend_schema(
        request=PsychSessionInput,
        responses={201: PsychSessionOutput, **ERRORS},
        examples=[
            OpenApiExample(
                "A counselling session",
                request_only=True,
                value={
                    "victim": _EXAMPLE_VICTIM,
                    "date": "2026-03-04",
                    "method": "Konseling individual",
                    "observations": "Korban mulai mau bercerita.",
                    "recommendations": "Sesi lanjutan minggu depan.",
                },
            )
        ],
    )
    def post(self, request: Request, code: UUID) -> Response:
        case = _registered_case(request, code, perm="cases.record_psych_session")
        data = PsychSessionInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["victim"] = _victim(case, values["victim"])
        psychologist_code = values.pop("psychologist", cast(User, request.user).code)
        # Anyone not on the team is None here: the service refuses it with its own message.
        values["psychologist"] = next((m.user for m in case.team.all() if m.user.code == psychologist_code), None)
        session = services.psych_session_record(actor=request.user, **values)
        return Response(PsychSessionOutput(session).data, status=status.HTTP_201_CREATED)


# --- Temporary shelter -------------------------------------------------------------------------


class ShelterStaysApi(APIView):
    """Shelter stays of a case, with their day count and the day-12 warning / 14-day overdue flags."""

    @extend_schema(responses={200: ShelterStayOutput(many=True), 404: ERRORS[404]})
    def get(self, request: Request, code: UUID) -> Response:
        case = _registered_case(request, code)
        return Response(ShelterStayOutput(shelter_stays_of_case(case), many=True).data)

    @extend_schema(
        request=ShelterAdmitInput,
        responses={201: ShelterStayOutput, **ERRORS},
        examples=[
            OpenApiExample(
                "Admitted to the unit's shelter",
                request_only=True,
                value={"victim": _EXAMPLE_VICTIM, "place": "Rumah Aman UPTD PPA", "admitted_on": "2026-03-04"},
            )
        ],
    )
    def post(self, request: Request, code: UUID) -> Response:
        case = _registered_case(request, code, perm="cases.manage_shelter")
        data = ShelterAdmitInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["victim"] = _victim(case, values["victim"])
        values["organisation"] = organisation_by_code(values.get("organisation"), "organisation")
        stay = services.shelter_admit(actor=request.user, **values)
        return Response(ShelterStayOutput(stay).data, status=status.HTTP_201_CREATED)


class ShelterDischargeApi(APIView):
    @extend_schema(
        request=ShelterDischargeInput,
        responses={200: ShelterStayOutput, **ERRORS},
        examples=[
            OpenApiExample(
                "Referred on to a safe house",
                request_only=True,
                value={"discharged_on": "2026-03-15", "note": "Dirujuk ke rumah aman Kemensos."},
            )
        ],
    )
    def post(self, request: Request, code: UUID) -> Response:
        stay = shelter_stay_get_for_user(user=request.user, code=code, perm="cases.manage_shelter")
        data = ShelterDischargeInput(data=request.data)
        data.is_valid(raise_exception=True)
        stay = services.shelter_discharge(actor=request.user, stay=stay, **data.validated_data)
        return Response(ShelterStayOutput(stay).data)


# --- Consent and legal basis -------------------------------------------------------------------


class ConsentsApi(APIView):
    """Consent or another legal basis (UU 27/2022 PDP) per victim; recorded from intake on, and
    never a condition for help. An empty list is "no consent or basis recorded yet"."""

    @extend_schema(responses={200: ConsentOutput(many=True), 404: ERRORS[404]})
    def get(self, request: Request, code: UUID) -> Response:
        case = case_get_for_user(user=request.user, code=code)
        return Response(ConsentOutput(consents_of_case(case), many=True).data)

    @extend_schema(
        request=ConsentInput,
        responses={201: ConsentOutput, **ERRORS},
        examples=[
            OpenApiExample(
                "Consent signed by the mother",
                request_only=True,
                value={
                    "victim": _EXAMPLE_VICTIM,
                    "basis": "consent",
                    "consent_given_by": "ibu",
                    "given_on": "2026-03-02",
                },
            ),
            OpenApiExample(
                "Vital interest (the parent is the alleged perpetrator)",
                request_only=True,
                value={"victim": _EXAMPLE_VICTIM, "basis": "vital_interest", "given_on": "2026-03-02"},
            ),
        ],
    )
    def post(self, request: Request, code: UUID) -> Response:
        case = case_get_for_user(user=request.user, code=code, perm="cases.record_consent")
        data = ConsentInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["victim"] = _victim(case, values["victim"])
        record = services.consent_record(actor=request.user, **values)
        return Response(ConsentOutput(record).data, status=status.HTTP_201_CREATED)


# --- Victim's rights (UU TPKS Pasal 66–70) -----------------------------------------------------


class VictimRightsApi(APIView):
    """The rights checklist of a victim, every right in the law's order (never set = not_started)."""

    @extend_schema(parameters=[_VICTIM], responses={200: VictimRightLine(many=True), 404: ERRORS[404]})
    def get(self, request: Request, code: UUID, person: UUID) -> Response:
        case = _registered_case(request, code)
        victim = case_victim(case, person)
        return Response(VictimRightLine(rights_checklists([victim])[victim.pk], many=True).data)


class VictimRightApi(APIView):
    @extend_schema(
        parameters=[_VICTIM, _RIGHT],
        request=VictimRightLine,
        responses={200: VictimRightLine, **ERRORS},
        examples=[
            OpenApiExample(
                "Recovery fulfilled",
                request_only=True,
                value={"status": "fulfilled", "evidence_note": "Lima sesi konseling selesai; laporan psikolog."},
            )
        ],
    )
    def put(self, request: Request, code: UUID, person: UUID, right: str) -> Response:
        case = _registered_case(request, code, perm="cases.set_victim_rights")
        victim = case_victim(case, person)
        if right not in VictimRightKind.values:
            raise exceptions.NotFound
        data = VictimRightLine(data=request.data)
        data.is_valid(raise_exception=True)
        line = services.victim_right_set(
            actor=request.user,
            victim=victim,
            right=right,
            status=data.validated_data["status"],
            evidence_note=data.validated_data.get("evidence_note") or "",
        )
        return Response(VictimRightLine(line).data)
