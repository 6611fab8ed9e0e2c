"""Retention rules (UU 27/2022 Pasal 42-44; UU 43/2009, PP 28/2012): the end date of a closed case,
what holds it, who decides, and what may go into a disposal batch. Frozen clock at the boundaries."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from cases.models import Case, CaseStatus, LegalEvent, PersonRole
from cases.vocabularies import LegalStage
from dataprotection.models import DisposalStatus, RetentionClass
from dataprotection.services import (
    add_years,
    disposal_approval_attach,
    disposal_execute,
    disposal_propose,
    legal_hold_lift,
    legal_hold_place,
    legal_hold_reasons,
    related_for_retention,
    retention_of,
)
from tests.conftest import refusal
from tests.factories import CaseFactory, PersonFactory
from tests.records import pdf_upload

pytestmark = pytest.mark.django_db


def closed(world, *, closed_on: date, ages=(30,), perpetrator: bool = False) -> Case:
    case = CaseFactory(created_by=world.pengaduan)
    for age in ages:
        PersonFactory(case=case, role=PersonRole.VICTIM, estimated_age=age)
    if perpetrator:
        PersonFactory(case=case, role=PersonRole.PERPETRATOR, estimated_age=40)
    at = timezone.make_aware(datetime(closed_on.year, closed_on.month, closed_on.day, 10))
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED, closed_at=at)
    return related_for_retention(Case.objects.filter(pk=case.pk)).get()


def at(day: date):
    return time_machine.travel(timezone.make_aware(datetime(day.year, day.month, day.day, 12)), tick=False)


def test_an_adult_case_is_kept_the_configured_years_after_closure_and_is_due_the_day_after(world, settings):
    settings.RETENTION_ADULT_YEARS_AFTER_CLOSURE = 10
    case = closed(world, closed_on=date(2026, 3, 1))
    retention = retention_of(case)
    assert retention is not None and retention.retention_class == RetentionClass.ADULT
    assert retention.ends_on == date(2036, 3, 1)
    with at(date(2036, 3, 1)):
        assert (
            "disimpan sampai 01-03-2036"
            in refusal(disposal_propose, actor=world.dpo, case_codes=[case.label])["cases"][0]
        )
    with at(date(2036, 3, 2)):
        batch = disposal_propose(actor=world.dpo, case_codes=[case.label])
        assert batch.items.get().retention_ends_on == date(2036, 3, 1)


def test_a_childs_case_is_kept_until_the_youngest_child_turns_18_plus_years_and_at_least_years_after_closure(
    world, settings
):
    settings.RETENTION_CHILD_YEARS_AFTER_MAJORITY = 5
    settings.RETENTION_CHILD_MIN_YEARS_AFTER_CLOSURE = 10
    case = closed(world, closed_on=date(2026, 3, 1), ages=(4, 15))
    retention = retention_of(case)
    assert retention is not None and retention.retention_class == RetentionClass.CHILD
    received = timezone.localdate(case.received_at)
    # The 4-year-old is the youngest: 18 at the latest 15 years (minus a day) after the complaint.
    assert retention.majority_on == add_years(received, 15) - timedelta(days=1)
    assert retention.ends_on == add_years(retention.majority_on, 5)
    # A 17-year-old is 18 within two years: the ten years after closure win.
    older = closed(world, closed_on=date(2026, 3, 1), ages=(17,))
    assert retention_of(older).ends_on == date(2036, 3, 1)  # type: ignore[union-attr]


def test_an_open_legal_process_restitution_referral_or_the_heads_hold_keeps_a_case(world):
    case = closed(world, closed_on=date(2000, 1, 1), perpetrator=True)
    assert legal_hold_reasons(case) == []
    perpetrator = case.people.get(role=PersonRole.PERPETRATOR)
    LegalEvent.objects.create(case=case, perpetrator=perpetrator, stage=LegalStage.PENUNTUTAN, date=date(2001, 1, 1))
    case = related_for_retention(Case.objects.filter(pk=case.pk)).get()
    assert legal_hold_reasons(case) == ["Laporan polisi atau persidangan masih berjalan."]
    LegalEvent.objects.create(case=case, perpetrator=perpetrator, stage=LegalStage.PUTUSAN, date=date(2001, 6, 1))
    hold = legal_hold_place(actor=world.kepala, case_code=case.label, reason="Pemeriksaan Inspektorat.")
    case = related_for_retention(Case.objects.filter(pk=case.pk)).get()
    assert legal_hold_reasons(case) == ["Kepala UPTD menetapkan penahanan."]
    assert "ditahan" in refusal(disposal_propose, actor=world.kepala, case_codes=[case.label])["cases"][0]
    legal_hold_lift(actor=world.kepala, hold=hold, reason="Pemeriksaan selesai.")
    assert disposal_propose(actor=world.kepala, case_codes=[case.label]).items.count() == 1


def test_only_the_head_places_and_lifts_a_hold_and_only_with_a_reason(world):
    case = closed(world, closed_on=date(2000, 1, 1))
    assert refusal(legal_hold_place, actor=world.dpo, case_code=case.label, reason="x") == {
        "__all__": ["Hanya Kepala UPTD yang menetapkan penahanan."]
    }
    assert refusal(legal_hold_place, actor=world.kepala, case_code=case.label, reason=" ") == {
        "reason": ["Sebutkan alasan kasus disimpan."]
    }
    hold = legal_hold_place(actor=world.kepala, case_code=case.label, reason="Gugatan perdata.")
    assert refusal(legal_hold_place, actor=world.kepala, case_code=case.label, reason="lagi")["case"]
    assert refusal(legal_hold_lift, actor=world.dpo, hold=hold, reason="selesai")
    assert refusal(legal_hold_lift, actor=world.kepala, hold=hold, reason="") == {
        "reason": ["Sebutkan alasan penahanan dicabut."]
    }


def test_only_closed_cases_past_their_end_date_not_held_and_in_no_other_batch_may_be_proposed(world):
    old = closed(world, closed_on=date(2000, 1, 1))
    recent = closed(world, closed_on=timezone.localdate())
    problems = refusal(
        disposal_propose, actor=world.dpo, case_codes=[old.label, recent.label, world.case_a.label, "tidak-ada"]
    )["cases"]
    assert len(problems) == 3 and any("belum ditutup" in text for text in problems)
    disposal_propose(actor=world.dpo, case_codes=[old.label])
    assert "usulan pemusnahan lain" in refusal(disposal_propose, actor=world.dpo, case_codes=[old.label])["cases"][0]


def test_the_approval_needs_a_scan_its_details_and_witnesses_and_only_the_head_orders_destruction(world):
    case = closed(world, closed_on=date(2000, 1, 1))
    batch = disposal_propose(actor=world.dpo, case_codes=[case.label])
    errors = refusal(
        disposal_approval_attach,
        actor=world.dpo,
        batch=batch,
        file=None,
        file_name="",
        approval_reference="",
        approval_date=None,
        approved_by_office="",
        witnesses="Budi",
    )
    assert set(errors) == {"file", "approval_reference", "approval_date", "approved_by_office", "witnesses"}
    assert errors["witnesses"] == ["Sebutkan paling sedikit 2 saksi, satu per baris."]
    batch = disposal_approval_attach(
        actor=world.dpo,
        batch=batch,
        file=pdf_upload(),
        file_name="persetujuan.pdf",
        approval_reference="180/1/2026",
        approval_date=timezone.localdate(),
        approved_by_office="Wali Kota Jambi",
        witnesses="Budi\nSari",
    )
    assert batch.status == DisposalStatus.APPROVED and batch.approval_sha256
    assert refusal(disposal_execute, actor=world.dpo, batch=batch) == {
        "__all__": ["Hanya Kepala UPTD yang memerintahkan pemusnahan."]
    }
    # A hold placed after the approval stops the execution.
    legal_hold_place(actor=world.kepala, case_code=case.label, reason="Penyidikan baru.")
    assert "ditahan" in refusal(disposal_execute, actor=world.kepala, batch=batch)["__all__"][0]


def test_the_destruction_task_runs_on_the_backup_queue_which_holds_the_owner_role():
    route = django_settings.CELERY_TASK_ROUTES["dataprotection.tasks.destroy_disposal_batch"]
    assert route == {"queue": "backup"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL trigger")
def test_the_audit_trail_refuses_updates_unless_a_scrub_changes_only_values(world):
    from auditlog.models import LogEntry

    entry = LogEntry.objects.order_by("pk").first()
    assert entry is not None
    with pytest.raises(DatabaseError), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).update(changes_text="x")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('uptdppa.audit_scrub', 'allowed', true)")
        cursor.execute("UPDATE auditlog_logentry SET changes_text = '' WHERE id = %s", [entry.pk])
        with pytest.raises(DatabaseError), transaction.atomic():
            cursor.execute("UPDATE auditlog_logentry SET action = action + 1 WHERE id = %s", [entry.pk])
        cursor.execute("SELECT set_config('uptdppa.audit_scrub', '', true)")
