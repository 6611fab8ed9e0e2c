"""Staff forms of the cases app (module: intake)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
