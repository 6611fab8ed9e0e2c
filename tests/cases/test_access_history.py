"""A case's access history: who read, downloaded or changed the case and its records, for the
head, the data protection officer and the case's manager (cases.selectors.access_history)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import reverse

from cases.models import Case, CaseTeamMember, DeletedRecord, TeamRole, ViolenceRecord
from cases.selectors.access_history import HISTORY_PAGE_SQL, case_access_history, case_record_paths
from cases.services.people import person_update
from cases.services.team import case_team_add, case_team_remove
from tests.conftest import max_queries
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def page_url(case: Case) -> str:
    return reverse("cases:access-history", args=[case.code])


def api_url(case: Case) -> str:
    return f"/api/v1/cases/{case.code}/access-history/"


def history_of(case: Case) -> list[LogEntry]:
    history = case_access_history(case)
    return list(history[0 : history.count()])


def test_the_head_the_dpo_and_the_cases_manager_read_it_everyone_else_gets_404(world, client):
    allowed = {"kepala", "dpo", "manajer"}
    for name, user in world.users.items():
        client.force_login(user)
        expected = 200 if name in allowed else 404
        assert client.get(page_url(world.case_a)).status_code == expected, name
        assert client.get(api_url(world.case_a)).status_code == expected, name
    # The manager of another case, and anyone for a case that does not exist.
    client.force_login(world.manajer)
    assert client.get(page_url(world.case_b)).status_code == 404
    assert client.get(reverse("cases:access-history", args=["7e1d6a3a-3c61-4c4e-9d0e-6a1b1f1c0c01"])).status_code == 404


def test_it_lists_reads_and_changes_of_the_case_and_its_people_newest_first(world, client):
    person = world.case_a.people.get()
    client.force_login(world.manajer)
    client.get(reverse("cases:detail", args=[world.case_a.code]), REMOTE_ADDR="10.9.8.7")
    client.force_login(world.kepala)
    response = client.get(api_url(world.case_a))
    assert response.status_code == 200
    rows = response.json()["results"]
    kinds = {(row["record"], row["action"]) for row in rows}
    assert (str(world.case_a), LogEntry.Action.ACCESS) in kinds
    assert (str(person), LogEntry.Action.ACCESS) in kinds
    assert LogEntry.Action.CREATE in {row["action"] for row in rows}
    assert any(r["actor"] and r["actor"]["display_name"] == world.manajer.display_name for r in rows)
    assert "10.9.8.7" in {row["remote_addr"] for row in rows}
    stamps = [row["timestamp"] for row in rows]
    assert stamps == sorted(stamps, reverse=True)
    # Another case's entries are not there.
    assert str(world.case_b) not in {row["record"] for row in rows}


def test_reading_the_history_is_logged(world, client):
    client.force_login(world.dpo)
    client.get(page_url(world.case_a))
    entry = LogEntry.objects.filter(actor=world.dpo, action=LogEntry.Action.ACCESS).latest("timestamp", "pk")
    assert entry.object_pk == str(world.case_a.pk)
    assert entry.additional_data["access_history"] is True
    response = client.get(page_url(world.case_a))
    assert "Membaca riwayat akses" in response.content.decode()


def test_the_dpo_sees_no_case_content_and_no_tabs(world, client):
    person = world.case_a.people.get()
    client.force_login(world.dpo)
    html = client.get(page_url(world.case_a)).content.decode()
    assert person.full_name not in html
    assert f'href="{reverse("cases:detail", args=[world.case_a.code])}"' not in html
    assert "case-nav" not in html


def test_the_tab_shows_only_for_who_may_read_it(world, client):
    for user, shown in ((world.kepala, True), (world.manajer, True), (world.psikolog, False), (world.hukum, False)):
        client.force_login(user)
        html = client.get(reverse("cases:detail", args=[world.case_a.code])).content.decode()
        assert (page_url(world.case_a) in html) is shown, user.username


def test_deleted_records_keep_their_entries_in_the_history(world, client):
    """A violence form taken off a victim (two hops from the case) and a team member removed: rows
    gone, their keys kept (DeletedRecord), so the history still shows their creation and their
    deletion; another case's deletions stay out of it."""
    victim = world.case_a.people.get()
    person_update(actor=world.manajer, person=victim, violence_forms=["fisik", "psikis"])
    form = ViolenceRecord.objects.get(victim=victim, form="psikis")
    client.force_login(world.manajer)
    client.get(reverse("cases:detail", args=[world.case_a.code]))
    member = CaseTeamMember.objects.get(case=world.case_a, user=world.psikolog)
    form_key = (ContentType.objects.get_for_model(ViolenceRecord).pk, str(form.pk))
    member_key = (ContentType.objects.get_for_model(CaseTeamMember).pk, str(member.pk))

    person_update(actor=world.manajer, person=victim, violence_forms=["fisik"])
    case_team_remove(actor=world.kepala, member=member)
    other = case_team_add(
        actor=world.kepala, case=world.case_b, user=world.manajer_lain, team_role=TeamRole.MANAJER_KASUS
    )
    other_key = (ContentType.objects.get_for_model(CaseTeamMember).pk, str(other.pk))
    case_team_remove(actor=world.kepala, member=other)

    assert not ViolenceRecord.objects.filter(pk=form.pk).exists()
    kept = {(d.content_type_id, d.object_pk) for d in DeletedRecord.objects.filter(case=world.case_a)}
    assert kept == {form_key, member_key}
    entries = {((e.content_type_id, e.object_pk), e.action) for e in history_of(world.case_a)}
    for key in (form_key, member_key):
        assert (key, LogEntry.Action.CREATE) in entries
        assert (key, LogEntry.Action.DELETE) in entries
    assert other_key not in {key for key, _action in entries}
    assert DeletedRecord.objects.filter(case=world.case_b).count() == 1

    # As the head reads it in the API: the deleted violence form's rows are listed.
    client.force_login(world.kepala)
    rows = client.get(api_url(world.case_a)).json()["results"]
    assert str(form) in {row["record"] for row in rows if row["action"] == LogEntry.Action.DELETE}


