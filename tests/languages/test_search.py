"""Searching customers by name treats Turkish letters as Turkish readers expect."""

import pytest

from orders.models import Order
from orders.search import search_fold
from orders.selectors import order_search_for_owner
from tests.factories import OrderFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_four_is_fold_to_one_and_turkish_letters_to_the_letters_typed_without_them():
    assert search_fold("IŞIK") == search_fold("ışık") == search_fold("Işık") == search_fold("isik") == "isik"
    assert search_fold("İPEK") == search_fold("ipek") == "ipek"
    assert search_fold("ÇĞÖÜ") == search_fold("çğöü") == "cgou"


@pytest.mark.parametrize(
    ("stored", "typed"),
    [("IŞIK", "ışık"), ("Işık", "IŞIK"), ("İpek", "ipek"), ("ÇELİK", "çelik"), ("Öztürk", "ÖZT"), ("Ian", "ian")],
)
def test_a_customers_name_is_found_whatever_the_case_of_its_turkish_letters(stored, typed):
    order = OrderFactory(customer=UserFactory(first_name="Zeynep", last_name=stored))
    OrderFactory(customer=UserFactory(first_name="Mehmet", last_name="Demir"))

    found = order_search_for_owner(orders=Order.objects.all(), term=typed)

    assert list(found) == [order]


def test_the_owners_orders_list_finds_a_turkish_name_typed_in_small_letters(owner_client):
    order = OrderFactory(customer=UserFactory(first_name="IŞIK", last_name="Yıldız"))

    content = owner_client.get("/admin/orders/order/", {"q": "ışık"}).content.decode()

    assert order.number in content
