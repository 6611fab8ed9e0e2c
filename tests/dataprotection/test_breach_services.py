"""The breach register's rules (dataprotection/services.py): recording, recipients (never an
alleged perpetrator; a child through a guardian), the three elements before a notice is sent,
the 3×24-hour clock at its boundaries with a frozen clock, the public statement and closing."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from cases.models import PersonRole
from dataprotection.models import IncidentKind, IncidentStatus, NoticeRecipient, RecordClass
from dataprotection.services import (
    breach_deadline_notices,
    incident_close,
    incident_close_refusal,
    incident_public_statement_set,
    incident_record,
    notice_create,
    notice_mark_sent,
    notice_recipients_proposed,
    notice_update,
    notices_outstanding,
)
from tests.factories import PersonFactory, UserFactory
from uptdppa.accounts.models import Notification, Role
from uptdppa.accounts.services import user_role_change
from uptdppa.operations.services import backup_alert_recipients

pytestmark = pytest.mark.django_db

ELEMENTS = {"data_exposed": "Nama dan alamat.", "when_how": "Ekspor terkirim ke alamat salah.", "handling": "Ditarik."}


def record(world, **kwargs):
    values = {
        "actor": world.dpo,
        "discovered_at": timezone.now() - timedelta(hours=1),
        "kind": IncidentKind.CONFIDENTIALITY,
        "record_classes": [RecordClass.REPORT],
        "description": "Ekspor terkirim ke alamat yang salah.",
        "case_codes": [str(world.case_a.code)],
        **kwargs,
    }
    return incident_record(**values)


def test_recording_tells_the_head_and_the_data_protection_officer(world):
    incident = record(world)
    told = set(
        Notification.objects.filter(key__startswith=f"breach-recorded:{incident.pk}:").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"kepala", "dpo"}
    assert incident.notice_due_at == incident.discovered_at + timedelta(hours=settings.BREACH_NOTICE_HOURS)


def test_a_case_is_named_by_register_number_or_code_and_unknown_ones_are_refused(world):
    world.case_a.register_number = "001/UPTD-PPA/2026"
    world.case_a.save(update_fields=["register_number"])
    incident = record(world, case_codes=["001/UPTD-PPA/2026", str(world.case_b.code)])
    assert set(incident.cases.all()) == {world.case_a, world.case_b}
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        record(world, case_codes=["tidak-ada"])
    assert "Tidak ada kasus" in refused.value.message_dict["case_codes"][0]


def test_the_discovery_cannot_be_in_the_future_and_people_must_be_of_the_cases(world):
    with pytest.raises(ValidationError) as refused:
        record(world, discovered_at=timezone.now() + timedelta(minutes=5))
    assert "discovered_at" in refused.value.message_dict
    other = PersonFactory(case=world.case_b)
    with pytest.raises(ValidationError) as refused:
        record(world, person_codes=[str(other.code)])
    assert "person_codes" in refused.value.message_dict


def test_a_child_is_told_through_a_reporter_and_an_alleged_perpetrator_is_flagged_and_refused(world):
    case = world.case_a
    child = PersonFactory(case=case, role=PersonRole.VICTIM, estimated_age=9)
    mother = PersonFactory(case=case, role=PersonRole.REPORTER, estimated_age=35)
    father = PersonFactory(case=case, role=PersonRole.REPORTER, estimated_age=40, nik="1571010101800001")
    PersonFactory(case=case, role=PersonRole.PERPETRATOR, estimated_age=40, nik="1571010101800001")
    incident = record(world, person_codes=[str(child.code)])
    proposals = {(p.person, p.on_behalf_of): p.perpetrator for p in notice_recipients_proposed(incident)}
    assert proposals == {(mother, child): False, (father, child): True}
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        notice_create(
            actor=world.dpo,
            incident=incident,
            recipient_kind=NoticeRecipient.PERSON,
            person_code=father.code,
            on_behalf_of_code=child.code,
        )
    assert refused.value.message_dict["person"] == [
        "Orang ini adalah terlapor dalam kasus tersebut dan tidak boleh menerima pemberitahuan."
    ]
    with pytest.raises(ValidationError):  # a child is not written to directly
        notice_create(actor=world.dpo, incident=incident, recipient_kind=NoticeRecipient.PERSON, person_code=child.code)
    notice = notice_create(
        actor=world.dpo,
        incident=incident,
        recipient_kind=NoticeRecipient.PERSON,
        person_code=mother.code,
        on_behalf_of_code=child.code,
    )
    assert notice.person == mother and notice.on_behalf_of == child


def test_the_perpetrator_role_itself_is_refused(world):
    perpetrator = PersonFactory(case=world.case_a, role=PersonRole.PERPETRATOR, estimated_age=30)
    incident = record(world, person_codes=[str(perpetrator.code)])
    assert [p.perpetrator for p in notice_recipients_proposed(incident)] == [True]
    with pytest.raises(ValidationError):
        notice_create(
            actor=world.dpo, incident=incident, recipient_kind=NoticeRecipient.PERSON, person_code=perpetrator.code
        )


def test_a_notice_is_marked_sent_only_with_the_three_elements(world):
    incident = record(world)
    notice = notice_create(actor=world.dpo, incident=incident, recipient_kind=NoticeRecipient.AGENCY)
    assert notice.agency_name == settings.BREACH_SUPERVISING_AGENCY
    with pytest.raises(ValidationError) as refused:
        notice_mark_sent(actor=world.dpo, notice=notice)
    assert set(refused.value.message_dict) == {"data_exposed", "when_how", "handling"}
    notice_update(actor=world.dpo, notice=notice, **{**ELEMENTS, "handling": "  "})
    with pytest.raises(ValidationError) as refused:
        notice_mark_sent(actor=world.dpo, notice=notice)
    assert set(refused.value.message_dict) == {"handling"}
    notice_update(actor=world.dpo, notice=notice, **ELEMENTS)
    with pytest.raises(ValidationError):  # before the discovery
        notice_mark_sent(actor=world.dpo, notice=notice, sent_at=incident.discovered_at - timedelta(minutes=1))
    sent = notice_mark_sent(actor=world.dpo, notice=notice)
    assert sent.sent_at is not None and sent.sent_by == world.dpo
    assert not notices_outstanding(incident)
    with pytest.raises(ValidationError):
        notice_mark_sent(actor=world.dpo, notice=notice)
    with pytest.raises(ValidationError):
        notice_update(actor=world.dpo, notice=notice, **ELEMENTS)


def _keys(incident):
    return sorted(
        key.rsplit(":", 1)[0]
        for key in Notification.objects.filter(key__contains=f":{incident.pk}")
        .exclude(key__startswith="breach-recorded")
        .values_list("key", flat=True)
    )


def test_the_clock_reminds_at_24_and_48_hours_and_escalates_at_72_once_each(world):
    discovered = timezone.now() - timedelta(days=10)
    incident = record(world, discovered_at=discovered)
    before = timedelta(seconds=1)
    steps = [
        (timedelta(hours=24) - before, []),
        (timedelta(hours=24), [f"breach-reminder:{incident.pk}:24"] * 2),
        (timedelta(hours=48) - before, [f"breach-reminder:{incident.pk}:24"] * 2),
        (timedelta(hours=48), [f"breach-reminder:{incident.pk}:24"] * 2 + [f"breach-reminder:{incident.pk}:48"] * 2),
    ]
    for elapsed, expected in steps:
        with time_machine.travel(discovered + elapsed, tick=False):
            breach_deadline_notices(now=timezone.now())
            breach_deadline_notices(now=timezone.now())  # twice: nothing more
        assert _keys(incident) == expected, elapsed
    with time_machine.travel(discovered + timedelta(hours=72) - before, tick=False):
        assert breach_deadline_notices(now=timezone.now()) == (0, 0)
    with time_machine.travel(discovered + timedelta(hours=72), tick=False):
        assert breach_deadline_notices(now=timezone.now()) == (0, 1)
        assert breach_deadline_notices(now=timezone.now()) == (0, 0)
    overdue = Notification.objects.filter(key__startswith=f"breach-overdue:{incident.pk}:")
    assert set(overdue.values_list("recipient__username", flat=True)) == {"kepala", "dpo"}


def test_the_clock_stops_once_the_agency_and_every_person_are_told(world):
    discovered = timezone.now() - timedelta(days=10)
    incident = record(world, discovered_at=discovered)
    notice = notice_create(actor=world.dpo, incident=incident, recipient_kind=NoticeRecipient.AGENCY, **ELEMENTS)
    notice_mark_sent(actor=world.dpo, notice=notice, sent_at=discovered + timedelta(hours=2))
    assert breach_deadline_notices(now=discovered + timedelta(hours=100)) == (0, 0)


def _agency_told(world, incident):  # type: ignore[no-untyped-def]
    notice = notice_create(actor=world.dpo, incident=incident, recipient_kind=NoticeRecipient.AGENCY, **ELEMENTS)
    return notice_mark_sent(actor=world.dpo, notice=notice)


def test_an_incident_is_closed_only_once_its_notices_are_sent(world):
    """Closing stops the clock's reminders and takes no new notice: it waits for the agency's
    notice and for every drafted one (Pasal 46(1))."""
    incident = record(world)
    lessons = {"lessons": "Periksa alamat.", "measures": "Ekspor terenkripsi."}
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        incident_close(actor=world.kepala, incident=incident, **lessons)
    assert "lembaga pengawas belum diberi tahu" in refused.value.messages[0]
    _agency_told(world, incident)
    notice_create(actor=world.dpo, incident=incident, recipient_kind=NoticeRecipient.AGENCY, agency_name="Kominfo")
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        incident_close(actor=world.kepala, incident=incident, **lessons)
    assert "belum ditandai terkirim" in refused.value.messages[0]
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.OPEN and incident_close_refusal(incident) is not None


def test_closing_needs_the_lessons_and_the_measures(world):
    incident = record(world)
    _agency_told(world, incident)
    with pytest.raises(ValidationError) as refused:
        incident_close(actor=world.kepala, incident=incident, lessons=" ", measures="")
    assert set(refused.value.message_dict) == {"lessons", "measures"}
    closed = incident_close(
        actor=world.kepala, incident=incident, lessons="Periksa alamat.", measures="Ekspor terenkripsi."
    )
    assert closed.status == IncidentStatus.CLOSED and closed.closed_at is not None
    with pytest.raises(ValidationError):
        notice_create(actor=world.dpo, incident=closed, recipient_kind=NoticeRecipient.AGENCY)
    assert breach_deadline_notices(now=timezone.now() + timedelta(days=10)) == (0, 0)


def test_the_public_statement_holds_no_personal_data(world):
    victim = PersonFactory(case=world.case_a, full_name="Siti Aminah", estimated_age=30)
    incident = record(world)
    with pytest.raises(ValidationError):
        incident_public_statement_set(
            actor=world.dpo, incident=incident, statement=f"Data milik {victim.full_name.upper()} bocor."
        )
    saved = incident_public_statement_set(
        actor=world.dpo, incident=incident, statement="Sebuah berkas ekspor terkirim ke alamat yang salah."
    )
    assert saved.public_statement.startswith("Sebuah")


def test_the_dpo_gets_the_backup_alerts_and_is_a_privileged_role(world):
    assert set(backup_alert_recipients().values_list("username", flat=True)) == {"kepala", "dpo"}
    staff = UserFactory(username="calon_dpo", role=Role.OPERATOR_DATA)
    request = user_role_change(actor=world.admin, user=staff, role=Role.DPO)
    assert request is not None  # waits for the head's approval
    staff.refresh_from_db()
    assert staff.role == Role.OPERATOR_DATA


def test_the_dpo_sees_the_audit_trail_and_no_case(world):
    from cases.access import cases_visible_to

    assert world.dpo.has_perm("accounts.view_audit_trail")
    assert world.dpo.has_perm("dataprotection.manage_incident")
    assert not cases_visible_to(world.dpo).exists()
    assert not world.manajer.has_perm("dataprotection.view_incident")


def test_the_job_runs_in_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["send-breach-deadline-notices"]
    assert entry["task"] == "dataprotection.tasks.send_breach_deadline_notices"
    assert entry["schedule"] == timedelta(minutes=settings.BREACH_CHECK_MINUTES)
