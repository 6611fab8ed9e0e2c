"""The read side of the staff UI: the worklist, the intake queue and the case page."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseEvent, CaseStatus, PersonRole, Region, TriageOutcome
from cases.services import (
    case_record_police_report,
    intake_register,
    perpetrator_relation_set,
    person_add,
    triage_decide,
    triage_propose,
)
from cases.vocabularies import Authority, CaseType, Channel, Relation, Risk, Sex, ViolenceForm
from tests.conftest import max_queries, page_text
from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db

LIST = reverse("cases:list")
QUEUE = reverse("cases:intake-queue")
HTMX = {"HTTP_HX_REQUEST": "true"}


def later(time_machine, client, user, *, hours: float) -> None:  # type: ignore[no-untyped-def]
    """Move the clock on; log in again, as the idle session has expired by then."""
    time_machine.move_to(timezone.now() + timedelta(hours=hours))
    client.force_login(user)


def listed(client, **params) -> set[int]:  # type: ignore[no-untyped-def]
    response = client.get(LIST, params)
    assert response.status_code == 200
    return {case.pk for case in response.context["page"].object_list}


def complaint(actor, *, received_at=None, **fields) -> Case:  # type: ignore[no-untyped-def]
    return intake_register(actor=actor, channel=Channel.TELEPON, received_at=received_at or timezone.now(), **fields)


def accepted(actor, *, risk: str = Risk.SEDANG, **fields) -> Case:  # type: ignore[no-untyped-def]
    return triage_decide(
        actor=None,
        case=complaint(actor, **fields),
        outcome=TriageOutcome.ACCEPTED,
        case_type=CaseType.KTP,
        risk=risk,
        authority=Authority.DAERAH,
    )


def sexual_violence_victim(case: Case) -> None:
    person_add(actor=None, case=case, role=PersonRole.VICTIM, full_name="Korban", violence_forms=[ViolenceForm.SEKSUAL])


def kelurahan() -> Region:
    return Region.objects.filter(level="kelurahan").select_related("parent").order_by("code").first()  # type: ignore[return-value]


# --- Who may see the worklist ----------------------------------------------------------------------


@pytest.mark.parametrize("username", ["admin", "penghubung", "pimpinan"])
def test_roles_without_case_work_are_refused_the_worklist(world, client, username):
    client.force_login(world.users[username])
    assert client.get(LIST).status_code == 403


def test_anonymous_visitors_are_sent_to_login_from_the_worklist(world, client):
    response = client.get(LIST)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_a_case_worker_on_no_team_sees_an_empty_worklist(world, client):
    client.force_login(world.manajer_lain)
    response = client.get(LIST)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    assert b"<table" not in response.content


# --- Each filter -------------------------------------------------------------------------------------


def test_no_filter_lists_every_visible_case(world, client):
    client.force_login(world.kepala)
    assert listed(client) == {world.case_a.pk, world.case_b.pk, world.intake_c.pk, world.intake_d.pk}


def test_status_filter(world, client):
    client.force_login(world.kepala)
    assert listed(client, status=CaseStatus.RECEIVED) == {world.intake_c.pk}
    assert listed(client, status=CaseStatus.OUTSIDE_MANDATE) == {world.intake_d.pk}


def test_risk_filter(world, client):
    high = accepted(world.pengaduan, risk=Risk.TINGGI)
    client.force_login(world.kepala)
    assert listed(client, risk=Risk.TINGGI) == {high.pk}
    assert listed(client, risk=Risk.SEDANG) == {world.case_a.pk, world.case_b.pk}


def test_overdue_filter_flags_the_police_report_after_72_hours(world, client, time_machine):
    case = accepted(world.pengaduan)
    sexual_violence_victim(case)
    client.force_login(world.kepala)
    assert case.pk not in listed(client, overdue="on")
    later(time_machine, client, world.kepala, hours=73)
    assert case.pk in listed(client, overdue="on")
    response = client.get(LIST, {"overdue": "on"})
    assert b"text-bg-danger" in response.content  # the overdue badge


def test_overdue_filter_flags_a_complaint_past_its_response_deadline(world, client, time_machine):
    triage_propose(
        actor=world.pengaduan,
        case=world.intake_c,
        case_type=CaseType.AMPK,
        risk=Risk.TINGGI,
        authority=Authority.DAERAH,
    )
    client.force_login(world.kepala)
    assert listed(client, overdue="on") == set()
    later(time_machine, client, world.kepala, hours=2)
    assert listed(client, overdue="on") == {world.intake_c.pk}


def test_a_recorded_police_report_ends_the_overdue_flag(world, client, time_machine):
    case = accepted(world.pengaduan)
    sexual_violence_victim(case)
    time_machine.move_to(timezone.now() + timedelta(hours=73))
    case_record_police_report(actor=world.kepala, case=case, number="LP/B/1/2026", report_date=timezone.localdate())
    client.force_login(world.kepala)
    assert case.pk not in listed(client, overdue="on")


def test_assigned_to_me_filter(world, client):
    client.force_login(world.kepala)
    assert listed(client, mine="on") == set()  # the head sees every case but is on no team
    client.force_login(world.manajer)
    assert listed(client, mine="on") == {world.case_a.pk}


def test_violence_form_filter(world, client):
    person_add(actor=None, case=world.case_b, role=PersonRole.VICTIM, violence_forms=[ViolenceForm.PENELANTARAN])
    client.force_login(world.kepala)
    assert listed(client, violence_form=ViolenceForm.PENELANTARAN) == {world.case_b.pk}
    assert listed(client, violence_form=ViolenceForm.TRAFFICKING) == set()


def test_kecamatan_filter(world, client):
    place = kelurahan()
    case = accepted(world.pengaduan, incident_region=place)
    client.force_login(world.kepala)
    assert listed(client, kecamatan=place.parent.code) == {case.pk}  # type: ignore[union-attr]
    other = Region.objects.filter(level="kecamatan").exclude(pk=place.parent_id).first()
    assert listed(client, kecamatan=other.code) == set()  # type: ignore[union-attr]
    assert place.parent.name.encode() in client.get(LIST).content  # type: ignore[union-attr]


def test_period_filter_takes_whole_days(world, client):
    tz = timezone.get_current_timezone()
    january = accepted(world.pengaduan, received_at=datetime(2025, 1, 15, 23, 30, tzinfo=tz))
    march = accepted(world.pengaduan, received_at=datetime(2025, 3, 1, 0, 15, tzinfo=tz))
    client.force_login(world.kepala)
    assert listed(client, received_from="2025-01-15", received_to="2025-01-15") == {january.pk}
    assert listed(client, received_from="2025-01-16", received_to="2025-03-01") == {march.pk}
    assert listed(client, received_to="2025-12-31") == {january.pk, march.pk}


def test_sorting_by_received_time(world, client):
    tz = timezone.get_current_timezone()
    old = accepted(world.pengaduan, received_at=datetime(2024, 6, 1, 9, 0, tzinfo=tz))
    client.force_login(world.kepala)
    oldest_first = client.get(LIST, {"sort": "received_at"}).context["page"].object_list
    newest_first = client.get(LIST).context["page"].object_list
    assert oldest_first[0].pk == old.pk and newest_first[len(newest_first) - 1].pk == old.pk


def test_the_list_is_cut_into_pages_of_25(world, client):
    for _ in range(26):
        complaint(world.pengaduan)
    client.force_login(world.kepala)
    first = client.get(LIST, {"status": CaseStatus.RECEIVED})
    assert len(first.context["page"].object_list) == 25
    second = client.get(LIST, {"status": CaseStatus.RECEIVED, "page": 2})
    assert len(second.context["page"].object_list) == 2
    assert b"status=received&amp;page=2" in first.content  # pagination keeps the filters


# --- Search ------------------------------------------------------------------------------------------


def test_search_by_register_number(world, client):
    client.force_login(world.kepala)
    assert listed(client, q=world.case_a.register_number) == {world.case_a.pk}


def test_search_by_nik(world, client):
    client.force_login(world.kepala)
    assert listed(client, q=world.case_b.people.get().nik) == {world.case_b.pk}


def test_search_by_a_variant_of_the_phone_number(world, client):
    PersonFactory(case=world.case_b, phone="0812-3456-7890")
    client.force_login(world.kepala)
    for variant in ("+62 812 3456 7890", "6281234567890", "081234567890"):
        assert listed(client, q=variant) == {world.case_b.pk}, variant


def test_search_by_a_word_of_the_name(world, client):
    PersonFactory(case=world.case_a, full_name="Siti Rahmawati Lubis")
    client.force_login(world.kepala)
    assert listed(client, q="rahmawati") == {world.case_a.pk}
    assert listed(client, q="Lubis SITI") == {world.case_a.pk}
    assert listed(client, q="Rahmawati Nasution") == set()


def test_search_never_shows_a_case_outside_the_users_scope(world, client):
    nik_b = world.case_b.people.get().nik
    client.force_login(world.manajer)
    assert listed(client, q=nik_b) == set()
    assert listed(client, q=world.case_b.register_number) == set()
    client.force_login(world.pengaduan)
    assert listed(client, q=world.case_a.register_number) == set()
    assert listed(client, q=world.case_a.people.get().nik) == set()


# --- Bad input ----------------------------------------------------------------------------------------


def test_an_invalid_date_is_reported_and_the_other_filters_still_apply(world, client):
    client.force_login(world.kepala)
    response = client.get(LIST, {"received_from": "31-31-2025x", "status": CaseStatus.RECEIVED})
    assert response.status_code == 200
    form = response.context["form"]
    assert "received_from" in form.errors and "status" not in form.errors
    assert {c.pk for c in response.context["page"].object_list} == {world.intake_c.pk}
    assert b'value="31-31-2025x"' in response.content  # what was typed is kept


@pytest.mark.parametrize(
    "params, field",
    [
        ({"status": "gibberish"}, "status"),
        ({"risk": "extreme"}, "risk"),
        ({"kecamatan": "99.99.99"}, "kecamatan"),
        ({"violence_form": "x"}, "violence_form"),
        ({"sort": "chronology"}, "sort"),
        ({"received_from": "2025-02-01", "received_to": "2025-01-01"}, "received_to"),
        ({"q": "x" * 101}, "q"),
    ],
)
def test_bad_filter_input_is_a_form_error_never_a_500(world, client, params, field):
    client.force_login(world.kepala)
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert field in response.context["form"].errors


def test_a_page_number_out_of_range_shows_the_last_page(world, client):
    client.force_login(world.kepala)
    for page in ("999", "abc", "-1"):
        assert client.get(LIST, {"page": page}).status_code == 200


# --- Audit ----------------------------------------------------------------------------------------------


def _list_reads(actor) -> list[LogEntry]:  # type: ignore[no-untyped-def]
    case_type = ContentType.objects.get_for_model(Case)
    return list(
        LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=actor, content_type=case_type).order_by("pk")
    )


def test_the_page_shown_is_audited(world, client):
    client.force_login(world.manajer)
    client.get(LIST)
    reads = _list_reads(world.manajer)
    assert [int(e.object_pk) for e in reads] == [world.case_a.pk]
    assert reads[0].additional_data == {"list": "cases", "page": 1}


def test_a_search_is_audited_without_the_searched_terms(world, client):
    nik = world.case_a.people.get().nik
    client.force_login(world.kepala)
    assert listed(client, q=nik) == {world.case_a.pk}
    reads = _list_reads(world.kepala)
    assert [int(e.object_pk) for e in reads] == [world.case_a.pk]
    assert reads[0].additional_data.get("search") is True
    for entry in LogEntry.objects.all():
        assert nik not in str(entry.additional_data) + str(entry.changes) + entry.object_repr


# --- HTMX ----------------------------------------------------------------------------------------------


def test_an_htmx_request_gets_only_the_results(world, client):
    client.force_login(world.kepala)
    response = client.get(LIST, {"status": CaseStatus.RECEIVED}, **HTMX)
    assert response.status_code == 200
    names = {t.name for t in response.templates}
    assert "cases/includes/worklist_results.html" in names and "base.html" not in names
    assert b"<html" not in response.content and b"<form" not in response.content
    assert world.intake_c.label in page_text(response.content)
    assert "HX-Request" in response["Vary"]


def test_an_htmx_history_restore_gets_the_whole_page(world, client):
    client.force_login(world.kepala)
    response = client.get(LIST, **HTMX, HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert b"<html" in response.content


def test_the_filter_form_updates_the_results_with_htmx_and_works_without(world, client):
    client.force_login(world.kepala)
    content = client.get(LIST).content.decode()
    assert 'method="get"' in content and f'action="{LIST}"' in content
    assert f'hx-get="{LIST}"' in content and 'hx-target="#worklist-results"' in content
    assert 'hx-push-url="true"' in content and 'id="worklist-results"' in content


def test_an_htmx_request_with_bad_input_shows_the_error_in_the_results(world, client):
    client.force_login(world.kepala)
    response = client.get(LIST, {"received_to": "nope"}, **HTMX)
    assert response.status_code == 200
    assert b"alert-warning" in response.content


# --- Query counts ----------------------------------------------------------------------------------------


def test_the_worklist_runs_a_fixed_number_of_queries(world, client):
    place = kelurahan()
    for _ in range(30):
        sexual_violence_victim(accepted(world.pengaduan, incident_region=place))
    client.force_login(world.kepala)
    with max_queries(8):
        assert client.get(LIST).status_code == 200
    with max_queries(8):
        assert client.get(LIST, {"q": "Korban", "overdue": "on", "violence_form": "seksual"}).status_code == 200
    with max_queries(8):
        assert client.get(LIST, {"kecamatan": place.parent.code, "status": "open", "page": 2}).status_code == 200  # type: ignore[union-attr]


# --- Intake queue --------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["kepala", "pengaduan", "pengaduan_lain"])
def test_the_head_and_intake_officers_see_the_intake_queue(world, client, username):
    client.force_login(world.users[username])
    response = client.get(QUEUE)
    assert response.status_code == 200
    assert [c.pk for c in response.context["page"].object_list] == [world.intake_c.pk]


@pytest.mark.parametrize("username", ["manajer", "psikolog", "hukum", "operator", "admin", "penghubung", "pimpinan"])
def test_other_roles_are_refused_the_intake_queue(world, client, username):
    client.force_login(world.users[username])
    assert client.get(QUEUE).status_code == 403


def test_the_intake_queue_puts_the_most_urgent_first(world, client):
    now = timezone.now()
    low = complaint(world.pengaduan, received_at=now - timedelta(hours=2))
    high = complaint(world.pengaduan, received_at=now - timedelta(minutes=10))
    medium = complaint(world.pengaduan, received_at=now - timedelta(hours=1))
    for case, risk in ((low, Risk.RENDAH), (high, Risk.TINGGI), (medium, Risk.SEDANG)):
        triage_propose(actor=world.pengaduan, case=case, case_type=CaseType.KTP, risk=risk, authority=Authority.DAERAH)
    client.force_login(world.pengaduan)
    order = [c.pk for c in client.get(QUEUE).context["page"].object_list]
    proposed = [pk for pk in order if pk in {low.pk, high.pk, medium.pk}]
    assert proposed == [high.pk, medium.pk, low.pk]


def test_the_intake_queue_shows_time_left_and_overdue_and_links_to_the_case(world, client, time_machine):
    triage_propose(
        actor=world.pengaduan, case=world.intake_c, case_type=CaseType.KTP, risk=Risk.SEDANG, authority=Authority.DAERAH
    )
    client.force_login(world.pengaduan)
    content = client.get(QUEUE).content.decode()
    assert reverse("cases:detail", args=[world.intake_c.code]) in content
    assert "text-bg-danger" not in content
    later(time_machine, client, world.pengaduan, hours=7)
    assert "text-bg-danger" in client.get(QUEUE).content.decode()


def test_the_intake_queue_read_is_audited(world, client):
    client.force_login(world.pengaduan)
    client.get(QUEUE)
    reads = _list_reads(world.pengaduan)
    assert [int(e.object_pk) for e in reads] == [world.intake_c.pk]
    assert reads[0].additional_data == {"list": "intake_queue", "page": 1}


def test_the_intake_queue_has_an_empty_state(world, client):
    client.force_login(world.kepala)
    triage_decide(actor=world.kepala, case=world.intake_c, outcome=TriageOutcome.OUTSIDE_MANDATE, note="Info.")
    response = client.get(QUEUE)
    assert response.status_code == 200 and b"<table" not in response.content


# --- Case page ---------------------------------------------------------------------------------------------


def _crowded_case(world) -> Case:  # type: ignore[no-untyped-def]
    case = world.case_a
    perpetrators = [
        person_add(
            actor=None, case=case, role=PersonRole.PERPETRATOR, full_name=f"Terlapor {i}", sex=Sex.LAKI_LAKI
        ).person
        for i in range(3)
    ]
    for i in range(4):
        victim = person_add(
            actor=None,
            case=case,
            role=PersonRole.VICTIM,
            full_name=f"Korban {i}",
            estimated_age=10 + i,
            violence_forms=[ViolenceForm.SEKSUAL, ViolenceForm.PSIKIS],
            protection_categories=["a"],
        ).person
        for perpetrator in perpetrators:
            perpetrator_relation_set(actor=None, victim=victim, perpetrator=perpetrator, relation=Relation.TETANGGA)
    person_add(actor=None, case=case, role=PersonRole.REPORTER, full_name="Pelapor Satu")
    return case


@pytest.mark.parametrize("username", ["kepala", "manajer", "hukum"])
def test_the_case_page_runs_a_fixed_number_of_queries(world, client, username):
    case = _crowded_case(world)
    assert CaseEvent.objects.filter(case=case).count() > 10
    client.force_login(world.users[username])
    with max_queries(12):
        assert client.get(reverse("cases:detail", args=[case.code])).status_code == 200


def test_the_case_page_shows_people_team_and_timeline(world, client):
    case = _crowded_case(world)
    client.force_login(world.manajer)
    content = client.get(reverse("cases:detail", args=[case.code])).content.decode()
    for text in ("Korban 3", "Terlapor 2", "Pelapor Satu", case.register_number, world.psikolog.display_name):
        assert text in content
    assert content.count('class="border rounded p-3 mb-3 person-card"') == 1 + 3 + 4 + 1  # + the world's victim
    assert 'id="timeline-heading"' in content


def test_the_case_page_hides_an_anonymous_reporter(world, client):
    case = complaint(
        world.pengaduan, reporter_anonymous=True, reporter={"full_name": "Nama Rahasia", "phone": "081299998888"}
    )
    client.force_login(world.pengaduan)
    content = client.get(reverse("cases:detail", args=[case.code])).content.decode()
    assert "Nama Rahasia" not in content and "81299998888" not in content


def test_the_case_page_shows_the_tpks_police_deadline_red_once_overdue(world, client, time_machine):
    case = accepted(world.pengaduan)
    sexual_violence_victim(case)
    url = reverse("cases:detail", args=[case.code])
    client.force_login(world.kepala)
    content = client.get(url).content.decode()
    assert 'id="police-deadline"' in content and "UU TPKS Pasal 41" in content and "alert-warning" in content
    assert "Dalam 3 × 24 jam sejak pengaduan" in content
    later(time_machine, client, world.kepala, hours=73)
    content = client.get(url).content.decode()
    assert 'id="police-deadline"' in content and "alert-danger" in content
    case_record_police_report(actor=world.kepala, case=case, number="LP/B/9/2026", report_date=timezone.localdate())
    content = client.get(url).content.decode()
    assert 'id="police-deadline"' not in content and "LP/B/9/2026" in content


def test_the_case_page_shows_the_place_outside_kota_jambi(world, client):
    case = complaint(world.pengaduan, incident_place_other="Kabupaten Muaro Jambi")
    client.force_login(world.kepala)
    assert "Kabupaten Muaro Jambi" in client.get(reverse("cases:detail", args=[case.code])).content.decode()


def test_the_head_gets_the_triage_button_and_a_case_worker_does_not(world, client):
    triage_url = reverse("cases:triage", args=[world.intake_c.code])
    client.force_login(world.kepala)
    assert triage_url in client.get(reverse("cases:detail", args=[world.intake_c.code])).content.decode()
    client.force_login(world.pengaduan)  # may propose, so the button is there too
    assert triage_url in client.get(reverse("cases:detail", args=[world.intake_c.code])).content.decode()
    team_url = reverse("cases:team", args=[world.case_a.code])
    client.force_login(world.psikolog)
    content = client.get(reverse("cases:detail", args=[world.case_a.code])).content.decode()
    assert team_url not in content
    assert reverse("cases:police-report", args=[world.case_a.code]) not in content
    client.force_login(world.kepala)
    content = client.get(reverse("cases:detail", args=[world.case_a.code])).content.decode()
    assert team_url in content and reverse("cases:police-report", args=[world.case_a.code]) in content


# --- Navigation and home page ---------------------------------------------------------------------------


def _nav(response) -> dict[str, bool]:  # type: ignore[no-untyped-def]
    return {item["url"]: item["active"] for item in response.context["nav_items"]}


@pytest.mark.parametrize("username", ["kepala", "pengaduan"])
def test_the_intake_queue_is_in_the_navigation_of_those_who_work_it(world, client, username):
    client.force_login(world.users[username])
    nav = _nav(client.get(QUEUE))
    assert nav[QUEUE] is True and nav[LIST] is False  # the queue, not the case list, is the current page
    nav = _nav(client.get(reverse("cases:detail", args=[world.intake_c.code])))
    assert nav[LIST] is True and nav[QUEUE] is False


@pytest.mark.parametrize("username", ["manajer", "operator", "admin", "pimpinan"])
def test_the_intake_queue_is_not_in_the_navigation_of_other_roles(world, client, username):
    client.force_login(world.users[username])
    assert QUEUE not in _nav(client.get(reverse("home")))


def test_the_home_page_counts_overdue_deadlines_and_links_the_queue(world, client, time_machine):
    triage_propose(
        actor=world.pengaduan, case=world.intake_c, case_type=CaseType.KTP, risk=Risk.TINGGI, authority=Authority.DAERAH
    )
    later(time_machine, client, world.pengaduan, hours=2)
    response = client.get(reverse("home"))
    assert response.context["overdue_count"] == 1
    assert response.context["queue_count"] == 1 and response.context["queue_overdue_count"] == 1
    content = response.content.decode()
    assert f'href="{QUEUE}"' in content and f'href="{LIST}?overdue=on"' in content


@pytest.mark.parametrize("username", ["kepala", "manajer", "pengaduan"])
def test_the_home_page_s_counts_are_the_worklist_s_and_its_queue_s_totals(world, client, time_machine, username):
    """The home page counts (cases.selectors.case_counts_for_user) what the worklist shows
    unfiltered, with ?status=open and with ?overdue=on, and the intake queue's size."""
    sexual_violence_victim(accepted(world.pengaduan))  # its police report is due within 72 hours
    triage_propose(
        actor=world.pengaduan, case=world.intake_c, case_type=CaseType.KTP, risk=Risk.TINGGI, authority=Authority.DAERAH
    )
    complaint(world.pengaduan)
    later(time_machine, client, world.users[username], hours=80)  # every clock has run out

    def total(url: str, **params: str) -> int:
        return client.get(url, params).context["page"].paginator.count

    home = client.get(reverse("home")).context
    assert home["listed_count"] == total(LIST) and home["open_case_count"] == total(LIST, status="open")
    assert home["overdue_count"] == total(LIST, overdue="on")
    if username == "manajer":
        assert "queue_count" not in home
    else:
        waiting = Case.objects.filter(status=CaseStatus.RECEIVED)
        assert home["overdue_count"] >= 2  # the proposal, the new complaint (and, for the head, the police report)
        assert home["queue_count"] == total(QUEUE) == waiting.count()
        assert home["queue_overdue_count"] == waiting.filter(response_due_at__lt=timezone.now()).count() >= 2


