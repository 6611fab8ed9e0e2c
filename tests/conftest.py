"""The test world: one user per role, plus outsiders, and cases inside and outside their scope.

- kepala (head of UPTD PPA) sees everything; operator has no case page (works from the SIMFONI
  work list and export);
- manajer, psikolog and hukum are on the team of ``case_a`` only;
- ``case_a`` was taken by pengaduan, ``case_b`` by pengaduan_lain, both accepted and registered;
- ``intake_c`` awaits triage (the intake queue, seen by every intake officer);
- ``intake_d`` was taken by pengaduan and ended at intake as outside the mandate;
- ``manajer_lain`` is a case manager on no team (an outsider inside the unit);
- admin, penghubung (Dinas Sosial liaison) and pimpinan see no case content.
"""

from __future__ import annotations

import html
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cases.models import Case, CaseStatus, Region, TeamRole
from cases.regions import load_regions
from cases.services import case_team_add
from uptdppa.accounts.models import Organisation, Role, User
from uptdppa.accounts.organisations import seed_organisations

from .factories import CaseFactory, PersonFactory, UserFactory

PASSWORD = "sandi-uji-yang-panjang"  # noqa: S105 - test password


def totp_code(secret: str) -> str:
    """The current code of an authenticator app holding ``secret``."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    # A request answered in English leaves English active in the test's thread; every test
    # starts in the default language, as every real request does.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    # Throttles, used TOTP codes and lockouts live in the cache, fragments in the local one; tests
    # must not share them.
    for each in caches.all():
        each.clear()


@pytest.fixture(autouse=True)
def _reference_data(request: pytest.FixtureRequest) -> None:
    """Organisations and regions, as the data migrations load them.

    A transactional test (browser, Celery worker) empties every table when it ends; tests that
    run after it on the same worker get the reference data back here (two cheap queries when
    nothing is missing).
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not {"db", "transactional_db"} & set(request.fixturenames):
        return
    transactional = "transactional_db" in request.fixturenames or (
        marker is not None and marker.kwargs.get("transaction", False)
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    seed_organisations(Organisation)
    if not Region.objects.exists():
        load_regions(Region)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def refusal(callable_: Any, **kwargs: Any) -> dict[str, list[str]]:
    """Call a service that must refuse; its errors by field ("__all__" for a whole-record one)."""
    with pytest.raises(ValidationError) as err:
        callable_(**kwargs)
    exc = err.value
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}


def page_text(content: str | bytes) -> str:
    """A page's text without its tags, as a reader sees it (a case's label is split into spans
    that keep its parts whole: cases_tags.case_label)."""
    if isinstance(content, bytes):
        content = content.decode()
    return html.unescape(re.sub(r"<[^>]+>", "", content))


def get_in_thread(client: Any, path: str, **extra: Any) -> Any:
    """GET from a fresh thread. Async views (the health check) cannot be called by the test
    client in a thread where an event loop runs — as Playwright's does after a browser test."""
    responses: list[Any] = []

    def fetch() -> None:
        try:
            responses.append(client.get(path, **extra))
        finally:
            connections.close_all()  # the thread's own connection, or the test database cannot be dropped

    worker = threading.Thread(target=fetch)
    worker.start()
    worker.join(timeout=60)
    return responses[0]


@contextmanager
def max_queries(limit: int) -> Iterator[CaptureQueriesContext]:
    """At most ``limit`` SQL statements, not counting the SAVEPOINT pairs that only the test
    transaction adds (in production a request runs in autocommit)."""
    with CaptureQueriesContext(connection) as captured:
        yield captured
    statements = [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) <= limit, f"{len(statements)} queries (limit {limit}):\n" + "\n".join(statements)


@dataclass
class World:
    admin: User
    kepala: User
    pengaduan: User
    pengaduan_lain: User
    manajer: User
    manajer_lain: User
    psikolog: User
    hukum: User
    operator: User
    penghubung: User
    pimpinan: User
    dpo: User
    case_a: Case
    case_b: Case
    intake_c: Case
    intake_d: Case

    @property
    def users(self) -> dict[str, User]:
        return {name: value for name, value in vars(self).items() if isinstance(value, User)}


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    dinsos = Organisation.objects.get(name="Dinas Sosial Kota Jambi")
    dpmppa = Organisation.objects.get(name="DPMPPA Kota Jambi")
    users = {
        "admin": UserFactory(username="admin", role=Role.ADMIN),
        "kepala": UserFactory(username="kepala", role=Role.KEPALA_UPTD),
        "pengaduan": UserFactory(username="pengaduan", role=Role.PETUGAS_PENGADUAN),
        "pengaduan_lain": UserFactory(username="pengaduan_lain", role=Role.PETUGAS_PENGADUAN),
        "manajer": UserFactory(username="manajer", role=Role.MANAJER_KASUS),
        "manajer_lain": UserFactory(username="manajer_lain", role=Role.MANAJER_KASUS),
        "psikolog": UserFactory(username="psikolog", role=Role.PSIKOLOG),
        "hukum": UserFactory(username="hukum", role=Role.PENDAMPING_HUKUM),
        "operator": UserFactory(username="operator", role=Role.OPERATOR_DATA),
        "penghubung": UserFactory(username="penghubung", role=Role.PENGHUBUNG_OPD, organisation=dinsos),
        "pimpinan": UserFactory(username="pimpinan", role=Role.PIMPINAN, organisation=dpmppa),
        "dpo": UserFactory(username="dpo", role=Role.DPO),
    }
    case_a = CaseFactory(created_by=users["pengaduan"])
    case_b = CaseFactory(created_by=users["pengaduan_lain"])
    intake_c = CaseFactory(created_by=users["pengaduan_lain"], status=CaseStatus.RECEIVED)
    intake_d = CaseFactory(created_by=users["pengaduan"], status=CaseStatus.OUTSIDE_MANDATE)
    for case in (case_a, case_b, intake_c, intake_d):
        PersonFactory(case=case)
    head = users["kepala"]
    case_team_add(actor=head, case=case_a, user=users["manajer"], team_role=TeamRole.MANAJER_KASUS)
    case_team_add(actor=head, case=case_a, user=users["psikolog"], team_role=TeamRole.PSIKOLOG)
    case_team_add(actor=head, case=case_a, user=users["hukum"], team_role=TeamRole.PENDAMPING_HUKUM)
    return World(**users, case_a=case_a, case_b=case_b, intake_c=intake_c, intake_d=intake_d)


# tryfirst: xdist reads the xdist_group marks in its own pytest_collection_modifyitems; a group
# added after it has run is ignored and the tests are spread over both workers.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests with a real Celery worker share one Redis queue: run them on one xdist worker, one
    after the other, or a task published by one test could be consumed by another test's worker
    (which writes to another test database)."""
    for item in items:
        if item.get_closest_marker("worker"):
            item.add_marker(pytest.mark.xdist_group("celery-worker"))
