"""The case timeline filtered by kind of event (issue 4 item 12)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from cases.models import CaseEvent, EventKind
from cases.selectors.timeline import EVENT_FAMILIES, event_family_choices
from tests.conftest import max_queries

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "case-timeline"}


def detail(case) -> str:  # type: ignore[no-untyped-def]
    return reverse("cases:detail", args=[case.code])


def add_events(case, kinds: list[str], *, times: int = 1) -> None:  # type: ignore[no-untyped-def]
    start = timezone.now() - timedelta(days=1)
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(case=case, kind=kind, at=start + timedelta(seconds=i * len(kinds) + j), data={"n": i})
            for i in range(times)
            for j, kind in enumerate(kinds)
        ]
    )


def shown_kinds(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [event.kind for event in response.context["events"]]


def test_every_kind_of_event_belongs_to_exactly_one_family():
    placed = [kind for _value, _label, kinds in EVENT_FAMILIES for kind in kinds]
    assert sorted(placed) == sorted(EventKind.values)
    assert len({value for value, _label, _kinds in EVENT_FAMILIES}) == len(EVENT_FAMILIES)


def test_the_case_page_filters_the_timeline_with_a_plain_get(world, client):
    add_events(world.case_a, [EventKind.CLOSURE_REQUESTED, EventKind.SHELTER_ADMITTED, EventKind.CLOSURE_RETURNED])
    client.force_login(world.manajer)
    everything = client.get(detail(world.case_a))
    assert EventKind.TEAM_ADDED in shown_kinds(everything) and EventKind.SHELTER_ADMITTED in shown_kinds(everything)
    html = everything.content.decode()
    assert 'name="jenis"' in html and 'hx-target="#case-timeline"' in html
    for value, _label in event_family_choices():
        assert f'<option value="{value}"' in html
    response = client.get(detail(world.case_a), {"jenis": "penutupan"})
    assert response.status_code == 200
    assert shown_kinds(response) == [EventKind.CLOSURE_REQUESTED, EventKind.CLOSURE_RETURNED]
    assert '<option value="penutupan" selected>' in response.content.decode()


def test_htmx_swaps_only_the_events(world, client):
    add_events(world.case_a, [EventKind.PSYCH_SESSION, EventKind.LEGAL_EVENT])
    client.force_login(world.manajer)
    response = client.get(detail(world.case_a), {"jenis": "hukum"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and 'class="list-group list-group-flush case-timeline"' in html
    assert 'data-kind="legal_event"' in html and 'data-kind="psych_session"' not in html
    assert "HX-Request" in response["Vary"]


def test_a_family_without_events_says_so(world, client):
    client.force_login(world.manajer)
    response = client.get(detail(world.case_a), {"jenis": "mediasi"}, **HTMX)
    assert shown_kinds(response) == [] and "case-timeline" not in response.content.decode()


@pytest.mark.parametrize("value", ["bukan-jenis", "closure_requested", "<script>", "x" * 500])
def test_an_unknown_kind_shows_every_event_with_a_message(world, client, value):
    client.force_login(world.manajer)
    response = client.get(detail(world.case_a), {"jenis": value})
    assert response.status_code == 200
    assert len(shown_kinds(response)) == world.case_a.events.count()
    html = response.content.decode()
    assert 'id="timeline-family-unknown"' in html and "<script>" not in html.split('id="timeline-family-unknown"')[1]


@pytest.mark.parametrize("username", ["manajer_lain", "penghubung", "pimpinan", "operator", "admin"])
def test_outsiders_get_404_with_or_without_the_filter(world, client, username):
    client.force_login(world.users[username])
    assert client.get(detail(world.case_a), {"jenis": "tim"}).status_code == 404
    assert client.get(detail(world.case_a), {"jenis": "tim"}, **HTMX).status_code == 404


def test_the_timeline_runs_a_fixed_number_of_queries_with_200_events(world, client):
    client.force_login(world.kepala)

    def counted(params: dict[str, str], **extra: str) -> int:
        with max_queries(12) as captured:
            assert client.get(detail(world.case_a), params, **extra).status_code == 200
        return len([q for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]])

    few = [counted({}), counted({"jenis": "penutupan"}), counted({"jenis": "tim"}, **HTMX)]
    add_events(world.case_a, [EventKind.CLOSURE_REQUESTED, EventKind.TEAM_ADDED], times=100)
    assert world.case_a.events.count() > 200
    many = [counted({}), counted({"jenis": "penutupan"}), counted({"jenis": "tim"}, **HTMX)]
    assert many == few
    response = client.get(detail(world.case_a), {"jenis": "penutupan"})
    assert len(shown_kinds(response)) == 100


def test_what_was_done_on_another_day_shows_that_day_then_when_it_was_recorded(world, client):
    """A session held on one day and typed in on a later one reads as held that day; an event
    recorded the day it happened shows its time alone, as before."""
    held = timezone.localdate() - timedelta(days=3)
    CaseEvent.objects.create(case=world.case_a, kind=EventKind.PSYCH_SESSION, data={"date": held.isoformat()})
    CaseEvent.objects.create(
        case=world.case_a, kind=EventKind.OUTREACH_VISIT, data={"visited_on": timezone.localdate().isoformat()}
    )
    client.force_login(world.manajer)
    html = client.get(detail(world.case_a)).content.decode()
    session = html[html.index(f'data-kind="{EventKind.PSYCH_SESSION}"') :]
    session = session[: session.index("</li>")]
    assert (
        f'<time datetime="{held.isoformat()}">{date_format(held, "DATE_FORMAT")}</time>&nbsp;· tercatat <time'
        in session
    )
    visit = html[html.index(f'data-kind="{EventKind.OUTREACH_VISIT}"') :]
    assert "tercatat" not in visit[: visit.index("</li>")]


def test_a_consent_and_a_health_request_show_the_day_they_were_given_and_asked(world, client):
    """Both are recorded with their day (given_on, requested_on), which their events keep as
    ``date``: typed in later, they read as given and asked that day."""
    from cases.models import HealthServiceKind, LegalBasis, PersonRole
    from cases.services import consent_record, health_service_record
    from uptdppa.accounts.models import Organisation

    victim = world.case_a.people.get(role=PersonRole.VICTIM)
    given, asked = timezone.localdate() - timedelta(days=5), timezone.localdate() - timedelta(days=2)
    consent_record(actor=world.manajer, victim=victim, basis=LegalBasis.CONSENT, given_on=given, consent_given_by="Ibu")
    health_service_record(
        actor=world.manajer,
        victim=victim,
        kind=HealthServiceKind.VISUM,
        requested_on=asked,
        facility=Organisation.objects.get(name="RS Bhayangkara Jambi"),
    )
    client.force_login(world.manajer)
    html = client.get(detail(world.case_a)).content.decode()
    for kind, day in ((EventKind.CONSENT_RECORDED, given), (EventKind.HEALTH_SERVICE_REQUESTED, asked)):
        item = html[html.index(f'data-kind="{kind}"') :]
        item = item[: item.index("</li>")]
        assert f'<time datetime="{day.isoformat()}">{date_format(day, "DATE_FORMAT")}</time>&nbsp;· tercatat' in item
