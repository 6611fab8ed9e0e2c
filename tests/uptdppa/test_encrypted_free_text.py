"""Identifying free text of case records is encrypted, and its values never reach the audit trail.

The set of fields is derived from the models (uptdppa.crypto.encrypted_fields), so a field added
later is covered by the dump test without touching it; a new plain text field must be named in
PLAIN_TEXT_FIELDS below, which is the decision that it cannot identify anyone.
"""

from __future__ import annotations

import json
import subprocess
from datetime import date
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.urls import reverse
from django.utils import timezone

from cases.models import (
    AccompanimentStage,
    Case,
    ClosureReason,
    HealthService,
    LegalEvent,
    MediationStatus,
    MonitoringFollowUp,
    OutreachVisit,
    PlanItem,
    PlanItemStatus,
    VictimRightKind,
    VictimRightStatus,
)
from cases.services import (
    accompaniment_record,
    assessment_record,
    case_record_police_report,
    closure_approve,
    closure_request,
    mediation_close,
    mediation_follow_up_add,
    mediation_session_add,
    outreach_record,
    person_update,
    psych_session_record,
    restitution_set,
    victim_right_set,
)
from cases.vocabularies import LegalStage
from tests.factories import CaseFactory, PersonFactory
from tests.records import case_records
from uptdppa.accounts.models import Organisation
from uptdppa.crypto import BlindIndexField, EncryptedDateField, encrypted_fields

CASE_APPS = ("cases", "referrals")

# Free text that identifies a person, a police or court file, or a place of refuge (the security
# review's list, and the rest of the free text of case records).
MUST_BE_ENCRYPTED = {
    "cases.Case": {"police_report_number", "reporter_relation", "chronology", "incident_place_other", "triage_note"},
    "cases.Person": {"full_name", "nickname", "nik", "kk_number", "phone", "address_line", "occupation"}
    | {"relation_to_victim"},
    "cases.LegalEvent": {"reference_number", "place", "victim_consent_by", "note"},
    "cases.Accompaniment": {"place", "note"},
    "cases.LegalAid": {"provider_name", "advocate", "note"},
    "cases.MediationSession": {"parties_present", "berita_acara"},
    "cases.Restitution": {"lpsk_assessment", "decision"},
    "cases.ShelterStay": {"place", "note"},
    "cases.PsychSession": {"method", "observations", "recommendations"},
    "cases.ConsentRecord": {"consent_given_by", "note"},
    "cases.OutreachVisit": {"place_other", "purpose", "result", "next_step"},
    "cases.HealthService": {"facility_other", "result"},
    "cases.InterventionPlan": {"decision_comment"},
    "cases.PlanItem": {"description", "waive_reason"},
    "cases.ClosureRequest": {"decision_comment", "summary", "reopen_reason"},
    "referrals.ReferralAction": {"action", "notes"},
}

# Text columns left in plain text on purpose: codes and vocabulary values (fields with choices are
# left out here, e.g. PerpetratorRelation.relation, which the statistics group by), numbers the
# unit issues itself, digests and random names, and the names of public institutions.
PLAIN_TEXT_FIELDS = {
    "cases.Attachment": {"stored_name", "sha256"},
    "cases.Case": {"tracking_code", "pin_hash", "register_number", "simfoni_number", "police_report_unit"},
    "cases.DeletedRecord": {"object_pk"},  # an audit key: a primary key as text
    "cases.LegalEvent": {"unit"},
    "cases.PublicSubmissionThrottle": {"key_digest"},
    "cases.Region": {"code", "name"},
    "referrals.Referral": {"letter_number"},
    "referrals.ReferralActionFile": {"stored_name", "sha256"},
}


def case_models() -> list[type[models.Model]]:
    return [m for label in CASE_APPS for m in apps.get_app_config(label).get_models()]


def encrypted_by_model() -> dict[str, set[str]]:
    return {m._meta.label: {f.name for f in encrypted_fields(m)} for m in case_models() if encrypted_fields(m)}


def test_the_identifying_free_text_of_case_records_is_encrypted():
    encrypted = encrypted_by_model()
    missing = {label: names - encrypted.get(label, set()) for label, names in MUST_BE_ENCRYPTED.items()}
    assert {label: names for label, names in missing.items() if names} == {}


def test_every_plain_text_column_of_case_records_is_a_code_or_a_known_non_identifying_value():
    plain: dict[str, set[str]] = {}
    for model in case_models():
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.CharField | models.TextField)
                and not isinstance(field, BlindIndexField)
                and field not in encrypted_fields(model)
                and not field.choices
            ):
                plain.setdefault(model._meta.label, set()).add(field.name)
    assert plain == PLAIN_TEXT_FIELDS


# --- Nothing in a database dump ------------------------------------------------------------------


