"""Referrals (issue 5), domain layer: the status machine, the consent check and its override,
data minimisation, who sees what, the closure check, the deadline job and the letter."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
import rules
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from pypdf import PdfReader
from rules.permissions import permissions

from cases.models import Case, CaseStatus, ClosureReason, EventKind, LegalBasis, PersonRole
from cases.services import closure_request, consent_record, person_add
from cases.vocabularies import ServiceType, Sex, ViolenceForm
from referrals.access import referrals_visible_to
from referrals.letters import referral_letter_pdf, referral_letter_store
from referrals.models import ACTIVE_STATUSES, Referral, ReferralEventKind, ReferralStatus, ReferralUrgency, SharedField
from referrals.selectors import shared_victims
from referrals.services import (
    referral_accept,
    referral_action_add,
    referral_complete,
    referral_create,
    referral_deadline_notices,
    referral_decline,
    referral_revoke,
    referral_send,
)
from tests.conftest import World, refusal
from tests.factories import UserFactory
from uptdppa.accounts.models import Notification, Organisation, Role

pytestmark = pytest.mark.django_db
DONE = {"outcome_code": "service_provided"}  # the outcome as a code (issue 18)
OTHER = {"reason_code": "other"}  # the decline reason as a code (issue 18)

FULL_NAME = "Melati Kusuma Wardani"


@pytest.fixture
def dinsos() -> Organisation:
    return Organisation.objects.get(name="Dinas Sosial Kota Jambi")


@pytest.fixture
def victim(world: World):  # type: ignore[no-untyped-def]
    return person_add(
        actor=world.manajer,
        case=world.case_a,
        role=PersonRole.VICTIM,
        full_name=FULL_NAME,
        nik="1571015507150001",
        phone="081234567890",
        sex=Sex.PEREMPUAN,
        estimated_age=10,
        violence_forms=[ViolenceForm.FISIK, ViolenceForm.PSIKIS],
    ).person


def _consent(world: World, victim) -> None:  # type: ignore[no-untyped-def]
    consent_record(
        actor=world.manajer,
        victim=victim,
        basis=LegalBasis.CONSENT,
        given_on=timezone.localdate(),
        consent_given_by="Ibu korban",
    )


def _draft(world: World, victim, dinsos, **extra) -> Referral:  # type: ignore[no-untyped-def]
    values = {
        "actor": world.manajer,
        "case": world.case_a,
        "victims": [victim],
        "organisation": dinsos,
        "services": [ServiceType.REHABILITASI_SOSIAL],
        "reason": "Butuh rehabilitasi sosial.",
        "shared_fields": list(SharedField.values[:4]),
        "facts": "Anak perlu pendampingan sosial di rumah.",
    }
    return referral_create(**{**values, **extra})


@pytest.fixture
def sent(world: World, victim, dinsos) -> Referral:  # type: ignore[no-untyped-def]
    _consent(world, victim)
    return referral_send(actor=world.manajer, referral=_draft(world, victim, dinsos))


def test_a_referral_is_drafted_for_victims_of_the_case_with_an_event_on_its_timeline(world, victim, dinsos):
    referral = _draft(world, victim, dinsos)
    assert referral.status == ReferralStatus.DRAFT
    assert list(referral.victims.all()) == [victim]
    assert world.case_a.events.filter(kind=EventKind.REFERRAL_CREATED).exists()


def test_drafting_refuses_missing_or_foreign_victims_unknown_services_and_no_reason(world, victim, dinsos):
    other_case_victim = world.case_b.people.first()
    errors = refusal(
        referral_create,
        actor=world.manajer,
        case=world.case_a,
        victims=[other_case_victim],
        organisation=dinsos,
        services=["nonsense"],
        reason=" ",
    )
    assert set(errors) >= {"victims", "services", "reason"}


def test_a_referral_to_uptd_ppa_itself_is_refused(world, victim):
    own = Organisation.objects.filter(kind="uptd_ppa").first()
    assert own is not None
    assert "organisation" in refusal(_draft, world=world, victim=victim, dinsos=own)


@pytest.mark.parametrize("status", [CaseStatus.RECEIVED, CaseStatus.CLOSED])
def test_referrals_are_drafted_and_sent_only_from_an_open_registered_case(world, victim, dinsos, status):
    referral = _draft(world, victim, dinsos)
    _consent(world, victim)
    Case.objects.filter(pk=world.case_a.pk).update(status=status)
    with translation.override("en"):
        drafted = refusal(_draft, world=world, victim=victim, dinsos=dinsos)
        sent = refusal(referral_send, actor=world.manajer, referral=referral)
    assert drafted == {"__all__": ["Referrals are made from an open case."]}
    assert sent == {"__all__": ["Referrals are sent from an open case."]}
    assert Referral.objects.get().status == ReferralStatus.DRAFT


def test_sending_needs_a_recorded_consent_or_legal_basis(world, victim, dinsos):
    referral = _draft(world, victim, dinsos)
    errors = refusal(referral_send, actor=world.manajer, referral=referral)
    assert "consent_override_reason" in errors
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DRAFT


def test_only_the_head_may_send_without_consent_and_only_with_a_reason(world, victim, dinsos):
    referral = _draft(world, victim, dinsos)
    assert "consent_override_reason" in refusal(
        referral_send, actor=world.manajer, referral=referral, consent_override_reason="Darurat."
    )
    sent = referral_send(actor=world.kepala, referral=referral, consent_override_reason="Anak dalam bahaya.")
    assert sent.status == ReferralStatus.SENT
    assert sent.consent_override_by == world.kepala
    assert sent.consent_override_reason == "Anak dalam bahaya."
    kinds = list(sent.events.values_list("kind", flat=True))
    assert ReferralEventKind.CONSENT_OVERRIDDEN in kinds


def test_who_may_send_without_consent_is_the_permission_the_pages_ask(world, victim, dinsos, monkeypatch):
    referral = _draft(world, victim, dinsos)
    assert world.kepala.has_perm("referrals.override_consent", referral)
    assert not world.manajer.has_perm("referrals.override_consent", referral)
    # Change the permission alone: the service follows it, it has no role test of its own.
    monkeypatch.setitem(permissions, "referrals.override_consent", rules.always_allow)
    sent = referral_send(actor=world.manajer, referral=referral, consent_override_reason="Darurat.")
    assert sent.status == ReferralStatus.SENT and sent.consent_override_by == world.manajer


def test_sending_freezes_only_the_ticked_fields_numbers_the_letter_and_sets_the_due_date(world, victim, dinsos):
    _consent(world, victim)
    referral = _draft(world, victim, dinsos, urgency=ReferralUrgency.HIGH)
    sent = referral_send(actor=world.manajer, referral=referral)
    shared = shared_victims(sent)
    assert shared == [{"initials": "M.K.W.", "age": 10, "sex": "P", "violence_forms": ["fisik", "psikis"]}]
    assert FULL_NAME not in (sent.shared_data or "")
    assert "1571015507150001" not in (sent.shared_data or "")
    assert sent.letter_number and sent.letter_number.startswith("001/RUJ/UPTD-PPA/")
    assert sent.due_on == timezone.localdate() + timedelta(days=3)


def test_names_and_contact_are_shared_only_when_ticked(world, victim, dinsos):
    _consent(world, victim)
    fields = [SharedField.FULL_NAME, SharedField.PHONE]
    sent = referral_send(actor=world.manajer, referral=_draft(world, victim, dinsos, shared_fields=fields))
    assert shared_victims(sent) == [{"full_name": FULL_NAME, "phone": "+6281234567890"}]


def test_sending_notifies_the_receiving_liaisons_only(world, victim, dinsos):
    # Everyone who must not be notified exists before the sending, so that "only" can fail.
    colleague = UserFactory(role=Role.PENGHUBUNG_OPD, organisation=dinsos)
    other_org = Organisation.objects.get(name="RSUD H. Abdul Manap")
    other = UserFactory(role=Role.PENGHUBUNG_OPD, organisation=other_org)
    gone = UserFactory(role=Role.PENGHUBUNG_OPD, organisation=dinsos)
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    _consent(world, victim)
    before = set(Notification.objects.values_list("pk", flat=True))
    referral_send(actor=world.manajer, referral=_draft(world, victim, dinsos))
    notified = Notification.objects.exclude(pk__in=before).values_list("recipient", flat=True)
    assert sorted(notified) == sorted([world.penghubung.pk, colleague.pk])
    assert other.pk not in notified and gone.pk not in notified


def test_the_full_path_sent_accepted_in_progress_completed_notifies_the_sender(world, sent):
    accepted = referral_accept(actor=world.penghubung, referral=sent)
    assert accepted.status == ReferralStatus.ACCEPTED
    referral_action_add(actor=world.penghubung, referral=accepted, date=timezone.localdate(), action="Kunjungan rumah")
    accepted.refresh_from_db()
    assert accepted.status == ReferralStatus.IN_PROGRESS
    done = referral_complete(actor=world.penghubung, referral=accepted, **DONE, outcome="Anak kembali bersekolah.")
    assert done.status == ReferralStatus.COMPLETED and done.completed_at
    assert Notification.objects.filter(recipient=world.manajer, message__startswith="Referral").count() == 2
    kinds = set(world.case_a.events.values_list("kind", flat=True))
    assert {EventKind.REFERRAL_SENT, EventKind.REFERRAL_ACCEPTED, EventKind.REFERRAL_COMPLETED} <= kinds


def test_a_decline_needs_a_reason(world, sent):
    assert "reason" in refusal(referral_decline, actor=world.penghubung, referral=sent, **OTHER, reason="")
    declined = referral_decline(actor=world.penghubung, referral=sent, **OTHER, reason="Di luar kewenangan kami.")
    assert declined.status == ReferralStatus.DECLINED


@pytest.mark.parametrize(
    "step",
    [
        lambda w, r: referral_complete(actor=w.penghubung, referral=r, **DONE, outcome="x"),  # not accepted yet
        lambda w, r: referral_action_add(actor=w.penghubung, referral=r, date=date.today(), action="x"),
        lambda w, r: referral_send(actor=w.manajer, referral=r),  # already sent
    ],
)
def test_illegal_transitions_from_sent_are_refused(world, sent, step):
    with pytest.raises(ValidationError):
        step(world, sent)
    sent.refresh_from_db()
    assert sent.status == ReferralStatus.SENT


def test_nothing_is_done_on_a_completed_or_declined_referral(world, sent):
    referral_decline(actor=world.penghubung, referral=sent, **OTHER, reason="Tidak sesuai.")
    for step in (
        lambda: referral_accept(actor=world.penghubung, referral=sent),
        lambda: referral_revoke(actor=world.manajer, referral=sent, reason="x"),
        lambda: referral_complete(actor=world.penghubung, referral=sent, **DONE, outcome="x"),
    ):
        with pytest.raises(ValidationError):
            step()


def test_only_a_liaison_of_the_receiving_organisation_can_answer(world, sent):
    outsider = UserFactory(role=Role.PENGHUBUNG_OPD, organisation=Organisation.objects.get(name="RSUD H. Abdul Manap"))
    for actor in (outsider, world.manajer, world.kepala):
        with translation.override("en"):
            assert "receiving organisation" in refusal(referral_accept, actor=actor, referral=sent)["__all__"][0]
    assert referral_accept(actor=world.penghubung, referral=sent).status == ReferralStatus.ACCEPTED


def test_the_liaison_sees_their_organisations_sent_referrals_only_and_nothing_after_a_revoke(world, victim, dinsos):
    draft = _draft(world, victim, dinsos)
    assert not referrals_visible_to(world.penghubung).exists()  # a draft is not sent
    _consent(world, victim)
    sent = referral_send(actor=world.manajer, referral=draft)
    assert list(referrals_visible_to(world.penghubung)) == [sent]
    outsider = UserFactory(role=Role.PENGHUBUNG_OPD, organisation=Organisation.objects.get(name="RSUD H. Abdul Manap"))
    assert not referrals_visible_to(outsider).exists()
    assert "reason" in refusal(referral_revoke, actor=world.manajer, referral=sent, reason=" ")
    referral_revoke(actor=world.manajer, referral=sent, reason="Salah alamat.")
    assert not referrals_visible_to(world.penghubung).exists()


def test_staff_see_the_referrals_of_the_cases_they_see(world, sent):
    assert list(referrals_visible_to(world.manajer)) == [sent]
    assert list(referrals_visible_to(world.kepala)) == [sent]
    for name in ("manajer_lain", "operator", "admin", "pimpinan", "pengaduan"):
        assert not referrals_visible_to(getattr(world, name)).exists(), name


def test_a_case_does_not_close_while_a_referral_is_open(world, sent):
    errors = refusal(
        closure_request, actor=world.manajer, case=world.case_a, reason=ClosureReason.NEEDS_MET, summary="Selesai."
    )
    assert any(
        "referral" in message.lower() or "rujukan" in message.lower() for msgs in errors.values() for message in msgs
    )
    referral_revoke(actor=world.manajer, referral=sent, reason="Tidak diperlukan lagi.")
    assert closure_request(actor=world.manajer, case=world.case_a, reason=ClosureReason.NEEDS_MET, summary="Selesai.")


def test_the_deadline_job_reminds_then_escalates_once_a_day(world, sent):
    due = sent.due_on
    assert due is not None
    with time_machine.travel(
        timezone.make_aware(timezone.datetime.combine(due, timezone.datetime.min.time())), tick=False
    ):
        assert referral_deadline_notices(today=due) == (1, 0)
        assert referral_deadline_notices(today=due) == (0, 0)  # again the same day: nothing
    late = due + timedelta(days=1)
    assert referral_deadline_notices(today=late) == (0, 1)
    assert referral_deadline_notices(today=late) == (0, 0)
    escalations = Notification.objects.filter(recipient=world.kepala, key__startswith="referral-overdue:")
    assert escalations.count() == 1
    assert FULL_NAME not in json.dumps(list(escalations.values("message", "params")))
    assert referral_deadline_notices(today=late + timedelta(days=1)) == (0, 1)  # the next day again


def test_the_letter_pdf_holds_the_shared_facts_and_never_an_unshared_name(world, sent):
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(referral_letter_pdf(sent))).pages)
    assert sent.letter_number in text
    assert "Dinas Sosial Kota Jambi" in text
    assert "M.K.W." in text
    assert "Rehabilitasi" in text  # the service, in Indonesian
    assert FULL_NAME not in text and "Melati" not in text


def test_sending_stores_the_letter_once(world, victim, dinsos, django_capture_on_commit_callbacks):
    _consent(world, victim)
    with django_capture_on_commit_callbacks(execute=True):
        sent = referral_send(actor=world.manajer, referral=_draft(world, victim, dinsos))
    sent.refresh_from_db()
    assert sent.letter  # queued on commit (eager Celery here; a real worker in CI's worker test)
    assert sent.letter.read().startswith(b"%PDF")
    name = sent.letter.name
    assert referral_letter_store(referral=sent) is False
    sent.refresh_from_db()
    assert sent.letter.name == name


def test_the_deadline_job_is_scheduled_daily():
    from uptdppa.celery import app

    assert app.conf.beat_schedule["send-referral-deadline-notices"]["task"] == (
        "referrals.tasks.send_referral_deadline_notices"
    )


def test_a_lost_letter_file_is_made_again_on_download(world, sent, rf):
    from referrals.letters import letter_response, referral_letter_store

    referral_letter_store(referral=sent)
    sent.refresh_from_db()
    sent.letter.storage.delete(sent.letter.name)
    response = letter_response(user=world.manajer, referral=sent)
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("status", list(ReferralStatus))
def test_the_overdue_property_and_queryset_agree_for_every_status_and_due_date(sent, status):
    today = timezone.localdate()
    for due_on in (None, today - timedelta(days=1), today, today + timedelta(days=1)):
        Referral.objects.filter(pk=sent.pk).update(
            status=status, due_on=due_on, completed_at=timezone.now(), revoked_at=timezone.now()
        )
        referral = Referral.objects.get(pk=sent.pk)
        in_queryset = Referral.objects.overdue(today).filter(pk=sent.pk).exists()
        assert referral.is_overdue(today) is in_queryset, (status, due_on)
        expected = status in ACTIVE_STATUSES and due_on is not None and due_on < today
        assert in_queryset is expected, (status, due_on)


def test_the_letter_keeps_its_closing_lines_with_the_signature_whatever_its_length(world, sent):
    """However long the facts, the closing lines (the answer's date, the confidentiality sentence)
    and the signature block are printed on one page, and no page is blank (issue 13 §5)."""
    from tests.documents import page_images, page_lines

    assert sent.due_on is not None
    lengths: set[int] = set()
    for count in range(0, 64, 3):
        sent.facts = "\n".join(f"Fakta {number}: catatan yang perlu diketahui penerima." for number in range(count))
        pdf = referral_letter_pdf(sent)
        pages = [" ".join(lines) for lines in page_lines(pdf)]
        signed = [text for text in pages if "(......" in text]
        assert len(signed) == 1, count
        assert "Kami mohon jawaban" in signed[0], (count, len(pages))
        assert "Data dalam surat ini bersifat rahasia" in signed[0], (count, len(pages))
        assert "Kepala UPTD PPA Kota Jambi" in signed[0], count
        if len(pages) not in lengths:  # one letter of each length, as images
            lengths.add(len(pages))
            page_images(pdf, f"referral-letter-{len(pages)}-pages")
    assert lengths >= {1, 2}
