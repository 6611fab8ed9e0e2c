"""The app's URLs plus the two reference views the benchmarks compare against."""

from django.urls import path

from uptdppa.urls import handler404, handler500  # noqa: F401
from uptdppa.urls import urlpatterns as app_urlpatterns

from . import views

urlpatterns = [
    path("bench/trivial/", views.trivial, name="bench-trivial"),
    path("bench/bare-list/", views.bare_list, name="bench-bare-list"),
    *app_urlpatterns,
]
