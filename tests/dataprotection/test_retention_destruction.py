"""Destruction (UU 27/2022 Pasal 43-44; UU 43/2009): a case filled with a marker in every field
that identifies, with an attachment, is destroyed; then pg_dump of the database holds no marker,
no file is left, the period's statistics are the same, the audit trail keeps its entries without
values, and the berita acara lists the register number."""

from __future__ import annotations

import os
import subprocess
from datetime import date

import pytest
import time_machine
from auditlog.models import LogEntry
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from cases.models import Case, CaseStatus, LegalEvent, Mediation, MediationStatus, Person
from cases.services.attachments import attachment_storage
from cases.vocabularies import LegalStage
from dataprotection.letters import berita_acara_pdf
from dataprotection.models import DisposalStatus
from dataprotection.services import (
    add_years,
    disposal_approval_attach,
    disposal_execute,
    disposal_propose,
    identifying_fields,
)
from dataprotection.services.retention import CASE_RECORDS, KEPT
from referrals.models import Referral, ReferralStatus
from reports.statistics import compute_figures
from tests.records import case_records, pdf_upload
from uptdppa.accounts.models import Organisation
from uptdppa.crypto import BlindIndexField, EncryptedDateField
from uptdppa.periods import Period

MARK = "ZQXMARK7731"
PDF_WITH_MARK = b"%PDF-1.4\n% " + MARK.encode() + b"\n%%EOF\n"


def fill_with_marker(case: Case) -> list[str]:
    """A marker in every field destruction must erase, of every record of ``case``; the files'
    bytes hold it too. Returns the stored file names."""
    storage = attachment_storage()
    files = []
    for model, lookup in CASE_RECORDS.items():
        for obj in model._default_manager.filter(**{lookup: case.pk}):
            for field in identifying_fields(model):
                if isinstance(field, BlindIndexField):
                    continue  # computed from its source on save
                if isinstance(field, EncryptedDateField):
                    value: object = date(2015, 3, 1)
                elif isinstance(field, models.JSONField):
                    value = {"text": MARK}
                elif isinstance(field, models.FileField):
                    value = f"referral-letters/{MARK}-{obj.pk}.pdf"
                    storage.save(value, ContentFile(PDF_WITH_MARK))
                    files.append(value)
                elif field.name == "stored_name":
                    value = getattr(obj, field.name)
                    storage.delete(value)
                    storage.save(value, ContentFile(PDF_WITH_MARK))
                    files.append(value)
                    continue
                else:
                    value = f"{MARK}-{obj.pk}"[: field.max_length or 100]
                old = getattr(obj, field.name)
                setattr(obj, field.name, value)
                try:
                    with transaction.atomic():
                        obj.save()
                except IntegrityError:  # a constraint wants it empty here (e.g. one place only)
                    setattr(obj, field.name, old)
    return files


def pg_dump_text() -> str:
    settings = connection.settings_dict
    args = ["pg_dump", "--no-owner", "--data-only", "--dbname", settings["NAME"]]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            args += [flag, str(settings[key])]
    env = {**os.environ, "PGPASSWORD": str(settings.get("PASSWORD") or "")}
    return subprocess.run(args, capture_output=True, check=True, env=env, timeout=120).stdout.decode()  # noqa: S603


def test_every_model_that_leads_to_a_case_is_destroyed_or_holds_only_codes():
    """A new model with a path to a case must be added to CASE_RECORDS (or hold only codes)."""
    coded_only = {
        "ViolenceRecord",
        "ProtectionRecord",
        "PerpetratorRelation",
        "CaseTeamMember",
        "ReferralEvent",
        "Attendance",  # of a conference: organisations and staff accounts, invited and present
    }
    # The berita acara's list is kept permanently; a breach notice keeps its Pasal 46 record and
    # loses its address (case_destroy). A deleted record's audit key (a primary key as text) is
    # what the case's access history reads its entries by, which destruction keeps too.
    kept_on_purpose = {"DisposalItem", "BreachNotice", "DeletedRecord"}
    for model in [
        *apps.get_app_config("cases").get_models(),
        *apps.get_app_config("referrals").get_models(),
        *apps.get_app_config("coordination").get_models(),
        *apps.get_app_config("dataprotection").get_models(),
    ]:
        if model.__name__ in kept_on_purpose:
            continue
        leads_to_case = model is Case or any(
            isinstance(f, models.ForeignKey) and f.related_model in (Case, Person, *CASE_RECORDS)
            for f in model._meta.concrete_fields
        )
        if not leads_to_case or model in CASE_RECORDS:
            continue
        assert model.__name__ in coded_only, f"{model.__name__} leads to a case: add it to CASE_RECORDS"
        assert not identifying_fields(model), f"{model.__name__} has text: add it to CASE_RECORDS"
    assert KEPT[Case] == {"register_number"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="searches a pg_dump of the database")
