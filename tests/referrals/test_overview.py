"""The head's referral overview (issue 5 item 8): figures checked by hand on a small data set,
the same from the page and the API, a fixed number of queries, and 404 for everybody but the
head."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from cases.models import LegalBasis, PersonRole
from cases.services import consent_record
from cases.vocabularies import ServiceType
from referrals.models import Referral, ReferralUrgency, SharedField
from referrals.overview import referral_overview
from referrals.serializers import OverviewOutput
from referrals.services import (
    referral_accept,
    referral_action_add,
    referral_complete,
    referral_create,
    referral_decline,
    referral_revoke,
    referral_send,
)
from tests.conftest import World, max_queries
from tests.factories import UserFactory
from uptdppa.accounts.models import Organisation, Role

pytestmark = pytest.mark.django_db
DONE = {"outcome_code": "service_provided"}  # the outcome as a code (issue 18)

JAKARTA = ZoneInfo("Asia/Jakarta")
PAGE = "/rujukan/ikhtisar/"
API = "/api/v1/referrals/overview/"
TODAY = date(2026, 6, 30)


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=JAKARTA)


def on(day: str, step: Any, **kwargs: Any) -> Any:
    """Run a service as if on ``day`` (10:00 WIB)."""
    with time_machine.travel(at(day), tick=False):
        return step(**kwargs)


def as_user(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def dinsos() -> Organisation:
    return Organisation.objects.get(name="Dinas Sosial Kota Jambi")


@pytest.fixture
def rsud() -> Organisation:
    return Organisation.objects.get(name="RSUD H. Abdul Manap")


class Builder:
    def __init__(self, world: World) -> None:
        self.world = world
        self.victim = world.case_a.people.get(role=PersonRole.VICTIM)
        consent_record(
            actor=world.manajer,
            victim=self.victim,
            basis=LegalBasis.CONSENT,
            given_on=date(2025, 12, 1),
            consent_given_by="Ibu korban",
        )

    def draft(self, day: str, organisation: Organisation, urgency: str = ReferralUrgency.NORMAL) -> Referral:
        return on(  # type: ignore[no-any-return]
            day,
            referral_create,
            actor=self.world.manajer,
            case=self.world.case_a,
            victims=[self.victim],
            organisation=organisation,
            services=[ServiceType.REHABILITASI_SOSIAL],
            reason="Rujukan.",
            urgency=urgency,
            shared_fields=[SharedField.INITIALS],
        )

    def sent(self, day: str, organisation: Organisation, urgency: str = ReferralUrgency.NORMAL) -> Referral:
        return on(day, referral_send, actor=self.world.manajer, referral=self.draft(day, organisation, urgency))  # type: ignore[no-any-return]


@pytest.fixture
def data(world: World, dinsos: Organisation, rsud: Organisation) -> dict[str, Referral]:
    """Dinas Sosial: R1 accepted after 2 days, completed after 10; R2 accepted after 1 day, in
    progress and overdue since 17 March; R3 declined; R4 accepted after 4 days, completed after
    20; a draft (R8, never counted). RSUD: R5 accepted after 3 days then revoked; R6 sent on
    29 June (due 6 July); R7 sent in December 2025 as an emergency (outside this year's period,
    overdue since 21 December)."""
    b = Builder(world)
    liaison = world.penghubung
    rsud_liaison = UserFactory(role=Role.PENGHUBUNG_OPD, organisation=rsud)

    r1 = b.sent("2026-03-02", dinsos)
    on("2026-03-04", referral_accept, actor=liaison, referral=r1)
    on("2026-03-12", referral_complete, actor=liaison, referral=r1, **DONE, outcome="Selesai.")

    r2 = b.sent("2026-03-10", dinsos)  # due 17 March
    on("2026-03-11", referral_accept, actor=liaison, referral=r2)
    on("2026-03-12", referral_action_add, actor=liaison, referral=r2, date=date(2026, 3, 12), action="Kunjungan")

    r3 = b.sent("2026-04-01", dinsos)
    on(
        "2026-04-02",
        referral_decline,
        actor=liaison,
        referral=r3,
        reason_code="not_our_mandate",
        reason="Bukan kewenangan kami.",
    )

    r4 = b.sent("2026-05-01", dinsos)
    on("2026-05-05", referral_accept, actor=liaison, referral=r4)
    on("2026-05-06", referral_action_add, actor=liaison, referral=r4, date=date(2026, 5, 6), action="Asesmen")
    on("2026-05-21", referral_complete, actor=liaison, referral=r4, **DONE, outcome="Selesai.")

    r5 = b.sent("2026-04-10", rsud)
    on("2026-04-13", referral_accept, actor=rsud_liaison, referral=r5)
    on("2026-04-20", referral_revoke, actor=world.manajer, referral=r5, reason="Tidak diperlukan.")

    r6 = b.sent("2026-06-29", rsud)
    r7 = b.sent("2025-12-20", rsud, ReferralUrgency.EMERGENCY)  # due 21 December 2025
    r8 = b.draft("2026-02-01", dinsos)
    return {"r1": r1, "r2": r2, "r3": r3, "r4": r4, "r5": r5, "r6": r6, "r7": r7, "r8": r8}


def counts(**values: int) -> dict[str, int]:
    return {"sent": 0, "accepted": 0, "declined": 0, "in_progress": 0, "completed": 0, "revoked": 0, **values}


def organisation(org: Organisation) -> dict[str, str]:
    return {"code": str(org.code), "name": org.name}


def test_the_figures_of_this_year_match_a_hand_count_on_the_page_and_in_the_api(world, dinsos, rsud, data):
    r2, r7 = data["r2"], data["r7"]
    r2.refresh_from_db()
    r7.refresh_from_db()
    expected = {
        "date_from": "2026-01-01",
        "date_to": "2026-06-30",
        "today": "2026-06-30",
        "organisations": [
            {
                "organisation": organisation(dinsos),
                "counts": counts(declined=1, in_progress=1, completed=2),
                "total": 4,
                "median_days_to_accept": 2.0,  # 2, 1, 4
                "median_days_to_complete": 15.0,  # 10, 20
            },
            {
                "organisation": organisation(rsud),
                "counts": counts(sent=1, revoked=1),
                "total": 2,
                "median_days_to_accept": 3.0,  # accepted, then revoked
                "median_days_to_complete": None,
            },
        ],
        "overall": {
            "counts": counts(sent=1, declined=1, in_progress=1, completed=2, revoked=1),
            "total": 6,
            "median_days_to_accept": 2.5,  # 1, 2, 3, 4
            "median_days_to_complete": 15.0,
        },
        "overdue": [
            {
                "code": str(r7.code),
                "letter_number": r7.letter_number,
                "organisation": organisation(rsud),
                "status": "sent",
                "due_on": "2025-12-21",
                "days_overdue": 191,
            },
            {
                "code": str(r2.code),
                "letter_number": r2.letter_number,
                "organisation": organisation(dinsos),
                "status": "in_progress",
                "due_on": "2026-03-17",
                "days_overdue": 105,
            },
        ],
    }
    head = as_user(world.kepala)
    with time_machine.travel(at("2026-06-30", 12), tick=False):
        api = head.get(API)
        page = head.get(PAGE)
    assert api.status_code == 200, api.content
    assert api.json() == expected
    assert page.status_code == 200
    assert OverviewOutput(page.context["overview"]).data == expected

    html = page.content.decode()
    footer = re.search(r'<tr data-organisation="all".*?</tr>', html, re.S)
    assert footer is not None
    cells = [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", footer.group(0), re.S)]
    assert cells[:7] == ["1", "0", "1", "1", "2", "1", "6"]
    assert cells[7] in ("2,5", "2.5") and cells[8] == "15"
    overdue = re.search(r'<table[^>]*id="overdue-table".*?</table>', html, re.S)
    assert overdue is not None
    rows = re.findall(r'<tr data-referral="([^"]+)">(.*?)</tr>', overdue.group(0), re.S)
    assert [code for code, _ in rows] == [str(r7.code), str(r2.code)]
    assert f'href="/rujukan/{r7.code}/"' in rows[0][1] and r7.letter_number in rows[0][1] and "191" in rows[0][1]
    assert f'href="/rujukan/{r2.code}/"' in rows[1][1] and "105" in rows[1][1]


def test_a_period_counts_the_referrals_sent_in_it_only(world, dinsos, rsud, data):
    head = as_user(world.kepala)
    with time_machine.travel(at("2026-06-30", 12), tick=False):
        api = head.get(API, {"from": "2026-04-01", "to": "2026-04-30"}).json()
        page = head.get(PAGE, {"date_from": "2026-04-01", "date_to": "2026-04-30"})
    assert [(o["organisation"]["name"], o["counts"], o["median_days_to_accept"]) for o in api["organisations"]] == [
        (dinsos.name, counts(declined=1), None),
        (rsud.name, counts(revoked=1), 3.0),
    ]
    assert api["overall"]["total"] == 2 and api["overall"]["median_days_to_complete"] is None
    assert len(api["overdue"]) == 2  # today's list, whatever the period
    assert OverviewOutput(page.context["overview"]).data == api
    # A single day, inclusive; the December 2025 referral only when its year is asked for.
    one_day = referral_overview(date_from=date(2026, 3, 2), date_to=date(2026, 3, 2), today=TODAY)
    assert one_day.overall.total == 1 and one_day.overall.median_days_to_complete == 10.0
    last_year = referral_overview(date_from=date(2025, 1, 1), date_to=date(2025, 12, 31), today=TODAY)
    assert [(f.name, f.counts["sent"]) for f in last_year.organisations] == [(rsud.name, 1)]


def test_an_empty_period_shows_no_table(world):
    head = as_user(world.kepala)
    page = head.get(PAGE, {"date_from": "2020-01-01", "date_to": "2020-12-31"})
    assert page.status_code == 200 and 'id="overview-table"' not in page.content.decode()
    body = head.get(API, {"from": "2020-01-01", "to": "2020-12-31"}).json()
    assert body["organisations"] == [] and body["overall"]["total"] == 0
    assert body["overall"]["median_days_to_accept"] is None


def test_a_bad_period_is_refused_beside_its_field(world):
    head = as_user(world.kepala)
    page = head.get(PAGE, {"date_from": "2026-05-01", "date_to": "2026-04-01"})
    assert page.status_code == 200
    assert page.context["overview"] is None and "date_to" in page.context["form"].errors
    assert 'value="2026-05-01"' in page.content.decode()  # what was typed is kept
    for params, field in (({"from": "2026-05-01", "to": "2026-04-01"}, "to"), ({"from": "kemarin"}, "from")):
        response = head.get(API, params)
        assert response.status_code == 400
        body = response.json()
        assert body["code"] == "invalid" and field in body["errors"]


@pytest.mark.parametrize(
    "name", ["pimpinan", "manajer", "manajer_lain", "penghubung", "admin", "operator", "pengaduan"]
)
def test_everybody_but_the_head_gets_404(world, name):
    client = as_user(getattr(world, name))
    assert client.get(PAGE).status_code == 404
    response = client.get(API)
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_the_overview_needs_a_login(world):
    assert Client().get(PAGE).status_code == 302
    assert Client().get(API).status_code in (401, 403)


def test_only_the_head_has_the_overview_in_the_navigation(world):
    assert f'href="{PAGE}"' in as_user(world.kepala).get("/").content.decode()
    for name in ("manajer", "pimpinan", "penghubung"):
        assert f'href="{PAGE}"' not in as_user(getattr(world, name)).get("/").content.decode()


def test_the_overview_runs_a_fixed_number_of_queries(world, dinsos, rsud):
    b = Builder(world)
    head = as_user(world.kepala)
    liaison = world.penghubung

    def counted(url: str) -> int:
        with max_queries(20) as captured:
            assert head.get(url).status_code == 200
        return len([q for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]])

    def add(day: str) -> None:
        referral = b.sent(day, dinsos)
        on(day, referral_accept, actor=liaison, referral=referral)

    add("2026-02-02")
    few = (counted(PAGE + "?date_from=2026-01-01&date_to=2026-12-31"), counted(API + "?from=2026-01-01"))
    for day in ("2026-02-03", "2026-02-04", "2026-02-05", "2026-02-06"):
        add(day)
    b.sent("2026-02-07", rsud, ReferralUrgency.EMERGENCY)  # overdue by now
    with time_machine.travel(at("2026-03-01"), tick=False):
        assert len(referral_overview(date_from=date(2026, 1, 1), date_to=date(2026, 3, 1)).overdue) >= 1
    many = (counted(PAGE + "?date_from=2026-01-01&date_to=2026-12-31"), counted(API + "?from=2026-01-01"))
    assert many == few
