"""API keys (SPEC section 8): made by a command or in Omnitron, stored hashed, shown once, revocable."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiKey
from tests.factories import ApiKeyFactory, UserFactory, api_key_of

pytestmark = pytest.mark.django_db
CLAIMS = "/api/v1/claims/"


def test_create_api_key_prints_the_key_once_and_stores_only_its_prefix_and_a_hash(seller):
    # when
    out = StringIO()
    call_command("create_api_key", "seller-staff", "--name", "ERP", stdout=out, stderr=StringIO())
    key = out.getvalue().strip()
    # then
    api_key = ApiKey.objects.get()
    assert (api_key.name, api_key.user.username) == ("ERP", "seller-staff")
    assert key.startswith(f"{api_key.prefix}.")
    secret = key.split(".", 1)[1]
    assert secret not in api_key.hashed_secret
    assert api_key.hashed_secret.startswith("api_sha512$")
    # and the key works
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(CLAIMS).status_code == 200


def test_create_api_key_refuses_a_customer_and_an_unknown_user(customer):
    with pytest.raises(CommandError, match="neither for a seller nor"):
        call_command("create_api_key", "customer", stdout=StringIO())
    with pytest.raises(CommandError, match="No user"):
        call_command("create_api_key", "nobody", stdout=StringIO())
    assert not ApiKey.objects.exists()


@pytest.mark.parametrize(
    "header",
    ["", "Token", "Token a b", "Token nodot", "Token 12345678.wrong-secret", "Bearer x.y", "Token \u00e9\u00e9.x"],
)
def test_a_missing_malformed_or_wrong_key_is_a_401_with_the_scheme_to_use(seller, header):
    ApiKeyFactory(user=seller.users.get(), prefix="12345678")
    client = APIClient()
    if header:
        client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get(CLAIMS)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["code"] in {"not_authenticated", "authentication_failed"}


def test_a_revoked_key_is_refused(seller):
    api_key = ApiKeyFactory(user=seller.users.get(), revoked=True)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_of(api_key)}")
    assert client.get(CLAIMS).json() == {"code": "authentication_failed", "detail": "The key is unknown or revoked."}


def test_a_key_records_when_it_was_last_used_at_most_once_a_minute(seller, django_assert_num_queries):
    api_key = ApiKeyFactory(user=seller.users.get())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_of(api_key)}")
    client.get(CLAIMS)
    api_key.refresh_from_db()
    first = api_key.last_used_at
    assert first is not None
    assert timezone.now() - first < timezone.timedelta(seconds=5)
    client.get(CLAIMS)
    api_key.refresh_from_db()
    assert api_key.last_used_at == first


def test_a_customers_key_made_by_hand_gets_403_from_every_seller_and_owner_endpoint(customer):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_of(ApiKeyFactory(user=customer))}")
    for path in (CLAIMS, "/api/v1/packages/", "/api/v1/cancellation_requests/", "/api/v1/cancellation_plans/"):
        assert client.get(path).status_code == 403, path


def test_a_sellers_key_cannot_read_the_owners_lists_nor_an_owners_key_the_sellers(seller_api, manager_api):
    assert seller_api.get("/api/v1/cancellation_requests/").json()["code"] == "permission_denied"
    assert manager_api.get(CLAIMS).status_code == 403


def test_an_inactive_users_key_is_refused(seller):
    user = seller.users.get()
    api_key = ApiKeyFactory(user=user)
    user.is_active = False
    user.save()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_of(api_key)}")
    assert client.get(CLAIMS).status_code == 401


def test_keys_of_users_who_are_not_staff_of_anyone_cannot_be_made_in_the_service():
    from api.exceptions import ApiKeyError
    from api.services import api_key_create

    with pytest.raises(ApiKeyError):
        api_key_create(user=UserFactory(), name="x")
