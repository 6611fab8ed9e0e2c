"""What the benchmarks (bench/README.md, "Found and fixed") changed in the worklist, kept by tests."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.selectors import case_worklist_for_user
from tests.conftest import max_queries
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

LIST = reverse("cases:list")


def test_a_case_workers_worklist_runs_no_more_queries_than_the_heads(world, client):
    # A rule that refuses (the case manager may not register complaints) must not make Django ask
    # the database for model permissions as well.
    client.force_login(world.manajer)
    client.get(LIST)  # per-process caches (content types) filled
    with max_queries(8):
        assert client.get(LIST, {"status": "open"}).status_code == 200


def test_the_newest_first_worklist_sorts_without_nulls_last_on_a_column_never_null(world):
    sql = str(case_worklist_for_user(user=world.kepala).query)
    assert '"received_at" DESC' in sql
    assert '"received_at" DESC NULLS LAST' not in sql
    # A column that can be empty still puts the empty ones last.
    from cases.selectors import WorklistFilters

    by_deadline = str(
        case_worklist_for_user(user=world.kepala, filters=WorklistFilters(ordering="response_due_at")).query
    )
    assert "NULLS LAST" in by_deadline


def test_the_worklist_rows_do_not_load_the_narratives(world, client):
    CaseFactory(created_by=world.pengaduan)
    client.force_login(world.kepala)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST).status_code == 200
    page_query = next(
        q["sql"] for q in queries.captured_queries if 'FROM "cases_case"' in q["sql"] and "LIMIT" in q["sql"]
    )
    assert '"chronology"' not in page_query


def test_the_filter_form_is_cached_but_never_with_a_search_term(world, client):
    client.force_login(world.kepala)
    local = caches["local"]  # each process's memory (uptdppa/settings.py): no round trip to Redis
    local.clear()
    assert client.get(LIST, {"status": "open"}).status_code == 200
    assert client.get(LIST, {"q": "3571015708100001"}).status_code == 200
    # The local-memory cache keeps pickled values: the search term is in none of them.
    stored = list(local._cache.values())  # type: ignore[attr-defined]
    assert any(b'name="status"' in value for value in stored)
    assert not any(b"3571015708100001" in value for value in stored)
