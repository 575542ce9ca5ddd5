"""Demo data (SPEC section 6).

The demo accounts' orders are built through the services, so each of their rows is a
real state with its history. `bulk_orders_create` (`seed_demo --orders N`, for load and
scale work) writes orders, items and open return requests in bulk with their statuses
set directly: no transitions, no history, no emails.
"""

import random
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.roles import MANAGER, OPERATOR, VIEWER
from orders.choices import OrderItemStatus, OrderStatus, PackageStatus, PaymentMethod
from orders.models import Order, OrderItem, Package, Payment, Product, Seller
from orders.services import order_place, package_move

from .choices import CancellationType, PlanStatus, RequestOrigin
from .models import CancellationReason, CancellationRequest
from .services import RequestLine, cancellation_request_create, order_items_cancel, refund_plan_execute

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - documented demo password

SELLERS = [
    (
        "anatolia",
        "Anatolia Textiles",
        [
            ("AT-TOWEL-01", "Turkish Cotton Towel Set", "249.90"),
            ("AT-ROBE-02", "Waffle Bathrobe", "399.00"),
            ("AT-PESH-03", "Peshtemal Beach Towel", "129.50"),
            ("AT-RUG-04", "Kilim Runner Rug", "899.00"),
        ],
    ),
    (
        "bosphorus",
        "Bosphorus Electronics",
        [
            ("BE-HEAD-01", "Wireless Headphones", "1299.00"),
            ("BE-CHRG-02", "USB-C Fast Charger", "189.90"),
            ("BE-SPKR-03", "Bluetooth Speaker", "749.00"),
            ("BE-CABL-04", "Braided Charging Cable", "79.90"),
        ],
    ),
]

REASONS = [
    (CancellationType.CANCEL, "I changed my mind", "Vazgeçtim", 1, False, False),
    (CancellationType.CANCEL, "I found a better price", "Daha uygun fiyat buldum", 2, False, False),
    (CancellationType.CANCEL, "Out of stock", "Stokta yok", 3, False, True),
    (CancellationType.CANCEL, "Other (please describe)", "Diğer (lütfen açıklayın)", 9, True, False),
    (CancellationType.REFUND, "The product does not fit", "Ürün olmadı", 1, False, False),
    (CancellationType.REFUND, "Damaged or defective product", "Hasarlı veya kusurlu ürün", 2, False, True),
    (CancellationType.REFUND, "Wrong product sent", "Yanlış ürün gönderildi", 3, False, True),
    (CancellationType.REFUND, "Other (please describe)", "Diğer (lütfen açıklayın)", 9, True, False),
]

CUSTOMERS = [("ayse", "Ayşe", "Yılmaz", "A"), ("mehmet", "Mehmet", "Demir", "M")]


def demo_seed() -> bool:
    """Create the demo once; returns False when it was already there."""
    if Order.objects.filter(number="A-1001").exists():
        return False
    users = _users()
    products = _catalogue(users)
    reasons = _reasons()
    for username, *_rest, prefix in CUSTOMERS:
        _customer_orders(users[username], prefix, products, reasons, users)
    return True


def _user(username: str, **fields):
    user, created = get_user_model().objects.get_or_create(username=username, defaults=fields)
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


# Owner staff, one per Omnitron role: (username, first name, last name, group).
STAFF = [
    ("owner", "Omnitron", "Admin", MANAGER),
    ("operator", "Omnitron", "Operator", OPERATOR),
    ("viewer", "Omnitron", "Viewer", VIEWER),
]


def _users() -> dict:
    users = {}
    for username, first, last, role in STAFF:
        users[username] = _user(
            username, first_name=first, last_name=last, email=f"{username}@marketplace.example", is_staff=True
        )
        users[username].groups.add(Group.objects.get(name=role))
    for slug, name, _products in SELLERS:
        users[slug] = _user(slug, first_name=name, email=f"{slug}@sellers.example")
    for username, first, last, _prefix in CUSTOMERS:
        users[username] = _user(username, first_name=first, last_name=last, email=f"{username}@customers.example")
    return users


