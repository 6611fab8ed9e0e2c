"""Attachments API (issue 4 item 9): list and upload (multipart) on a case, download, removal.
The same services and selectors as the pages (cases/views/attachments.py), so the same rules:
type sniffed from the content (PDF, JPEG, PNG), size limit, image metadata stripped, a closed
case refuses writes, a psychological session's files only for readers of its notes (404 for the
others), every download audited.
"""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from django.http.response import HttpResponseBase
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases import services
from cases.downloads import attachment_response
from cases.models import Attachment, AttachmentTarget, AttachmentType
from cases.selectors import case_get_for_user
from cases.selectors.attachments import attachment_get_for_user, attachments_for_user, may_see_psych_attachments
from cases.serializers import ERRORS, ErrorOutput, UserBriefOutput
from uptdppa.parsers import JSONParser

# --- Serializers -------------------------------------------------------------------------------


class AttachmentInput(serializers.Serializer):
    file = serializers.FileField(
        help_text=_("PDF, JPEG or PNG (detected from the content), at most ATTACHMENT_MAX_BYTES.")
    )
    target_kind = serializers.ChoiceField(choices=AttachmentTarget.choices, default=AttachmentTarget.CASE)
    target_code = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text=_("Code of the record; empty for the case itself.")
    )
    description = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class AttachmentRemoveInput(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class AttachmentOutput(serializers.Serializer):
    code = serializers.UUIDField()
    case = serializers.UUIDField(source="case.code")
    target_kind = serializers.ChoiceField(choices=AttachmentTarget.choices)
    target_code = serializers.UUIDField(allow_null=True)
    file_name = serializers.CharField(source="original_name", help_text=_("The name the file was uploaded with."))
    mime_type = serializers.ChoiceField(choices=AttachmentType.choices, help_text=_("Detected from the content."))
    size = serializers.IntegerField(help_text=_("In bytes, as stored."))
    sha256 = serializers.CharField(help_text=_("Of the stored file (images: after the metadata was removed)."))
    description = serializers.CharField(allow_null=True)
    uploaded_by = UserBriefOutput()
    created_at = serializers.DateTimeField()


def _output(attachment: Attachment) -> dict[str, Any]:
    return cast(dict[str, Any], AttachmentOutput(attachment).data)


# --- Views -------------------------------------------------------------------------------------


class CaseAttachmentsApi(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses={200: AttachmentOutput(many=True), 404: ErrorOutput})
    def get(self, request: Request, code: UUID) -> Response:
        """The files of a case the user may see, oldest first (a psychological session's files
        only for the team's psychologists and the head)."""
        case = case_get_for_user(user=request.user, code=code)
        listed = attachments_for_user(user=request.user, case=case)
        for attachment in listed:
            attachment.case = case
        return Response(AttachmentOutput(listed, many=True).data)

    @extend_schema(
        request={"multipart/form-data": AttachmentInput},
        responses={201: AttachmentOutput, **ERRORS},
        examples=[
            OpenApiExample(
                "The scanned consent sheet",
                request_only=True,
                media_type="multipart/form-data",
                value={
                    "file": "(binary)",
                    "target_kind": "consent",
                    "target_code": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                    "description": "Lembar persetujuan yang ditandatangani ibu korban.",
                },
            )
        ],
    )
    def post(self, request: Request, code: UUID) -> Response:
        """Attach a file (multipart). Refused (400, on ``file``) unless PDF, JPEG or PNG by content
        or when too large; images are stored without their metadata (EXIF, GPS), PDFs as they are."""
        case = case_get_for_user(user=request.user, code=code, perm="cases.manage_attachments")
        data = AttachmentInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if values["target_kind"] == AttachmentTarget.PSYCH_SESSION and not may_see_psych_attachments(
            request.user, case
        ):
            raise serializers.ValidationError({"target_code": [_("Choose a record of this case.")]})
        upload = values["file"]
        attachment = services.attachment_add(
            actor=request.user,
            case=case,
            file=upload,
            file_name=upload.name,
            target_kind=values["target_kind"],
            target_code=values["target_code"],
            description=values["description"],
        )
        return Response(_output(attachment), status=status.HTTP_201_CREATED)


class AttachmentDownloadApi(APIView):
    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # A client may ask for the file's own type (Accept: application/pdf) without a 406: the
        # file is a download whatever it accepts, and errors are still JSON.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        responses={
            (200, AttachmentType.PDF.value): OpenApiResponse(OpenApiTypes.BINARY, description=_("The file.")),
            (200, AttachmentType.JPEG.value): OpenApiTypes.BINARY,
            (200, AttachmentType.PNG.value): OpenApiTypes.BINARY,
            403: ErrorOutput,
            404: ErrorOutput,
        },
    )
    def get(self, request: Request, code: UUID) -> HttpResponseBase:
        """The file, as a download; every download is written to the audit trail."""
        attachment = attachment_get_for_user(user=request.user, code=code)
        return attachment_response(request.user, attachment)


class AttachmentApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        request=AttachmentRemoveInput,
        responses={204: None, **ERRORS},
        description=_(
            'Remove a file: send the reason as the JSON body ({"reason": "..."}). The record '
            "(who, when, why, type, size, SHA-256) stays; the stored file is deleted."
        ),
    )
    def delete(self, request: Request, code: UUID) -> Response:
        attachment = attachment_get_for_user(user=request.user, code=code, perm="cases.manage_attachments")
        data = AttachmentRemoveInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.attachment_remove(actor=request.user, attachment=attachment, reason=data.validated_data["reason"])
        return Response(status=status.HTTP_204_NO_CONTENT)
