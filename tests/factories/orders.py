from decimal import Decimal

import factory

from orders.models import Product, Seller
from orders.services import order_place, package_move

from .users import UserFactory


class SellerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seller
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Seller {n}")
    slug = factory.Sequence(lambda n: f"seller-{n}")
    email = factory.LazyAttribute(lambda s: f"{s.slug}@sellers.example")

    @factory.post_generation
    def staff(self, create, extracted, **kwargs):
        if create and extracted:
            self.users.add(*extracted)


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    seller = factory.SubFactory(SellerFactory)
    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    name = factory.Sequence(lambda n: f"Product {n}")
    price = Decimal("100.00")
    stock = 50


MOVES_TO = {
    "preparing": [],
    "ready_to_ship": ["mark_ready_to_ship"],
    "shipped": ["mark_ready_to_ship", "ship"],
    "delivered": ["mark_ready_to_ship", "ship", "deliver"],
    "delivery_failed": ["mark_ready_to_ship", "ship", "fail_delivery"],
}


def placed_order(*, customer=None, lines=None, status="preparing", discount="0.00", shipping="0.00", **kwargs):
    """Place an order through the service and move every package to `status` through the services.

    `lines` is a list of (product, quantity); by default one product of 100.00 × 1.
    """
    customer = customer or UserFactory()
    lines = lines or [(ProductFactory(), 1)]
    order = order_place(
        customer=customer, lines=lines, discount_total=Decimal(discount), shipping_total=Decimal(shipping), **kwargs
    )
    for package in order.packages.all():
        move_package(package, status)
    order.refresh_from_db()
    return order


def move_package(package, status: str, by=None) -> None:
    for move in MOVES_TO[status]:
        details = {"carrier": "Test Cargo", "tracking_number": "TRACK1"} if move == "ship" else {}
        package_move(package_id=package.pk, move=move, by=by, **details)
