"""Seller Center's seller profile: the return address printed on every return label."""

import pytest
from django.urls import reverse

from orders.models import Seller

pytestmark = pytest.mark.django_db


def _url(name, seller=None):
    return reverse(f"seller:orders_seller_{name}", args=[seller.pk] if seller else [])


def test_a_seller_edits_their_return_address_and_only_that(seller_client, seller):
    data = {"return_address": "Anatolia İade\n16140 Nilüfer/Bursa", "name": "Someone else"}
    response = seller_client.post(_url("change", seller), data)
    seller.refresh_from_db()
    assert response.status_code == 302
    assert seller.return_address == "Anatolia İade\n16140 Nilüfer/Bursa"
    assert seller.name == "Anatolia Textiles"


def test_a_seller_sees_only_their_own_profile(seller_client, seller, other_seller):
    response = seller_client.get(_url("changelist"))
    assert [row.pk for row in response.context["cl"].result_list] == [seller.pk]
    assert seller_client.get(_url("change", other_seller)).status_code == 404
    assert seller_client.post(_url("change", other_seller), {"return_address": "x"}).status_code == 404
    assert Seller.objects.get(pk=other_seller.pk).return_address == ""


def test_a_seller_cannot_add_or_delete_sellers(seller_client, seller):
    assert seller_client.get(_url("add")).status_code == 403
    assert seller_client.post(_url("delete", seller), {"post": "yes"}).status_code == 403
    assert Seller.objects.filter(pk=seller.pk).exists()
