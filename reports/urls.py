"""Every address of reports: the pages under /laporan/ (``urlpatterns``) and the API operations
under /api/v1/ (``api_urlpatterns``), both included by uptdppa/urls.py."""

from django.urls import URLPattern, path

from . import api
from .views import accountability, dashboard, exports, simfoni

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
    # Inter-agency accountability (issue 18 §2-3; reports/views/accountability.py).
    path("gugus-tugas/", accountability.taskforce_list, name="taskforce"),
    path("gugus-tugas/<uuid:code>/", accountability.taskforce_detail, name="taskforce-detail"),
    path("gugus-tugas/<uuid:code>/pdf/", accountability.taskforce_file, {"kind": "pdf"}, name="taskforce-pdf"),
    path("gugus-tugas/<uuid:code>/xlsx/", accountability.taskforce_file, {"kind": "xlsx"}, name="taskforce-xlsx"),
    path("kla/", accountability.kla_list, name="kla"),
    path("kla/<uuid:code>/", accountability.kla_detail, name="kla-detail"),
    path("kla/<uuid:code>/pdf/", accountability.kla_file, {"kind": "pdf"}, name="kla-pdf"),
    path("kla/<uuid:code>/xlsx/", accountability.kla_file, {"kind": "xlsx"}, name="kla-xlsx"),
]

api_urlpatterns: list[URLPattern] = [
    path("statistics/", api.StatisticsApi.as_view(), name="statistics"),
    path("simfoni/cases/", api.SimfoniCasesApi.as_view(), name="simfoni-cases"),
    path("simfoni/cases/<uuid:code>/entered/", api.SimfoniEnteredApi.as_view(), name="simfoni-entered"),
    # Inter-agency accountability (issue 18 §2-3).
    path("taskforce-reports/", api.TaskForceReportsApi.as_view(), name="taskforce-reports"),
    path("taskforce-reports/<uuid:code>/", api.TaskForceReportApi.as_view(), name="taskforce-report"),
    path("kla-packs/", api.KlaPacksApi.as_view(), name="kla-packs"),
    path("kla-packs/<uuid:code>/", api.KlaPackApi.as_view(), name="kla-pack"),
]
