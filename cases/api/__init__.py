"""Case API: the same services and selectors as the pages, so the same rules.

Staff part: one view per operation. An object outside the user's scope is a 404 (selectors); an
action the user may not take on an object they can see is a 403 (``has_perm``). A service's
ValidationError becomes a 400 with ``errors`` by field (uptdppa/api.py).

Public part (no login): the complaint form and the status lookup for a future mobile app, with
the same validation, honeypot and per-address limits as the pages (cases/views/public.py).
"""

from django.urls import path

from . import attachments, closure, legal, protection, support
from .intake import (
    IntakeApi,
    PoliceReportApi,
    RegistryApi,
    TeamAddApi,
    TeamRemoveApi,
    TriageDecideApi,
    TriageProposeApi,
)
from .people import PerpetratorRelationApi, PersonAddApi, PersonMatchesApi, PersonUpdateApi
from .public import PublicComplaintApi, PublicStatusApi
from .worklist import CaseDetailApi, CaseListApi

urlpatterns = [
    path("intakes/", IntakeApi.as_view(), name="intake-list"),
    path("cases/", CaseListApi.as_view(), name="case-list"),
    path("cases/<uuid:code>/", CaseDetailApi.as_view(), name="case-detail"),
    path("cases/<uuid:code>/triage/propose/", TriageProposeApi.as_view(), name="case-triage-propose"),
    path("cases/<uuid:code>/triage/decide/", TriageDecideApi.as_view(), name="case-triage-decide"),
    path("cases/<uuid:code>/team/", TeamAddApi.as_view(), name="case-team-add"),
    path("cases/<uuid:code>/team/<uuid:user_code>/", TeamRemoveApi.as_view(), name="case-team-remove"),
    path("cases/<uuid:code>/police-report/", PoliceReportApi.as_view(), name="case-police-report"),
    path("cases/<uuid:code>/registry/", RegistryApi.as_view(), name="case-registry"),
    path("cases/<uuid:code>/people/", PersonAddApi.as_view(), name="case-person-add"),
    path("cases/<uuid:code>/people/matches/", PersonMatchesApi.as_view(), name="person-matches"),
    path("people/<uuid:code>/", PersonUpdateApi.as_view(), name="person-update"),
    path("people/<uuid:code>/relations/", PerpetratorRelationApi.as_view(), name="person-relation-add"),
    path("public/complaints/", PublicComplaintApi.as_view(), name="public-complaint"),
    path("public/complaints/status/", PublicStatusApi.as_view(), name="public-complaint-status"),
    *support.urlpatterns,
    *legal.urlpatterns,
    *protection.urlpatterns,
    *closure.urlpatterns,
    *attachments.urlpatterns,
]
