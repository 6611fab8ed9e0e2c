"""Case services API: attachments (issue 4). Filled in by its owner."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