def _catalogue(users) -> dict[str, Product]:
    products = {}
    for slug, name, items in SELLERS:
        seller, _ = Seller.objects.get_or_create(slug=slug, defaults={"name": name, "email": f"{slug}@sellers.example"})
        seller.users.add(users[slug])
        for sku, product_name, price in items:
            products[sku], _ = Product.objects.get_or_create(
                sku=sku, defaults={"seller": seller, "name": product_name, "price": Decimal(price), "stock": 500}
            )
    return products


def _reasons() -> dict[str, CancellationReason]:
    reasons = {}
    for kind, subject, subject_tr, order, extra, fault in REASONS:
        reasons[f"{kind}:{subject}"], _ = CancellationReason.objects.get_or_create(
            cancellation_type=kind,
            subject=subject,
            defaults={
                "subject_tr": subject_tr,
                "order": order,
                "extra_information_needed": extra,
                "is_seller_fault": fault,
            },
        )
    return reasons


def _customer_orders(customer, prefix: str, p: dict, reasons: dict, users: dict) -> None:
    now = timezone.now()
    seller_of = {"AT": users["anatolia"], "BE": users["bosphorus"]}

    def place(n, lines, days_ago, discount="0.00", shipping="29.90"):
        return order_place(
            customer=customer,
            number=f"{prefix}-{n}",
            lines=[(p[sku], qty) for sku, qty in lines],
            discount_total=Decimal(discount),
            shipping_total=Decimal(shipping),
            created_at=now - timedelta(days=days_ago),
            method=PaymentMethod.CREDIT_CARD,
            shipping_address=f"{customer.get_full_name()}\nBağdat Cd. 100\nİstanbul",
        )

    def move(order, sku_prefix, *moves, delivered_days_ago=None):
        package = order.packages.get(seller__slug=seller_of[sku_prefix].username)
        for step in moves:
            details = {"carrier": "Yurtiçi Kargo", "tracking_number": f"YK{order.number}"} if step == "ship" else {}
            package_move(package_id=package.pk, move=step, by=seller_of[sku_prefix], **details)
        if delivered_days_ago is not None:
            when = now - timedelta(days=delivered_days_ago)
            Package.objects.filter(pk=package.pk).update(delivered_at=when)
            OrderItem.objects.filter(package=package).update(delivered_at=when)

    # Waiting Packaging: both sellers, Preparing and Ready to Ship, one line with quantity 3.
    order = place(1001, [("AT-TOWEL-01", 3), ("AT-PESH-03", 1), ("BE-CHRG-02", 1)], 1, discount="20.00")
    move(order, "BE", "mark_ready_to_ship")
    # Shipped.
    order = place(1002, [("BE-SPKR-03", 1), ("BE-CABL-04", 2)], 4)
    move(order, "BE", "mark_ready_to_ship", "ship")
    # Delivered within the return window (both sellers).
    order = place(1003, [("AT-ROBE-02", 1), ("BE-HEAD-01", 1)], 6, discount="50.00")
    move(order, "AT", "mark_ready_to_ship", "ship", "deliver", delivered_days_ago=2)
    move(order, "BE", "mark_ready_to_ship", "ship", "deliver", delivered_days_ago=2)
    # Delivered outside the return window.
    order = place(1004, [("AT-RUG-04", 1)], 45)
    move(order, "AT", "mark_ready_to_ship", "ship", "deliver", delivered_days_ago=40)
    # Delivery failed.
    order = place(1005, [("BE-CHRG-02", 2)], 8)
    move(order, "BE", "mark_ready_to_ship", "ship", "fail_delivery")
    # Fully cancelled: the customer asked, the owner confirmed, Seller Center confirmed, refunded.
    order = place(1006, [("AT-PESH-03", 2), ("BE-CABL-04", 1)], 10)
    _cancel_whole_order(order, customer, reasons, users["owner"])
    # Delivered with an open return request waiting for each seller.
    order = place(1007, [("AT-TOWEL-01", 1), ("BE-SPKR-03", 1), ("AT-PESH-03", 1)], 9)
    move(order, "AT", "mark_ready_to_ship", "ship", "deliver", delivered_days_ago=3)
    move(order, "BE", "mark_ready_to_ship", "ship", "deliver", delivered_days_ago=3)
    items = list(order.items.order_by("pk"))
    cancellation_request_create(
        order_id=order.pk,
        lines=[
            RequestLine(item_id=items[0].pk, quantity=1, reason_id=reasons["refund:The product does not fit"].pk),
            RequestLine(item_id=items[1].pk, quantity=1, reason_id=reasons["refund:Damaged or defective product"].pk),
        ],
        requested_by=customer,
    )


