"""The public complaint form, its status page and their JSON endpoints (no login)."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.test import Client
from django.utils import timezone

from cases.models import Case, CaseStatus, Person, PersonRole, PublicSubmissionThrottle, Region, TriageOutcome
from cases.public import NOT_RECOGNISED, STATUS_SENTENCES, THROTTLE_LIMITS
from cases.selectors import public_status_lookup
from cases.services import intake_submit_public, triage_decide
from cases.views.public import RECEIPT_SESSION_KEY
from cases.vocabularies import Authority, CaseType, Channel, Risk
from uptdppa.accounts.models import Notification, User
from uptdppa.accounts.tasks import send_pending_notification_emails
from uptdppa.crypto import blind_match

pytestmark = pytest.mark.django_db

FORM_URL = "/pengaduan/"
STATUS_URL = "/pengaduan/status/"
SENT_URL = "/pengaduan/terkirim/"
API_URL = "/api/v1/public/complaints/"
API_STATUS_URL = "/api/v1/public/complaints/status/"
CHRONOLOGY = "Anak tetangga kami sering dipukul ayah tirinya di rumah pada malam hari."
VICTIM_NAME = "Nur Aisyah Rahmadani"
REPORTER_NAME = "Siti Maemunah"


def online() -> QuerySet[Case]:
    return Case.objects.filter(channel=Channel.ONLINE_FORM)


def notifications_of(case: Case) -> QuerySet[Notification]:
    return Notification.objects.filter(url__contains=str(case.code))


def kelurahan() -> Region:
    return Region.objects.filter(level="kelurahan").order_by("code").first()


def complaint_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "chronology": CHRONOLOGY,
        "incident_date": (timezone.localdate() - timedelta(days=3)).isoformat(),
        "incident_date_precision": "exact",
        "incident_region": kelurahan().code,
        "incident_place_other": "",
        "victim_name": VICTIM_NAME,
        "victim_age": "9",
        "victim_sex": "P",
        "reporter_relation": "tetangga",
        "reporter_name": REPORTER_NAME,
        "reporter_phone": "0812-3456-7890",
        "reporter_phone_is_whatsapp": "on",
        "acknowledgement": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def submit(client: Client, address: str = "203.0.113.7", **overrides: object):  # type: ignore[no-untyped-def]
    """Send the form and follow its redirect to the receipt (test_a_reloaded_receipt_files_nothing_again)."""
    return client.post(FORM_URL, complaint_data(**overrides), REMOTE_ADDR=address, follow=True)


def check_status(client: Client, code: str, pin: str, address: str = "203.0.113.7"):  # type: ignore[no-untyped-def]
    return client.post(STATUS_URL, {"tracking_code": code, "pin": pin}, REMOTE_ADDR=address)


# --- The form ----------------------------------------------------------------------------------


def test_the_form_shows_the_privacy_notice_and_a_honeypot_people_cannot_reach(client):
    response = client.get(FORM_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="privacy-notice"' in html and "27/2022" in html
    assert 'name="csrfmiddlewaretoken"' in html
    honeypot = html[html.index('name="website"') - 200 : html.index('name="website"') + 200]
    assert 'autocomplete="off"' in honeypot and 'tabindex="-1"' in honeypot and 'aria-hidden="true"' in honeypot
    assert '<div class="visually-hidden" aria-hidden="true">' in html
    assert "style=" not in html and "<script>" not in html
    # SAPA 129 is offered as it works: a call to 129, and its WhatsApp number as a WhatsApp link.
    assert 'href="tel:129"' in html and 'href="https://wa.me/628111129129"' in html
    # Kelurahan grouped by kecamatan; an anonymous visitor sees no staff navigation.
    assert "<optgroup" in html and "/cases/" not in html


def test_the_login_page_leads_the_public_to_the_complaint_form(client):
    """The site's address opens the staff login: whoever came to report violence finds the form there."""
    html = client.get("/accounts/login/").content.decode()
    assert f'href="{FORM_URL}"' in html and "Formulir pengaduan online" in html


