from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from knox.models import AuthToken

from tests.conftest import PASSWORD
from uptdppa.accounts import services
from uptdppa.accounts.models import Organisation, Role, User

pytestmark = pytest.mark.django_db


def test_deactivation_ends_sessions_and_tokens(world, client):
    client.force_login(world.manajer)
    other = type(client)()
    other.force_login(world.psikolog)
    AuthToken.objects.create(user=world.manajer)
    AuthToken.objects.create(user=world.psikolog)

    services.user_deactivate(user=world.manajer)

    assert not User.objects.get(pk=world.manajer.pk).is_active
    assert client.get("/").status_code == 302  # back to the login page
    assert other.get("/").status_code == 200  # other users keep theirs
    assert not AuthToken.objects.filter(user=world.manajer).exists()
    assert AuthToken.objects.filter(user=world.psikolog).exists()
    assert Session.objects.count() == 1


def test_a_new_role_changes_admin_screen_access(world):
    services.user_set_role(user=world.operator, role=Role.ADMIN)
    assert world.operator.is_staff and not world.operator.is_superuser
    services.user_set_role(user=world.operator, role=Role.OPERATOR_DATA)
    assert not world.operator.is_staff


def test_unit_roles_must_belong_to_the_unit(world):
    dinsos = Organisation.objects.get(name="Dinas Sosial Kota Jambi")
    with pytest.raises(ValidationError) as err:
        services.user_create(username="x", role=Role.MANAJER_KASUS, organisation=dinsos)
    assert "organisation" in err.value.message_dict


def test_a_liaison_cannot_belong_to_the_unit(world):
    with pytest.raises(ValidationError):
        services.user_set_role(user=world.manajer, role=Role.PENGHUBUNG_OPD)


def test_there_are_no_superusers(db):
    with pytest.raises(ValidationError):
        User.objects.create_superuser("root", "root@example.org", "x" * 20)


def test_an_account_without_password_cannot_log_in(world):
    user = services.user_create(username="baru", role=Role.PSIKOLOG, organisation=world.manajer.organisation)
    assert not user.has_usable_password()


def test_admin_can_create_deactivate_and_re_role_users_in_the_admin_site(world, client):
    client.force_login(world.admin)
    unit = world.manajer.organisation
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "petugas_baru",
            "role": Role.PETUGAS_PENGADUAN,
            "organisation": unit.pk,
            "usable_password": "true",
            "password1": "kata-sandi-yang-kuat-2026",
            "password2": "kata-sandi-yang-kuat-2026",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = User.objects.get(username="petugas_baru")
    assert created.role == Role.PETUGAS_PENGADUAN and not created.is_staff

    AuthToken.objects.create(user=world.manajer)
    response = client.post(
        "/admin/accounts/user/",
        {"action": "deactivate", "_selected_action": [world.manajer.pk]},
    )
    assert response.status_code == 302
    assert not User.objects.get(pk=world.manajer.pk).is_active
    assert not AuthToken.objects.filter(user=world.manajer).exists()


@pytest.mark.parametrize("role", ["kepala", "manajer", "pimpinan", "penghubung"])
def test_only_the_admin_reaches_the_admin_site(world, client, role):
    client.force_login(getattr(world, role))
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    # Django's own admin login form (no second factor) is never offered, even to sign in as the admin.
    credentials = {"username": "admin", "password": PASSWORD, "next": "/admin/"}
    assert client.post("/admin/login/", credentials).status_code == 403
    assert client.get("/", follow=True).context["user"] == getattr(world, role)


def test_the_admin_site_sends_visitors_to_the_real_login(db, client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/?next=")
    assert client.post("/admin/login/", {"username": "admin", "password": "x"}).status_code == 302


def test_the_admin_cannot_delete_users(world, client):
    client.force_login(world.admin)
    assert client.get(f"/admin/accounts/user/{world.manajer.pk}/delete/").status_code == 403
