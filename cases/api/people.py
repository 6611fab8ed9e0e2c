"""The people of a case, their relations, and search before create."""

from __future__ import annotations

from uuid import UUID

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import exceptions, status
from rest_framework.exceptions import ErrorDetail
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases import services
from cases.selectors import case_get_for_user, person_get_for_user, person_matches_for_user
from cases.serializers import (
    ERRORS,
    ErrorOutput,
    PerpetratorRelationInput,
    PerpetratorRelationOutput,
    PersonAddInput,
    PersonInput,
    PersonMatchesOutput,
    PersonMatchFilter,
    PersonResultOutput,
)
from uptdppa.accounts.watch import SEARCH_LIMITED, SearchLimited

_PERSON_EXAMPLE = {
    "full_name": "Putri Ramadhani",
    "nik": "1571015708150001",
    "birth_date": "2015-08-17",
    "sex": "P",
    "region": "15.71.01.1001",
    "education": "sd",
    "violence_forms": ["fisik", "psikis"],
    "protection_categories": ["i"],
}


class PersonAddApi(APIView):
    @extend_schema(
        request=PersonAddInput,
        responses={201: PersonResultOutput, **ERRORS},
        examples=[OpenApiExample("A child victim", request_only=True, value={"role": "korban", **_PERSON_EXAMPLE})],
    )
    def post(self, request: Request, code: UUID) -> Response:
        case = case_get_for_user(user=request.user, code=code, perm="cases.edit_people")
        data = PersonAddInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.person_add(actor=request.user, case=case, **data.validated_data)
        body = {"person": result.person, "warnings": result.warnings}
        return Response(PersonResultOutput(body).data, status=status.HTTP_201_CREATED)


class PersonUpdateApi(APIView):
    @extend_schema(
        request=PersonInput,
        responses={200: PersonResultOutput, **ERRORS},
        examples=[
            OpenApiExample(
                "A corrected date of birth",
                request_only=True,
                value={"birth_date": "2015-08-18", "violence_forms": ["fisik", "psikis", "perundungan"]},
            )
        ],
    )
    def patch(self, request: Request, code: UUID) -> Response:
        person = person_get_for_user(user=request.user, code=code, perm="cases.edit_people")
        data = PersonInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        result = services.person_update(actor=request.user, person=person, **data.validated_data)
        body = {"person": result.person, "warnings": result.warnings}
        return Response(PersonResultOutput(body).data)


class PerpetratorRelationApi(APIView):
    @extend_schema(
        request=PerpetratorRelationInput,
        responses={201: PerpetratorRelationOutput, **ERRORS},
        examples=[
            OpenApiExample(
                "A stepfather",
                request_only=True,
                value={"perpetrator": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "relation": "ayah_tiri"},
            )
        ],
    )
    def post(self, request: Request, code: UUID) -> Response:
        victim = person_get_for_user(user=request.user, code=code, perm="cases.edit_people")
        data = PerpetratorRelationInput(data=request.data)
        data.is_valid(raise_exception=True)
        perpetrator = victim.case.people.filter(code=data.validated_data["perpetrator"]).first()
        if perpetrator is None:
            raise exceptions.ValidationError({"perpetrator": [_("Choose a person of the same case.")]})
        link = services.perpetrator_relation_set(
            actor=request.user, victim=victim, perpetrator=perpetrator, relation=data.validated_data["relation"]
        )
        return Response(PerpetratorRelationOutput(link).data, status=status.HTTP_201_CREATED)


class PersonMatchesApi(APIView):
    """Search before create, while recording the people of a case: people matching a NIK, a
    phone, or name words (+ year of birth). Other cases appear only if the user may see them."""

    @extend_schema(parameters=[PersonMatchFilter], responses={200: PersonMatchesOutput, **ERRORS, 429: ErrorOutput})
    def get(self, request: Request, code: UUID) -> Response:
        case = case_get_for_user(user=request.user, code=code, perm="cases.edit_people")
        data = PersonMatchFilter(data=request.query_params)
        data.is_valid(raise_exception=True)
        f = data.validated_data
        try:
            matches = person_matches_for_user(
                user=request.user,
                case=case,
                nik=f.get("nik", ""),
                phone=f.get("phone", ""),
                name=f.get("name", ""),
                birth_year=f.get("birth_year"),
            )
        except SearchLimited as limited:
            throttled = exceptions.Throttled(wait=limited.retry_after)  # the wait: a Retry-After header
            throttled.detail = ErrorDetail(str(SEARCH_LIMITED), code="throttled")  # without DRF's sentence
            raise throttled from None
        return Response(PersonMatchesOutput(matches).data)