def test_a_complaint_is_saved_in_the_intake_queue_with_a_victim_and_a_reporter(world, client):
    response = submit(client)
    assert response.status_code == 200
    case = online().get()
    assert case.status == CaseStatus.RECEIVED and case.created_by is None
    assert case.chronology == CHRONOLOGY and case.incident_region == kelurahan()
    assert case.incident_date_precision == "exact" and case.reporter_relation == "tetangga"
    victim = case.people.get(role=PersonRole.VICTIM)
    assert (victim.full_name, victim.estimated_age, victim.sex) == (VICTIM_NAME, 9, "P")
    reporter = case.people.get(role=PersonRole.REPORTER)
    assert (reporter.full_name, reporter.phone, reporter.phone_is_whatsapp) == (REPORTER_NAME, "+6281234567890", True)

    # The tracking code and the PIN are shown once, and they work.
    assert response.context["tracking_code"] == case.tracking_code
    pin = response.context["pin"]
    assert case.tracking_code in response.content.decode() and pin in response.content.decode()
    assert case.pin_hash and pin not in case.pin_hash
    assert public_status_lookup(tracking_code=case.tracking_code, pin=pin) == "received"
    assert response["Cache-Control"].startswith("max-age=0") and "no-store" in response["Cache-Control"]


def test_a_reloaded_receipt_files_nothing_again(world, client):
    """Post/Redirect/Get: the form answers with a redirect to the receipt, so that reloading the
    receipt (as people do on a phone) shows the same code and PIN without a second complaint."""
    response = client.post(FORM_URL, complaint_data(), REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302 and response["Location"] == SENT_URL
    first = client.get(SENT_URL)
    code, pin = first.context["tracking_code"], first.context["pin"]
    assert code == online().get().tracking_code
    assert public_status_lookup(tracking_code=code, pin=pin) == "received"
    again = client.get(SENT_URL)
    assert (again.context["tracking_code"], again.context["pin"]) == (code, pin)
    assert online().count() == 1
    assert "no-store" in again["Cache-Control"]
    # The PIN is kept encrypted in the session, never as typed-out digits.
    stored = Session.objects.get(session_key=client.session.session_key).get_decoded()[RECEIPT_SESSION_KEY]
    assert stored["code"] == code and pin not in stored["pin"]
    # Another browser, or this one after its session ended, has no receipt: the status page.
    other = Client()
    response = other.get(SENT_URL)
    assert response.status_code == 302 and response["Location"] == STATUS_URL
    assert other.post(SENT_URL).status_code == 405


def test_an_anonymous_complaint_keeps_no_reporter_identity_even_if_typed(world, client):
    assert submit(client, reporter_anonymous="on").status_code == 200
    case = online().get()
    assert case.reporter_anonymous is True
    assert not case.people.filter(role=PersonRole.REPORTER).exists()
    assert not Person.objects.filter(blind_match(Person, "phone", "081234567890")).exists()
    assert case.people.get().role == PersonRole.VICTIM


def test_an_anonymous_complaint_needs_no_phone_and_no_victim_details(world, client):
    response = submit(
        client,
        reporter_anonymous="on",
        reporter_phone="",
        reporter_name="",
        victim_name="",
        victim_age="",
        victim_sex="",
    )
    assert response.status_code == 200 and response.context["pin"]
    assert not online().get().people.exists()


def test_the_victim_reporting_themself_is_recorded_as_such(world, client):
    assert submit(client, reporter_is_victim="on", reporter_relation="ibu").status_code == 200
    case = online().get()
    # A flag, shown in the reader's language; no sentence is stored in the relation.
    assert case.reporter_is_victim and case.reporter_relation in (None, "")
    client.force_login(world.kepala)
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert "korban sendiri" in page and "the victim themself" not in page


def test_intake_officers_and_the_head_are_notified(world, client):
    submit(client)
    notified = set(notifications_of(online().get()).values_list("recipient__username", flat=True))
    assert notified == {"pengaduan", "pengaduan_lain", "kepala"}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"chronology": "  "}, "chronology"),
        ({"acknowledgement": None}, "acknowledgement"),
        ({"reporter_phone": "12"}, "reporter_phone"),
        ({"reporter_phone": ""}, "reporter_phone"),
        ({"incident_place_other": "Kabupaten Muaro Jambi"}, "incident_place_other"),
        ({"incident_region": "99.99.99.9999"}, "incident_region"),
        ({"incident_date": (timezone.localdate() + timedelta(days=2)).isoformat()}, "incident_date"),
        ({"victim_age": "250"}, "victim_age"),
    ],
)
def test_bad_input_re_renders_the_form_with_the_error_by_the_field_and_keeps_what_was_typed(
    world, client, overrides, field
):
    response = submit(client, **overrides)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    html = response.content.decode()
    assert 'id="error-summary"' in html and f'href="#id_{field}"' in html
    assert 'aria-invalid="true"' in html
    assert VICTIM_NAME in html  # what was typed is still there
    assert not online().exists()


