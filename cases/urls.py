"""Every address of the cases app, in one place: the staff pages (``cases:``, under /cases/),
the public complaint pages (``public:``, under /pengaduan/) and the API (``api:``, under
/api/v1/). A view module holds views only; a new page or API operation adds its ``path()`` here.
"""

from django.urls import URLPattern, path

from .api import access_history as access_history_api
from .api import attachments as attachments_api
from .api import closure as closure_api
from .api import intake as intake_api
from .api import legal as legal_api
from .api import people as people_api
from .api import protection as protection_api
from .api import public as public_api
from .api import support as support_api
from .api import worklist as worklist_api
from .views import access_history, attachments, case_edit, closure, intake, legal, protection, public, support, worklist

app_name = "cases"

urlpatterns: list[URLPattern] = [
    # the worklist, the intake queue, the case page
    path("", worklist.case_list, name="list"),
    path("antrean/", worklist.intake_queue, name="intake-queue"),
    path("<uuid:code>/", worklist.case_detail, name="detail"),
    # intake and triage
    path("pengaduan-baru/", intake.intake_create, name="intake-create"),
    path("<uuid:code>/triase/", intake.triage, name="triage"),
    # people, team, police report, register numbers
    path("<uuid:code>/orang/tambah/", case_edit.person_create, name="person-add"),
    path("<uuid:code>/orang/<uuid:person>/ubah/", case_edit.person_edit, name="person-edit"),
    path("<uuid:code>/orang/cocok/", case_edit.person_matches, name="person-matches"),
    path("<uuid:code>/tim/", case_edit.team, name="team"),
    path("<uuid:code>/tim/<uuid:user>/hapus/", case_edit.team_remove, name="team-remove"),
    path("<uuid:code>/laporan-polisi/", case_edit.police_report, name="police-report"),
    path("<uuid:code>/nomor/", case_edit.registry, name="registry"),
    # case management: outreach, health, assessment, plan
    path("<uuid:code>/layanan/", support.support, name="support"),
    path("<uuid:code>/layanan/penjangkauan/tambah/", support.outreach_add, name="support-outreach-add"),
    path("<uuid:code>/layanan/kesehatan/tambah/", support.health_add, name="support-health-add"),
    path(
        "<uuid:code>/layanan/kesehatan/<uuid:service>/selesai/", support.health_complete, name="support-health-complete"
    ),
    path("<uuid:code>/layanan/asesmen/tambah/", support.assessment_add, name="support-assessment-add"),
    path("<uuid:code>/layanan/rencana/tambah/", support.plan_item_create, name="support-plan-item-add"),
    path("<uuid:code>/layanan/rencana/<uuid:item>/ubah/", support.plan_item_edit, name="support-plan-item-edit"),
    path("<uuid:code>/layanan/rencana/<uuid:item>/hapus/", support.plan_item_delete, name="support-plan-item-remove"),
    path("<uuid:code>/layanan/rencana/<uuid:item>/status/", support.plan_item_status, name="support-plan-item-status"),
    path("<uuid:code>/layanan/rencana/ajukan/", support.plan_submit_view, name="support-plan-submit"),
    path("<uuid:code>/layanan/rencana/keputusan/", support.plan_decide, name="support-plan-decide"),
    # the legal page
    path("<uuid:code>/hukum/", legal.legal_page, name="legal"),
    path("<uuid:code>/hukum/proses/tambah/", legal.legal_event_add, name="legal-event-add"),
    path("<uuid:code>/hukum/mediasi/tambah/", legal.mediation_add, name="mediation-open"),
    path("<uuid:code>/hukum/mediasi/<uuid:mediation>/sesi/", legal.mediation_session, name="mediation-session-add"),
    path("<uuid:code>/hukum/mediasi/<uuid:mediation>/tutup/", legal.mediation_outcome, name="mediation-close"),
    path(
        "<uuid:code>/hukum/mediasi/<uuid:mediation>/tindak-lanjut/",
        legal.mediation_follow_up,
        name="mediation-follow-up-add",
    ),
    path("<uuid:code>/hukum/restitusi/", legal.restitution, name="restitution-set"),
    path("<uuid:code>/hukum/pendampingan/tambah/", legal.accompaniment_add, name="accompaniment-add"),
    path("<uuid:code>/hukum/bantuan-hukum/tambah/", legal.legal_aid_add, name="legal-aid-add"),
    path("<uuid:code>/hukum/bantuan-hukum/<uuid:legal_aid>/ubah/", legal.legal_aid_edit, name="legal-aid-edit"),
    path("<uuid:code>/hukum/bantuan-hukum/<uuid:legal_aid>/selesai/", legal.legal_aid_stop, name="legal-aid-end"),
    # protection and recovery
    path("<uuid:code>/perlindungan/", protection.protection, name="protection"),
    path("<uuid:code>/perlindungan/sesi-psikologis/tambah/", protection.psych_session_add, name="psych-session-add"),
    path("<uuid:code>/perlindungan/penampungan/masuk/", protection.shelter_admit_view, name="shelter-admit"),
    path(
        "<uuid:code>/perlindungan/penampungan/<uuid:stay>/keluar/",
        protection.shelter_discharge_view,
        name="shelter-discharge",
    ),
    path("<uuid:code>/perlindungan/persetujuan/tambah/", protection.consent_add, name="consent-add"),
    path(
        "<uuid:code>/perlindungan/korban/<uuid:person>/hak/<slug:right>/",
        protection.victim_right_edit,
        name="victim-right",
    ),
    # closure, monitoring, tasks
    path("tugas/", closure.my_tasks, name="tasks"),
    path("<uuid:code>/penutupan/", closure.closure_page, name="closure"),
    path("<uuid:code>/penutupan/ajukan/", closure.closure_request_view, name="closure-request"),
    path("<uuid:code>/penutupan/setujui/", closure.closure_approve_view, name="closure-approve"),
    path("<uuid:code>/penutupan/kembalikan/", closure.closure_return_view, name="closure-return"),
    path("<uuid:code>/buka-kembali/", closure.case_reopen_view, name="case-reopen"),
    path("<uuid:code>/pemantauan/<uuid:follow_up>/", closure.follow_up_record_view, name="monitoring-follow-up"),
    # attachments
    path("<uuid:code>/lampiran/", attachments.attachments, name="attachments"),
    path("<uuid:code>/lampiran/<uuid:attachment>/unduh/", attachments.attachment_download, name="attachment-download"),
    path("<uuid:code>/lampiran/<uuid:attachment>/hapus/", attachments.attachment_remove_view, name="attachment-remove"),
    # who read, exported or changed the case
    path("<uuid:code>/riwayat-akses/", access_history.access_history, name="access-history"),
]

