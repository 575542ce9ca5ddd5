"""Factories of the orders app: one per model; states are traits, and related rows agree.

An order is built as `order_place` leaves it (one package per seller, discount shares that
add up to the discount, the payment captured for the total), already in the state its trait
names: `OrderFactory(delivered=True)` has delivered packages whose items are delivered, and
the order's status is the one `orders.rules` derives from them. Statuses are given to the
constructor (their first assignment); no factory calls a service. Only an existing order that
a later factory gave items of another state follows them, by its own transition.
"""

from decimal import Decimal

import factory
from django.utils import timezone

from orders import rules
from orders.choices import OrderItemStatus, OrderStatus, PackageStatus, PaymentMethod
from orders.models import Order, OrderItem, Package, Payment, Product, Seller

from .users import UserFactory

# What an item is in a package of each status (package moves carry their items, SPEC section 3).
ITEM_STATUS_IN_PACKAGE = {status: OrderItemStatus(status) for status in PackageStatus}
SHIPPED_PACKAGE_STATUSES = (PackageStatus.SHIPPED, PackageStatus.DELIVERED, PackageStatus.DELIVERY_FAILED)
# An item on hold was, by default, preparing (a cancellation) or delivered (a return).
HELD_FROM = {
    OrderItemStatus.CANCELLATION_WAITING: OrderItemStatus.PREPARING,
    OrderItemStatus.RETURN_WAITING: OrderItemStatus.DELIVERED,
}
PACKAGE_STATUS_OF_ITEM = {item: package for package, item in ITEM_STATUS_IN_PACKAGE.items()} | {
    OrderItemStatus.RETURNED: PackageStatus.DELIVERED
}


def package_status_of(status: str, status_before_request: str = "") -> str:
    """The status of the package an item of this status is in (an item on hold: its status before)."""
    return PACKAGE_STATUS_OF_ITEM[rules.effective_item_status(status, status_before_request)]


def order_status_of(item_status: str, status_before_request: str = "") -> str:
    return rules.derive_order_status([(item_status, status_before_request)])


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


class OrderFactory(factory.django.DjangoModelFactory):
    """An order of `with_items` lines (default one new product × 1), its packages and payment.

    `with_items` is a number of lines (`with_items__seller=` picks their seller) or a list of
    (product, quantity) like `order_place`'s; `discount_total` is shared over the lines and
    `shipping_total` added, and the payment captures the total. `with_items=0`: the bare
    order, for a factory that adds its own rows.
    """

    class Meta:
        model = Order
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: f"T{n:09d}")
    customer = factory.SubFactory(UserFactory)
    status = OrderStatus.WAITING_PACKAGING
    subtotal = Decimal("0.00")  # with the total, summed from the items once they exist
    total = Decimal("0.00")

    class Params:
        ready_to_ship = factory.Trait(with_items__package_status=PackageStatus.READY_TO_SHIP)
        shipped = factory.Trait(status=OrderStatus.SHIPPED, with_items__package_status=PackageStatus.SHIPPED)
        delivered = factory.Trait(status=OrderStatus.DELIVERED, with_items__package_status=PackageStatus.DELIVERED)
        delivery_failed = factory.Trait(
            status=OrderStatus.SHIPPED, with_items__package_status=PackageStatus.DELIVERY_FAILED
        )

    @factory.post_generation
    def with_items(self, create, extracted, package_status=PackageStatus.PREPARING, seller=None, **item_fields):
        lines = 1 if extracted is None else extracted
        if not create or not lines:
            return
        if isinstance(lines, int):
            seller = seller or SellerFactory()
            lines = [(ProductFactory(seller=seller), 1) for _ in range(lines)]
        lines_add(self, lines, package_status=package_status, **item_fields)


class PackageFactory(factory.django.DjangoModelFactory):
    """A seller's package in an order, with `with_items` (default 1) lines in its status.

    One package per seller and order: asking again for an order's seller gives its package.
    """

    class Meta:
        model = Package
        django_get_or_create = ("order", "seller")
        skip_postgeneration_save = True

    order = factory.SubFactory(
        OrderFactory, with_items=0, status=factory.LazyAttribute(lambda o: order_status_of(o.factory_parent.status))
    )
    seller = factory.SubFactory(SellerFactory)
    status = PackageStatus.PREPARING
    created_at = factory.SelfAttribute("order.created_at")
    carrier = factory.LazyAttribute(lambda p: "Test Cargo" if p.shipped_at else "")
    tracking_number = factory.LazyAttribute(lambda p: f"TRACK-{p.order.number}" if p.shipped_at else "")
    shipped_at = factory.LazyAttribute(lambda p: timezone.now() if p.status in SHIPPED_PACKAGE_STATUSES else None)
    delivered_at = factory.LazyAttribute(lambda p: timezone.now() if p.status == PackageStatus.DELIVERED else None)

    class Params:
        ready_to_ship = factory.Trait(status=PackageStatus.READY_TO_SHIP)
        shipped = factory.Trait(status=PackageStatus.SHIPPED)
        delivered = factory.Trait(status=PackageStatus.DELIVERED)
        delivery_failed = factory.Trait(status=PackageStatus.DELIVERY_FAILED)
        cancelled = factory.Trait(status=PackageStatus.CANCELLED)

    @factory.post_generation
    def with_items(self, create, extracted, **item_fields):
        count = 1 if extracted is None else extracted
        if create and count:
            lines = [(ProductFactory(seller=self.seller), 1) for _ in range(count)]
            lines_add(self.order, lines, package_status=self.status, **item_fields)