CALL_BACK = (
    "Isi nomor yang dapat kami hubungi kembali: nomor HP seperti 0812 3456 7890, atau telepon rumah/kantor "
    "dengan kode wilayah seperti (0741) 755 1234."
)


@pytest.mark.parametrize(
    ("phone", "message"),
    [
        ("", "Isi nomor telepon agar kami dapat menghubungi Anda, atau pilih untuk tetap anonim."),
        ("12", CALL_BACK),
    ],
)
def test_the_phone_errors_are_in_indonesian(world, client, phone, message):
    assert submit(client, reporter_phone=phone).context["form"].errors["reporter_phone"] == [message]


@pytest.mark.parametrize(
    ("phone", "stored"),
    [
        ("0812 3456 7890", "+6281234567890"),
        ("+62 812-3456-789", "+628123456789"),
        ("6285366123456", "+6285366123456"),
        ("(0741) 755 1234", "+627417551234"),
        ("021-555-1234", "+62215551234"),
    ],
)
def test_a_mobile_or_a_landline_with_its_area_code_is_accepted(world, client, phone, stored):
    assert "pin" in submit(client, reporter_phone=phone).context
    assert online().get().people.get(role=PersonRole.REPORTER).phone == stored


@pytest.mark.parametrize("phone", ["12345", "129", "0812345", "08123456789012", "7551234", "+1 202 555 0123", "abc"])
def test_a_number_that_cannot_be_called_back_is_refused_by_the_page_and_the_api_alike(world, client, phone):
    page = submit(client, reporter_phone=phone)
    assert page.context["form"].errors["reporter_phone"] == [CALL_BACK]
    assert f'value="{phone}"' in page.content.decode()  # what was typed is kept
    api = api_post(client, API_URL, api_data(reporter_phone=phone))
    assert api.status_code == 400 and api.json()["errors"]["reporter_phone"] == [CALL_BACK]
    assert not online().exists()


def test_the_service_refuses_a_number_that_cannot_be_called_back(world):
    with pytest.raises(ValidationError) as refused:
        intake_submit_public(chronology=CHRONOLOGY, victim={}, reporter={"full_name": "A", "phone": "12345"})
    assert refused.value.message_dict == {"phone": [CALL_BACK]}


FUTURE = "Tanggal tidak boleh di masa mendatang."
TWICE = "Pilih kelurahan atau uraikan lokasi di luar Kota Jambi, jangan keduanya."