# The public complaint form and its status page, without login (their own namespace, "public").
public_urlpatterns: tuple[list[URLPattern], str] = (
    [
        path("", public.complaint, name="complaint"),
        path("terkirim/", public.sent, name="sent"),
        path("status/", public.status, name="status"),
    ],
    "public",
)

api_urlpatterns: list[URLPattern] = [
    path("intakes/", intake_api.IntakeApi.as_view(), name="intake-list"),
    path("cases/", worklist_api.CaseListApi.as_view(), name="case-list"),
    path("cases/<uuid:code>/", worklist_api.CaseDetailApi.as_view(), name="case-detail"),
    path("cases/<uuid:code>/triage/propose/", intake_api.TriageProposeApi.as_view(), name="case-triage-propose"),
    path("cases/<uuid:code>/triage/decide/", intake_api.TriageDecideApi.as_view(), name="case-triage-decide"),
    path("cases/<uuid:code>/team/", intake_api.TeamAddApi.as_view(), name="case-team-add"),
    path("cases/<uuid:code>/team/<uuid:user_code>/", intake_api.TeamRemoveApi.as_view(), name="case-team-remove"),
    path("cases/<uuid:code>/police-report/", intake_api.PoliceReportApi.as_view(), name="case-police-report"),
    path("cases/<uuid:code>/registry/", intake_api.RegistryApi.as_view(), name="case-registry"),
    path("cases/<uuid:code>/people/", people_api.PersonAddApi.as_view(), name="case-person-add"),
    path("cases/<uuid:code>/people/matches/", people_api.PersonMatchesApi.as_view(), name="person-matches"),
    path("people/<uuid:code>/", people_api.PersonUpdateApi.as_view(), name="person-update"),
    path("people/<uuid:code>/relations/", people_api.PerpetratorRelationApi.as_view(), name="person-relation-add"),
    path("public/complaints/", public_api.PublicComplaintApi.as_view(), name="public-complaint"),
    path("public/complaints/status/", public_api.PublicStatusApi.as_view(), name="public-complaint-status"),
    # case management: outreach, health, assessment, plan
    path("cases/<uuid:code>/outreach-visits/", support_api.OutreachVisitsApi.as_view(), name="case-outreach-visits"),
    path("cases/<uuid:code>/health-services/", support_api.HealthServicesApi.as_view(), name="case-health-services"),
    path(
        "health-services/<uuid:code>/complete/",
        support_api.HealthServiceCompleteApi.as_view(),
        name="health-service-complete",
    ),
    path("cases/<uuid:code>/assessments/", support_api.AssessmentsApi.as_view(), name="case-assessments"),
    path("cases/<uuid:code>/plan/", support_api.PlanApi.as_view(), name="case-plan"),
    path("cases/<uuid:code>/plan/items/", support_api.PlanItemsApi.as_view(), name="case-plan-items"),
    path("cases/<uuid:code>/plan/submit/", support_api.PlanSubmitApi.as_view(), name="case-plan-submit"),
    path("cases/<uuid:code>/plan/approve/", support_api.PlanApproveApi.as_view(), name="case-plan-approve"),
    path("cases/<uuid:code>/plan/return/", support_api.PlanReturnApi.as_view(), name="case-plan-return"),
    path("plan-items/<uuid:code>/", support_api.PlanItemApi.as_view(), name="plan-item"),
    path("plan-items/<uuid:code>/status/", support_api.PlanItemStatusApi.as_view(), name="plan-item-status"),
    # the legal page
    path("cases/<uuid:code>/legal-events/", legal_api.LegalEventsApi.as_view(), name="case-legal-events"),
    path("cases/<uuid:code>/mediations/", legal_api.MediationsApi.as_view(), name="case-mediations"),
    path("mediations/<uuid:code>/sessions/", legal_api.MediationSessionApi.as_view(), name="mediation-sessions"),
    path("mediations/<uuid:code>/close/", legal_api.MediationCloseApi.as_view(), name="mediation-close"),
    path("mediations/<uuid:code>/follow-ups/", legal_api.MediationFollowUpApi.as_view(), name="mediation-follow-ups"),
    path("cases/<uuid:code>/restitutions/", legal_api.RestitutionsApi.as_view(), name="case-restitutions"),
    path("cases/<uuid:code>/accompaniments/", legal_api.AccompanimentsApi.as_view(), name="case-accompaniments"),
    path("cases/<uuid:code>/legal-aid/", legal_api.LegalAidListApi.as_view(), name="case-legal-aid"),
    path("legal-aid/<uuid:code>/", legal_api.LegalAidApi.as_view(), name="legal-aid"),
    path("legal-aid/<uuid:code>/end/", legal_api.LegalAidEndApi.as_view(), name="legal-aid-end"),
    # protection and recovery
    path("cases/<uuid:code>/psych-sessions/", protection_api.PsychSessionsApi.as_view(), name="case-psych-sessions"),
    path("cases/<uuid:code>/shelter-stays/", protection_api.ShelterStaysApi.as_view(), name="case-shelter-stays"),
    path(
        "shelter-stays/<uuid:code>/discharge/",
        protection_api.ShelterDischargeApi.as_view(),
        name="shelter-stay-discharge",
    ),
    path("cases/<uuid:code>/consents/", protection_api.ConsentsApi.as_view(), name="case-consents"),
    path(
        "cases/<uuid:code>/victims/<uuid:person>/rights/",
        protection_api.VictimRightsApi.as_view(),
        name="victim-rights",
    ),
    path(
        "cases/<uuid:code>/victims/<uuid:person>/rights/<slug:right>/",
        protection_api.VictimRightApi.as_view(),
        name="victim-right",
    ),
    # closure, monitoring, tasks
    path("cases/<uuid:code>/closure/", closure_api.ClosureApi.as_view(), name="case-closure"),
    path("cases/<uuid:code>/closure/request/", closure_api.ClosureRequestApi.as_view(), name="case-closure-request"),
    path("cases/<uuid:code>/closure/approve/", closure_api.ClosureApproveApi.as_view(), name="case-closure-approve"),
    path("cases/<uuid:code>/closure/return/", closure_api.ClosureReturnApi.as_view(), name="case-closure-return"),
    path("cases/<uuid:code>/reopen/", closure_api.CaseReopenApi.as_view(), name="case-reopen"),
    path("follow-ups/<uuid:code>/", closure_api.MonitoringFollowUpApi.as_view(), name="monitoring-follow-up-record"),
    # attachments
    path("cases/<uuid:code>/attachments/", attachments_api.CaseAttachmentsApi.as_view(), name="case-attachments"),
    path(
        "attachments/<uuid:code>/download/", attachments_api.AttachmentDownloadApi.as_view(), name="attachment-download"
    ),
    path("attachments/<uuid:code>/", attachments_api.AttachmentApi.as_view(), name="attachment-remove"),
    # who read, exported or changed the case
    path(
        "cases/<uuid:code>/access-history/", access_history_api.AccessHistoryApi.as_view(), name="case-access-history"
    ),
]
