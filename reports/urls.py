"""Every address of reports: the pages under /laporan/ (``urlpatterns``) and the API operations
under /api/v1/ (``api_urlpatterns``), both included by uptdppa/urls.py."""

from django.urls import URLPattern, path

from . import api
from .views import dashboard, exports, simfoni

app_name = "reports"

urlpatterns: list[URLPattern] = [
    # The dashboard and "generate now" (reports/views/dashboard.py).
    path("dasbor/", dashboard.dashboard, name="dashboard"),
    path("snapshot/", dashboard.generate, name="generate"),
    path("snapshot/<uuid:code>/", dashboard.run_detail, name="run"),
    path("snapshot/<uuid:code>/status/", dashboard.run_status, name="run-status"),
    # The report files (reports/views/exports.py).
    path("ekspor/", exports.exports, name="exports"),
    path("ekspor/<uuid:code>/unduh/", exports.export_download, name="export_download"),
    # The SIMFONI work list, its export and the marker (reports/views/simfoni.py).
    path("simfoni/", simfoni.worklist, name="simfoni"),
    path("simfoni/unduh/", simfoni.export, name="simfoni_export"),
    path("simfoni/<uuid:code>/tercatat/", simfoni.mark, name="simfoni_mark"),
]

api_urlpatterns: list[URLPattern] = [
    path("statistics/", api.StatisticsApi.as_view(), name="statistics"),
    path("simfoni/cases/", api.SimfoniCasesApi.as_view(), name="simfoni-cases"),
    path("simfoni/cases/<uuid:code>/entered/", api.SimfoniEnteredApi.as_view(), name="simfoni-entered"),
]
