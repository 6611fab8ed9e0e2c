from __future__ import annotations

import json

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, Person
from cases.services import person_add
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

NAME = "Xaviera Qorinawati"  # no Faker name collides with it
NIK = "1571015708100001"
PHONE = "081377788899"


def entries_for(obj):
    return LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk))


def all_audit_text() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM auditlog_logentry")
        return json.dumps(cursor.fetchall(), default=str)


def test_create_update_and_read_are_logged_with_actor_and_address(world, client):
    case = world.case_a
    assert entries_for(case).filter(action=LogEntry.Action.CREATE).exists()

    case.status = "closed"
    case.save()
    update = entries_for(case).filter(action=LogEntry.Action.UPDATE).latest("timestamp", "pk")
    assert update.changes["status"] == ["open", "closed"]

    client.force_login(world.manajer)
    assert client.get(reverse("cases:detail", args=[case.code]), REMOTE_ADDR="10.1.2.3").status_code == 200
    read = entries_for(case).get(action=LogEntry.Action.ACCESS)
    assert read.actor == world.manajer
    assert read.remote_addr == "10.1.2.3"


def test_api_reads_with_a_token_name_the_actor(world, client):
    from knox.models import AuthToken

    _, token = AuthToken.objects.create(user=world.kepala)
    response = client.get(f"/api/v1/cases/{world.case_b.code}/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    assert entries_for(world.case_b).get(action=LogEntry.Action.ACCESS).actor == world.kepala


def test_audit_entries_hold_no_plaintext_identifiers(world):
    person = PersonFactory(case=world.case_a, full_name=NAME, nik=NIK, phone=PHONE)
    person.full_name = NAME + " Putri"
    person.nik = "1571015708100002"
    person.save()
    world.case_a.chronology = "Korban dipukul oleh ayah tiri di rumah."
    world.case_a.save()
    # The secrets that changed are named, their values masked.
    update = entries_for(person).get(action=LogEntry.Action.UPDATE)
    assert update.changes == {"full_name": ["********", "********"], "nik": ["********", "********"]}
    text = all_audit_text()
    for secret in ("Xaviera", "Qorinawati", NIK, "1571015708100002", "81377788899", "dipukul"):
        assert secret not in text
    # The blind indexes are not in the diffs either.
    assert person.nik_index not in text and person.phone_index not in text


def test_a_change_to_a_plain_field_next_to_secrets_is_logged_without_the_secrets(world):
    person = person_add(actor=None, case=world.case_a, role="korban", full_name=NAME, nik=NIK).person
    person.role = "pelapor"
    person.full_name = "Nama Lain"
    person.save()
    entry = entries_for(person).get(action=LogEntry.Action.UPDATE)
    assert entry.changes == {"role": ["korban", "pelapor"], "full_name": ["********", "********"]}


def test_audit_entries_cannot_be_changed_in_the_database(world):
    entry = LogEntry.objects.first()
    with pytest.raises(DatabaseError), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).update(object_repr="tampered")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite keeps DELETE for its test flush")
def test_audit_entries_cannot_be_deleted_in_postgresql(world):
    with pytest.raises(DatabaseError), transaction.atomic():
        LogEntry.objects.all().delete()


