from __future__ import annotations

import getpass
import os
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from uptdppa.accounts.models import Role
from uptdppa.accounts.selectors import home_unit
from uptdppa.accounts.services import user_create


class Command(BaseCommand):
    help = """Create a system administrator account (role "admin") of UPTD PPA.

    The administrator manages users, organisations and reference data and cannot read case
    content. There are no superusers in this system. The password is asked for interactively,
    or read from the environment variable named by --password-env.
    """

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--password-env", help="name of an environment variable holding the password")

    def handle(self, *args: Any, username: str, email: str, password_env: str | None, **options: Any) -> None:
        password = os.environ.get(password_env, "") if password_env else getpass.getpass("Password: ")
        try:
            validate_password(password)
            user_create(username=username, role=Role.ADMIN, organisation=home_unit(), password=password, email=email)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"Administrator {username} created.")
