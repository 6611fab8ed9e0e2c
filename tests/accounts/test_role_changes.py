"""Role changes (security review finding 1): nobody changes their own role or active state; a change
to a role that opens case content waits for the head of the unit's approval, in the app or the API,
and every step shows on the audit trail."""

from __future__ import annotations

import pytest
from django.urls import reverse
from knox.models import AuthToken

from uptdppa.accounts.models import Notification, Role, RoleChangeDecision, RoleChangeRequest, User

pytestmark = pytest.mark.django_db


def change_form(user, **changes):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "phone": user.phone,
        "role": user.role,
        "organisation": user.organisation_id,
    }
    return {**data, **changes}


def admin_change(client, user, **changes):
    return client.post(f"/admin/accounts/user/{user.pk}/change/", change_form(user, **changes))


def role_of(user):
    return User.objects.get(pk=user.pk).role


@pytest.fixture
def second_admin(world):
    from tests.factories import UserFactory

    return UserFactory(username="admin_dua", role=Role.ADMIN)


def test_the_admin_cannot_give_itself_the_heads_role(world, client):
    client.force_login(world.admin)

    response = admin_change(client, world.admin, role=Role.KEPALA_UPTD)

    assert response.status_code == 200  # the form again, with the refusal
    assert "Anda tidak dapat mengubah peran akun Anda sendiri." in response.content.decode()
    assert role_of(world.admin) == Role.ADMIN
    assert not RoleChangeRequest.objects.exists()
    assert client.get(reverse("cases:detail", args=[world.case_a.code])).status_code == 404


def test_the_admin_cannot_deactivate_itself(world, client):
    client.force_login(world.admin)

    response = client.post(
        "/admin/accounts/user/", {"action": "deactivate", "_selected_action": [world.admin.pk]}, follow=True
    )

    assert User.objects.get(pk=world.admin.pk).is_active
    assert "Anda tidak dapat menonaktifkan atau mengaktifkan akun Anda sendiri." in response.content.decode()


def test_a_change_to_a_case_role_waits_for_the_heads_approval(world, client, second_admin):
    client.force_login(world.admin)

    response = admin_change(client, second_admin, role=Role.KEPALA_UPTD, first_name="Dua")

    assert response.status_code == 302, response.content.decode()[:3000]
    second_admin.refresh_from_db()
    assert second_admin.role == Role.ADMIN and second_admin.is_staff  # the old role until approved
    assert second_admin.first_name == "Dua"  # the other changes are saved at once
    request = RoleChangeRequest.objects.get(user=second_admin)
    assert (request.from_role, request.to_role, request.decision) == (Role.ADMIN, Role.KEPALA_UPTD, "pending")
    assert request.requested_by == world.admin
    assert Notification.objects.filter(recipient=world.kepala, url=reverse("accounts:role-changes")).exists()

    client.force_login(world.kepala)
    home = client.get(reverse("home")).content.decode()
    assert reverse("accounts:role-changes") in home  # from the head's home page and navigation
    page = client.get(reverse("accounts:role-changes"))
    assert page.status_code == 200 and "admin_dua" in page.content.decode()
    response = client.post(reverse("accounts:role-change-approve", args=[request.code]))

    assert response.status_code == 302
    second_admin.refresh_from_db()
    assert second_admin.role == Role.KEPALA_UPTD and not second_admin.is_staff
    request.refresh_from_db()
    assert request.decision == RoleChangeDecision.APPROVED and request.decided_by == world.kepala