def test_the_home_page_of_a_case_worker_has_no_queue(world, client):
    client.force_login(world.manajer)
    response = client.get(reverse("home"))
    assert response.context["overdue_count"] == 0 and "queue_count" not in response.context
    assert 'id="queue-card"' not in response.content.decode()


def test_the_recent_cases_on_the_home_page_are_audited(world, client):
    client.force_login(world.manajer)
    client.get(reverse("home"))
    reads = _list_reads(world.manajer)
    assert [int(e.object_pk) for e in reads] == [world.case_a.pk]
    assert reads[0].additional_data == {"list": "home"}


@pytest.mark.parametrize("path", ["/cases/", "/api/v1/cases/"])
def test_a_search_that_finds_nothing_is_logged_without_its_terms(world, client, path):
    from auditlog.models import LogEntry

    nik = world.case_b.people.get().nik  # in a case the case manager cannot see
    client.force_login(world.manajer)
    client.get(path, {"q": nik})
    entry = LogEntry.objects.filter(object_pk=str(world.manajer.pk), action=LogEntry.Action.ACCESS).latest("pk")
    assert entry.additional_data == {"search": "cases", "found": 0} and entry.actor == world.manajer
    assert not LogEntry.objects.filter(additional_data__icontains=nik[-8:]).exists()


