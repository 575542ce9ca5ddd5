"""SPEC rule 15: a staff session ends after 2 hours idle; customers keep their long session."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False) as traveller:
        yield traveller


def _signed_in(client) -> bool:
    return SESSION_KEY in client.session


def test_an_omnitron_session_ends_after_two_hours_without_a_request(client, owner, clock):
    client.force_login(owner)
    index = reverse("admin:index")
    for _ in range(3):  # each request within the limit keeps the session going
        clock.shift(timedelta(hours=1, minutes=59))
        assert client.get(index).status_code == 200

    clock.shift(timedelta(hours=2, minutes=1))
    response = client.get(index)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert not _signed_in(client)


def test_a_seller_center_session_ends_after_two_hours_without_a_request(client, seller, seller_user, clock):
    client.post(reverse("seller:login"), {"username": seller_user.username, "password": "pw-for-tests"})
    index = reverse("seller:index")
    clock.shift(timedelta(hours=1, minutes=30))
    assert client.get(index).status_code == 200

    clock.shift(timedelta(hours=2, minutes=1))

    assert client.get(index).status_code == 302
    assert not _signed_in(client)


def test_a_customer_session_has_no_idle_limit(customer_client, clock):
    clock.shift(timedelta(days=3))

    assert customer_client.get(reverse("store:order_list")).status_code == 200
    assert _signed_in(customer_client)


@override_settings(STAFF_SESSION_IDLE_SECONDS=600)
def test_the_idle_limit_is_a_setting(client, owner, clock):
    client.force_login(owner)
    clock.shift(timedelta(minutes=9))
    assert client.get(reverse("admin:index")).status_code == 200

    clock.shift(timedelta(minutes=11))

    assert client.get(reverse("admin:index")).status_code == 302


def test_a_staff_session_is_saved_again_at_most_once_a_minute(client, owner, clock):
    client.force_login(owner)
    stored = Session.objects.get(session_key=client.session.session_key)

    clock.shift(timedelta(seconds=30))
    client.get(reverse("admin:index"))
    stored.refresh_from_db()
    assert stored.expire_date == timezone.now() - timedelta(seconds=30) + timedelta(hours=2)

    clock.shift(timedelta(seconds=31))
    client.get(reverse("admin:index"))
    stored.refresh_from_db()
    assert stored.expire_date == timezone.now() + timedelta(hours=2)


@override_settings(SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies")
def test_the_idle_limit_holds_with_a_session_store_that_keeps_no_expiry_of_its_own(client, owner, clock):
    client.force_login(owner)
    assert client.get(reverse("admin:index")).status_code == 200

    clock.shift(timedelta(hours=2, minutes=1))

    assert client.get(reverse("admin:index")).status_code == 302
    assert not _signed_in(client)
