from django.urls import path

from . import api, views

app_name = "accounts"

urlpatterns = [
    path("audit/", views.audit_list, name="audit"),
    path("notifikasi/", views.notification_list, name="notifications"),
]

api_urlpatterns = [
    path("auth/token/", api.TokenCreateApi.as_view(), name="token-create"),
    path("auth/token/revoke/", api.TokenDeleteApi.as_view(), name="token-revoke"),
    path("me/", api.MeApi.as_view(), name="me"),
]
