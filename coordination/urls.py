"""Every address of the coordination app: the case conferences, the liaison's portal, action
items and the task-force meeting register (``coordination:``, under /koordinasi/) and the API
(``api:``, under /api/v1/coordination/)."""

from django.urls import URLPattern, path

from . import api, views

app_name = "coordination"

urlpatterns: list[URLPattern] = [
    # a case's conferences (the team and the head)
    path("kasus/<uuid:code>/", views.case_conferences, name="case"),
    path("kasus/<uuid:code>/jadwalkan/", views.conference_schedule_view, name="schedule"),
    path("konferensi/<uuid:code>/", views.conference_detail, name="conference"),
    path("konferensi/<uuid:code>/terlaksana/", views.conference_hold_view, name="hold"),
    path("konferensi/<uuid:code>/batal/", views.conference_cancel_view, name="cancel"),
    path("konferensi/<uuid:code>/keputusan/", views.decision_add_view, name="decision-add"),
    path("konferensi/<uuid:code>/tindak-lanjut/", views.action_item_add_view, name="item-add"),
    path("konferensi/<uuid:code>/kehadiran/<uuid:attendance>/", views.attendance_view, name="attendance"),
    # action items (everyone who may see one)
    path("tindak-lanjut/<uuid:code>/", views.action_item_view, name="action-item"),
    # the liaison's portal
    path("portal/", views.portal, name="portal"),
    path("portal/konferensi/<uuid:code>/", views.portal_conference, name="portal-conference"),
    # the task-force meeting register
    path("rapat/", views.meetings, name="meetings"),
    path("rapat/baru/", views.meeting_create, name="meeting-create"),
    path("rapat/<uuid:code>/", views.meeting_detail, name="meeting"),
    path("rapat/<uuid:code>/keputusan/", views.meeting_decision_add, name="meeting-decision-add"),
    path("rapat/<uuid:code>/tindak-lanjut/", views.meeting_item_add, name="meeting-item-add"),
]

C = "coordination"

api_urlpatterns: list[URLPattern] = [
    path(f"{C}/cases/<uuid:code>/conferences/", api.CaseConferencesApi.as_view(), name="case-conferences"),
    path(f"{C}/conferences/<uuid:code>/", api.ConferenceDetailApi.as_view(), name="conference-detail"),
    path(f"{C}/conferences/<uuid:code>/hold/", api.ConferenceHoldApi.as_view(), name="conference-hold"),
    path(f"{C}/conferences/<uuid:code>/cancel/", api.ConferenceCancelApi.as_view(), name="conference-cancel"),
    path(f"{C}/conferences/<uuid:code>/decisions/", api.ConferenceDecisionApi.as_view(), name="conference-decisions"),
    path(
        f"{C}/conferences/<uuid:code>/action-items/",
        api.ConferenceActionItemApi.as_view(),
        name="conference-action-items",
    ),
    path(
        f"{C}/conferences/<uuid:code>/attendance/<uuid:attendance>/",
        api.ConferenceAttendanceApi.as_view(),
        name="conference-attendance",
    ),
    path(f"{C}/portal/conferences/<uuid:code>/", api.PortalConferenceApi.as_view(), name="portal-conference"),
    path(f"{C}/action-items/", api.ActionItemsApi.as_view(), name="action-items"),
    path(f"{C}/action-items/<uuid:code>/", api.ActionItemDetailApi.as_view(), name="action-item-detail"),
    path(f"{C}/action-items/<uuid:code>/status/", api.ActionItemStatusApi.as_view(), name="action-item-status"),
    path(f"{C}/meetings/", api.MeetingsApi.as_view(), name="meetings"),
    path(f"{C}/meetings/<uuid:code>/", api.MeetingDetailApi.as_view(), name="meeting-detail"),
    path(f"{C}/meetings/<uuid:code>/decisions/", api.MeetingDecisionApi.as_view(), name="meeting-decisions"),
    path(f"{C}/meetings/<uuid:code>/action-items/", api.MeetingActionItemApi.as_view(), name="meeting-action-items"),
]