def test_the_head_refuses_a_role_change_with_a_reason(world, client, second_admin):
    client.force_login(world.admin)
    admin_change(client, second_admin, role=Role.PSIKOLOG)
    request = RoleChangeRequest.objects.get(user=second_admin)
    client.force_login(world.kepala)

    response = client.post(reverse("accounts:role-change-refuse", args=[request.code]), {"reason": ""})
    assert response.status_code == 200
    assert "Tuliskan alasan penolakan." in response.content.decode()

    response = client.post(
        reverse("accounts:role-change-refuse", args=[request.code]), {"reason": "Bukan psikolog UPTD."}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.decision == RoleChangeDecision.REFUSED and request.reason == "Bukan psikolog UPTD."
    assert role_of(second_admin) == Role.ADMIN
    assert "Perubahan peran ditolak" in client.get(reverse("accounts:audit")).content.decode()


def test_a_head_cannot_approve_a_change_of_their_own_account(world, client):
    client.force_login(world.admin)
    admin_change(client, world.kepala, role=Role.PSIKOLOG)
    request = RoleChangeRequest.objects.get(user=world.kepala)
    client.force_login(world.kepala)

    response = client.post(reverse("accounts:role-change-approve", args=[request.code]))

    assert response.status_code == 200
    assert "Perubahan peran akun Anda sendiri diputuskan oleh kepala UPTD lain." in response.content.decode()
    assert role_of(world.kepala) == Role.KEPALA_UPTD
    assert RoleChangeRequest.objects.get(pk=request.pk).decision == RoleChangeDecision.PENDING


def test_a_change_to_a_role_without_case_content_applies_at_once(world, client):
    client.force_login(world.admin)

    response = admin_change(client, world.manajer_lain, role=Role.PIMPINAN)

    assert response.status_code == 302
    assert role_of(world.manajer_lain) == Role.PIMPINAN
    assert not RoleChangeRequest.objects.exists()


def test_a_change_to_the_liaison_role_waits_too_as_it_reads_shared_victim_data(world, client):
    client.force_login(world.admin)

    response = admin_change(client, world.pimpinan, role=Role.PENGHUBUNG_OPD)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert role_of(world.pimpinan) == Role.PIMPINAN
    assert RoleChangeRequest.objects.get(user=world.pimpinan).to_role == Role.PENGHUBUNG_OPD


def test_a_new_account_with_a_case_role_stays_inactive_until_the_head_approves(world, client):
    client.force_login(world.admin)
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "psikolog_baru",
            "role": Role.PSIKOLOG,
            "organisation": world.manajer.organisation_id,
            "usable_password": "true",
            "password1": "kata-sandi-yang-kuat-2026",
            "password2": "kata-sandi-yang-kuat-2026",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    created = User.objects.get(username="psikolog_baru")
    assert not created.is_active
    request = RoleChangeRequest.objects.get(user=created)
    assert request.new_account and request.to_role == Role.PSIKOLOG

    # Reactivating it in the admin is no way around the approval.
    response = client.post(
        "/admin/accounts/user/", {"action": "reactivate", "_selected_action": [created.pk]}, follow=True
    )
    assert not User.objects.get(pk=created.pk).is_active
    assert "menunggu persetujuan kepala UPTD" in response.content.decode()

    client.force_login(world.kepala)
    client.post(reverse("accounts:role-change-approve", args=[request.code]))
    created.refresh_from_db()
    assert created.is_active and created.role == Role.PSIKOLOG


def test_every_step_of_a_role_change_shows_on_the_audit_trail(world, client, second_admin):
    client.force_login(world.admin)
    admin_change(client, second_admin, role=Role.OPERATOR_DATA)
    request = RoleChangeRequest.objects.get(user=second_admin)
    client.force_login(world.kepala)
    client.post(reverse("accounts:role-change-approve", args=[request.code]))

    page = client.get(reverse("accounts:audit")).content.decode()

    assert "Perubahan peran diminta: Administrator sistem → Operator data (SIMFONI)" in page
    assert "Perubahan peran disetujui" in page
    assert "Peran diubah: Administrator sistem → Operator data (SIMFONI)" in page


# --- API -----------------------------------------------------------------------------------------


def token_for(user):
    return {"HTTP_AUTHORIZATION": f"Token {AuthToken.objects.create(user=user)[1]}"}


def test_the_head_decides_role_changes_through_the_api(world, client, second_admin):
    client.force_login(world.admin)
    admin_change(client, second_admin, role=Role.MANAJER_KASUS)
    admin_change(client, world.manajer_lain, role=Role.PSIKOLOG)
    first, second = RoleChangeRequest.objects.order_by("requested_at", "pk")
    client.logout()
    head = token_for(world.kepala)

    listed = client.get("/api/v1/role-changes/", **head)
    assert listed.status_code == 200
    assert {row["code"] for row in listed.json()} == {str(first.code), str(second.code)}

    approved = client.post(f"/api/v1/role-changes/{first.code}/approve/", **head)
    assert approved.status_code == 200 and approved.json()["decision"] == "approved"
    assert role_of(second_admin) == Role.MANAJER_KASUS

    refused = client.post(f"/api/v1/role-changes/{second.code}/refuse/", {}, content_type="application/json", **head)
    assert refused.status_code == 400 and set(refused.json()["errors"]) == {"reason"}
    refused = client.post(
        f"/api/v1/role-changes/{second.code}/refuse/",
        {"reason": "Tidak perlu."},
        content_type="application/json",
        **head,
    )
    assert refused.status_code == 200 and refused.json()["decision"] == "refused"
    assert role_of(world.manajer_lain) == Role.MANAJER_KASUS

    again = client.post(f"/api/v1/role-changes/{first.code}/approve/", **head)
    assert again.status_code == 400


@pytest.mark.parametrize("role", ["admin", "manajer", "pimpinan", "penghubung"])
def test_only_the_head_reaches_the_role_changes(world, client, second_admin, role):
    client.force_login(world.admin)
    admin_change(client, second_admin, role=Role.MANAJER_KASUS)
    request = RoleChangeRequest.objects.get()
    user = getattr(world, role)
    client.force_login(user)

    assert client.get(reverse("accounts:role-changes")).status_code == 403
    assert client.post(reverse("accounts:role-change-approve", args=[request.code])).status_code == 404
    client.logout()
    assert client.post(f"/api/v1/role-changes/{request.code}/approve/", **token_for(user)).status_code == 404
    assert role_of(second_admin) == Role.ADMIN


def test_a_head_cannot_approve_their_own_role_change_through_the_api(world, client):
    client.force_login(world.admin)
    admin_change(client, world.kepala, role=Role.MANAJER_KASUS)
    request = RoleChangeRequest.objects.get()
    client.logout()

    response = client.post(f"/api/v1/role-changes/{request.code}/approve/", **token_for(world.kepala))

    assert response.status_code == 400
    assert role_of(world.kepala) == Role.KEPALA_UPTD


def test_the_server_operator_approves_the_first_head_of_a_new_installation(world, client):
    from django.core.management import call_command

    client.force_login(world.admin)
    client.post(
        "/admin/accounts/user/add/",
        {
            "username": "kepala_baru",
            "role": Role.KEPALA_UPTD,
            "organisation": world.manajer.organisation_id,
            "usable_password": "false",
        },
    )
    assert not User.objects.get(username="kepala_baru").is_active

    call_command("approve_role_change", "kepala_baru")

    head = User.objects.get(username="kepala_baru")
    assert head.is_active and head.role == Role.KEPALA_UPTD
    decided = RoleChangeRequest.objects.get(user=head)
    assert decided.decision == RoleChangeDecision.APPROVED and decided.decided_by is None
