from django.urls import URLPattern

from . import api
from .views import overview, portal, staff

app_name = "referrals"

urlpatterns: list[URLPattern] = [*staff.urlpatterns, *portal.urlpatterns, *overview.urlpatterns]

api_urlpatterns: list[URLPattern] = api.urlpatterns
