"""Every address of the referrals app, in one place: the sender's and the receiver's pages and the
head's overview (``referrals:``, under /rujukan/) and the API (``api:``, under /api/v1/). A view
module holds views only; a new page or API operation adds its ``path()`` here.
"""

from django.urls import URLPattern, path

from . import api
from .views import overview, portal, staff

app_name = "referrals"

urlpatterns: list[URLPattern] = [
    # the sender's pages (UPTD PPA staff)
    path("kasus/<uuid:code>/", staff.case_referrals, name="case"),
    path("kasus/<uuid:code>/baru/", staff.create, name="create"),
    path("<uuid:code>/", staff.detail, name="detail"),
    path("<uuid:code>/ubah/", staff.edit, name="edit"),
    path("<uuid:code>/kirim/", staff.send, name="send"),
    path("<uuid:code>/cabut/", staff.revoke, name="revoke"),
    path("<uuid:code>/surat/", staff.letter, name="letter"),
    path("<uuid:code>/berkas/<uuid:file>/", staff.action_file, name="action-file"),
    # the receiving organisation's portal
    path("masuk/", portal.inbox, name="inbox"),
    path("masuk/<uuid:code>/", portal.inbox_detail, name="inbox-detail"),
    path("masuk/<uuid:code>/terima/", portal.accept, name="accept"),
    path("masuk/<uuid:code>/tolak/", portal.decline, name="decline"),
    path("masuk/<uuid:code>/tindakan/", portal.action_add, name="action-add"),
    path("masuk/<uuid:code>/selesai/", portal.complete, name="complete"),
    # the head's overview
    path("ikhtisar/", overview.overview, name="overview"),
]

api_urlpatterns: list[URLPattern] = [
    path("cases/<uuid:code>/referrals/", api.CaseReferralsApi.as_view(), name="case-referrals"),
    path("referrals/overview/", api.OverviewApi.as_view(), name="referral-overview"),
    path("referrals/<uuid:code>/", api.ReferralDetailApi.as_view(), name="referral-detail"),
    path("referrals/<uuid:code>/send/", api.ReferralSendApi.as_view(), name="referral-send"),
    path("referrals/<uuid:code>/revoke/", api.ReferralRevokeApi.as_view(), name="referral-revoke"),
    path("referrals/<uuid:code>/letter/", api.ReferralLetterApi.as_view(), name="referral-letter"),
    path(
        "referrals/<uuid:code>/action-files/<uuid:file>/",
        api.ReferralActionFileApi.as_view(),
        name="referral-action-file",
    ),
    path("inbox/referrals/", api.InboxApi.as_view(), name="inbox-referrals"),
    path("inbox/referrals/<uuid:code>/", api.InboxDetailApi.as_view(), name="inbox-referral-detail"),
    path("inbox/referrals/<uuid:code>/accept/", api.InboxAcceptApi.as_view(), name="inbox-referral-accept"),
    path("inbox/referrals/<uuid:code>/decline/", api.InboxDeclineApi.as_view(), name="inbox-referral-decline"),
    path("inbox/referrals/<uuid:code>/actions/", api.InboxActionApi.as_view(), name="inbox-referral-action"),
    path("inbox/referrals/<uuid:code>/complete/", api.InboxCompleteApi.as_view(), name="inbox-referral-complete"),
    path("inbox/referrals/<uuid:code>/letter/", api.InboxLetterApi.as_view(), name="inbox-referral-letter"),
    path(
        "inbox/referrals/<uuid:code>/action-files/<uuid:file>/",
        api.InboxActionFileApi.as_view(),
        name="inbox-referral-action-file",
    ),
]
