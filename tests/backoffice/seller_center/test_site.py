"""Seller Center as a whole: who gets in, and each seller sees only their own rows."""

import pytest
from django.urls import reverse

from tests.factories import CancellationRequestFactory, UserFactory

pytestmark = pytest.mark.django_db


def _pkg(name, obj=None):
    return reverse(f"seller:orders_package_{name}", args=[obj.pk] if obj else [])


def _req(name, obj=None):
    return reverse(f"seller:returns_cancellationrequest_{name}", args=[obj.pk] if obj else [])


def _login(client, who, seller_user, other_seller_user, owner, customer):
    users = {"seller": seller_user, "other_seller": other_seller_user, "owner": owner, "customer": customer}
    if who in users:
        client.force_login(users[who])


WHO = ["seller", "other_seller", "owner", "customer", "anonymous"]


@pytest.mark.parametrize("who", WHO)
def test_permission_matrix_for_every_seller_center_page(
    client, world, who, seller_user, other_seller_user, owner, customer
):
    # given
    _login(client, who, seller_user, other_seller_user, owner, customer)
    own = {"package": world["own_package"], "request": world["own_request"]}
    pages = [
        _pkg("changelist"),
        _pkg("change", own["package"]),
        _pkg("reject_item", own["package"]),
        _req("changelist"),
        _req("change", own["request"]),
        _req("approve", own["request"]),
        _req("reject", own["request"]),
    ]
    # when / then
    for url in pages:
        response = client.get(url)
        if who == "seller":
            assert response.status_code == 200, url
        elif who == "other_seller":
            expected = 200 if url.endswith("/seller/orders/package/") or url.endswith("/cancellationrequest/") else 404
            assert response.status_code == expected, url
        else:
            assert response.status_code == 302, url
            assert "/seller/login/" in response.url


@pytest.mark.parametrize("who", ["seller", "other_seller"])
def test_lists_show_only_the_sellers_own_rows(client, world, who, seller_user, other_seller_user):
    client.force_login(seller_user if who == "seller" else other_seller_user)
    packages = client.get(_pkg("changelist")).context["cl"].result_list
    requests = client.get(_req("changelist")).context["cl"].result_list
    own_key, other_key = ("own", "other") if who == "seller" else ("other", "own")
    assert [p.pk for p in packages] == [world[f"{own_key}_package"].pk] + [
        p.pk for p in packages if p.pk != world[f"{own_key}_package"].pk
    ]
    assert world[f"{other_key}_package"].pk not in [p.pk for p in packages]
    assert [r.pk for r in requests] == [world[f"{own_key}_request"].pk]


def test_sellers_never_reach_omnitron(seller_client):
    response = seller_client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response.url


@pytest.mark.parametrize("rows", [1, 50])
def test_seller_lists_query_count_does_not_grow(
    seller_client, seller, customer, return_reason, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        CancellationRequestFactory(
            refund=True, reason=return_reason, order_item__order__customer=customer, order_item__product__seller=seller
        )
    with django_assert_max_num_queries(9):
        assert seller_client.get(_pkg("changelist")).status_code == 200
    with django_assert_max_num_queries(9):
        assert seller_client.get(_req("changelist")).status_code == 200


def test_a_seller_staff_user_with_no_seller_sees_nothing(client):
    client.force_login(UserFactory(username="nobody"))
    assert client.get(_pkg("changelist")).status_code == 302
