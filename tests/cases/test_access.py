"""The access pattern: rules predicates, visible_to() querysets and 404 outside scope."""

from __future__ import annotations

import pytest
from django.urls import reverse
from knox.models import AuthToken

from cases.access import cases_visible_to, people_visible_to
from cases.models import Case, Person
from tests.conftest import max_queries

pytestmark = pytest.mark.django_db

# Which of the world's complaints and cases each user may see (docs/architecture.md#roles-and-access, cases/access.py).
EXPECTED = {
    "admin": set(),
    "kepala": {"case_a", "case_b", "intake_c", "intake_d"},
    "pengaduan": {"intake_c", "intake_d"},
    "pengaduan_lain": {"intake_c"},
    "manajer": {"case_a"},
    "manajer_lain": set(),
    "psikolog": {"case_a"},
    "hukum": {"case_a"},
    "operator": set(),
    "penghubung": set(),
    "pimpinan": set(),
    "dpo": set(),  # the data protection officer sees no case content
}
ALL_CASES = ("case_a", "case_b", "intake_c", "intake_d")


def test_every_role_of_the_world_is_in_the_table(world):
    assert set(world.users) == set(EXPECTED)


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_predicate_and_queryset_agree_with_the_table(world, username):
    user = world.users[username]
    cases = {name: getattr(world, name) for name in ALL_CASES}
    by_predicate = {name for name, case in cases.items() if user.has_perm("cases.view_case", case)}
    by_queryset = {name for name, case in cases.items() if cases_visible_to(user).filter(pk=case.pk).exists()}
    assert by_predicate == by_queryset == EXPECTED[username]
    people = {p.pk for p in Person.objects.all() if user.has_perm("cases.view_person", p)}
    assert people == set(people_visible_to(user).values_list("pk", flat=True))


def test_a_deactivated_user_sees_nothing(world):
    world.kepala.is_active = False
    assert not world.kepala.has_perm("cases.view_case", world.case_a)
    assert not cases_visible_to(world.kepala).exists()


def test_leaving_the_team_removes_access(world):
    world.case_a.team.filter(user=world.manajer).delete()
    assert not world.manajer.has_perm("cases.view_case", world.case_a)
    assert not cases_visible_to(world.manajer).exists()


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_case_page_answers_200_inside_scope_and_404_outside(world, client, username):
    client.force_login(world.users[username])
    for name in ALL_CASES:
        response = client.get(reverse("cases:detail", args=[getattr(world, name).code]))
        assert response.status_code == (200 if name in EXPECTED[username] else 404), name


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_case_api_answers_200_inside_scope_and_404_outside(world, client, username):
    _, token = AuthToken.objects.create(user=world.users[username])
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"}
    for name in ALL_CASES:
        response = client.get(f"/api/v1/cases/{getattr(world, name).code}/", **headers)
        assert response.status_code == (200 if name in EXPECTED[username] else 404), name
        if response.status_code == 404:
            assert response.json()["code"] == "not_found"
    listed = client.get("/api/v1/cases/", **headers)
    if username == "penghubung":  # a liaison's token reaches their inbox only (uptdppa/permissions.py)
        assert listed.status_code == 404
        return
    if not world.users[username].has_perm("cases.view_worklist"):  # admin, operator, pimpinan
        assert listed.status_code == 403 and not EXPECTED[username]
        return
    assert {item["code"] for item in listed.json()["results"]} == {
        str(getattr(world, name).code) for name in EXPECTED[username]
    }


def test_an_unknown_code_is_a_404_like_a_forbidden_one(world, client):
    import uuid

    client.force_login(world.kepala)
    assert client.get(reverse("cases:detail", args=[uuid.uuid4()])).status_code == 404


def test_anonymous_visitors_are_sent_to_login(world, client):
    response = client.get(reverse("cases:detail", args=[world.case_a.code]))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert client.get(f"/api/v1/cases/{world.case_a.code}/").status_code in (401, 403)


def test_case_list_shows_only_visible_cases(world, client):
    client.force_login(world.manajer)
    page = client.get(reverse("cases:list")).context["page"]
    assert [c.pk for c in page.object_list] == [world.case_a.pk]
    client.force_login(world.pengaduan)
    page = client.get(reverse("cases:list")).context["page"]
    assert {c.pk for c in page.object_list} == {world.intake_c.pk, world.intake_d.pk}


def test_case_detail_query_count_does_not_grow_with_the_team(world, client):
    client.force_login(world.kepala)
    with max_queries(12):
        client.get(reverse("cases:detail", args=[world.case_a.code]))


def test_no_case_model_is_editable_in_the_admin_site(world, client):
    client.force_login(world.admin)
    index = client.get(reverse("admin:index")).content.decode()
    assert "/admin/cases/region/" in index
    assert "/admin/cases/case/" not in index and "/admin/cases/person/" not in index
    assert Case._meta.label not in index


def test_case_list_query_count_does_not_grow_with_the_cases(world, client):
    from tests.factories import CaseFactory

    for _ in range(30):
        CaseFactory(created_by=world.pengaduan)
    client.force_login(world.kepala)
    with max_queries(8):
        assert client.get(reverse("cases:list")).status_code == 200