def _cancel_whole_order(order, customer, reasons, owner) -> None:
    from .services import cancellation_plan_confirm

    reason = reasons["cancel:I changed my mind"]
    item_ids = list(order.items.values_list("pk", flat=True))
    cancellation_request_create(
        order_id=order.pk,
        lines=[
            RequestLine(item_id=pk, quantity=OrderItem.objects.get(pk=pk).quantity, reason_id=reason.pk)
            for pk in item_ids
        ],
        requested_by=customer,
    )
    plan = order_items_cancel(order_id=order.pk, item_ids=item_ids, reason_id=reason.pk, cancelled_by=owner)
    plan.refresh_from_db()
    if plan.status == PlanStatus.WAITING:
        cancellation_plan_confirm(plan_id=plan.pk)
    refund_plan_execute(plan_id=plan.pk)


# Bulk generation for load and scale work --------------------------------------------------------

BULK_MIX = [  # (package status, weight)
    (PackageStatus.PREPARING, 8),
    (PackageStatus.READY_TO_SHIP, 5),
    (PackageStatus.SHIPPED, 12),
    (PackageStatus.DELIVERED, 65),
    (PackageStatus.DELIVERY_FAILED, 3),
    (PackageStatus.CANCELLED, 7),
]
ITEM_STATUS_FOR_PACKAGE = {
    PackageStatus.PREPARING: OrderItemStatus.PREPARING,
    PackageStatus.READY_TO_SHIP: OrderItemStatus.READY_TO_SHIP,
    PackageStatus.SHIPPED: OrderItemStatus.SHIPPED,
    PackageStatus.DELIVERED: OrderItemStatus.DELIVERED,
    PackageStatus.DELIVERY_FAILED: OrderItemStatus.DELIVERY_FAILED,
    PackageStatus.CANCELLED: OrderItemStatus.CANCELLED,
}


def _bulk_catalogue(rng: random.Random) -> tuple[list, list]:
    sellers = list(Seller.objects.all())
    for i in range(len(sellers), 20):
        sellers.append(Seller.objects.create(slug=f"seller-{i:02d}", name=f"Seller {i:02d}"))
    products = list(Product.objects.all())
    for i in range(len(products), 240):
        seller = sellers[i % len(sellers)]
        price = Decimal(rng.randrange(1990, 249900)) / 100
        products.append(
            Product.objects.create(
                seller=seller, sku=f"GEN-{i:04d}", name=f"Product {i:04d}", price=price, stock=100000
            )
        )
    customers = list(get_user_model().objects.filter(username__startswith="shopper").order_by("pk"))
    if len(customers) < 2000:
        password = make_password(DEMO_PASSWORD)
        get_user_model().objects.bulk_create(
            get_user_model()(
                username=f"shopper{i:05d}",
                first_name="Shopper",
                last_name=f"{i:05d}",
                email=f"shopper{i:05d}@customers.example",
                password=password,
            )
            for i in range(len(customers), 2000)
        )
        customers = list(get_user_model().objects.filter(username__startswith="shopper").order_by("pk"))
    return products, customers


def bulk_orders_create(*, count: int, batch_size: int = 2000, progress: Callable[[str], None] | None = None) -> None:
    """Add `count` generated orders (several items and sellers, spread over statuses and a year)."""
    start = Order.objects.filter(number__startswith="G").count()
    rng = random.Random(start)
    products, customers = _bulk_catalogue(rng)
    reason = CancellationReason.objects.filter(cancellation_type=CancellationType.REFUND, is_active=True).first()
    done = 0
    while done < count:
        size = min(batch_size, count - done)
        with transaction.atomic():
            _bulk_batch(rng=rng, first=start + done, size=size, products=products, customers=customers, reason=reason)
        done += size
        if progress and (done % 20000 == 0 or done == count):
            progress(f"  {done}/{count} orders")