class OrderItemFactory(factory.django.DjangoModelFactory):
    """A line of an order, in the package of its product's seller; the package and the order follow its status."""

    class Meta:
        model = OrderItem
        skip_postgeneration_save = True

    order = factory.SubFactory(
        OrderFactory,
        with_items=0,
        status=factory.LazyAttribute(
            lambda o: order_status_of(o.factory_parent.status, o.factory_parent.status_before_request)
        ),
    )
    product = factory.SubFactory(ProductFactory)
    seller = factory.SelfAttribute("product.seller")
    package = factory.SubFactory(
        PackageFactory,
        order=factory.SelfAttribute("..order"),
        seller=factory.SelfAttribute("..seller"),
        status=factory.LazyAttribute(
            lambda p: package_status_of(p.factory_parent.status, p.factory_parent.status_before_request)
        ),
        with_items=0,
    )
    product_name = factory.SelfAttribute("product.name")
    sku = factory.SelfAttribute("product.sku")
    unit_price = factory.SelfAttribute("product.price")
    quantity = 1
    status = OrderItemStatus.PREPARING
    status_before_request = factory.LazyAttribute(lambda i: HELD_FROM.get(i.status, ""))
    delivered_at = factory.LazyAttribute(
        lambda i: (
            i.package.delivered_at
            if rules.effective_item_status(i.status, i.status_before_request)
            in (OrderItemStatus.DELIVERED, OrderItemStatus.RETURNED)
            else None
        )
    )

    class Params:
        ready_to_ship = factory.Trait(status=OrderItemStatus.READY_TO_SHIP)
        shipped = factory.Trait(status=OrderItemStatus.SHIPPED)
        delivered = factory.Trait(status=OrderItemStatus.DELIVERED)
        delivery_failed = factory.Trait(status=OrderItemStatus.DELIVERY_FAILED)
        cancellation_waiting = factory.Trait(status=OrderItemStatus.CANCELLATION_WAITING)
        return_waiting = factory.Trait(status=OrderItemStatus.RETURN_WAITING)
        cancelled = factory.Trait(status=OrderItemStatus.CANCELLED)
        returned = factory.Trait(status=OrderItemStatus.RETURNED)

    @factory.post_generation
    def refresh_order(self, create, extracted, **kwargs):
        if create and extracted is not False:
            order_refresh(self.order)


class PaymentFactory(factory.django.DjangoModelFactory):
    """An order's payment, capturing its total (an order's own payment when it has one)."""

    class Meta:
        model = Payment
        django_get_or_create = ("order",)

    order = factory.SubFactory(OrderFactory)
    method = PaymentMethod.CREDIT_CARD
    reference = factory.LazyAttribute(lambda p: f"PAY-{p.order.number}")
    amount_captured = factory.SelfAttribute("order.total")

    class Params:
        pay_later = factory.Trait(method=PaymentMethod.PAY_LATER)
        wallet = factory.Trait(method=PaymentMethod.WALLET)


def lines_add(order: Order, lines, *, package_status: str, delivered_at=None, **item_fields) -> None:
    """Add (product, quantity) lines in packages of `package_status`, one package per seller.

    The first lines of an order share its `discount_total`, as at checkout. `delivered_at`
    dates a delivery (package and items); other keywords go to every item.
    """
    totals = [product.price * quantity for product, quantity in lines]
    first = not order.items.exists()
    shares = rules.allocate_discount(totals, order.discount_total if first else Decimal("0.00"))
    delivery = {"delivered_at": delivered_at} if delivered_at else {}
    for (product, quantity), share in zip(lines, shares, strict=True):
        package = PackageFactory(order=order, seller=product.seller, status=package_status, with_items=0, **delivery)
        fields = {"status": ITEM_STATUS_IN_PACKAGE[package.status], "discount_share": share, **delivery, **item_fields}
        OrderItemFactory(
            order=order, package=package, product=product, quantity=quantity, refresh_order=False, **fields
        )
    order_refresh(order)


def order_refresh(order: Order) -> None:
    """Make the order agree with its items: totals, derived status, open-request flag, captured payment."""
    rows = list(order.items.values_list("unit_price", "quantity", "discount_share", "status", "status_before_request"))
    order.subtotal = sum((price * quantity for price, quantity, *_ in rows), Decimal("0.00"))
    order.discount_total = sum((share for _, _, share, *_ in rows), Decimal("0.00"))
    order.total = order.subtotal - order.discount_total + order.shipping_total
    order.has_open_request = rules.has_open_request(status for *_, status, _ in rows)
    status = rules.derive_order_status((status, before) for *_, status, before in rows)
    if status != order.status:
        order.refresh_status(status=status)  # a transition of the saved order, recorded as any other
    order.save()
    payment = PaymentFactory(order=order)
    if payment.amount_captured != order.total:
        payment.amount_captured = order.total
        payment.save(update_fields=["amount_captured"])
