"""Omnitron's sign-in lockouts: Managers see them and lift them; nobody edits them."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADDRESS = "198.51.100.20"
ATTEMPTS = reverse("admin:axes_accessattempt_changelist")


@pytest.fixture
def locked_out(db):
    """The customer "ayse" locked out from ADDRESS by five wrong passwords at the store."""
    UserFactory(username="ayse")
    for _ in range(5):
        Client().post(reverse("login"), {"username": "ayse", "password": "wrong"}, REMOTE_ADDR=ADDRESS)
    return AccessAttempt.objects.get(username="ayse")


@pytest.fixture
def manager_client(client, staff_in):
    client.force_login(staff_in(roles.MANAGER))
    return client


def test_managers_see_who_is_locked_out_from_where_and_until_when(manager_client, locked_out):
    AccessAttempt.objects.create(
        username="mehmet", ip_address="203.0.113.5", user_agent="", failures_since_start=1, get_data="", post_data=""
    )
    page = manager_client.get(ATTEMPTS).content.decode()
    assert "ayse" in page
    assert ADDRESS in page
    assert "mehmet" in page

    locked = manager_client.get(ATTEMPTS, {"locked": "yes"}).content.decode()
    assert "ayse" in locked
    assert "mehmet" not in locked


def test_a_lock_is_no_longer_shown_as_locked_once_its_cool_off_has_passed(manager_client, locked_out):
    AccessAttempt.objects.filter(pk=locked_out.pk).update(attempt_time=timezone.now() - timedelta(minutes=16))

    assert "ayse" not in manager_client.get(ATTEMPTS, {"locked": "yes"}).content.decode()


def test_a_manager_lifts_a_lock_by_deleting_the_attempt_and_the_user_signs_in_at_once(manager_client, locked_out):
    delete = reverse("admin:axes_accessattempt_delete", args=[locked_out.pk])
    assert manager_client.post(delete, {"post": "yes"}).status_code == 302

    customer = Client()
    signed_in = customer.post(reverse("login"), {"username": "ayse", "password": "pw-for-tests"}, REMOTE_ADDR=ADDRESS)
    assert signed_in.status_code == 302
    assert SESSION_KEY in customer.session


def test_lockouts_are_not_added_or_edited_by_hand(manager_client, locked_out):
    change = reverse("admin:axes_accessattempt_change", args=[locked_out.pk])
    manager_client.post(change, {"username": "someone-else", "failures_since_start": 0})

    locked_out.refresh_from_db()
    assert (locked_out.username, locked_out.failures_since_start) == ("ayse", 5)
    assert manager_client.get(reverse("admin:axes_accessattempt_add")).status_code == 403


@pytest.mark.parametrize("role", [roles.VIEWER, roles.OPERATOR, None])
def test_staff_other_than_managers_neither_see_nor_lift_lockouts(client, staff_in, locked_out, role):
    client.force_login(staff_in(role))

    assert client.get(ATTEMPTS).status_code == 403
    assert (
        client.post(reverse("admin:axes_accessattempt_delete", args=[locked_out.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert AccessAttempt.objects.filter(pk=locked_out.pk).exists()


def test_managers_see_the_sign_ins_and_cannot_delete_them(manager_client, customer):
    Client().post(reverse("login"), {"username": customer.username, "password": "pw-for-tests"}, REMOTE_ADDR=ADDRESS)
    entry = AccessLog.objects.get(username=customer.username)

    assert ADDRESS in manager_client.get(reverse("admin:axes_accesslog_changelist")).content.decode()
    assert (
        manager_client.post(reverse("admin:axes_accesslog_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    )


def test_the_lockouts_list_asks_the_same_number_of_queries_for_many_rows(
    manager_client, locked_out, django_assert_max_num_queries
):
    AccessAttempt.objects.bulk_create(
        AccessAttempt(
            username=f"user{n}", ip_address=ADDRESS, user_agent="", failures_since_start=5, get_data="", post_data=""
        )
        for n in range(30)
    )
    with django_assert_max_num_queries(10):
        assert manager_client.get(ATTEMPTS).status_code == 200