def test_the_browser_history_never_keeps_a_searched_identifier(world, client):
    client.force_login(world.kepala)
    response = client.get(LIST, {"q": "081234567890", "status": "open"}, HTTP_HX_REQUEST="true")
    assert response["HX-Push-Url"] == f"{LIST}?status=open"


@pytest.mark.parametrize("path", ["/cases/", "/api/v1/cases/"])
def test_an_impossible_year_in_a_filter_is_an_error_not_a_crash(world, client, path):
    client.force_login(world.kepala)
    response = client.get(path, {"received_from": "0001-01-01"})
    assert response.status_code in (200, 400)


def test_the_police_deadline_banner_states_the_window_of_the_setting(world, client, settings):
    settings.POLICE_REPORT_WINDOW_HOURS = 48
    case = accepted(world.pengaduan)
    sexual_violence_victim(case)
    client.force_login(world.kepala)
    content = client.get(reverse("cases:detail", args=[case.code])).content.decode()
    assert "Dalam 2 × 24 jam sejak pengaduan" in content and "3 × 24" not in content
    settings.POLICE_REPORT_WINDOW_HOURS = 36
    case.refresh_from_db()
    assert "Dalam 36 jam sejak pengaduan" in client.get(reverse("cases:detail", args=[case.code])).content.decode()


