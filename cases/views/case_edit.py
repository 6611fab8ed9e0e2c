"""Staff forms of the cases app (module: case_edit)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
