"""Staff forms on a case: people (with search before create), team, police report, SIMFONI number."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseTeamMember, PerpetratorRelation, Person, PersonRole, TeamRole
from cases.services import perpetrator_relation_set
from cases.vocabularies import Relation, Sex, ViolenceForm
from tests.factories import PersonFactory, UserFactory, fake_nik
from uptdppa.accounts.models import Notification, Role

pytestmark = pytest.mark.django_db


def url(name: str, case: object, *args: object) -> str:
    return reverse(f"cases:{name}", args=[case.code, *args])  # type: ignore[attr-defined]


def victim(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "role": PersonRole.VICTIM,
        "full_name": "Putri Ayu Lestari",
        "birth_date": "2014-03-05",
        "sex": Sex.PEREMPUAN,
        "nik": fake_nik(female=True, birth_date=date(2014, 3, 5)),
        "phone": "0812-1111-2222",
        "education": "sd",
        "disability": "tidak",
        "violence_forms": [ViolenceForm.FISIK, ViolenceForm.PSIKIS],
        "protection_categories": ["i"],
    }
    data.update(overrides)
    return data


def newest(case: object) -> Person:
    return case.people.order_by("-pk").first()  # type: ignore[attr-defined,no-any-return]


def messages_of(response: object) -> list[str]:
    return [m.level_tag for m in get_messages(response.wsgi_request)]  # type: ignore[attr-defined]


# --- People ---------------------------------------------------------------------------------------


def test_the_person_form_asks_for_matches_while_typing(world, client):
    client.force_login(world.pengaduan)
    response = client.get(url("person-add", world.intake_c))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('hx-get="' + url("person-matches", world.intake_c) + '"') == 4
    assert 'hx-trigger="keyup changed delay:500ms"' in html and 'id="person-matches"' in html
    assert 'name="violence_forms"' in html and 'name="protection_categories"' in html


def test_an_intake_officer_records_a_child_victim_with_violence_forms_and_categories(world, client):
    client.force_login(world.pengaduan)
    response = client.post(url("person-add", world.intake_c), victim())
    assert response.status_code == 302 and response["Location"] == url("detail", world.intake_c)
    person = newest(world.intake_c)
    assert person.birth_date == date(2014, 3, 5)
    assert person.role == PersonRole.VICTIM and person.is_child and person.phone == "+6281211112222"
    assert sorted(r.form for r in person.violence_forms.all()) == ["fisik", "psikis"]
    assert [r.category for r in person.protection_categories.all()] == ["i"]
    assert messages_of(response) == ["success"]


def test_save_and_add_another_returns_to_an_empty_form(world, client):
    client.force_login(world.pengaduan)
    response = client.post(url("person-add", world.intake_c), {**victim(), "add_another": "1"})
    assert response["Location"] == url("person-add", world.intake_c)


def test_a_nik_that_disagrees_with_the_birth_date_warns_but_saves(world, client):
    client.force_login(world.pengaduan)
    nik = fake_nik(female=True, birth_date=date(2010, 1, 1))
    response = client.post(url("person-add", world.intake_c), victim(nik=nik), follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["success", "warning"]
    assert 'role="alert"' in response.content.decode()
    assert newest(world.intake_c).nik == nik


def test_a_malformed_nik_is_an_error_on_the_nik_and_keeps_what_was_typed(world, client):
    client.force_login(world.pengaduan)
    before = Person.objects.count()
    response = client.post(url("person-add", world.intake_c), victim(nik="1234"))
    assert response.status_code == 200 and list(response.context["form"].errors) == ["nik"]
    html = " ".join(response.content.decode().split())
    assert "Putri Ayu Lestari" in html and 'value="1234"' in html
    assert 'value="fisik" id="id_violence_forms_0" checked' in html
    assert Person.objects.count() == before


def test_a_birth_date_in_the_future_is_refused(world, client):
    client.force_login(world.pengaduan)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(url("person-add", world.intake_c), victim(birth_date=tomorrow, nik=""))
    assert list(response.context["form"].errors) == ["birth_date"]


def test_a_birth_date_and_an_estimated_age_together_are_refused(world, client):
    client.force_login(world.pengaduan)
    response = client.post(url("person-add", world.intake_c), victim(estimated_age="9"))
    assert list(response.context["form"].errors) == ["estimated_age"]


def test_protection_categories_are_refused_for_an_adult_victim(world, client):
    client.force_login(world.pengaduan)
    response = client.post(url("person-add", world.intake_c), victim(birth_date="", nik="", estimated_age="30"))
    assert list(response.context["form"].errors) == ["protection_categories"]


def test_an_unknown_perpetrator_is_recorded_with_the_relation_to_each_victim(world, client):
    first = world.intake_c.people.get()
    second = PersonFactory(case=world.intake_c)
    client.force_login(world.pengaduan)
    form_html = client.get(url("person-add", world.intake_c) + "?role=terlapor").content.decode()
    assert f'name="relation_{first.code.hex}"' in form_html and f'name="relation_{second.code.hex}"' in form_html
    data = {
        "role": PersonRole.PERPETRATOR,
        "is_unknown": "on",
        "sex": Sex.TIDAK_DIKETAHUI,
        f"relation_{first.code.hex}": Relation.TIDAK_DIKENAL,
        f"relation_{second.code.hex}": "",
        # Filled in while "victim" was chosen, then hidden: it does not apply to a perpetrator.
        "violence_forms": [ViolenceForm.SEKSUAL],
    }
    assert client.post(url("person-add", world.intake_c), data).status_code == 302
    perpetrator = world.intake_c.people.get(role=PersonRole.PERPETRATOR)
    assert perpetrator.is_unknown and not perpetrator.violence_forms.exists()
    assert list(PerpetratorRelation.objects.values_list("victim", "perpetrator", "relation")) == [
        (first.pk, perpetrator.pk, Relation.TIDAK_DIKENAL)
    ]


def test_editing_a_victim_shows_and_changes_the_relation_to_each_perpetrator(world, client):
    case = world.case_a
    person = case.people.get()
    perpetrator = PersonFactory(case=case, role=PersonRole.PERPETRATOR)
    perpetrator_relation_set(actor=None, victim=person, perpetrator=perpetrator, relation=Relation.AYAH_TIRI)
    client.force_login(world.manajer)
    edit_url = url("person-edit", case, person.code)
    form = client.get(edit_url).context["form"]
    assert form[f"relation_{perpetrator.code.hex}"].value() == Relation.AYAH_TIRI
    assert form["full_name"].value() == person.full_name and form.fields["role"].disabled
    data = {
        "role": PersonRole.PERPETRATOR,
        "full_name": "Nama Baru",
        f"relation_{perpetrator.code.hex}": "ayah_kandung",
    }
    assert client.post(edit_url, data).status_code == 302
    person.refresh_from_db()
    assert person.role == PersonRole.VICTIM and person.full_name == "Nama Baru"
    assert PerpetratorRelation.objects.get(victim=person).relation == Relation.AYAH_KANDUNG


def test_an_empty_person_form_records_nobody_and_says_what_to_fill_in(world, client):
    """A slip of the finger on "Simpan" left a blank victim that cannot be removed."""
    client.force_login(world.manajer)
    people = world.case_a.people.count()
    response = client.post(url("person-add", world.case_a), {"role": PersonRole.VICTIM})
    assert response.status_code == 200
    assert "Belum ada yang dicatat tentang orang ini" in response.content.decode()
    assert world.case_a.people.count() == people
    # An alleged perpetrator nobody knows is recorded as such; a victim with only an age is a person.
    for data in (
        {"role": PersonRole.PERPETRATOR, "is_unknown": "on"},
        {"role": PersonRole.VICTIM, "estimated_age": "9"},
    ):
        assert client.post(url("person-add", world.case_a), data).status_code == 302
    assert world.case_a.people.count() == people + 2


def test_a_person_of_another_case_is_not_found(world, client):
    other = world.case_b.people.get()
    client.force_login(world.kepala)
    assert client.get(url("person-edit", world.case_b, other.code)).status_code == 200  # under its own case
    assert client.get(url("person-edit", world.case_a, other.code)).status_code == 404


@pytest.mark.parametrize(
    ("username", "case_name", "status"),
    [
        ("manajer_lain", "case_a", 404),
        ("pengaduan", "case_a", 404),
        ("operator", "case_a", 404),
        ("pengaduan", "intake_d", 403),
        ("manajer", "case_a", 200),
        ("kepala", "case_b", 200),
    ],
)
def test_people_are_recorded_by_those_who_may(world, client, username, case_name, status):
    client.force_login(world.users[username])
    case = getattr(world, case_name)
    assert client.get(url("person-add", case)).status_code == status
    assert client.get(url("person-matches", case) + "?nik=1").status_code == status


# --- Search before create ----------------------------------------------------------------------------


def test_matches_show_visible_cases_and_only_a_sentence_for_hidden_ones(world, client):
    hidden = world.case_a.people.get()  # case_a is a registered case the intake officer cannot see
    visible = world.intake_d.people.get()  # a complaint the officer registered, ended at intake
    client.force_login(world.pengaduan)
    response = client.get(url("person-matches", world.intake_c), {"nik": visible.nik, "phone": hidden.phone})
    assert response.status_code == 200
    html = response.content.decode()
    assert url("detail", world.intake_d) in html and visible.full_name in html
    assert response.context["matches"].hidden_exists is True
    assert hidden.full_name not in html and str(world.case_a.code)[:8] not in html
    assert world.case_a.register_number not in html and hidden.nik not in html


def test_a_hidden_match_alone_names_nothing(world, client):
    hidden = world.case_b.people.get()
    client.force_login(world.pengaduan)
    response = client.get(url("person-matches", world.intake_c), {"full_name": hidden.full_name})
    html = response.content.decode()
    assert response.context["matches"].visible == [] and 'role="status"' in html
    assert world.case_b.register_number not in html and hidden.full_name not in html and "<a " not in html


def test_the_search_is_logged_without_its_terms(world, client):
    visible = world.intake_d.people.get()
    client.force_login(world.pengaduan)
    client.get(url("person-matches", world.intake_c), {"nik": visible.nik})
    entry = LogEntry.objects.filter(object_pk=str(visible.pk), action=LogEntry.Action.ACCESS).latest("pk")
    assert entry.additional_data["search"] == "person_match"
    assert not LogEntry.objects.filter(additional_data__icontains=visible.nik).exists()


def test_no_terms_no_search(world, client):
    client.force_login(world.pengaduan)
    response = client.get(url("person-matches", world.intake_c), {"birth_date": "2014-03-05"})
    assert response.status_code == 200 and response.context["matches"] is None


# --- Team -------------------------------------------------------------------------------------------


def test_the_head_assigns_a_team_and_each_assignee_is_notified(world, client):
    extra = UserFactory(role=Role.PSIKOLOG)
    client.force_login(world.kepala)
    assert client.get(url("team", world.case_b)).status_code == 200
    data = {"case_manager": world.manajer_lain.pk, "psychologist": world.psikolog.pk, "others": [extra.pk]}
    response = client.post(url("team", world.case_b), data)
    assert response.status_code == 302
    team = {(m.user, m.team_role) for m in world.case_b.team.all()}
    assert team == {
        (world.manajer_lain, TeamRole.MANAJER_KASUS),
        (world.psikolog, TeamRole.PSIKOLOG),
        (extra, TeamRole.PENDAMPING),
    }
    for user in (world.manajer_lain, world.psikolog, extra):
        assert Notification.objects.filter(recipient=user, url=url("detail", world.case_b)).exists()


def test_a_new_case_manager_replaces_the_current_one(world, client):
    client.force_login(world.kepala)
    form = client.get(url("team", world.case_a)).context["form"]
    assert form["case_manager"].value() == world.manajer.pk
    data = {"case_manager": world.manajer_lain.pk, "psychologist": world.psikolog.pk, "legal_advisor": world.hukum.pk}
    assert client.post(url("team", world.case_a), data).status_code == 302
    managers = world.case_a.team.filter(team_role=TeamRole.MANAJER_KASUS)
    assert [m.user for m in managers] == [world.manajer_lain]
    assert world.case_a.team.count() == 3  # the others stayed, once each


def test_a_refused_addition_leaves_the_team_as_it_was(world, client):
    client.force_login(world.kepala)
    before = Notification.objects.count()
    # The psychologist is already on the team of case_a in their own place.
    data = {"legal_advisor": "", "others": [world.manajer_lain.pk, world.psikolog.pk]}
    response = client.post(url("team", world.case_a), data)
    assert response.status_code == 200 and list(response.context["form"].errors) == ["others"]
    assert not world.case_a.team.filter(user=world.manajer_lain).exists()
    assert Notification.objects.count() == before


def test_a_team_member_is_removed_by_post_only(world, client):
    member = world.case_a.team.get(user=world.psikolog)
    client.force_login(world.kepala)
    remove_url = url("team-remove", world.case_a, member.user.code)
    assert client.get(remove_url).status_code == 405
    assert client.post(remove_url)["Location"] == url("team", world.case_a)
    assert not CaseTeamMember.objects.filter(pk=member.pk).exists()
    assert client.post(remove_url).status_code == 404


def test_a_member_of_another_case_cannot_be_removed_through_this_one(world, client):
    member = world.case_a.team.get(user=world.psikolog)
    client.force_login(world.kepala)
    assert client.post(url("team-remove", world.case_b, member.user.code)).status_code == 404
    assert CaseTeamMember.objects.filter(pk=member.pk).exists()


@pytest.mark.parametrize(
    ("username", "case_name", "status"),
    [
        ("manajer", "case_a", 403),
        ("operator", "case_a", 404),
        ("pengaduan", "intake_d", 403),
        ("pengaduan", "case_a", 404),
        ("manajer_lain", "case_a", 404),
    ],
)
def test_only_the_head_assigns_the_team(world, client, username, case_name, status):
    member = world.case_a.team.get(user=world.psikolog)
    client.force_login(world.users[username])
    case = getattr(world, case_name)
    assert client.get(url("team", case)).status_code == status
    assert client.post(url("team-remove", case, member.user.code)).status_code == status
    assert CaseTeamMember.objects.filter(pk=member.pk).exists()


# --- Police report and SIMFONI number ---------------------------------------------------------------


def test_the_police_report_stops_the_sexual_violence_clock(world, client):
    PersonFactory(case=world.case_a, violence_forms=[ViolenceForm.SEKSUAL])
    world.case_a.refresh_from_db()
    assert world.case_a.police_report_due_at is not None
    client.force_login(world.hukum)
    data = {"number": "LP/B/123/V/2026/SPKT", "report_date": timezone.localdate().isoformat(), "unit": "Polresta"}
    response = client.post(url("police-report", world.case_a), data)
    assert response.status_code == 302
    world.case_a.refresh_from_db()
    assert world.case_a.police_report_number == "LP/B/123/V/2026/SPKT" and world.case_a.police_report_due_at is None
    # Recorded, the case page offers to change it, not to record it again.
    html = client.get(reverse("cases:detail", args=[world.case_a.code])).content.decode()
    assert "Ubah Laporan Polisi" in html and "Catat Laporan Polisi" not in html


def test_a_police_report_dated_in_the_future_is_refused(world, client):
    client.force_login(world.manajer)
    later = (timezone.localdate() + timedelta(days=2)).isoformat()
    response = client.post(url("police-report", world.case_a), {"number": "LP/1", "report_date": later})
    assert response.status_code == 200 and list(response.context["form"].errors) == ["report_date"]
    assert 'value="LP/1"' in response.content.decode()


def test_a_police_report_needs_its_number(world, client):
    client.force_login(world.kepala)
    response = client.post(url("police-report", world.case_a), {"report_date": timezone.localdate().isoformat()})
    assert list(response.context["form"].errors) == ["number"]


@pytest.mark.parametrize(("username", "status"), [("psikolog", 403), ("operator", 404), ("manajer_lain", 404)])
def test_the_police_report_is_for_the_head_the_case_manager_and_the_legal_advisor(world, client, username, status):
    client.force_login(world.users[username])
    assert client.get(url("police-report", world.case_a)).status_code == status


def test_the_head_records_the_simfoni_number(world, client):
    client.force_login(world.kepala)
    assert client.get(url("registry", world.case_b)).status_code == 200
    response = client.post(url("registry", world.case_b), {"simfoni_number": " S-2026-0042 "})
    assert response.status_code == 302
    world.case_b.refresh_from_db()
    assert world.case_b.simfoni_number == "S-2026-0042"


@pytest.mark.parametrize(
    ("username", "status"), [("manajer", 403), ("hukum", 403), ("pengaduan", 404), ("operator", 404)]
)
def test_the_simfoni_number_is_for_the_head(world, client, username, status):
    client.force_login(world.users[username])
    assert client.get(url("registry", world.case_a)).status_code == status