@pytest.mark.django_db(transaction=True)
def test_a_destroyed_case_leaves_no_marker_in_the_database_or_the_files_and_the_statistics_are_unchanged(world):
    dinsos = Organisation.objects.get(name="Dinas Sosial Kota Jambi")
    records = case_records(
        case=world.case_a, actor=world.manajer, head=world.kepala, organisation=dinsos, liaison=world.penghubung
    )
    case = records.case
    extra = world.case_a.attachments.create(
        stored_name="attachments/extra.pdf",
        original_name="x.pdf",
        mime_type="application/pdf",
        size=1,
        sha256="0" * 64,
        uploaded_by=world.manajer,
    )
    assert extra.pk
    # The case is over: a verdict, referral done, mediation ended, closed a long time ago.
    LegalEvent.objects.create(
        case=case, perpetrator=records.perpetrator, stage=LegalStage.PUTUSAN, date=timezone.localdate()
    )
    Referral.objects.filter(case=case).update(status=ReferralStatus.COMPLETED, completed_at=timezone.now())
    Mediation.objects.filter(case=case).update(status=MediationStatus.NO_AGREEMENT, closed_at=timezone.now())
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED, closed_at=timezone.now())
    files = fill_with_marker(case)
    assert MARK in pg_dump_text()
    registered = Case.objects.get(pk=case.pk).registered_at
    day = timezone.localdate(registered)
    period = Period(day.replace(day=1), day)
    before = compute_figures(period)
    entries_before = LogEntry.objects.count()

    later = add_years(timezone.localdate(), 40)
    with time_machine.travel(timezone.make_aware(timezone.datetime(later.year, later.month, later.day, 9)), tick=False):
        batch = disposal_propose(actor=world.dpo, case_codes=[case.register_number])
        batch = disposal_approval_attach(
            actor=world.kepala,
            batch=batch,
            file=pdf_upload("persetujuan.pdf"),
            file_name="persetujuan.pdf",
            approval_reference="180/123/2060",
            approval_date=timezone.localdate(),
            approved_by_office="Wali Kota Jambi",
            witnesses="Budi — Kasubag Umum\nSari — Inspektorat",
        )
        disposal_execute(actor=world.kepala, batch=batch)  # the task runs eagerly in tests
        batch.refresh_from_db()
        assert batch.status == DisposalStatus.DONE and batch.executed_at is not None
        assert compute_figures(period) == before

    dump = pg_dump_text()
    assert MARK not in dump
    assert LogEntry.objects.count() >= entries_before  # entries kept: only their values went
    storage = attachment_storage()
    assert not any(storage.exists(name) for name in files)
    media = [p for p in (storage.location if hasattr(storage, "location") else "",) if p]
    for root in media:
        for folder, _dirs, names in os.walk(root):
            for name in names:
                with open(os.path.join(folder, name), "rb") as handle:
                    assert MARK.encode() not in handle.read()
    victim = Person.objects.get(pk=records.victim.pk)
    assert victim.full_name == "—" and victim.birth_date is None and victim.name_index is None
    for model, lookup in CASE_RECORDS.items():  # decrypted too: no value is left
        for obj in model._default_manager.filter(**{lookup: case.pk}):
            for field in identifying_fields(model):
                assert MARK not in str(getattr(obj, field.name)), f"{model.__name__}.{field.name}"
    assert victim.sex == records.victim.sex and victim.age_at_incident == records.victim.age_at_incident
    text = berita_acara_pdf(batch)
    assert text.startswith(b"%PDF")
    assert batch.items.get().register_number == case.register_number
    # Kept permanently: the database refuses to delete it.
    with pytest.raises(Exception, match="kept permanently"):
        batch.items.all().delete()