def test_every_error_is_shown_at_once_on_the_page_and_in_the_api(world, client):
    wrong = {
        "chronology": "",
        "acknowledgement": None,
        "reporter_phone": "12345",
        "incident_place_other": "Kabupaten Muaro Jambi",
        "incident_date": (timezone.localdate() + timedelta(days=2)).isoformat(),
    }
    form = submit(client, **wrong).context["form"]
    assert {"chronology", "acknowledgement", "reporter_phone", "incident_place_other", "incident_date"} <= set(
        form.errors
    )
    assert form.errors["incident_date"] == [FUTURE] and form.errors["incident_place_other"] == [TWICE]
    response = api_post(client, API_URL, api_data(**{**wrong, "acknowledgement": False}))
    errors = response.json()["errors"]
    assert set(errors) == {"chronology", "acknowledgement", "reporter_phone", "incident_place_other", "incident_date"}
    assert errors["incident_date"] == [FUTURE] and errors["incident_place_other"] == [TWICE]
    assert errors["reporter_phone"] == [CALL_BACK]
    assert not online().exists()


def test_a_place_outside_kota_jambi_is_accepted_instead_of_a_kelurahan(world, client):
    assert submit(client, incident_region="", incident_place_other="Kabupaten Muaro Jambi").status_code == 200
    case = online().get()
    assert case.incident_region is None and case.incident_place_other == "Kabupaten Muaro Jambi"


def test_the_form_refuses_a_post_without_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    assert client.post(FORM_URL, complaint_data()).status_code == 403
    assert not online().exists()


def test_a_filled_honeypot_saves_nothing_but_looks_like_success(world, client):
    people, notifications = Person.objects.count(), Notification.objects.count()
    response = submit(client, website="http://spam.example")
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "cases/public/complaint_sent.html"
    code, pin = response.context["tracking_code"], response.context["pin"]
    assert len(code) == 10 and len(pin) == 6  # shaped like a real receipt
    assert not online().exists()
    assert (Person.objects.count(), Notification.objects.count()) == (people, notifications)
    assert public_status_lookup(tracking_code=code, pin=pin) is None


# --- The per-address limit ---------------------------------------------------------------------


def test_the_sixth_complaint_from_one_address_within_the_hour_is_refused(world, client):
    limit = THROTTLE_LIMITS["complaint"]
    for _ in range(limit):
        assert submit(client, address="198.51.100.20").status_code == 200
    response = submit(client, address="198.51.100.20")
    assert response.status_code == 429
    assert response.context["throttled"] and VICTIM_NAME in response.content.decode()  # nothing typed is lost
    assert online().count() == limit

    assert submit(client, address="198.51.100.21").status_code == 200  # another address still works
    assert online().count() == limit + 1


def test_the_limit_lifts_after_an_hour(world, client, time_machine):
    for _ in range(THROTTLE_LIMITS["complaint"]):
        submit(client, address="198.51.100.30")
    assert submit(client, address="198.51.100.30").status_code == 429
    time_machine.move_to(timezone.now() + timedelta(minutes=61))
    assert submit(client, address="198.51.100.30").status_code == 200


def test_the_limit_stores_no_address_and_old_rows_are_cleaned_up(world, client, time_machine):
    submit(client, address="198.51.100.40")
    row = PublicSubmissionThrottle.objects.get()
    assert "198.51.100.40" not in row.key_digest and len(row.key_digest) == 64
    time_machine.move_to(timezone.now() + timedelta(days=3))
    submit(client, address="198.51.100.41")
    assert list(PublicSubmissionThrottle.objects.exclude(pk=row.pk).values_list("pk", flat=True))
    assert not PublicSubmissionThrottle.objects.filter(pk=row.pk).exists()


def test_one_ipv6_subscriber_is_counted_by_its_network(world, client):
    for host in range(THROTTLE_LIMITS["complaint"]):
        assert submit(client, address=f"2001:db8:1:2::{host + 1}").status_code == 200
    assert submit(client, address="2001:db8:1:2:ffff::9").status_code == 429


# --- The status page ---------------------------------------------------------------------------


@pytest.fixture
def sent(world):  # type: ignore[no-untyped-def]
    case, pin = intake_submit_public(
        chronology=CHRONOLOGY,
        victim={"full_name": VICTIM_NAME, "estimated_age": 9, "sex": "P"},
        reporter={"full_name": REPORTER_NAME, "phone": "081234567890", "phone_is_whatsapp": True},
        reporter_relation="tetangga",
    )
    return case, pin