def _bulk_batch(*, rng, first: int, size: int, products, customers, reason) -> None:
    now = timezone.now()
    statuses, weights = zip(*BULK_MIX, strict=True)
    orders, plans = [], []
    for n in range(first, first + size):
        created = now - timedelta(minutes=rng.randrange(60, 365 * 24 * 60))
        lines = [(rng.choice(products), rng.choice((1, 1, 1, 2, 3))) for _ in range(rng.choice((1, 2, 2, 3, 4, 5)))]
        package_status = rng.choices(statuses, weights)[0]
        subtotal = sum((p.price * q for p, q in lines), Decimal("0.00"))
        shipping = Decimal("0.00") if subtotal > 500 else Decimal("29.90")
        order = Order(
            number=f"G{n:08d}",
            customer=rng.choice(customers),
            created_at=created,
            subtotal=subtotal,
            shipping_total=shipping,
            total=subtotal + shipping,
            shipping_address="Generated address",
            status=_order_status(package_status),
        )
        orders.append(order)
        plans.append((lines, package_status))
    Order.objects.bulk_create(orders)
    packages, items, payments = [], [], []
    for order, (lines, package_status) in zip(orders, plans, strict=True):
        by_seller = {}
        for product, _q in lines:
            if product.seller_id not in by_seller:
                by_seller[product.seller_id] = Package(
                    order=order,
                    seller_id=product.seller_id,
                    status=package_status,
                    created_at=order.created_at,
                    delivered_at=order.created_at + timedelta(days=3)
                    if package_status == PackageStatus.DELIVERED
                    else None,
                )
        packages.extend(by_seller.values())
        for product, quantity in lines:
            package = by_seller[product.seller_id]
            items.append(
                OrderItem(
                    order=order,
                    package=package,
                    product=product,
                    seller_id=product.seller_id,
                    product_name=product.name,
                    sku=product.sku,
                    unit_price=product.price,
                    quantity=quantity,
                    status=ITEM_STATUS_FOR_PACKAGE[package_status],
                    delivered_at=package.delivered_at,
                )
            )
        payments.append(
            Payment(
                order=order,
                method=PaymentMethod.CREDIT_CARD,
                reference=f"PAY-{order.number}",
                amount_captured=order.total,
            )
        )
    Package.objects.bulk_create(packages)
    for item in items:
        item.package_id = item.package.pk
    OrderItem.objects.bulk_create(items)
    Payment.objects.bulk_create(payments)
    _bulk_open_returns(rng=rng, items=items, reason=reason)


def _bulk_open_returns(*, rng, items, reason) -> None:
    """About one delivered line in fifty gets a return request waiting for its seller."""
    if reason is None:
        return
    chosen = [i for i in items if i.status == OrderItemStatus.DELIVERED and rng.random() < 0.02]
    for item in chosen:
        OrderItem.objects.filter(pk=item.pk).update(
            status=OrderItemStatus.RETURN_WAITING, status_before_request=OrderItemStatus.DELIVERED
        )
    CancellationRequest.objects.bulk_create(
        CancellationRequest(
            order_id=i.order_id,
            order_item_id=i.pk,
            seller_id=i.seller_id,
            cancellation_type=CancellationType.REFUND,
            reason=reason,
            quantity=i.quantity,
            origin=RequestOrigin.CUSTOMER,
            created_by_id=i.order.customer_id,
            created_at=i.order.created_at + timedelta(days=5),
        )
        for i in chosen
    )
    Order.objects.filter(pk__in={i.order_id for i in chosen}).update(has_open_request=True)


def _order_status(package_status: str) -> str:
    return {
        PackageStatus.PREPARING: OrderStatus.WAITING_PACKAGING,
        PackageStatus.READY_TO_SHIP: OrderStatus.WAITING_PACKAGING,
        PackageStatus.SHIPPED: OrderStatus.SHIPPED,
        PackageStatus.DELIVERED: OrderStatus.DELIVERED,
        PackageStatus.DELIVERY_FAILED: OrderStatus.SHIPPED,
        PackageStatus.CANCELLED: OrderStatus.CANCELLED,
    }[package_status]
