from django.urls import path

from . import api, views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("<uuid:code>/", views.case_detail, name="detail"),
]

api_urlpatterns = [
    path("cases/", api.CaseListApi.as_view(), name="case-list"),
    path("cases/<uuid:code>/", api.CaseDetailApi.as_view(), name="case-detail"),
]
