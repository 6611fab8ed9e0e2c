""" "My tasks" and the daily digest of overdue tasks (issue 4 item 11)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, ClosureReason, PersonRole, TeamRole
from cases.selectors.tasks import TASK_LABELS, TaskKind, tasks_for_user
from cases.services import (
    case_team_add,
    closure_approve,
    closure_request,
    plan_item_add,
    plan_submit,
    shelter_admit,
)
from cases.tasks import send_overdue_digest
from cases.vocabularies import ServiceType
from tests.conftest import max_queries
from tests.factories import CaseFactory, PersonFactory
from uptdppa.accounts.models import Notification

pytestmark = pytest.mark.django_db

TASKS = reverse("cases:tasks")
SUMMARY = "Korban sudah kembali bersekolah."


@pytest.fixture(autouse=True)
def _no_complaint_awaits_a_response(world) -> None:  # type: ignore[no-untyped-def]
    # The world's complaint awaiting triage has a response clock; tests that need one set it.
    Case.objects.filter(pk=world.intake_c.pk).update(response_due_at=None)


def today():  # type: ignore[no-untyped-def]
    return timezone.localdate()


def plan_item(world, case=None, *, days: int, responsible=None):  # type: ignore[no-untyped-def]
    return plan_item_add(
        actor=world.kepala,
        case=case or world.case_a,
        service=ServiceType.KESEHATAN,
        description="Pemeriksaan kesehatan",
        due_on=today() + timedelta(days=days),
        responsible_user=responsible or world.psikolog,
    )


def police_clock(case: Case, *, hours: float) -> None:
    Case.objects.filter(pk=case.pk).update(police_report_due_at=timezone.now() + timedelta(hours=hours))


def kinds(tasks) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    return [(task.kind, task.case.pk) for task in tasks]


def managed_case_b(world) -> Case:  # type: ignore[no-untyped-def]
    case_team_add(actor=world.kepala, case=world.case_b, user=world.manajer_lain, team_role=TeamRole.MANAJER_KASUS)
    return world.case_b


# --- Who sees what -----------------------------------------------------------------------------------


def test_the_case_manager_sees_plan_items_due_and_the_police_deadline_overdue_first(world):
    later = plan_item(world, days=5)
    plan_item(world, days=30)  # not due in the coming days
    police_clock(world.case_a, hours=-2)
    tasks = tasks_for_user(user=world.manajer)
    assert kinds(tasks) == [(TaskKind.POLICE_REPORT, world.case_a.pk), (TaskKind.PLAN_ITEM, world.case_a.pk)]
    assert tasks[0].overdue and not tasks[1].overdue
    assert tasks[1].due.date() == later.due_on and tasks[1].url == tasks[1].url  # a link of the case


def test_overdue_tasks_come_first_then_by_due_date(world, time_machine):
    plan_item(world, days=3)
    plan_item(world, days=1)
    police_clock(world.case_a, hours=60)
    time_machine.move_to(timezone.now() + timedelta(days=2))
    tasks = tasks_for_user(user=world.manajer)
    assert [t.overdue for t in tasks] == [True, False, False]
    assert [t.kind for t in tasks] == [TaskKind.PLAN_ITEM, TaskKind.POLICE_REPORT, TaskKind.PLAN_ITEM]


def test_the_responsible_staff_member_sees_their_plan_item_and_the_others_on_the_team_do_not(world):
    plan_item(world, days=2, responsible=world.psikolog)
    assert kinds(tasks_for_user(user=world.psikolog)) == [(TaskKind.PLAN_ITEM, world.case_a.pk)]
    assert tasks_for_user(user=world.hukum) == []


def test_a_manager_does_not_see_the_tasks_of_another_managers_cases(world, client):
    case_b = managed_case_b(world)
    plan_item(world, case_b, days=1, responsible=world.manajer_lain)
    police_clock(case_b, hours=-1)
    plan_item(world, days=1)
    assert {t.case.pk for t in tasks_for_user(user=world.manajer)} == {world.case_a.pk}
    assert {t.case.pk for t in tasks_for_user(user=world.manajer_lain)} == {case_b.pk}
    client.force_login(world.manajer)
    html = client.get(TASKS).content.decode()
    assert world.case_a.label in html and case_b.label not in html
    client.force_login(world.manajer_lain)
    html = client.get(TASKS).content.decode()
    assert case_b.label in html and world.case_a.label not in html


def test_only_the_manager_and_the_legal_advisor_get_the_police_deadline(world):
    police_clock(world.case_a, hours=10)
    for user in (world.manajer, world.hukum, world.kepala):
        assert kinds(tasks_for_user(user=user)) == [(TaskKind.POLICE_REPORT, world.case_a.pk)]
    assert tasks_for_user(user=world.psikolog) == []


def test_intake_officers_and_the_head_get_the_response_deadlines_of_complaints(world):
    Case.objects.filter(pk=world.intake_c.pk).update(response_due_at=timezone.now() - timedelta(hours=1))
    for user in (world.pengaduan, world.pengaduan_lain, world.kepala):
        tasks = tasks_for_user(user=user)
        assert kinds(tasks) == [(TaskKind.RESPONSE, world.intake_c.pk)] and tasks[0].overdue
    assert tasks_for_user(user=world.manajer) == []


def test_the_team_sees_a_shelter_stay_from_the_warning_day(world):
    victim = world.case_a.people.get(role=PersonRole.VICTIM)
    shelter_admit(
        actor=world.manajer,
        victim=victim,
        place="RPS",
        admitted_on=today() - timedelta(days=settings.SHELTER_WARNING_DAY),
    )
    other = PersonFactory(case=world.case_a, role=PersonRole.VICTIM)
    shelter_admit(actor=world.manajer, victim=other, place="RPS", admitted_on=today() - timedelta(days=3))
    for user in (world.manajer, world.psikolog, world.hukum, world.kepala):
        tasks = tasks_for_user(user=user)
        assert kinds(tasks) == [(TaskKind.SHELTER, world.case_a.pk)]
        assert not tasks[0].overdue
    assert tasks_for_user(user=world.manajer_lain) == []


def test_the_case_manager_sees_follow_ups_due_and_the_head_sees_approvals_waiting(world, time_machine):
    plan_item(world, case=world.case_b, days=40, responsible=world.kepala)
    plan_submit(actor=world.kepala, plan=world.case_b.plan, made_with_beneficiary=True)
    request = closure_request(actor=world.manajer, case=world.case_a, reason=ClosureReason.NEEDS_MET, summary=SUMMARY)
    head = kinds(tasks_for_user(user=world.kepala))
    assert (TaskKind.PLAN_APPROVAL, world.case_b.pk) in head and (TaskKind.CLOSURE_APPROVAL, world.case_a.pk) in head
    assert tasks_for_user(user=world.manajer) == []
    closure_approve(actor=world.kepala, request=request)
    first = world.case_a.monitoring_follow_ups.order_by("due_on").first()
    time_machine.move_to(timezone.make_aware(datetime.combine(first.due_on + timedelta(days=1), datetime.min.time())))
    tasks = tasks_for_user(user=world.manajer)
    assert kinds(tasks) == [(TaskKind.FOLLOW_UP, world.case_a.pk)] and tasks[0].overdue
    assert (TaskKind.FOLLOW_UP, world.case_a.pk) not in kinds(tasks_for_user(user=world.kepala))


def test_every_kind_of_task_is_narrowed_by_the_case_scope_of_cases_access(world, monkeypatch):
    plan_item(world, case=world.case_b, days=1, responsible=world.kepala)
    plan_submit(actor=world.kepala, plan=world.case_b.plan, made_with_beneficiary=True)
    plan_item(world, days=1, responsible=world.manajer)
    police_clock(world.case_a, hours=-1)
    Case.objects.filter(pk=world.intake_c.pk).update(response_due_at=timezone.now() + timedelta(hours=1))
    victim = world.case_a.people.get(role=PersonRole.VICTIM)
    admitted_on = today() - timedelta(days=settings.SHELTER_WARNING_DAY)
    shelter_admit(actor=world.manajer, victim=victim, place="RPS", admitted_on=admitted_on)
    closed = CaseFactory(created_by=world.pengaduan)
    closure_approve(
        actor=world.kepala,
        request=closure_request(actor=world.kepala, case=closed, reason=ClosureReason.NEEDS_MET, summary=SUMMARY),
    )
    closed.monitoring_follow_ups.update(due_on=today())  # the head's: the case has no manager
    users = (world.kepala, world.manajer, world.pengaduan)
    assert {task.kind for user in users for task in tasks_for_user(user=user)} == set(TASK_LABELS) - {
        TaskKind.CLOSURE_APPROVAL
    }
    # Narrow the scope in cases.access alone: no task is left for anybody, the head included.
    monkeypatch.setattr("cases.selectors.tasks.cases_visible_to", lambda user: Case.objects.none())
    assert [task for user in users for task in tasks_for_user(user=user)] == []


# --- The page ------------------------------------------------------------------------------------------


def test_the_page_shows_each_task_with_its_case_due_date_overdue_badge_and_link(world, client):
    police_clock(world.case_a, hours=-1)
    plan_item(world, days=2)
    client.force_login(world.manajer)
    response = client.get(TASKS)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<tr class="task task-') == 2 and html.count("table-danger") == 1
    assert world.case_a.label in html and 'id="overdue-count"' in html
    assert f'href="{reverse("cases:detail", args=[world.case_a.code])}"' in html


def test_no_tasks_says_so(world, client):
    client.force_login(world.manajer_lain)
    html = client.get(TASKS).content.decode()
    assert 'id="no-tasks"' in html


@pytest.mark.parametrize("username", ["operator", "admin", "penghubung", "pimpinan"])
def test_roles_without_case_work_have_no_tasks_page(world, client, username):
    client.force_login(world.users[username])
    assert client.get(TASKS).status_code == 403
    assert TASKS not in client.get(reverse("home")).content.decode()


def test_the_navigation_offers_my_tasks_to_case_workers(world, client):
    client.force_login(world.manajer)
    assert f'href="{TASKS}"' in client.get(reverse("home")).content.decode()


def test_the_tasks_page_runs_a_fixed_number_of_queries(world, client):
    client.force_login(world.kepala)

    def counted() -> int:
        with max_queries(30) as captured:
            assert client.get(TASKS).status_code == 200
        return len([q for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]])

    police_clock(world.case_a, hours=-1)  # one task: the page logs the cases it shows
    Case.objects.filter(pk=world.intake_c.pk).update(response_due_at=timezone.now())  # and a complaint
    few = counted()
    for _ in range(5):
        case = CaseFactory(created_by=world.pengaduan)
        victim = PersonFactory(case=case)
        case_team_add(actor=world.kepala, case=case, user=world.manajer, team_role=TeamRole.MANAJER_KASUS)
        plan_item(world, case, days=1, responsible=world.kepala)
        plan_item(world, case, days=-1, responsible=world.kepala)
        police_clock(case, hours=-1)
        shelter_admit(actor=world.kepala, victim=victim, place="RPS", admitted_on=today() - timedelta(days=13))
        plan_submit(actor=world.kepala, plan=case.plan, made_with_beneficiary=True)
    assert len(tasks_for_user(user=world.kepala)) >= 25
    assert counted() <= few
    client.force_login(world.manajer)
    with max_queries(few):
        assert client.get(TASKS).status_code == 200


# --- The daily digest ------------------------------------------------------------------------------------


def test_the_digest_is_scheduled_daily_at_07_15_wib():
    entry = settings.CELERY_BEAT_SCHEDULE["send-overdue-digest"]
    assert entry["task"] == "cases.tasks.send_overdue_digest"
    assert entry["schedule"] == crontab(hour=7, minute=15)
    assert settings.CELERY_TIMEZONE == "Asia/Jakarta"


def test_the_digest_notifies_each_user_with_overdue_tasks_once_a_day(
    world, time_machine, django_capture_on_commit_callbacks
):
    police_clock(world.case_a, hours=-1)
    plan_item(world, days=3)  # due, not overdue: not counted
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert send_overdue_digest() == 3  # the head, the manager, the legal advisor
    assert send_overdue_digest() == 0  # run again (or by a second worker): nobody twice
    notes = Notification.objects.filter(key__startswith=f"digest:{today().isoformat()}:")
    assert sorted(n.recipient.username for n in notes) == ["hukum", "kepala", "manajer"]
    for note in notes:
        assert note.params == {"count": 1} and note.url == TASKS
        assert world.case_a.label not in note.message and world.case_a.label not in str(note.params)
    assert len(callbacks) == 3  # an e-mail each, queued with ids only
    time_machine.move_to(timezone.now() + timedelta(days=1))
    assert send_overdue_digest() == 3


def test_the_digest_skips_users_without_overdue_tasks(world):
    plan_item(world, days=1)
    assert send_overdue_digest() == 0
    assert not Notification.objects.filter(key__startswith="digest:").exists()


def test_the_tasks_page_shows_fifty_at_a_time_and_logs_the_cases_shown(world, client, monkeypatch):
    from auditlog.models import LogEntry

    from cases.views import closure

    monkeypatch.setattr(closure, "TASKS_PER_PAGE", 2)
    police_clock(world.case_a, hours=-1)
    plan_item(world, world.case_a, days=1, responsible=world.kepala)
    Case.objects.filter(pk=world.intake_c.pk).update(response_due_at=timezone.now())
    everything = tasks_for_user(user=world.kepala)
    assert len(everything) >= 3
    client.force_login(world.kepala)
    first = client.get(TASKS)
    assert len(first.context["tasks"]) == 2 and first.context["page"].paginator.num_pages >= 2
    assert 'rel="next"' in first.content.decode()
    shown = {task.case.pk for task in first.context["tasks"] if task.case is not None}
    logged = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, additional_data__list="tasks")
    assert {int(pk) for pk in logged.values_list("object_pk", flat=True)} == shown
    assert first.context["overdue"] == sum(1 for task in everything if task.overdue)  # counted over every page
    pages = first.context["page"].paginator.num_pages
    rest = [t for n in range(2, pages + 1) for t in client.get(TASKS, {"page": n}).context["tasks"]]
    assert [(t.kind, t.due) for t in [*first.context["tasks"], *rest]] == [(t.kind, t.due) for t in everything]
