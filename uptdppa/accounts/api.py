"""Authentication API: hashed, expiring tokens (django-rest-knox) and the current user; the head's
decisions on role changes (the administrator asks for them in the admin site)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from knox.models import AuthToken
from knox.settings import knox_settings
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from uptdppa.api import ErrorOutput
from uptdppa.audit import set_request_actor

from . import services
from .authentication import AuditedTokenAuthentication
from .mfa import MFA_NOT_SET_UP, has_totp, mfa_missing, second_factor_failed, totp_authenticator
from .models import User
from .selectors import role_change_get_for_user, role_changes_pending


class UserOutput(serializers.Serializer):
    code = serializers.UUIDField()
    username = serializers.CharField()
    display_name = serializers.CharField()
    role = serializers.CharField()
    role_label = serializers.CharField(source="get_role_display")
    organisation = serializers.CharField(source="organisation.name")
    mfa_enabled = serializers.SerializerMethodField()

    def get_mfa_enabled(self, user: User) -> bool:
        return has_totp(user)


class TokenCreateApi(APIView):
    """Exchange username, password and (when the account has MFA) a TOTP code for a token."""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    def get_authenticate_header(self, request: Request) -> str:
        return "Token"  # failures are 401 (no authenticators here to say so)

    class InputSerializer(serializers.Serializer):
        username = serializers.CharField()
        password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
        otp = serializers.CharField(required=False, allow_blank=True, help_text=_("6-digit TOTP code"))

    @extend_schema(
        request=InputSerializer,
        responses={
            201: inline_serializer(
                "TokenOutput",
                {"token": serializers.CharField(), "expiry": serializers.DateTimeField(), "user": UserOutput()},
            ),
            400: ErrorOutput,
            401: ErrorOutput,
            403: ErrorOutput,
            429: ErrorOutput,
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if user is None or not user.is_active:
            # django-axes counts the failure (and, past the limit, refuses even a right password).
            raise exceptions.AuthenticationFailed(_("Wrong username or password, or the account is locked."))

        if mfa_missing(user):
            raise exceptions.PermissionDenied(MFA_NOT_SET_UP)
        totp = totp_authenticator(user)
        if totp is not None and not TOTP(totp).validate_code(data.validated_data.get("otp", "")):
            second_factor_failed(request=request._request, username=user.username)
            raise exceptions.AuthenticationFailed(
                _("The two-factor authentication code is wrong or has already been used.")
            )

        live = AuthToken.objects.filter(user=user, expiry__gt=timezone.now()).count()
        if knox_settings.TOKEN_LIMIT_PER_USER is not None and live >= knox_settings.TOKEN_LIMIT_PER_USER:
            raise exceptions.PermissionDenied(
                _("This account already holds the most API tokens allowed. Revoke one or wait until one expires.")
            )
        instance, token = AuthToken.objects.create(user=user)
        set_request_actor(user)
        body = {"token": token, "expiry": instance.expiry, "user": UserOutput(user).data}
        return Response(body, status=status.HTTP_201_CREATED)


class TokenDeleteApi(APIView):
    """Revoke the token used for this request."""

    authentication_classes = [AuditedTokenAuthentication]
    liaison_allowed = True

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        request.auth.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeApi(APIView):
    """The logged-in user: role and organisation decide what the rest of the API shows."""

    liaison_allowed = True

    @extend_schema(responses=UserOutput)
    def get(self, request: Request) -> Response:
        return Response(UserOutput(request.user).data)


# --- Role changes --------------------------------------------------------------------------------


class _UserBrief(serializers.Serializer):
    code = serializers.UUIDField()
    username = serializers.CharField()
    display_name = serializers.CharField()


class RoleChangeOutput(serializers.Serializer):
    code = serializers.UUIDField()
    user = _UserBrief()
    from_role = serializers.CharField(help_text=gettext_lazy("Empty for a new account."))
    from_role_label = serializers.CharField(source="get_from_role_display")
    to_role = serializers.CharField()
    to_role_label = serializers.CharField(source="get_to_role_display")
    organisation = serializers.CharField(
        source="organisation.name", allow_null=True, default=None, help_text=gettext_lazy("Set when it changes too.")
    )
    new_account = serializers.BooleanField()
    requested_by = _UserBrief(allow_null=True)
    requested_at = serializers.DateTimeField()
    decision = serializers.CharField()
    decision_label = serializers.CharField(source="get_decision_display")
    decided_by = _UserBrief(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    reason = serializers.CharField()


class RoleChangeRefuseInput(serializers.Serializer):
    reason = serializers.CharField(
        max_length=1000,
        error_messages={"required": services.REFUSAL_REASON_MISSING, "blank": services.REFUSAL_REASON_MISSING},
    )


ROLE_CHANGE_ERRORS = {400: ErrorOutput, 403: ErrorOutput, 404: ErrorOutput}


class RoleChangeListApi(APIView):
    """The role changes awaiting the head's decision, oldest first (the head of the unit only)."""

    @extend_schema(responses={200: RoleChangeOutput(many=True), 403: ErrorOutput})
    def get(self, request: Request) -> Response:
        if not request.user.has_perm("accounts.decide_role_change"):
            raise PermissionDenied
        return Response(RoleChangeOutput(role_changes_pending(), many=True).data)


class RoleChangeApproveApi(APIView):
    """Approve a role change: the role applies now (a new account is activated). Not for a change
    of the head's own account (400)."""

    @extend_schema(request=None, responses={200: RoleChangeOutput, **ROLE_CHANGE_ERRORS})
    def post(self, request: Request, code: UUID) -> Response:
        user: Any = request.user
        role_change = role_change_get_for_user(user=user, code=code)
        role_change = services.role_change_approve(actor=user, request=role_change)
        return Response(RoleChangeOutput(role_change).data)


class RoleChangeRefuseApi(APIView):
    """Refuse a role change, with a reason: the user keeps their role (a new account stays inactive)."""

    @extend_schema(
        request=RoleChangeRefuseInput,
        responses={200: RoleChangeOutput, **ROLE_CHANGE_ERRORS},
        examples=[OpenApiExample("Not a psychologist", request_only=True, value={"reason": "Bukan psikolog UPTD."})],
    )
    def post(self, request: Request, code: UUID) -> Response:
        user: Any = request.user
        role_change = role_change_get_for_user(user=user, code=code)
        data = RoleChangeRefuseInput(data=request.data)
        data.is_valid(raise_exception=True)
        role_change = services.role_change_refuse(actor=user, request=role_change, reason=data.validated_data["reason"])
        return Response(RoleChangeOutput(role_change).data)