def test_a_case_deleted_with_its_records_leaves_no_dangling_constraint(world):
    """Cases are never deleted by the app; one deleted anyway (the admin, a test) takes its records
    with it without tripping over the keys written during that cascade (on PostgreSQL the foreign
    keys are checked at once here, not at a commit the test never reaches)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    code = world.case_a.code
    world.case_a.delete()
    assert not Case.objects.filter(code=code).exists()


def test_records_of_the_case_are_found_through_their_foreign_keys():
    paths = {model._meta.label: path for model, path in case_record_paths()}
    assert paths["cases.Person"] == "case_id"
    assert paths["cases.ViolenceRecord"].endswith("__case__id")
    assert paths["referrals.Referral"] == "case_id"
    assert "cases.Region" not in paths and "accounts.User" not in paths


def test_only_the_months_from_the_cases_creation_on_are_read(world):
    """Nothing of a case is logged before it exists: an entry dated two days before its creation
    (impossible but for a wrong clock beyond a day) is not read, one an hour before is."""
    ct = ContentType.objects.get_for_model(Case).pk
    created = world.case_a.created_at
    for stamp in (created - timedelta(days=2), created - timedelta(hours=1)):
        LogEntry.objects.create(
            content_type_id=ct, object_pk=str(world.case_a.pk), object_repr="early", action=3, timestamp=stamp
        )
    early = [e.timestamp for e in history_of(world.case_a) if e.object_repr == "early"]
    assert early == [created - timedelta(hours=1)]


def test_the_page_and_the_api_cost_a_fixed_number_of_queries(world, client):
    for _ in range(5):
        PersonFactory(case=world.case_a)
    client.force_login(world.kepala)
    client.get(page_url(world.case_a))
    client.get(api_url(world.case_a))
    # session, user, case, team, audit insert, the record keys, count, page, actors, bell, session save
    with max_queries(11):
        assert client.get(page_url(world.case_a)).status_code == 200
    with max_queries(11):
        assert client.get(api_url(world.case_a)).status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="partitions are PostgreSQL's")
def test_entries_of_any_month_land_in_a_partition_and_are_found(world):
    """An entry of an old month (no partition made for it: the default partition), of this month
    and of a month the job made ahead are all found by the history."""
    from uptdppa.accounts.audit_storage import audit_partitions

    ct = ContentType.objects.get_for_model(Case).pk
    Case.objects.filter(pk=world.case_a.pk).update(created_at=datetime(2019, 3, 1, tzinfo=UTC))
    world.case_a.refresh_from_db()
    now = datetime.now(UTC)
    stamps = [datetime(2019, 3, 5, tzinfo=UTC), now, now + timedelta(days=62)]
    with connection.cursor() as cursor:
        for stamp in stamps:
            cursor.execute(
                "INSERT INTO auditlog_logentry (content_type_id, object_pk, object_id, object_repr, action,"
                " changes_text, timestamp) VALUES (%s, %s, %s, 'probe', 3, '', %s)",
                [ct, str(world.case_a.pk), world.case_a.pk, stamp],
            )
        cursor.execute(
            "SELECT tableoid::regclass::text FROM auditlog_logentry WHERE object_repr = 'probe' ORDER BY timestamp"
        )
        homes = [row[0] for row in cursor.fetchall()]
    assert homes[0] == "auditlog_logentry_default"
    assert homes[1] == f"auditlog_logentry_{now:%Y_%m}"
    assert homes[2] != "auditlog_logentry_default"
    found = [entry.timestamp for entry in history_of(world.case_a) if entry.object_repr == "probe"]
    assert found == sorted(stamps, reverse=True)
    assert sum(count for _name, count in audit_partitions()) == LogEntry.objects.count()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan is PostgreSQL's")
def test_the_history_reads_the_object_index_of_every_partition(world):
    """With entries of other objects (planner statistics taken), the month's partition is read
    through the index on (content type, object, time), never scanned whole."""
    user_ct = ContentType.objects.get_for_model(world.kepala).pk
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO auditlog_logentry (content_type_id, object_pk, object_id, object_repr, action, changes_text,"
            " timestamp) SELECT %s, (n %% 500)::text, n %% 500, 'other', 3, '', now() - (n %% 90) * interval '1 day'"
            " FROM generate_series(1, 20000) AS n",
            [user_ct],
        )
        cursor.execute("ANALYZE auditlog_logentry")
        history = case_access_history(world.case_a)
        cursor.execute("EXPLAIN " + HISTORY_PAGE_SQL, [history.cts, history.pks, history.since, 25, 25, 0])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    this_month = f"auditlog_logentry_{datetime.now(UTC):%Y_%m}"
    assert f"Seq Scan on {this_month} " not in plan, plan
    assert f"{this_month}_content_type_id_object_pk" in plan, plan


def test_the_page_shows_each_entry_s_time_user_role_action_record_and_address(world, client):
    """The rows are written in Python (cases_tags.access_rows): every value as Django's template
    filters wrote it, escaped, in the user's language."""
    from django.conf import settings
    from django.utils import timezone, translation
    from django.utils.formats import date_format

    case = world.case_a
    at = case.created_at + timedelta(minutes=5)
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Case),
        object_pk=str(case.pk),
        object_id=case.pk,
        object_repr='<b>"x"</b>',
        action=LogEntry.Action.DELETE,
        timestamp=at,
    )
    client.force_login(world.kepala)
    client.get(reverse("cases:detail", args=[case.code]), REMOTE_ADDR="10.9.8.7")

    def body() -> str:
        html = client.get(page_url(case)).content.decode()
        return html[html.index("<tbody>") : html.index("</tbody>")]

    local = timezone.localtime(at)
    shown = body()
    with translation.override("id"):
        assert f'<time datetime="{local.isoformat()}">{date_format(local, "DATETIME_FORMAT")}</time>' in shown
        role = world.kepala.get_role_display()
    assert '<td><span class="fst-italic">Sistem</span></td>' in shown  # the entry without a user
    assert '<span class="badge text-bg-danger">Dihapus</span>' in shown
    assert "&lt;b&gt;&quot;x&quot;&lt;/b&gt;" in shown and '<b>"x"</b>' not in shown
    assert f'<td>{world.kepala} <span class="d-block small text-body-secondary">{role}</span></td>' in shown
    assert '<td class="text-nowrap small">10.9.8.7</td>' in shown
    assert '<td class="text-nowrap small">—</td>' in shown  # the entry without an address
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    shown = body()
    with translation.override("en"):
        assert f">{date_format(local, 'DATETIME_FORMAT')}</time>" in shown
        assert '<span class="fst-italic">System</span>' in shown
        assert f'<span class="d-block small text-body-secondary">{world.kepala.get_role_display()}</span>' in shown
