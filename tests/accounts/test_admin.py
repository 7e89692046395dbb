"""The user admin: only superusers hand out staff or superuser rights."""

import pytest
from django.urls import reverse

from accounts.models import User
from tests.accounts.factories import UserFactory


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, name="Sanne NVP")


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True, name="Beheer NVP")


@pytest.fixture
def someone(db):
    return UserFactory(name="Piet Deelnemer")


def change_form_data(user, **overrides):
    data = {
        "email": user.email,
        "name": user.name,
        "is_active": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "12:00:00",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_staff_cannot_make_anyone_a_superuser_in_the_admin(client, staff, someone):
    client.force_login(staff)
    url = reverse("admin:accounts_user_change", args=[someone.pk])

    client.post(url, change_form_data(someone, is_superuser="on", is_staff="on"))

    someone.refresh_from_db()
    assert not someone.is_superuser
    assert not someone.is_staff


def test_staff_cannot_make_themselves_a_superuser_in_the_admin(client, staff):
    client.force_login(staff)
    url = reverse("admin:accounts_user_change", args=[staff.pk])

    client.post(url, change_form_data(staff, is_superuser="on", is_staff="on"))

    staff.refresh_from_db()
    assert not staff.is_superuser


def test_staff_can_still_change_a_users_name_in_the_admin(client, staff, someone):
    client.force_login(staff)
    url = reverse("admin:accounts_user_change", args=[someone.pk])

    response = client.post(url, change_form_data(someone, name="Piet Pleeg"))

    assert response.status_code == 302
    someone.refresh_from_db()
    assert someone.name == "Piet Pleeg"


def test_staff_sees_the_rights_fields_read_only(client, staff, someone):
    client.force_login(staff)

    response = client.get(reverse("admin:accounts_user_change", args=[someone.pk]))

    form_fields = response.context["adminform"].form.fields
    for field in ("is_staff", "is_superuser", "groups", "user_permissions"):
        assert field not in form_fields, field
    assert "name" in form_fields


def test_staff_cannot_change_a_superuser_in_the_admin(client, staff, superuser):
    client.force_login(staff)
    url = reverse("admin:accounts_user_change", args=[superuser.pk])

    response = client.post(
        url, change_form_data(superuser, email="overgenomen@example.org")
    )

    assert response.status_code == 403
    superuser.refresh_from_db()
    assert superuser.email != "overgenomen@example.org"


def test_staff_cannot_set_a_superusers_password(client, staff, superuser):
    client.force_login(staff)
    url = reverse("admin:auth_user_password_change", args=[superuser.pk])

    response = client.post(
        url,
        {"password1": "overgenomen-42-x", "password2": "overgenomen-42-x"},
    )

    assert response.status_code == 403
    superuser.refresh_from_db()
    assert not superuser.check_password("overgenomen-42-x")


def test_staff_cannot_delete_a_superuser(client, staff, superuser):
    client.force_login(staff)

    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [superuser.pk],
            "post": "yes",
        },
    )

    assert response.status_code == 403
    assert User.objects.filter(pk=superuser.pk).exists()


def test_a_superuser_can_grant_staff_rights_in_the_admin(client, superuser, someone):
    client.force_login(superuser)
    url = reverse("admin:accounts_user_change", args=[someone.pk])

    response = client.post(url, change_form_data(someone, is_staff="on"))

    assert response.status_code == 302
    someone.refresh_from_db()
    assert someone.is_staff
    assert not someone.is_superuser
