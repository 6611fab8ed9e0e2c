"""The record of processing (UU 27/2022 Pasal 31): complete for every model field of the project,
its readers agreeing with the access rules, and shown as a page, a PDF and in the API to the head
and the data protection officer only."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.urls import reverse

from dataprotection import processing_record as record
from referrals.models import Referral, ReferralStatus
from uptdppa.accounts.models import Organisation, Role
from uptdppa.crypto import BlindIndexField, EncryptedMixin

pytestmark = pytest.mark.django_db


def test_every_field_of_every_project_model_is_in_the_record_or_declared_non_personal():
    assert record.fields_outside_the_record() == []


def test_a_new_field_outside_the_record_fails_the_check(monkeypatch):
    monkeypatch.setitem(record.NON_PERSONAL, "cases.RegisterCounter", ("year",))
    assert record.fields_outside_the_record() == ["cases.RegisterCounter.last_seq"]


def test_every_model_of_the_project_apps_is_covered():
    labels = {model._meta.label for model in record.project_models()}
    assert {"cases.Person", "cases.PsychSession", "referrals.Referral", "auditlog.LogEntry", "accounts.User"} <= labels


def test_the_declarations_name_real_fields_and_never_call_an_encrypted_one_non_personal():
    for declaration in record.RECORD_CLASSES:
        for label, names in declaration.models.items():
            model = apps.get_model(label)
            for name in names:
                model._meta.get_field(name)  # raises for a stale name
                assert name not in record.NON_PERSONAL.get(label, ()), f"{label}.{name} is declared twice"
    for label, names in record.NON_PERSONAL.items():
        model = apps.get_model(label)
        for name in names:
            field = model._meta.get_field(name)
            assert not isinstance(field, EncryptedMixin | BlindIndexField), f"{label}.{name} is encrypted"


def test_the_record_reads_encryption_and_blind_indexes_from_the_models():
    entries = {entry.key: entry for entry in record.processing_record()}
    person = next(model for model in entries["people"].models if model.label == "cases.Person")
    fields = {field.name: field for field in person.fields}
    assert fields["nik"].encrypted and not fields["nik"].blind_index
    assert fields["nik_index"].blind_index and not fields["nik_index"].encrypted
    assert not fields["sex"].encrypted
    psych = entries["psych_notes"].models[0]
    assert {field.name for field in psych.fields if field.encrypted} == {"method", "observations", "recommendations"}


def test_the_recipients_of_referrals_are_the_partner_organisations():
    entries = {entry.key: entry for entry in record.processing_record()}
    names = [name for _kind, group in entries["referrals"].organisations for name in group]
    assert "Dinas Sosial Kota Jambi" in names
    assert not Organisation.objects.filter(name__in=names, kind="uptd_ppa").exists()
    assert "NIK" in entries["referrals"].shared_fields
    assert entries["cases"].organisations == []


def _probes(world):
    """Objects for each permission the record names, inside every role's possible scope."""
    dinsos = Organisation.objects.get(name="Dinas Sosial Kota Jambi")
    cases = [world.case_a, world.case_b, world.intake_c, world.intake_d]
    people = [case.people.first() for case in cases]
    referrals = [Referral(case=case, organisation=dinsos, status=ReferralStatus.SENT) for case in cases]
    return {
        "cases.view_case": cases,
        "cases.view_person": people,
        "cases.read_psych_notes": cases,
        "referrals.view_referral": referrals,
        "coordination.view_case_conferences": cases,
    }


def test_the_declared_readers_agree_with_the_access_rules(world):
    probes = _probes(world)
    users = world.users.values()
    for declaration in record.RECORD_CLASSES:
        for readers in declaration.readers:
            objects = probes.get(readers.perm, [None])
            allowed = {user.role for user in users if any(user.has_perm(readers.perm, obj) for obj in objects)}
            declared = set(readers.roles)
            others = {reader.roles for reader in declaration.readers if reader.perm == readers.perm}
            # Two declarations may split one permission between roles (referrals: the unit, the liaison).
            assert declared <= allowed, (declaration.key, readers.perm, declared - allowed)
            assert allowed <= set().union(*others), (declaration.key, readers.perm, allowed - set().union(*others))


def test_the_dpo_and_the_head_see_the_page_the_pdf_and_the_api(world, client):
    client.force_login(world.dpo)
    page = client.get(reverse("dataprotection:processing-record"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Catatan pemrosesan" in html and 'id="class-psych_notes"' in html and "nik_index" in html
    pdf = client.get(reverse("dataprotection:processing-record-pdf"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content if pdf.streaming else [pdf.content]).startswith(b"%PDF")
    client.force_login(world.kepala)
    api = client.get("/api/v1/data-protection/processing-record/")
    assert api.status_code == 200
    body = {entry["key"]: entry for entry in api.json()}
    person = next(model for model in body["people"]["models"] if model["model"] == "cases.Person")
    assert {"name": "nik", "title": "NIK", "encrypted": True, "blind_index": False} in person["personal_fields"]
    assert body["backups"]["retention_settings"][0]["name"] == "BACKUP_KEEP_DAILY"


@pytest.mark.parametrize("name", ["admin", "manajer", "pengaduan", "operator", "penghubung", "pimpinan"])
def test_nobody_else_finds_the_record(world, client, name):
    client.force_login(world.users[name])
    assert client.get(reverse("dataprotection:processing-record")).status_code == 404
    assert client.get(reverse("dataprotection:processing-record-pdf")).status_code == 404
    assert client.get("/api/v1/data-protection/processing-record/").status_code == 404


def test_reading_the_record_is_audited(world, client):
    from auditlog.models import LogEntry

    client.force_login(world.dpo)
    before = LogEntry.objects.filter(actor=world.dpo).count()
    client.get(reverse("dataprotection:processing-record-pdf"))
    entry = LogEntry.objects.filter(actor=world.dpo).order_by("-pk").first()
    assert LogEntry.objects.filter(actor=world.dpo).count() == before + 1
    assert entry.additional_data["read"] == "processing record"


def test_the_roles_of_the_record_are_real_roles():
    for declaration in record.RECORD_CLASSES:
        for readers in declaration.readers:
            assert readers.roles <= set(Role.values)


def test_the_record_page_runs_a_fixed_number_of_queries(world, client):
    from tests.conftest import max_queries
    from tests.factories import OrganisationFactory

    client.force_login(world.kepala)
    with max_queries(10) as few:
        client.get(reverse("dataprotection:processing-record"))
    OrganisationFactory.create_batch(5)
    with max_queries(len(few.captured_queries)):
        assert client.get(reverse("dataprotection:processing-record")).status_code == 200


def test_every_field_of_the_record_has_a_translated_label():
    """A field whose model gives no verbose name is labelled from AUTO_FIELD_LABELS, never by its
    English field name."""
    from django.apps import apps
    from django.utils.functional import Promise

    from dataprotection.processing_record import AUTO_FIELD_LABELS, RECORD_CLASSES

    for declaration in RECORD_CLASSES:
        for label, names in declaration.models.items():
            for name in names:
                field = apps.get_model(label)._meta.get_field(name)
                assert isinstance(field.verbose_name, Promise) or str(field.verbose_name) in AUTO_FIELD_LABELS, (
                    label,
                    name,
                )
