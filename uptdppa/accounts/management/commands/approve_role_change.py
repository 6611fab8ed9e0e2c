from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from uptdppa.accounts.models import RoleChangeDecision, RoleChangeRequest
from uptdppa.accounts.services import role_change_approve


class Command(BaseCommand):
    help = """Approve the role change awaiting a decision for USERNAME, as the server operator.

    Role changes to a role that opens case content are decided by the head of the unit in the
    application (Role changes). This command is for when no head can: the first head of a new
    installation (created by the administrator, inactive until approved), or the only head's own
    role. The approval is recorded with no deciding user in the audit trail.
    """

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        request = RoleChangeRequest.objects.filter(user__username=username, decision=RoleChangeDecision.PENDING).first()
        if request is None:
            raise CommandError(f"No role change awaits a decision for {username}.")
        try:
            role_change_approve(actor=None, request=request)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"Role change of {username} to {request.to_role} approved.")