# --- A complaint's name before triage, and the intake officer's home page -------------------------


def test_a_complaint_is_named_by_its_channel_received_time_and_victims_initials_not_a_hex_fragment(world, client):
    received = timezone.make_aware(datetime(2026, 3, 2, 9, 15))
    complaint = CaseFactory(
        status=CaseStatus.RECEIVED, channel=Channel.TELEPON, received_at=received, created_by=world.pengaduan
    )
    PersonFactory(case=complaint, full_name="Siti Aminah")
    assert complaint.label == "Telepon · 02-03-2026 09:15 · S.A."
    client.force_login(world.pengaduan)
    for url in (reverse("cases:intake-queue"), LIST, reverse("home"), reverse("cases:detail", args=[complaint.code])):
        html = client.get(url).content.decode()
        # Its text, wrapping only between its parts: the time received stays on one line, each "·" ends a line.
        assert "Telepon · 02-03-2026 09:15 · S.A." in page_text(html), url
        assert '<span class="label-part">02-03-2026</span> <span class="label-part">09:15 ·</span>' in html, url
        assert str(complaint.code)[:8] not in html.replace(str(complaint.code), ""), url
    # Registered, it is its register number.
    assert world.case_a.label == world.case_a.register_number
    # Without a victim, or with a victim whose name is not known (yet).
    other = CaseFactory(status=CaseStatus.RECEIVED, channel=Channel.TELEPON, received_at=received)
    assert other.label == "Telepon · 02-03-2026 09:15 · belum ada korban"
    PersonFactory(case=other, full_name="")
    assert other.label == "Telepon · 02-03-2026 09:15 · korban tanpa nama"


