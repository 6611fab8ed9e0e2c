"""System checks of `manage.py check --deploy` that need the database: no demo account, no demo
password in production (security review finding 11)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import check_password
from django.core.checks import CheckMessage, Error, Tags, register
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.db.models import Q
from django.utils.translation import gettext as _

from .demo import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, DEMO_USERS
from .models import User


def _demo_account_errors() -> list[CheckMessage]:
    usernames = [row[0] for row in DEMO_USERS]
    candidates = list(
        User.objects.filter(Q(username__in=usernames) | Q(email__iendswith=f"@{DEMO_EMAIL_DOMAIN}"))
        .only("username", "email", "password", "is_active")
        .order_by("username")
    )
    errors: list[CheckMessage] = []
    seeded = [u.username for u in candidates if u.email.lower().endswith(f"@{DEMO_EMAIL_DOMAIN}")]
    if seeded:
        errors.append(
            Error(
                f"Demo accounts exist: {', '.join(seeded)}.",
                hint="Deactivate or rename them and set a real e-mail and password; seed_demo is for development.",
                id="accounts.E001",
            )
        )
    # The demo password is verified only on these candidates (a few Argon2 verifications, about
    # 0.1 s each): no other account can hold it, since AUTH_PASSWORD_VALIDATORS refuse it wherever
    # a password is chosen (admin, password change and reset, create_admin_user). Inactive
    # accounts cannot log in; reactivating one is an administrator's act.
    weak = [u.username for u in candidates if u.is_active and check_password(DEMO_PASSWORD, u.password)]
    if weak:
        errors.append(
            Error(
                f"Active accounts still use the published demo password: {', '.join(weak)}.",
                hint="Set a new password for each, or deactivate them.",
                id="accounts.E002",
            )
        )
    return errors


@register(Tags.security, deploy=True)
def demo_accounts_check(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """Error when demo accounts exist or an account still uses the demo password. Skipped, with
    no message, when the database cannot be reached or is not migrated yet (`check --deploy`
    also runs in a build, before there is a database)."""
    try:
        return _demo_account_errors()
    except DatabaseError:
        return []


class DemoPasswordValidator:
    """AUTH_PASSWORD_VALIDATORS: the demo password is published in the README and seed_demo."""

    def validate(self, password: str, user: Any = None) -> None:
        if password == DEMO_PASSWORD:
            raise ValidationError(_("This is the published demo password. Choose another one."), code="demo_password")

    def get_help_text(self) -> str:
        return _("Your password cannot be the published demo password.")
