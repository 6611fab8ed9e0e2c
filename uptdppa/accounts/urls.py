from django.urls import path

from . import api, views

app_name = "accounts"

urlpatterns = [
    path("audit/", views.audit_list, name="audit"),
    path("notifikasi/", views.notification_list, name="notifications"),
    path("perubahan-peran/", views.role_change_list, name="role-changes"),
    path("perubahan-peran/<uuid:code>/setujui/", views.role_change_approve, name="role-change-approve"),
    path("perubahan-peran/<uuid:code>/tolak/", views.role_change_refuse, name="role-change-refuse"),
]

api_urlpatterns = [
    path("auth/token/", api.TokenCreateApi.as_view(), name="token-create"),
    path("auth/token/revoke/", api.TokenDeleteApi.as_view(), name="token-revoke"),
    path("me/", api.MeApi.as_view(), name="me"),
    path("role-changes/", api.RoleChangeListApi.as_view(), name="role-changes"),
    path("role-changes/<uuid:code>/approve/", api.RoleChangeApproveApi.as_view(), name="role-change-approve"),
    path("role-changes/<uuid:code>/refuse/", api.RoleChangeRefuseApi.as_view(), name="role-change-refuse"),
]
