from decimal import Decimal

import pytest

from orders.exceptions import OrderPlacementError
from orders.models import Product
from orders.services import order_place
from tests.factories import ProductFactory, SellerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_order_gets_one_package_per_seller_shares_that_sum_to_the_discount_and_takes_stock():
    sellers = [SellerFactory(), SellerFactory()]
    products = [
        ProductFactory(seller=sellers[0], price=Decimal("249.90"), stock=10),
        ProductFactory(seller=sellers[1], price=Decimal("129.50"), stock=10),
        ProductFactory(seller=sellers[0], price=Decimal("19.99"), stock=10),
    ]
    order = order_place(
        customer=UserFactory(),
        lines=[(products[0], 3), (products[1], 1), (products[2], 2)],
        discount_total=Decimal("33.33"),
        shipping_total=Decimal("29.90"),
    )
    assert order.packages.count() == 2
    assert sum(order.items.values_list("discount_share", flat=True)) == Decimal("33.33")
    assert order.total == Decimal("749.70") + Decimal("129.50") + Decimal("39.98") - Decimal("33.33") + Decimal("29.90")
    assert order.payment.amount_captured == order.total
    assert Product.objects.get(pk=products[0].pk).stock == 7


def test_generated_order_numbers_that_collide_are_drawn_again(monkeypatch):
    product = ProductFactory()
    first = order_place(customer=UserFactory(), lines=[(product, 1)])
    numbers = iter([first.number, first.number, "26112699999999"])
    monkeypatch.setattr("orders.services.order_number_generate", lambda: next(numbers))
    second = order_place(customer=UserFactory(), lines=[(product, 1)])
    assert second.number == "26112699999999"


@pytest.mark.parametrize("discount", ["-0.01", "100.01"])
def test_discount_outside_the_subtotal_is_refused(discount):
    with pytest.raises(OrderPlacementError):
        order_place(customer=UserFactory(), lines=[(ProductFactory(), 1)], discount_total=Decimal(discount))


def test_order_beyond_stock_is_refused_and_takes_nothing():
    product = ProductFactory(stock=2)
    with pytest.raises(OrderPlacementError, match="Not enough stock"):
        order_place(customer=UserFactory(), lines=[(product, 3)])
    product.refresh_from_db()
    assert product.stock == 2
