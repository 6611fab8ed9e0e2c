"""Migration 0017 encrypts the free text already stored in plain text, and 0017 backwards restores it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from uptdppa.crypto import decrypt

pytestmark = pytest.mark.django_db(transaction=True)  # migrating needs the schema outside a test transaction

BEFORE = [("cases", "0016_case_statistics_and_worklist_indexes")]
AFTER = [("cases", "0017_encrypt_identifying_free_text")]
LP = "LP/B/321/XI/2026/SPKT/POLRESTA JAMBI"


def migrate(targets: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def raw(table: str, column: str, pk: int) -> object:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_existing_plain_text_is_encrypted_in_place_and_restored_backwards():
    old = migrate(BEFORE)
    try:
        case = old.get_model("cases", "Case").objects.create(
            received_at=timezone.now(), police_report_number=LP, reporter_relation=""
        )
        person = old.get_model("cases", "Person").objects.create(case_id=case.pk, role="korban", occupation="Guru")
        consent = old.get_model("cases", "ConsentRecord").objects.create(
            victim_id=person.pk, basis="legal_obligation", consent_given_by="", given_on=timezone.localdate()
        )

        new = migrate(AFTER)  # the models as 0017 left them: later migrations add columns the code has

        assert decrypt(raw("cases_case", "police_report_number", case.pk)) == LP  # type: ignore[arg-type]
        assert raw("cases_case", "reporter_relation", case.pk) is None
        assert raw("cases_person", "occupation", person.pk) != "Guru"
        assert new.get_model("cases", "Case").objects.get(pk=case.pk).police_report_number == LP
        assert new.get_model("cases", "Person").objects.get(pk=person.pk).occupation == "Guru"
        assert new.get_model("cases", "ConsentRecord").objects.get(pk=consent.pk).consent_given_by is None

        migrate(BEFORE)

        assert raw("cases_case", "police_report_number", case.pk) == LP
        assert raw("cases_case", "reporter_relation", case.pk) == ""
        assert raw("cases_person", "occupation", person.pk) == "Guru"
    finally:
        # Every app back to its latest migration, not only cases: going back to cases 0016 also
        # unapplied the migrations that depend on cases (dataprotection), and the tests that run
        # after this one in the same process need their tables.
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
