"""DRF authentication classes (kept apart from api.py: DRF imports them while loading its views)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.auth import TokenAuthentication
from rest_framework.request import Request

from uptdppa.audit import set_request_actor


class AuditedTokenAuthentication(TokenAuthentication):
    """Knox token authentication that also names the actor of the request's audit entries."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        result = super().authenticate(request)
        if result is not None:
            set_request_actor(result[0])
        return result


class AuditedTokenScheme(OpenApiAuthenticationExtension):
    """Describes the token header in the OpenAPI schema."""

    target_class = AuditedTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'Token from /api/v1/auth/token/, sent as "Token <token>".',
        }