# What the services below are given; a copy of one anywhere (timeline, notifications) is a leak.
GIVEN = [f"Masukan rahasia {n:02d}" for n in range(10)]


def every_kind_of_record(world: Any) -> None:
    """At least one row of every case model that has encrypted fields, made through the services."""
    today = timezone.localdate()
    dinsos = Organisation.objects.get(name="Dinas Sosial Kota Jambi")
    records = case_records(
        case=world.case_a, actor=world.manajer, head=world.kepala, organisation=dinsos, liaison=world.penghubung
    )
    case, victim, perpetrator = records.case, records.victim, records.perpetrator
    case_record_police_report(actor=world.kepala, case=case, number=GIVEN[0], report_date=today)
    LegalEvent.objects.create(
        case=case,
        perpetrator=PersonFactory(case=case, role="terlapor", estimated_age=15),
        stage=LegalStage.DIVERSI,
        date=today,
        perpetrator_age_at_offence=15,
        offence_max_penalty_years=3,
        victim_consent=True,
        victim_consent_by=GIVEN[1],
    )
    mediation_session_add(actor=world.manajer, mediation=records.mediation, date=today, parties_present=GIVEN[2])
    mediation = mediation_close(
        actor=world.manajer, mediation=records.mediation, outcome=MediationStatus.AGREEMENT, agreement_terms=GIVEN[3]
    )
    mediation_follow_up_add(actor=world.manajer, mediation=mediation, date=today, complied=True)
    restitution_set(actor=world.hukum, victim=victim, perpetrator=perpetrator, claimed=True, lpsk_assessment=GIVEN[4])
    accompaniment_record(
        actor=world.hukum,
        victim=victim,
        stage=AccompanimentStage.TRIAL,
        date=today,
        staff=[world.hukum],
        place=GIVEN[5],
    )
    psych_session_record(actor=world.psikolog, victim=victim, psychologist=world.psikolog, date=today, method=GIVEN[6])
    victim_right_set(
        actor=world.manajer, victim=victim, right=VictimRightKind.values[0], status=VictimRightStatus.values[0]
    )
    outreach_record(
        actor=world.manajer,
        case=case,
        visited_on=today,
        team=[world.manajer],
        purpose=GIVEN[7],
        place_other=GIVEN[8],
    )
    assessment_record(actor=world.manajer, victim=victim, assessed_on=today, social=GIVEN[9])
    closing = CaseFactory(created_by=world.pengaduan)
    PersonFactory(case=closing)
    closure_approve(
        actor=world.kepala,
        request=closure_request(actor=world.kepala, case=closing, reason=ClosureReason.NEEDS_MET, summary="Selesai"),
    )
    assert MonitoringFollowUp.objects.filter(case=closing).exists()


# Rows some of whose other fields must change for a marker to fit the row's constraints.
MAKE_ROOM = {
    HealthService: {"facility": None, "facility_other": "-"},
    OutreachVisit: {"region": None},
    PlanItem: {"status": PlanItemStatus.WAIVED},
}
MARKER_DATE = date(1931, 7, 19)


def fill_every_encrypted_field_with_a_marker() -> list[str]:
    """Give every encrypted field of one row of each model a value of its own, saved as an update
    (so the audit trail gets a diff); returns the markers."""
    markers: list[str] = []
    for model in case_models():
        # The fields the models encrypt, and those they must (so that a leak shows before the fix).
        required = [model._meta.get_field(name) for name in sorted(MUST_BE_ENCRYPTED.get(model._meta.label, ()))]
        fields = [*encrypted_fields(model), *(f for f in required if f not in encrypted_fields(model))]
        if not fields:
            continue
        row = model.objects.order_by("pk").first()
        assert row is not None, f"no {model._meta.label} was made: add one to every_kind_of_record"
        for name, value in MAKE_ROOM.get(model, {}).items():
            setattr(row, name, value)
        for field in fields:
            if isinstance(field, EncryptedDateField):
                setattr(row, field.name, MARKER_DATE)
                continue
            # A space cannot occur in a Fernet token or a blind index, so a marker found is a leak.
            marker = f"Penanda rahasia {len(markers):04d}"
            markers.append(marker)
            setattr(row, field.name, marker)
        row.save()
    markers.append(MARKER_DATE.isoformat())
    return markers


