"""Fuzzing of every API operation with schemathesis, as each role (issue 7).

What: every operation of the OpenAPI schema (/api/schema/; the table ``TARGETS`` in
tests/api_fuzz.py must name them all), with bodies and query parameters generated from the
schema, valid ones and invalid ones, and REAL path parameters: the codes of the world's cases
and of one object of every kind made for the test (a health service, a plan item, a mediation,
legal aid, a shelter stay, an attachment, referrals in each state, an action file, a follow-up of
a closed case), so requests reach the views rather than stopping at a 404.

As whom: per operation, the roles in its scope (each must get at least one answer other than
404) and at least one role outside it (admin, pimpinan, penghubung, a case manager on no team, or
anonymous), which must get only 401, 403 or 404. Anonymous requests fuzz the public complaint
endpoints and the token endpoint, and are refused on a case and on the account endpoints.

Checks on every response: no server error, conformance to the schema (documented status code,
content type, body schema and headers), and no error message of DRF's own left in English
(invalid input is refused in Indonesian).

The requests go in-process to the WSGI application inside the test's transaction (nothing
is left behind); a fresh token is made for every request, since one operation revokes it.
Hypothesis is derandomized, so a CI run is reproducible. More examples locally:

    FUZZ_EXAMPLES=50 DATABASE_URL=postgres://... .venv/bin/python -m pytest -p no:xdist tests/test_api_fuzz.py

(``FUZZ_EXAMPLES`` per operation and role, default 4; ``FUZZ_RANDOM=1`` draws other examples on each run.)
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core import signals
from django.db import close_old_connections, transaction
from django.test import override_settings
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st
from knox.models import AuthToken
from rest_framework import fields, serializers
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from cases.models import Region
from cases.regions import load_regions
from uptdppa.accounts.models import Organisation
from uptdppa.accounts.organisations import seed_organisations

from . import conftest
from .api_fuzz import TARGETS, Objects, api_schema, english_drf_message, make_objects, messages_of, operation_labels
from .conftest import World

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "4"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
REFUSED = {401, 403, 404}


@pytest.fixture(autouse=True)
def _requests_share_the_test_connection() -> Iterator[None]:
    """Django's WSGI handler closes the database connection after each request, which would end
    the test's transaction; Django's own test client disconnects these handlers the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def media_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _private_media(settings: Any, media_root: Path) -> None:
    """Overrides the conftest's: the files made once for the module stay readable in every test."""
    settings.MEDIA_ROOT = media_root


@pytest.fixture(scope="module")
def made(django_db_setup: None, django_db_blocker: Any, media_root: Path) -> Iterator[tuple[World, Objects]]:
    """The test world and its objects, made once for the module inside a transaction that is
    rolled back at its end; each test runs in a savepoint within it (pytest-django's ``db``), so
    what one test changes is gone for the next."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root), transaction.atomic():
        seed_organisations(Organisation)
        if not Region.objects.exists():
            load_regions(Region)
        world = inspect.unwrap(conftest.world)(None)  # the conftest's world, made here once
        yield world, make_objects(world)
        transaction.set_rollback(True)


@pytest.fixture
def world(made: tuple[World, Objects], db: None) -> World:
    """Overrides the conftest's: the same world, made once for the module."""
    return made[0]


@pytest.fixture
def objects(made: tuple[World, Objects], db: None) -> Objects:
    return made[1]


def fuzz(operation: Any, path_parameters: dict[str, str], role: str, user: Any) -> set[int]:
    """Run ``operation`` on generated input as ``user`` (None: anonymous); the status codes seen."""
    strategy = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE, path_parameters=path_parameters),
        operation.as_strategy(GenerationMode.NEGATIVE, path_parameters=path_parameters),
    )
    seen: set[int] = set()

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=not os.environ.get("FUZZ_RANDOM"),
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case: Any) -> None:
        note(f"as {role}")
        headers = {"Authorization": f"Token {AuthToken.objects.create(user)[1]}"} if user else None
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        seen.add(response.status_code)
        if response.status_code >= 400:
            english = [m for m in messages_of(response.json()) if english_drf_message().search(m)]
            assert not english, f"{response.status_code} in English: {english}"

    run()
    return seen


def test_every_operation_of_the_schema_is_fuzzed() -> None:
    assert set(TARGETS) == operation_labels()


# Every kind of DRF field the API's input serializers use.
INPUT_FIELDS = (
    fields.CharField,
    fields.UUIDField,
    fields.DateField,
    fields.DateTimeField,
    fields.ChoiceField,
    fields.MultipleChoiceField,
    fields.BooleanField,
    fields.IntegerField,
    fields.DecimalField,
    fields.FloatField,
    fields.ListField,
    fields.DictField,
    fields.JSONField,
    fields.FileField,
    serializers.Serializer,
    serializers.ListSerializer,
)


def test_every_refusal_of_a_field_reads_in_indonesian() -> None:
    """What the fuzzing meets by chance, for every message of every field kind the API reads."""
    english = [
        str(message)
        for field in INPUT_FIELDS
        for message in field.default_error_messages.values()
        if english_drf_message().search(str(message))
    ]
    assert not english


@pytest.mark.parametrize("label", sorted(TARGETS))
def test_operation_holds_to_its_schema_for_every_role(label: str, world: World, objects: Objects) -> None:
    target = TARGETS[label]
    method, path = label.split(" ", 1)
    operation = api_schema()[path][method]
    parameters = target.path_parameters(label, world, objects)
    for role in target.outside + target.reach:
        user = None if role == "anonymous" else world.users[role]
        seen = fuzz(operation, parameters, role, user)
        if role in target.outside:
            assert seen <= REFUSED, f"{role} is outside {label} but got {sorted(seen)}"
        else:
            assert seen - {404}, f"{role} never reached {label}: only 404s"
