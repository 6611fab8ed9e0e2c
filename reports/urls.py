from django.urls import URLPattern

from . import api
from .views import dashboard, exports, simfoni

app_name = "reports"

urlpatterns: list[URLPattern] = [*dashboard.urlpatterns, *exports.urlpatterns, *simfoni.urlpatterns]

api_urlpatterns: list[URLPattern] = api.urlpatterns
