"""SPEC rule 15: 5 failed sign-ins for one username from one address lock it for 15 minutes."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.test import override_settings
from django.urls import reverse

from tests.factories import SellerFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests"
ADDRESS = "198.51.100.20"
LOCKED = "Too many failed sign-ins for this username from your address"


def _customer(username):
    return UserFactory(username=username)


def _omnitron_staff(username):
    return UserFactory(username=username, is_staff=True)


def _seller_staff(username):
    user = UserFactory(username=username)
    SellerFactory(staff=[user])
    return user


FORMS = {"store": ("login", _customer), "omnitron": ("admin:login", _omnitron_staff)}
FORMS["seller-center"] = ("seller:login", _seller_staff)


@pytest.fixture(params=FORMS)
def login_form(request, db):
    """(login URL, a username that may sign in there, how to make another such user)."""
    url_name, make_user = FORMS[request.param]
    make_user("signer")
    return reverse(url_name), "signer", make_user


@pytest.fixture
def clock():
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False) as traveller:
        yield traveller


def _sign_in(client, url, username, password, address=ADDRESS):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def _fail(client, url, username, times, address=ADDRESS):
    for _ in range(times):
        response = _sign_in(client, url, username, "wrong-password", address)
    return response


def _signed_in(client) -> bool:
    return SESSION_KEY in client.session


def test_the_fifth_wrong_password_locks_the_username_with_a_clear_message(client, login_form, clock):
    url, username, _ = login_form
    fourth = _fail(client, url, username, 4)
    assert fourth.status_code == 200
    assert LOCKED not in fourth.content.decode()

    fifth = _fail(client, url, username, 1)

    assert fifth.status_code == 429
    page = fifth.content.decode()
    assert LOCKED in page
    assert "Try again in 15 minutes." in page
    assert 'name="password"' in page  # the login page itself, not a bare error page
    assert "correct username and password" not in page
    assert fifth["Retry-After"] == "900"


def test_the_right_password_is_refused_while_locked(client, login_form, clock):
    url, username, _ = login_form
    _fail(client, url, username, 5)
    clock.shift(timedelta(minutes=10))

    response = _sign_in(client, url, username, PASSWORD)

    assert response.status_code == 429
    assert "Try again in 5 minutes." in response.content.decode()
    assert not _signed_in(client)


def test_attempts_during_the_lock_do_not_extend_it(client, login_form, clock):
    url, username, _ = login_form
    _fail(client, url, username, 5)
    clock.shift(timedelta(minutes=14))
    _fail(client, url, username, 3)
    clock.shift(timedelta(minutes=1, seconds=1))

    assert _sign_in(client, url, username, PASSWORD).status_code == 302
    assert _signed_in(client)


def test_the_username_signs_in_again_after_the_cool_off(client, login_form, clock):
    url, username, _ = login_form
    _fail(client, url, username, 5)
    clock.shift(timedelta(minutes=14, seconds=59))
    assert _sign_in(client, url, username, PASSWORD).status_code == 429

    clock.shift(timedelta(seconds=2))
    response = _sign_in(client, url, username, PASSWORD)

    assert response.status_code == 302
    assert _signed_in(client)


def test_other_usernames_and_other_addresses_are_not_locked(client, login_form, clock):
    url, username, make_user = login_form
    _fail(client, url, username, 5)
    make_user("someone-else")

    assert _sign_in(client, url, "someone-else", PASSWORD).status_code == 302
    client.logout()
    assert _sign_in(client, url, username, PASSWORD, address="203.0.113.77").status_code == 302


def test_a_successful_sign_in_clears_the_failures_of_that_username_and_address(client, login_form, clock):
    url, username, _ = login_form
    _fail(client, url, username, 4)
    assert _sign_in(client, url, username, PASSWORD).status_code == 302
    client.logout()

    assert _fail(client, url, username, 4).status_code == 200
    assert AccessAttempt.objects.get(username=username).failures_since_start == 4


@override_settings(AXES_FAILURE_LIMIT=3, AXES_COOLOFF_TIME=timedelta(minutes=30))
def test_the_limit_and_the_lock_length_are_settings(client, clock):
    UserFactory(username="ayse")
    response = _fail(client, reverse("login"), "ayse", 3)
    assert response.status_code == 429
    assert "Try again in 30 minutes." in response.content.decode()


@override_settings(TRUSTED_PROXY_IPS=["10.0.0.0/8"])
def test_behind_a_trusted_proxy_each_client_address_is_counted_on_its_own(client, clock):
    UserFactory(username="ayse")
    url = reverse("login")
    for _ in range(5):
        client.post(
            url,
            {"username": "ayse", "password": "wrong"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="198.51.100.20",
        )

    assert AccessAttempt.objects.get().ip_address == "198.51.100.20"
    other = client.post(
        url, {"username": "ayse", "password": PASSWORD}, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.5"
    )
    assert other.status_code == 302


@pytest.mark.parametrize("header", ["HTTP_X_FORWARDED_FOR", "HTTP_USER_AGENT"])
def test_varying_a_header_gives_no_more_tries(client, clock, header):
    """A forged X-Forwarded-For from an untrusted client is dropped; user agents are summed."""
    UserFactory(username="ayse")
    url = reverse("login")
    for value in ("192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4", "192.0.2.5"):
        client.post(url, {"username": "ayse", "password": "wrong"}, REMOTE_ADDR=ADDRESS, **{header: value})

    assert _sign_in(client, url, "ayse", PASSWORD).status_code == 429


def test_a_username_longer_than_any_account_is_refused_and_counted_not_a_server_error(client, login_form):
    url, _, _ = login_form
    long_name = "x" * 1000

    response = _fail(client, url, long_name, 1)

    assert response.status_code == 200
    assert AccessAttempt.objects.get().username == "x" * 255
