"""Omnitron's API keys (SPEC section 8): a Manager creates one (shown once) and revokes it."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.roles import MANAGER, OPERATOR
from api.models import ApiKey
from tests.factories import ApiKeyFactory, api_key_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(staff_in):
    client = Client()
    client.force_login(staff_in(MANAGER))
    return client


def test_a_manager_creates_a_key_for_a_seller_and_sees_it_once(manager_client, seller):
    # when
    response = manager_client.post(
        reverse("admin:api_apikey_add"), {"user": seller.users.get().pk, "name": "Warehouse"}, follow=True
    )
    # then the message shows the whole key, which works, and the row keeps only its prefix and hash
    (message,) = [m.message for m in response.context["messages"] if "Copy it now" in m.message]
    key = next(word for word in message.split() if "." in word and len(word) > 40).rstrip(".")
    api_key = ApiKey.objects.get()
    assert (api_key.name, api_key.user, api_key.prefix) == ("Warehouse", seller.users.get(), key.split(".")[0])
    assert key.split(".", 1)[1] not in api_key.hashed_secret
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/claims/").status_code == 200
    # and the key's page never shows it again
    page = manager_client.get(reverse("admin:api_apikey_change", args=[api_key.pk]))
    assert key not in page.content.decode()
    assert api_key.prefix in page.content.decode()


def test_a_key_for_a_customer_is_refused_with_the_reason(manager_client, customer):
    response = manager_client.post(reverse("admin:api_apikey_add"), {"user": customer.pk, "name": "Mine"})
    assert response.status_code == 200
    assert not ApiKey.objects.exists()


def test_a_manager_revokes_a_key_and_it_stops_working(manager_client, seller):
    api_key = ApiKeyFactory(user=seller.users.get())
    response = manager_client.post(
        reverse("admin:api_apikey_changelist"), {"action": "revoke", "_selected_action": [api_key.pk]}
    )
    assert response.status_code == 302
    api_key.refresh_from_db()
    assert api_key.revoked_at is not None
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_of(api_key)}")
    assert client.get("/api/v1/claims/").status_code == 401


def test_an_operator_neither_sees_nor_makes_keys(staff_in, seller):
    client = Client()
    client.force_login(staff_in(OPERATOR))
    assert client.get(reverse("admin:api_apikey_changelist")).status_code == 403
    add = client.post(reverse("admin:api_apikey_add"), {"user": seller.users.get().pk, "name": "x"})
    assert add.status_code == 403
    assert not ApiKey.objects.exists()
