"""Every address of the breach register: the pages (``dataprotection:``, under
/pelindungan-data/) and the API (``api:``, under /api/v1/data-protection/)."""

from django.urls import URLPattern, path

from . import api, views

app_name = "dataprotection"

urlpatterns: list[URLPattern] = [
    path("insiden/", views.incident_list, name="list"),
    path("insiden/baru/", views.incident_create, name="create"),
    path("insiden/<uuid:code>/", views.incident_detail, name="detail"),
    path("insiden/<uuid:code>/ubah/", views.incident_edit, name="edit"),
    path("insiden/<uuid:code>/pernyataan/", views.statement, name="statement"),
    path("insiden/<uuid:code>/tutup/", views.close, name="close"),
    path("insiden/<uuid:code>/pemberitahuan/baru/", views.notice_add, name="notice-add"),
    path("insiden/<uuid:code>/pemberitahuan/<uuid:notice>/ubah/", views.notice_edit, name="notice-edit"),
    path("insiden/<uuid:code>/pemberitahuan/<uuid:notice>/terkirim/", views.notice_sent, name="notice-sent"),
    path("insiden/<uuid:code>/pemberitahuan/<uuid:notice>/surat/", views.notice_letter, name="notice-letter"),
    # Retention and destruction (UU 27/2022 Pasal 42-44; UU 43/2009)
    path("retensi/", views.worklist, name="retention"),
    path("retensi/penahanan/baru/", views.hold_place, name="hold-place"),
    path("retensi/penahanan/<uuid:code>/cabut/", views.hold_lift, name="hold-lift"),
    path("retensi/usulan/baru/", views.batch_propose, name="batch-propose"),
    path("retensi/usulan/<uuid:code>/", views.batch_detail, name="batch"),
    path("retensi/usulan/<uuid:code>/persetujuan/", views.batch_approval, name="batch-approval"),
    path("retensi/usulan/<uuid:code>/musnahkan/", views.batch_execute, name="batch-execute"),
    path("retensi/usulan/<uuid:code>/berita-acara/", views.berita_acara, name="berita-acara"),
]

api_urlpatterns: list[URLPattern] = [
    path("data-protection/incidents/", api.IncidentsApi.as_view(), name="dp-incidents"),
    path("data-protection/incidents/<uuid:code>/", api.IncidentDetailApi.as_view(), name="dp-incident"),
    path("data-protection/incidents/<uuid:code>/close/", api.IncidentCloseApi.as_view(), name="dp-incident-close"),
    path("data-protection/incidents/<uuid:code>/notices/", api.NoticesApi.as_view(), name="dp-notices"),
    path("data-protection/notices/<uuid:code>/", api.NoticeDetailApi.as_view(), name="dp-notice"),
    path("data-protection/notices/<uuid:code>/letter/", api.NoticeLetterApi.as_view(), name="dp-notice-letter"),
    path("data-protection/notices/<uuid:code>/sent/", api.NoticeSentApi.as_view(), name="dp-notice-sent"),
    path("data-protection/retention/worklist/", api.RetentionWorklistApi.as_view(), name="dp-retention-worklist"),
    path("data-protection/retention/holds/", api.HoldsApi.as_view(), name="dp-holds"),
    path("data-protection/retention/holds/<uuid:code>/lift/", api.HoldLiftApi.as_view(), name="dp-hold-lift"),
    path("data-protection/retention/batches/", api.BatchesApi.as_view(), name="dp-batches"),
    path("data-protection/retention/batches/<uuid:code>/", api.BatchDetailApi.as_view(), name="dp-batch"),
    path(
        "data-protection/retention/batches/<uuid:code>/approval/",
        api.BatchApprovalApi.as_view(),
        name="dp-batch-approval",
    ),
    path(
        "data-protection/retention/batches/<uuid:code>/execute/", api.BatchExecuteApi.as_view(), name="dp-batch-execute"
    ),
    path(
        "data-protection/retention/batches/<uuid:code>/berita-acara/",
        api.BeritaAcaraApi.as_view(),
        name="dp-berita-acara",
    ),
]