def _statements(client, url):
    with max_queries(100) as captured:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]


# A complaint is named by its victims' initials (Case.label): each page reads the names of its
# complaints at once (cases.selectors.read_label_names), on both databases.
@pytest.mark.parametrize(
    "url",
    [
        reverse("cases:intake-queue"),
        LIST,
        reverse("home"),
        "/api/v1/cases/",
        "/api/v1/intakes/",
    ],
)
def test_a_page_of_complaints_reads_their_victims_names_in_one_query_whatever_their_number(world, client, url):
    client.force_login(world.pengaduan)

    def complaint_with_victims():
        complaint = CaseFactory(status=CaseStatus.RECEIVED, created_by=world.pengaduan)
        PersonFactory(case=complaint, full_name="Siti Aminah")
        PersonFactory(case=complaint, full_name="Budi Santoso")
        return complaint

    first = complaint_with_victims()
    client.get(url)  # per-process caches filled
    one = _statements(client, url)
    for _ in range(6):
        complaint_with_victims()
    seven = _statements(client, url)
    assert len(seven) == len(one), "\n".join(seven)
    assert first.label.endswith("S.A., B.S.")
    names_read = [sql for sql in seven if "cases_person" in sql and "full_name" in sql]
    assert len(names_read) == 1, names_read


def test_a_page_of_registered_cases_reads_no_victims_names(world, client):
    client.force_login(world.kepala)
    client.get(LIST)
    statements = _statements(client, f"{LIST}?status=open")
    assert world.case_a.register_number
    assert not [sql for sql in statements if "cases_person" in sql and "full_name" in sql]


def test_the_intake_officers_home_page_counts_what_it_lists(world, client):
    for _ in range(3):
        CaseFactory(status=CaseStatus.RECEIVED, created_by=world.pengaduan)
    client.force_login(world.pengaduan)
    response = client.get(reverse("home"))
    listed = len(response.context["recent_cases"])
    assert listed and response.context["listed_count"] >= listed
    html = response.content.decode()
    assert "Pengaduan yang dapat Anda lihat" in html and "Kasus terbuka" not in html
    assert f"{listed} terbaru dari {response.context['listed_count']}." in html
