"""Migration 0019: the public form stored "the victim themself" as a sentence in the relation; it
becomes the flag ``reporter_is_victim`` (a code), and 0019 backwards puts the sentence back."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from cases.models import Case

pytestmark = pytest.mark.django_db(transaction=True)  # migrating needs the schema outside a test transaction

BEFORE = [("cases", "0020_translated_model_names")]
AFTER = [("cases", "0021_reporter_is_victim")]


def migrate(targets: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


# SQLite rebuilds tables when migrating back, under the statistics triggers of reports 0003.
@pytest.mark.skipif(connection.vendor != "postgresql", reason="migrates back on PostgreSQL only")
def test_the_stored_sentence_becomes_the_flag_and_other_relations_stay():
    old = migrate(BEFORE)
    try:
        OldCase = old.get_model("cases", "Case")
        by_victim = OldCase.objects.create(received_at=timezone.now(), reporter_relation="korban sendiri")
        in_english = OldCase.objects.create(received_at=timezone.now(), reporter_relation="the victim themself")
        neighbour = OldCase.objects.create(received_at=timezone.now(), reporter_relation="tetangga")
        unknown = OldCase.objects.create(received_at=timezone.now(), reporter_relation=None)

        migrate(AFTER)

        flagged = {c.pk: (c.reporter_is_victim, c.reporter_relation) for c in Case.objects.all()}
        assert flagged[by_victim.pk] == (True, None)
        assert flagged[in_english.pk] == (True, None)
        assert flagged[neighbour.pk] == (False, "tetangga")
        assert flagged[unknown.pk] == (False, None)

        old = migrate(BEFORE)
        back = old.get_model("cases", "Case").objects.get(pk=by_victim.pk)
        assert back.reporter_relation == "korban sendiri"
    finally:
        # Every app back to its latest migration (going back to cases 0018 unapplied those that depend on it).
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
