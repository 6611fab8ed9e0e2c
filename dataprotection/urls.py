"""Every address of the data-protection app (the breach register, the data-subject requests, the
record of processing, the DPIA): the pages (``dataprotection:``, under /pelindungan-data/) and the API (``api:``, under
/api/v1/data-protection/)."""

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
    # Data-subject requests (UU 27/2022 Pasal 6–14)
    path("permintaan/", views.request_list, name="request-list"),
    path("permintaan/baru/", views.request_create, name="request-create"),
    path("permintaan/<uuid:code>/", views.request_detail, name="request-detail"),
    path("permintaan/<uuid:code>/putusan/", views.request_decide_view, name="request-decide"),
    path("permintaan/<uuid:code>/perbaikan/", views.request_correct_view, name="request-correct"),
    path("permintaan/<uuid:code>/cabut-pembatasan/", views.request_lift, name="request-lift"),
    path("permintaan/<uuid:code>/data.pdf", views.request_export_pdf, name="request-pdf"),
    path("permintaan/<uuid:code>/data.json", views.request_export_json, name="request-json"),
    path("pemrosesan/", views.processing_record, name="processing-record"),
    path("pemrosesan/pdf/", views.processing_record_pdf, name="processing-record-pdf"),
    path("dpia/", views.dpia, name="dpia"),
    path("dpia/ubah/", views.dpia_edit, name="dpia-edit"),
    path("dpia/versi/<int:version>/", views.dpia_version, name="dpia-version"),
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
    path("data-protection/requests/", api.RequestsApi.as_view(), name="dp-requests"),
    path("data-protection/requests/<uuid:code>/", api.RequestDetailApi.as_view(), name="dp-request"),
    path("data-protection/requests/<uuid:code>/decide/", api.RequestDecideApi.as_view(), name="dp-request-decide"),
    path("data-protection/requests/<uuid:code>/correct/", api.RequestCorrectApi.as_view(), name="dp-request-correct"),
    path(
        "data-protection/requests/<uuid:code>/lift-restriction/",
        api.RequestLiftApi.as_view(),
        name="dp-request-lift",
    ),
    path("data-protection/requests/<uuid:code>/data/", api.RequestDataApi.as_view(), name="dp-request-data"),
    path("data-protection/requests/<uuid:code>/data.pdf", api.RequestPdfApi.as_view(), name="dp-request-pdf"),
    path("data-protection/processing-record/", api.ProcessingRecordApi.as_view(), name="dp-processing-record"),
    path("data-protection/dpia/", api.DpiaApi.as_view(), name="dp-dpia"),
    path("data-protection/dpia/<int:version>/", api.DpiaVersionApi.as_view(), name="dp-dpia-version"),
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
