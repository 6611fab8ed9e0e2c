"""API permission applied to every view (REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"]).

Its own module: DRF imports it while rest_framework.views is still loading, so it must not import
that module (uptdppa/api.py does)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from rest_framework.permissions import BasePermission
from rest_framework.request import Request


class LiaisonScope(BasePermission):
    """A liaison officer's session or token reaches only the views marked ``liaison_allowed``
    (their referral inbox and their own account); everything else answers 404, as if it did not
    exist (docs/architecture.md#roles-and-access)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        from uptdppa.accounts.models import Role

        if getattr(request.user, "role", None) == Role.PENGHUBUNG_OPD and not getattr(view, "liaison_allowed", False):
            raise Http404
        return True


class ApiDocsReaders(BasePermission):
    """The schema and its documentation page (SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"]): for the
    roles in API_DOCS_ROLES only. Everybody else, anonymous visitors included, gets 404: a liaison
    reaches only their inbox and leadership reads the dashboard, and neither needs the map of
    every staff endpoint."""

    def has_permission(self, request: Request, view: Any) -> bool:
        from uptdppa.accounts.access import API_DOCS_ROLES

        user = request.user
        if not (user.is_authenticated and user.is_active and getattr(user, "role", None) in API_DOCS_ROLES):
            raise Http404
        return True