def test_the_status_page_shows_only_the_status_for_the_right_code_and_pin(sent, client):
    case, pin = sent
    response = check_status(client, case.tracking_code, pin)
    assert response.status_code == 200
    assert response.context["status_sentence"] == STATUS_SENTENCES["received"]
    html = response.content.decode()
    for secret in (CHRONOLOGY, VICTIM_NAME, REPORTER_NAME, "0812", str(case.code)):
        assert secret not in html
    assert pin not in html  # not echoed back

    triage_decide(
        actor=None,
        case=case,
        outcome=TriageOutcome.ACCEPTED,
        case_type=CaseType.AMPK,
        risk=Risk.TINGGI,
        authority=Authority.DAERAH,
    )
    response = check_status(client, case.tracking_code.lower(), pin)
    assert response.context["status_sentence"] == STATUS_SENTENCES["in_progress"]
    case.refresh_from_db()
    assert case.register_number not in response.content.decode()


def test_a_wrong_pin_and_an_unknown_code_get_the_same_message(sent, client):
    case, pin = sent
    wrong_pin = check_status(client, case.tracking_code, "000000" if pin != "000000" else "111111")
    unknown = check_status(client, "ZZZZZZZZZZ", pin)
    for response in (wrong_pin, unknown):
        assert response.status_code == 200
        assert "status_sentence" not in response.context
        assert response.context["form"].non_field_errors() == [str(NOT_RECOGNISED)]
    assert wrong_pin.content.decode().count("error-summary") == unknown.content.decode().count("error-summary")


def test_the_status_lookup_is_limited_per_address(sent, client):
    case, pin = sent
    for _ in range(THROTTLE_LIMITS["status"]):
        assert check_status(client, case.tracking_code, "999999", address="192.0.2.50").status_code == 200
    # Past the limit even the right PIN gets no answer: guessing PINs does not pay.
    response = check_status(client, case.tracking_code, pin, address="192.0.2.50")
    assert response.status_code == 429 and "status_sentence" not in response.context
    assert check_status(client, case.tracking_code, pin, address="192.0.2.51").status_code == 200


# --- When the broker is down -------------------------------------------------------------------

DEAD_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def test_the_complaint_is_saved_when_the_broker_is_unreachable_and_mailed_later(
    world, client, django_capture_on_commit_callbacks, caplog
):
    from uptdppa.celery import app

    User.objects.filter(username__in=["kepala", "pengaduan", "pengaduan_lain"]).update(email="staf@example.org")
    eager, broker = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = DEAD_BROKER
    # Celery caches its connection pools; drop them (as it does after a fork) so that the
    # next publish really dials the dead broker instead of a pooled in-memory connection.
    app._after_fork()
    try:
        assert app.connection_for_write().as_uri().startswith("redis://")
        with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = submit(client)
    finally:
        app.conf.task_always_eager, app.conf.broker_url = eager, broker
        app._after_fork()
    assert response.status_code == 200 and response.context["pin"]
    assert callbacks  # the e-mails were queued on commit ...
    assert "broker unavailable" in caplog.text  # ... and the publish failed against the dead broker
    case = online().get(status=CaseStatus.RECEIVED)
    pending = notifications_of(case)
    assert pending.count() == 3 and all(n.emailed_at is None for n in pending)
    assert mail.outbox == []

    # The outbox job (beat, every 5 minutes) sends them once the broker is back: at its next run,
    # when they are older than the pickup delay that leaves young rows to their own task.
    assert send_pending_notification_emails() == 0
    with time_machine.travel(timezone.now() + timedelta(minutes=5), tick=False):
        assert send_pending_notification_emails() == 3
    assert len(mail.outbox) == 3
    assert not notifications_of(case).filter(emailed_at__isnull=True).exists()
    assert all(CHRONOLOGY not in m.body and VICTIM_NAME not in m.body for m in mail.outbox)


# --- The JSON endpoints ------------------------------------------------------------------------


