from django.urls import URLPattern

from . import api
from .views import attachments, case_edit, closure, intake, legal, protection, support, worklist

app_name = "cases"

urlpatterns: list[URLPattern] = [
    *worklist.urlpatterns,
    *intake.urlpatterns,
    *case_edit.urlpatterns,
    *support.urlpatterns,
    *legal.urlpatterns,
    *protection.urlpatterns,
    *closure.urlpatterns,
    *attachments.urlpatterns,
]

api_urlpatterns: list[URLPattern] = api.urlpatterns
