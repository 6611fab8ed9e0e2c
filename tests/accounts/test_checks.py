"""`manage.py check --deploy` refuses the demo accounts and their published password (security
review finding 11)."""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import ProgrammingError

from uptdppa.accounts import checks
from uptdppa.accounts.demo import DEMO_PASSWORD, seed_users

pytestmark = pytest.mark.django_db


def error_ids() -> set[str]:
    return {message.id for message in checks.demo_accounts_check(None) if message.is_serious()}


def test_the_deploy_check_refuses_the_demo_accounts(world):
    # The world has users named like the demo ones ("admin", "kepala", ...) but with their own
    # e-mail and password: real accounts may be named so. The demo users created now are not.
    world.admin.username = "admin_uptd"
    world.admin.save()
    seed_users()

    assert error_ids() == {"accounts.E001", "accounts.E002"}
    with pytest.raises(SystemCheckError, match="accounts.E001"):
        call_command("check", "--deploy")


def test_the_deploy_check_refuses_an_active_account_that_kept_the_demo_password(world):
    world.kepala.email = "kepala@jambikota.go.id"  # renamed e-mail, same password
    world.kepala.set_password(DEMO_PASSWORD)
    world.kepala.save()

    assert error_ids() == {"accounts.E002"}
    world.kepala.is_active = False
    world.kepala.save()
    assert error_ids() == set()


def test_the_deploy_check_passes_without_demo_accounts(world):
    assert error_ids() == set()
    # The security checks only: the test run itself sets DJANGO_ALLOW_ASYNC_UNSAFE (async.E001).
    call_command("check", "--deploy", "--tag", "security")  # no SystemCheckError


def test_the_deploy_check_is_skipped_when_the_database_is_not_there(db):
    with mock.patch.object(checks, "_demo_account_errors", side_effect=ProgrammingError("no such table")):
        assert checks.demo_accounts_check(None) == []


def test_nobody_can_choose_the_demo_password():
    with pytest.raises(ValidationError):
        validate_password(DEMO_PASSWORD)
