"""Demo data (SPEC section 6).

The demo accounts' orders are built through the services, so each of their rows is a
real state with its history. `returns.demo_orders` (`seed_demo --orders N`, for load and
scale work) writes generated orders in bulk with their statuses set directly: no
transitions, no history, no emails.
"""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.roles import MANAGER, OPERATOR, VIEWER
from orders.choices import PaymentMethod
from orders.models import Order, OrderItem, Package, Product, Seller
from orders.services import order_place, package_move

from .choices import CancellationType, PlanStatus, ReasonAudience
from .demo_history import demo_history_seed
from .demo_returns import STEPS as RETURN_STEPS
from .demo_returns import demo_returns_seed
from .models import CancellationReason
from .services import RequestLine, cancellation_request_create, order_items_cancel, refund_plan_execute

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - documented demo password

SELLERS = [
    (
        "anatolia",
        "Anatolia Textiles",
        "Anatolia Textiles İade\nOrganize Sanayi Bölgesi 12. Cd. No:4\n16140 Nilüfer/Bursa",
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
        "Bosphorus Electronics İade Deposu\nİkitelli OSB Mah. 5. Sk. No:21\n34490 Başakşehir/İstanbul",
        [
            ("BE-HEAD-01", "Wireless Headphones", "1299.00"),
            ("BE-CHRG-02", "USB-C Fast Charger", "189.90"),
            ("BE-SPKR-03", "Bluetooth Speaker", "749.00"),
            ("BE-CABL-04", "Braided Charging Cable", "79.90"),
        ],
    ),
]

CUSTOMER, OWNER, SELLER = ReasonAudience.CUSTOMER, ReasonAudience.OWNER, ReasonAudience.SELLER
CANCEL, REFUND = CancellationType.CANCEL, CancellationType.REFUND
# Who chooses it, type, subject, Turkish subject, order, extra information needed, seller fault.
REASONS = [
    (CUSTOMER, CANCEL, "I changed my mind", "Vazgeçtim", 1, False, False),
    (CUSTOMER, CANCEL, "I found a better price", "Daha uygun fiyat buldum", 2, False, False),
    (CUSTOMER, CANCEL, "I ordered by mistake", "Yanlışlıkla sipariş verdim", 3, False, False),
    (CUSTOMER, CANCEL, "Other (please describe)", "Diğer (lütfen açıklayın)", 9, True, False),
    (CUSTOMER, REFUND, "The product does not fit", "Ürün uymadı", 1, False, False),
    (CUSTOMER, REFUND, "Damaged or defective product", "Hasarlı veya kusurlu ürün", 2, False, True),
    (CUSTOMER, REFUND, "Wrong product sent", "Yanlış ürün gönderildi", 3, False, True),
    (CUSTOMER, REFUND, "Other (please describe)", "Diğer (lütfen açıklayın)", 9, True, False),
    (OWNER, CANCEL, "The customer asked customer service", "Müşteri, müşteri hizmetlerinden istedi", 1, False, False),
    (OWNER, CANCEL, "Suspected fraud", "Şüpheli işlem", 2, False, False),
    (OWNER, CANCEL, "Other (please describe)", "Diğer (lütfen açıklayın)", 9, True, False),
    (OWNER, REFUND, "The customer asked customer service", "Müşteri, müşteri hizmetlerinden istedi", 1, False, False),
    (OWNER, REFUND, "Damaged or defective product", "Hasarlı veya kusurlu ürün", 2, False, True),
    (OWNER, REFUND, "Other (please describe)", "Diğer (lütfen açıklayın)", 9, True, False),
    (SELLER, CANCEL, "Out of stock", "Stokta yok", 1, False, False),
    (SELLER, CANCEL, "Cannot ship in time", "Zamanında gönderilemiyor", 2, False, False),
    (SELLER, CANCEL, "Defect found before shipping", "Gönderim öncesi kusur bulundu", 3, False, False),
    (SELLER, CANCEL, "Other (please describe)", "Diğer (lütfen açıklayın)", 9, True, False),
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
    customers = [users[username] for username, *_rest in CUSTOMERS]
    demo_history_seed(customers=customers, products=list(products.values()), reasons=reasons, users=users)
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
    for slug, name, _address, _products in SELLERS:
        users[slug] = _user(slug, first_name=name, email=f"{slug}@sellers.example")
    for username, first, last, _prefix in CUSTOMERS:
        users[username] = _user(username, first_name=first, last_name=last, email=f"{username}@customers.example")
    return users


def _catalogue(users) -> dict[str, Product]:
    products = {}
    for slug, name, address, items in SELLERS:
        seller, _ = Seller.objects.get_or_create(
            slug=slug, defaults={"name": name, "email": f"{slug}@sellers.example", "return_address": address}
        )
        seller.users.add(users[slug])
        for sku, product_name, price in items:
            products[sku], _ = Product.objects.get_or_create(
                sku=sku, defaults={"seller": seller, "name": product_name, "price": Decimal(price), "stock": 500}
            )
    return products


def _reasons() -> dict[str, CancellationReason]:
    reasons = {}
    for audience, kind, subject, subject_tr, order, extra, fault in REASONS:
        reasons[f"{audience}:{kind}:{subject}"], _ = CancellationReason.objects.get_or_create(
            audience=audience,
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
            RequestLine(
                item_id=items[0].pk, quantity=1, reason_id=reasons["customer:refund:The product does not fit"].pk
            ),
            RequestLine(
                item_id=items[1].pk, quantity=1, reason_id=reasons["customer:refund:Damaged or defective product"].pk
            ),
        ],
        requested_by=customer,
    )
    # Delivered, with a return at every later step of its parcel (awaiting shipment is 1007's); delivered
    # long enough ago for its returns to have been asked before their parcels moved (`demo_returns._times`).
    order = place(1008, [(sku, 1) for sku, _step in RETURN_STEPS], 12)
    move(order, "AT", "mark_ready_to_ship", "ship", "deliver", delivered_days_ago=10)
    move(order, "BE", "mark_ready_to_ship", "ship", "deliver", delivered_days_ago=10)
    demo_returns_seed(
        order=order,
        customer=customer,
        reason=reasons["customer:refund:The product does not fit"],
        seller_users=seller_of,
    )


def _cancel_whole_order(order, customer, reasons, owner) -> None:
    from .services import cancellation_plan_confirm

    reason = reasons["customer:cancel:I changed my mind"]
    item_ids = list(order.items.values_list("pk", flat=True))
    cancellation_request_create(
        order_id=order.pk,
        lines=[
            RequestLine(item_id=pk, quantity=OrderItem.objects.get(pk=pk).quantity, reason_id=reason.pk)
            for pk in item_ids
        ],
        requested_by=customer,
    )
    # The owner confirms the customer's own requests: their reason stands, none is asked for.
    plan = order_items_cancel(order_id=order.pk, item_ids=item_ids, reason_id=None, cancelled_by=owner)
    plan.refresh_from_db()
    if plan.status == PlanStatus.WAITING:
        cancellation_plan_confirm(plan_id=plan.pk)
    refund_plan_execute(plan_id=plan.pk)
