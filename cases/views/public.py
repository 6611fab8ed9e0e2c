"""The public complaint form and status page (no login)."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "public"

urlpatterns: list[URLPattern] = []