def pg_dump_data() -> str:
    settings = connection.settings_dict
    command = ["/usr/bin/pg_dump", "--data-only", "--no-owner", "-U", settings["USER"], "-d", settings["NAME"]]
    if settings.get("HOST"):
        command += ["-h", settings["HOST"]]
    if settings.get("PORT"):
        command += ["-p", str(settings["PORT"])]
    env = {"PGPASSWORD": settings.get("PASSWORD") or "", "PATH": "/usr/bin:/bin"}
    return subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout  # noqa: S603


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump of the PostgreSQL test database")
@pytest.mark.django_db(transaction=True)  # committed, so pg_dump (another connection) sees the rows
def test_a_database_dump_holds_no_value_of_any_encrypted_field(world):
    every_kind_of_record(world)
    markers = fill_every_encrypted_field_with_a_marker()

    dump = pg_dump_data()

    assert "auditlog_logentry" in dump and "cases_case" in dump
    assert [marker for marker in [*GIVEN, *markers] if marker in dump] == []
    updates = LogEntry.objects.filter(action=LogEntry.Action.UPDATE, content_type__app_label__in=CASE_APPS)
    assert any("********" in json.dumps(entry.changes) for entry in updates)  # audited, masked


# --- The audit trail names the field, never the value ---------------------------------------------


def latest_update(obj: models.Model) -> LogEntry:
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk), action=LogEntry.Action.UPDATE
    ).latest("timestamp", "pk")


@pytest.mark.django_db
def test_an_update_of_an_encrypted_field_names_the_field_without_its_values(world):
    today = timezone.localdate()
    case = case_record_police_report(
        actor=world.kepala, case=world.case_a, number="LP/B/501/XI/2026", report_date=today
    )
    case = case_record_police_report(actor=world.kepala, case=case, number="LP/B/502/XI/2026", report_date=today)
    victim = world.case_a.people.get()
    person_update(actor=world.manajer, person=victim, occupation="Pelajar SMPN 7 Jambi")

    case_entry = latest_update(case)
    assert case_entry.changes["police_report_number"] == ["********", "********"]
    person_entry = latest_update(victim)
    assert person_entry.changes["occupation"] == ["********", "********"]
    text = f"{case_entry.changes_text} {case_entry.changes} {person_entry.changes_text} {person_entry.changes}"
    for value in ("501", "502", "SMPN"):
        assert value not in text


@pytest.mark.django_db
def test_an_encrypted_field_left_empty_is_not_logged_as_changed(world):
    victim = world.case_a.people.get()
    person_update(actor=world.manajer, person=victim, occupation="", sex="P" if victim.sex != "P" else "L")
    assert "occupation" not in latest_update(victim).changes


SIMFONI = "SIMFONI-1571-2026-98765"


@pytest.mark.django_db
def test_the_admin_shows_which_fields_of_a_case_changed_but_not_their_values(world, client):
    case = world.case_a
    case.simfoni_number = SIMFONI  # a plain field: its value is in the diff, never on the screen
    case.save()
    entry = latest_update(case)
    assert entry.changes["simfoni_number"][1] == SIMFONI
    client.force_login(world.admin)

    page = client.get(reverse("admin:auditlog_logentry_change", args=[entry.pk])).content.decode()
    listing = client.get(reverse("admin:auditlog_logentry_changelist")).content.decode()

    assert str(Case._meta.get_field("simfoni_number").verbose_name).lower() in page.lower()
    assert SIMFONI not in page and SIMFONI not in listing


@pytest.mark.django_db
def test_the_admin_cannot_search_the_values_in_audit_entries(world, client):
    case = world.case_a
    case.simfoni_number = SIMFONI
    case.save()
    client.force_login(world.admin)
    response = client.get(reverse("admin:auditlog_logentry_changelist"), {"q": SIMFONI})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 0


@pytest.mark.django_db
def test_the_audit_page_shows_which_fields_of_a_case_changed_but_not_their_values(world, client):
    case = world.case_a
    case.simfoni_number = SIMFONI
    case.save()
    client.force_login(world.kepala)
    content = client.get(
        reverse("accounts:audit"), {"content_type": ContentType.objects.get_for_model(Case).pk}
    ).content.decode()
    assert "Nomor register SIMFONI" in content and "simfoni_number" not in content  # by its label
    assert SIMFONI not in content


@pytest.mark.django_db
def test_a_referral_actions_title_is_audited_without_its_value(world):
    dinsos = Organisation.objects.get(name="Dinas Sosial Kota Jambi")
    records = case_records(
        case=world.case_a, actor=world.manajer, head=world.kepala, organisation=dinsos, liaison=world.penghubung
    )
    action = records.action_file.action
    action.action = "Kunjungan ke rumah nenek di Telanaipura"
    action.save()
    assert latest_update(action).changes["action"] == ["********", "********"]
    texts = LogEntry.objects.filter(object_pk=str(action.pk)).values_list("changes_text", flat=True)
    assert "Telanaipura" not in " ".join(texts)


@pytest.mark.django_db
def test_max_length_still_limits_the_plaintext_of_an_encrypted_field(world):
    # The column is text (a token is longer than its plaintext); the validator keeps the limit.
    with pytest.raises(ValidationError) as refused:
        case_record_police_report(actor=world.kepala, case=world.case_a, number="L" * 61, report_date=date.today())
    assert "police_report_number" in refused.value.message_dict
