from django.urls import URLPattern

from . import api
from .views import case_edit, intake, worklist

app_name = "cases"

urlpatterns: list[URLPattern] = [*worklist.urlpatterns, *intake.urlpatterns, *case_edit.urlpatterns]

api_urlpatterns: list[URLPattern] = api.urlpatterns