def test_the_admin_site_cannot_edit_or_delete_audit_entries(world, client):
    entry = LogEntry.objects.first()
    client.force_login(world.admin)
    assert client.get(reverse("admin:auditlog_logentry_changelist")).status_code == 200
    assert client.post(reverse("admin:auditlog_logentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    assert LogEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("role", ["kepala", "admin"])
def test_head_and_admin_read_the_audit_page(world, client, role):
    client.force_login(getattr(world, role))
    response = client.get(reverse("accounts:audit"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == LogEntry.objects.count()


@pytest.mark.parametrize("role", ["manajer", "pengaduan", "operator", "penghubung", "pimpinan", "psikolog"])
def test_other_roles_are_refused_the_audit_page(world, client, role):
    client.force_login(getattr(world, role))
    assert client.get(reverse("accounts:audit")).status_code == 403


def test_audit_page_filters_by_user_object_action_and_date(world, client):
    client.force_login(world.manajer)
    client.get(reverse("cases:detail", args=[world.case_a.code]))
    client.force_login(world.kepala)
    case_type = ContentType.objects.get_for_model(Case)
    url = reverse("accounts:audit")

    by_user = client.get(url, {"actor": world.manajer.pk}).context["page"].object_list
    assert by_user and all(e.actor_id == world.manajer.pk for e in by_user)

    by_object = client.get(url, {"content_type": case_type.pk, "object_pk": world.case_a.pk}).context["page"]
    assert {e.object_pk for e in by_object.object_list} == {str(world.case_a.pk)}

    reads = client.get(url, {"action": LogEntry.Action.ACCESS}).context["page"].object_list
    assert reads and {e.action for e in reads} == {LogEntry.Action.ACCESS}

    today = timezone.localdate(reads[0].timestamp).isoformat()
    assert client.get(url, {"date_from": today, "date_to": today}).context["page"].paginator.count > 0
    assert client.get(url, {"date_to": "2000-01-01"}).context["page"].paginator.count == 0


def test_audit_page_explains_a_reversed_date_range(world, client):
    client.force_login(world.kepala)
    response = client.get(reverse("accounts:audit"), {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert response.status_code == 200
    assert "Tanggal akhir tidak boleh sebelum tanggal awal." in response.content.decode()
    assert response.context["form"]["date_from"].value() == "2026-02-01"  # nothing typed is lost


def test_audit_page_shows_changed_field_names_and_no_person_repr(world, client):
    client.force_login(world.kepala)
    content = client.get(
        reverse("accounts:audit"), {"content_type": ContentType.objects.get_for_model(Person).pk}
    ).content.decode()
    victim = world.case_a.people.get()
    assert victim.full_name not in content


def test_a_password_change_is_recorded_without_the_hash(world):
    world.kepala.set_password("kata-sandi-baru-yang-panjang")
    world.kepala.save()
    entry = entries_for(world.kepala).get(action=LogEntry.Action.UPDATE)
    assert entry.changes["password"][1] == "********"
    assert world.kepala.password not in all_audit_text()


def test_setting_up_a_second_factor_is_recorded_without_its_secret(world):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(world.manajer, secret)
    authenticator = Authenticator.objects.get(user=world.manajer)
    assert entries_for(authenticator).filter(action=LogEntry.Action.CREATE).exists()
    assert secret not in all_audit_text() and authenticator.data["secret"] not in all_audit_text()


def test_the_address_comes_from_the_socket_not_a_forged_header(world, client):
    client.force_login(world.manajer)
    client.get(
        reverse("cases:detail", args=[world.case_a.code]), REMOTE_ADDR="10.9.8.7", HTTP_X_FORWARDED_FOR="1.2.3.4"
    )
    assert entries_for(world.case_a).get(action=LogEntry.Action.ACCESS).remote_addr == "10.9.8.7"


def test_the_address_behind_the_proxy_is_the_forwarded_client(world, client, settings):
    settings.PROXY_COUNT = 1  # nginx, which sets X-Forwarded-For to the client's address
    client.force_login(world.manajer)
    client.get(
        reverse("cases:detail", args=[world.case_a.code]), REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_FOR="36.66.1.2"
    )
    assert entries_for(world.case_a).get(action=LogEntry.Action.ACCESS).remote_addr == "36.66.1.2"


@pytest.mark.parametrize(("proxies", "expected"), [(0, "172.18.0.5"), (1, "36.66.1.2")])
def test_allauths_rate_limits_count_by_the_same_client_address(rf, settings, proxies, expected):
    from allauth.account.adapter import get_adapter

    settings.PROXY_COUNT = proxies
    request = rf.post("/akun/login/", REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_FOR="36.66.1.2")
    assert get_adapter(request).get_client_ip(request) == expected


def test_the_people_shown_with_a_case_are_logged_as_read(world, client):
    client.force_login(world.hukum)
    client.get(reverse("cases:detail", args=[world.case_a.code]))
    victim = world.case_a.people.get()
    entry = entries_for(victim).get(action=LogEntry.Action.ACCESS)
    assert entry.actor == world.hukum and entry.additional_data == {"case": str(world.case_a.code)}


@pytest.mark.parametrize("url", ["/cases/", "/api/v1/cases/"])
def test_every_case_on_a_list_page_is_logged_as_read(world, client, url):
    client.force_login(world.kepala)
    assert client.get(url).status_code == 200
    for case in (world.case_a, world.case_b):
        assert entries_for(case).filter(action=LogEntry.Action.ACCESS, actor=world.kepala).count() == 1


def test_the_audit_page_finds_an_object_by_the_code_users_see(world, client):
    client.force_login(world.kepala)
    page = client.get(reverse("accounts:audit"), {"object_pk": str(world.case_b.code)}).context["page"]
    assert page.paginator.count > 0
    assert {e.object_pk for e in page.object_list} == {str(world.case_b.pk)}


def _synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("helper", ["log_access", "log_access_many"])
def test_read_entries_of_a_page_that_only_reads_commit_asynchronously_and_alone(helper):
    from django.test.utils import CaptureQueriesContext

    from tests.factories import UserFactory
    from uptdppa import audit

    reader, read = UserFactory(), UserFactory()
    with CaptureQueriesContext(connection) as queries:
        if helper == "log_access":
            audit.log_access(read, actor=reader)
        else:
            audit.log_access_many([read], actor=reader)
    statements = [q["sql"] for q in queries.captured_queries]
    assert any(sql.startswith(audit.ASYNC_COMMIT) for sql in statements)
    # Committed (another connection would see it) and the setting went with that transaction.
    assert not connection.in_atomic_block
    assert entries_for(read).filter(action=LogEntry.Action.ACCESS, actor=reader).count() == 1
    assert _synchronous_commit() == "on"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("helper", ["log_access", "log_access_many"])
def test_read_entries_inside_a_transaction_join_it_and_commit_as_it_does(helper):
    from django.test.utils import CaptureQueriesContext

    from tests.factories import UserFactory
    from uptdppa import audit

    reader, read = UserFactory(), UserFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        with CaptureQueriesContext(connection) as queries:
            if helper == "log_access":
                audit.log_access(read, actor=reader)
            else:
                audit.log_access_many([read], actor=reader)
            assert _synchronous_commit() == "on"
        raise RuntimeError("the change fails")
    assert not any(audit.ASYNC_COMMIT in q["sql"] for q in queries.captured_queries)
    assert not entries_for(read).filter(action=LogEntry.Action.ACCESS).exists()  # rolled back with it


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite keeps the constraints and DELETE for its flush")
def test_an_account_named_by_audit_entries_cannot_be_deleted_without_the_foreign_keys(world):
    from uptdppa import audit

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_constraint WHERE conrelid = 'auditlog_logentry'::regclass AND contype = 'f'"
        )
        assert cursor.fetchone()[0] == 0  # accounts 0014: no row lock on users and content types per entry
    audit.log_access(world.case_a, actor=world.hukum)
    with pytest.raises(DatabaseError), transaction.atomic():
        world.hukum.delete()  # Django would set the entries' actor to NULL: the append-only trigger refuses
    entry = entries_for(world.case_a).filter(action=LogEntry.Action.ACCESS).latest("pk")
    assert entry.actor_id == world.hukum.pk


def test_the_audit_page_finds_a_case_by_its_register_number_also_in_entries_from_before_it(world, client):
    created = entries_for(world.case_a).get(action=LogEntry.Action.CREATE)
    assert created.object_repr == str(world.case_a.code)  # written before the case had its number
    client.force_login(world.kepala)
    page = client.get(reverse("accounts:audit"), {"object_pk": world.case_a.register_number}).context["page"]
    assert {e.pk for e in page.object_list} == set(entries_for(world.case_a).values_list("pk", flat=True))
    assert created.pk in {e.pk for e in page.object_list}


def test_a_code_no_record_carries_any_more_is_still_found_in_the_entries_text(world, client):
    ct = ContentType.objects.get_for_model(Case)
    LogEntry.objects.create(content_type=ct, object_pk="987654", object_repr="GONE-0001", action=LogEntry.Action.DELETE)
    client.force_login(world.kepala)
    page = client.get(reverse("accounts:audit"), {"object_pk": "GONE-0001"}).context["page"]
    assert [e.object_pk for e in page.object_list] == ["987654"]


def test_the_audit_page_counts_no_further_than_its_limit_and_says_so(world, client, monkeypatch):
    from uptdppa.accounts import views

    limit = LogEntry.objects.count() - 1
    monkeypatch.setattr(views, "AUDIT_COUNTED_AT_MOST", limit)
    client.force_login(world.kepala)
    response = client.get(reverse("accounts:audit"))
    assert response.context["page"].paginator.capped and response.context["page"].paginator.count == limit
    assert f"Lebih dari {limit} catatan" in response.content.decode()
    case_type = ContentType.objects.get_for_model(Case)
    narrowed = client.get(reverse("accounts:audit"), {"content_type": case_type.pk, "object_pk": world.case_b.pk})
    assert not narrowed.context["page"].paginator.capped
    assert narrowed.context["page"].paginator.count == entries_for(world.case_b).count()


def test_the_object_type_filter_offers_exactly_the_kinds_in_the_trail(world, client):
    from uptdppa.accounts.selectors import audited_content_types

    assert set(audited_content_types()) == set(
        ContentType.objects.filter(pk__in=LogEntry.objects.values_list("content_type", flat=True))
    )


def _entry_fields(entry):
    return {
        "content_type": entry.content_type_id,
        "object_pk": entry.object_pk,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "action": entry.action,
        "actor": entry.actor_id,
        "actor_email": entry.actor_email,
        "additional_data": entry.additional_data,
        "changes_text": entry.changes_text,
        "changes": entry.changes,
    }


def test_a_pages_entries_are_what_one_read_entry_would_be(world):
    """log_access_many writes its rows by hand (one insert; on PostgreSQL one array per column):
    each must hold what auditlog's own entry for the same read holds."""
    from uptdppa import audit

    person = PersonFactory(case=world.case_a)
    objects = [world.case_a, person, world.manajer]  # a case, a person, a user: three content types
    detail = {"list": "cases", "page": 2}
    for obj in objects:
        audit.log_access(obj, actor=world.kepala, detail=detail)
    before = timezone.now()
    assert audit.log_access_many(objects, actor=world.kepala, detail=detail) == 3
    for obj in objects:
        one, many = entries_for(obj).filter(action=LogEntry.Action.ACCESS).order_by("pk")
        assert _entry_fields(many) == _entry_fields(one), obj
        assert before <= many.timestamp <= timezone.now()
        assert (many.object_repr, many.actor_email) == (str(obj), world.kepala.email)


def test_a_read_of_thousands_of_objects_is_written_whole(world):
    """An export logs every case it holds, in one statement: 36,000 parameters on SQLite, four
    arrays of 3,000 values on PostgreSQL."""
    from uptdppa import audit

    cases = [Case(pk=10_000_000 + number, register_number=f"{number}/X/2026") for number in range(3_000)]
    assert audit.log_access_many(cases, actor=world.kepala, detail={"export": "simfoni"}) == 3_000
    written = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Case), object_id__gte=10_000_000)
    assert written.count() == 3_000
    assert set(written.values_list("object_repr", flat=True)) == {case.register_number for case in cases}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL prepared statement")
@pytest.mark.django_db(transaction=True)
def test_the_prepared_insert_outlives_a_rollback_and_is_made_again_on_a_new_connection():
    """The read entries' insert is prepared once per database session: a rolled-back transaction
    keeps it (no second PREPARE, which PostgreSQL would refuse), and a new connection, which has
    none, prepares it again."""
    from tests.factories import UserFactory
    from uptdppa import audit

    reader, read = UserFactory(), UserFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.log_access_many([read], actor=reader)  # the first insert of this session: prepared here
        raise RuntimeError("the change fails")
    assert audit.log_access_many([read], actor=reader) == 1
    connection.close()
    assert audit.log_access_many([read], actor=reader) == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE name = %s", [audit.ACCESS_STATEMENT])
        assert cursor.fetchone()[0] == 1
    assert entries_for(read).filter(action=LogEntry.Action.ACCESS, actor=reader).count() == 2


def test_the_audit_page_finds_a_record_by_its_id_alone_whatever_its_kind(world, client):
    """Without a kind chosen, an id is looked for under every kind of record (through the index on
    (content type, object, time): the trail has none on the id alone)."""
    client.force_login(world.manajer)
    client.get(reverse("cases:detail", args=[world.case_a.code]))
    client.force_login(world.kepala)
    page = client.get(reverse("accounts:audit"), {"object_pk": world.case_a.pk}).context["page"]
    expected = LogEntry.objects.filter(object_pk=str(world.case_a.pk))
    assert {e.pk for e in page.object_list} == set(expected.values_list("pk", flat=True))
    assert {e.content_type for e in page.object_list} >= {ContentType.objects.get_for_model(Case)}