def api_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "chronology": CHRONOLOGY,
        "incident_region": kelurahan().code,
        "victim_name": VICTIM_NAME,
        "victim_age": 9,
        "victim_sex": "P",
        "reporter_name": REPORTER_NAME,
        "reporter_phone": "081234567890",
        "reporter_phone_is_whatsapp": True,
        "reporter_relation": "tetangga",
        "acknowledgement": True,
    }
    data.update(overrides)
    return data


def api_post(client: Client, url: str, data: dict[str, object], address: str = "203.0.113.9"):  # type: ignore[no-untyped-def]
    return client.post(url, data, content_type="application/json", REMOTE_ADDR=address)


def test_the_json_endpoint_saves_a_complaint_and_answers_the_receipt(world, client):
    response = api_post(client, API_URL, api_data())
    assert response.status_code == 201
    body = response.json()
    case = Case.objects.get(tracking_code=body["tracking_code"])
    assert case.channel == Channel.ONLINE_FORM and case.status == CaseStatus.RECEIVED
    assert {p.role for p in case.people.all()} == {PersonRole.VICTIM, PersonRole.REPORTER}
    assert notifications_of(case).count() == 3

    status = api_post(client, API_STATUS_URL, {"tracking_code": body["tracking_code"], "pin": body["pin"]})
    assert status.status_code == 200 and status.json()["status"] == "received"
    assert set(status.json()) == {"status", "message"}


def test_the_json_endpoint_checks_like_the_form(world, client):
    response = api_post(client, API_URL, api_data(acknowledgement=False, chronology="", victim_age=250))
    assert response.status_code == 400
    assert {"acknowledgement", "chronology", "victim_age"} == set(response.json()["errors"])
    # Rules across fields are checked with the fields' own (see test_every_error_is_shown_at_once_…).
    response = api_post(client, API_URL, api_data(reporter_phone="12", incident_place_other="Muaro Jambi"))
    assert response.status_code == 400
    assert {"reporter_phone", "incident_place_other"} == set(response.json()["errors"])
    anonymous = api_post(client, API_URL, api_data(reporter_anonymous=True, reporter_phone=""))
    assert anonymous.status_code == 201
    assert not Person.objects.filter(role=PersonRole.REPORTER).exists()


def test_the_json_endpoint_has_the_honeypot_and_the_limit_too(world, client):
    decoy = api_post(client, API_URL, api_data(website="x"))
    assert decoy.status_code == 201 and set(decoy.json()) == {"tracking_code", "pin"}
    assert not online().exists()
    for _ in range(THROTTLE_LIMITS["complaint"] - 1):
        assert api_post(client, API_URL, api_data()).status_code == 201
    refused = api_post(client, API_URL, api_data())
    assert refused.status_code == 429 and refused.json()["code"] == "throttled"
    assert online().count() == THROTTLE_LIMITS["complaint"] - 1


def test_the_json_status_answers_the_same_for_an_unknown_code_and_a_wrong_pin(sent, client):
    case, pin = sent
    wrong = api_post(client, API_STATUS_URL, {"tracking_code": case.tracking_code, "pin": "x"})
    unknown = api_post(client, API_STATUS_URL, {"tracking_code": "ZZZZZZZZZZ", "pin": pin})
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()
    assert CHRONOLOGY not in wrong.content.decode()


def test_a_public_complaint_leaves_no_address_and_no_tracking_code_in_the_audit_trail(db, client):
    from auditlog.models import LogEntry

    before = set(LogEntry.objects.values_list("pk", flat=True))
    response = client.post(
        "/api/v1/public/complaints/",
        {"chronology": "Uji jejak audit tanpa alamat.", "reporter_anonymous": True, "acknowledgement": True},
        content_type="application/json",
        REMOTE_ADDR="203.0.113.77",
    )
    assert response.status_code == 201, response.content
    entries = LogEntry.objects.exclude(pk__in=before)
    assert entries.exists()
    assert not entries.filter(remote_addr__isnull=False).exists()
    assert response.json()["tracking_code"] not in str(list(entries.values_list("changes", flat=True)))
