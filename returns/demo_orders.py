"""Generated orders for load and scale work (`seed_demo --orders N`).

Orders with several items and sellers, spread over a year and over every fulfilment
status. About one delivered item in fifty has a return request waiting for its seller;
every cancelled order comes with its finished cancellation: a completed request per
item, the completed plan with its items, the refund line paid through the sandbox
gateway (with the gateway's ledger row) and the payment refunded.

The rows are written straight to the tables, in batches of thousands: with COPY on
PostgreSQL and `bulk_create` elsewhere. Primary keys are assigned here (after the
largest one in each table), so related rows point at them without reading them back,
and the tables' sequences are moved past them at the end. Run it while nothing else
writes orders. Deterministic for a given starting point: the same count on the same
database gives the same rows.
"""

import random
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from operator import itemgetter
from typing import NamedTuple

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import system_user
from orders.choices import OrderItemStatus, OrderStatus, PackageStatus, PaymentMethod
from orders.models import Order, OrderItem, Package, Payment, Product, Seller

from .choices import CancellationType, PlanStatus, ReasonAudience, RefundLineStatus, RequestOrigin, RequestStatus
from .demo import DEMO_PASSWORD
from .models import (
    CancellationPlan,
    CancellationPlanItem,
    CancellationReason,
    CancellationRequest,
    RefundLine,
)

MIX = [  # (package status, weight): every package of an order has the same status
    (PackageStatus.PREPARING, 8),
    (PackageStatus.READY_TO_SHIP, 5),
    (PackageStatus.SHIPPED, 12),
    (PackageStatus.DELIVERED, 65),
    (PackageStatus.DELIVERY_FAILED, 3),
    (PackageStatus.CANCELLED, 7),
]
ORDER_STATUS = {
    PackageStatus.PREPARING: OrderStatus.WAITING_PACKAGING,
    PackageStatus.READY_TO_SHIP: OrderStatus.WAITING_PACKAGING,
    PackageStatus.SHIPPED: OrderStatus.SHIPPED,
    PackageStatus.DELIVERED: OrderStatus.DELIVERED,
    PackageStatus.DELIVERY_FAILED: OrderStatus.SHIPPED,
    PackageStatus.CANCELLED: OrderStatus.CANCELLED,
}
ITEM_STATUS = {status: OrderItemStatus(status) for status, _weight in MIX}
SHIPPED = {PackageStatus.SHIPPED, PackageStatus.DELIVERED, PackageStatus.DELIVERY_FAILED}
OPEN_RETURN_RATE = 0.02
MODELS = [
    Order,
    Package,
    OrderItem,
    Payment,
    CancellationRequest,
    CancellationPlan,
    CancellationPlanItem,
    RefundLine,
]


def ledger():
    """The sandbox gateway's ledger, where the sandbox is installed: the seeded refunds are in it."""
    return apps.get_model("sandbox", "LedgerRefund") if apps.is_installed("sandbox") else None


class Tables:
    """The rows of one batch, per model, with the next primary key of each table."""

    def __init__(self):
        self.ledger = ledger()
        self.models = [*MODELS, *filter(None, [self.ledger])]
        self.next_pk = {model: (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1 for model in self.models}
        self.fields = {model: model._meta.concrete_fields for model in self.models}
        self.defaults = {model: {f.attname: f.get_default() for f in self.fields[model]} for model in self.models}
        self.order = {model: itemgetter(*(f.attname for f in self.fields[model])) for model in self.models}
        self.stamped = {model: [f.attname for f in self.fields[model] if _stamped(f)] for model in self.models}
        self.now = timezone.now()
        self.rows = {model: [] for model in self.models}

    def add(self, model, **values) -> int:
        """Queue one row (the model's defaults for the columns not given); returns its primary key.

        COPY skips `save()`, so a column `save()` stamps (`auto_now`) gets the row's latest moment here.
        """
        pk = self.next_pk[model]
        self.next_pk[model] += 1
        if self.stamped[model]:
            moment = max((v for v in values.values() if isinstance(v, datetime)), default=self.now)
            values = {name: moment for name in self.stamped[model]} | values
        self.rows[model].append(self.order[model](self.defaults[model] | values | {"id": pk}))
        return pk

    def write(self) -> None:
        for model in self.models:
            if self.rows[model]:
                write_rows(model, self.fields[model], self.rows[model])
            self.rows[model] = []


def _stamped(field) -> bool:
    return getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)


def write_rows(model, fields, rows: list[tuple]) -> None:
    if connection.vendor == "postgresql":
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
    else:
        names = [f.attname for f in fields]
        model.objects.bulk_create((model(**dict(zip(names, row, strict=True))) for row in rows), batch_size=500)


def bulk_orders_create(*, count: int, batch_size: int = 10000, progress: Callable[[str], None] | None = None) -> None:
    """Add `count` generated orders (several items and sellers, spread over statuses and a year)."""
    start = Order.objects.filter(number__startswith="G").count()
    rng = random.Random(start)
    generator = Generator(rng)
    done = 0
    while done < count:
        size = min(batch_size, count - done)
        with transaction.atomic():
            tables = Tables()
            for n in range(start + done, start + done + size):
                generator.order(tables, generator.draw(n))
            tables.write()
        done += size
        if progress and (done % 20000 < size or done == count):
            progress(f"  {done}/{count} orders")
    sequences_reset()


def sequences_reset() -> None:
    """Move the tables' key sequences past the keys assigned here."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [*MODELS, *filter(None, [ledger()])]):
            cursor.execute(sql)


class Draft(NamedTuple):
    """One order to write: its number, customer (pk), date, (product, quantity) lines, package status,
    and the index of the line with a return request waiting (or None)."""

    number: str
    customer: int
    created: datetime
    lines: list
    status: str
    returning: int | None = None


class Generator:
    """Draws one order at a time from the catalogue, the customers and the reasons."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.now = timezone.now()
        self.products, self.customers = _catalogue(rng)
        self.statuses, self.weights = zip(*MIX, strict=True)
        reasons = CancellationReason.objects.active().for_audience(ReasonAudience.CUSTOMER)
        self.return_reason = reasons.of_type(CancellationType.REFUND).first()
        self.cancel_reason = reasons.of_type(CancellationType.CANCEL).first()
        self.system = system_user().pk

    def draw(self, n: int) -> "Draft":
        """The `n`th generated order: when, who, what and how far it got."""
        rng = self.rng
        created = self.now - timedelta(minutes=rng.randrange(60, 365 * 24 * 60))
        lines = [
            (rng.choice(self.products), rng.choice((1, 1, 1, 2, 3))) for _ in range(rng.choice((1, 2, 2, 3, 4, 5)))
        ]
        status = rng.choices(self.statuses, self.weights)[0]
        opened = status == PackageStatus.DELIVERED and any(rng.random() < OPEN_RETURN_RATE for _ in lines)
        returning = rng.randrange(len(lines)) if opened else None
        return Draft(f"G{n:08d}", rng.choice(self.customers), created, lines, status, returning)

    def order(self, tables: Tables, draft: "Draft") -> int:
        """Queue the rows of one order; returns the order's primary key."""
        number, customer, created, lines, status, returning = draft
        subtotal = sum((p.price * q for p, q in lines), Decimal("0.00"))
        shipping = Decimal("0.00") if subtotal > 500 else Decimal("29.90")
        items = []  # (pk, product, quantity)
        opened = returning is not None
        order = tables.add(
            Order,
            number=number,
            customer_id=customer,
            created_at=created,
            subtotal=subtotal,
            shipping_total=shipping,
            total=subtotal + shipping,
            shipping_address="Generated address",
            status=ORDER_STATUS[status],
            has_open_request=opened,
        )
        packages = {}
        for product, _quantity in lines:
            if product.seller_id not in packages:
                packages[product.seller_id] = tables.add(
                    Package, order_id=order, seller_id=product.seller_id, **self._shipment(status, created, number)
                )
        delivered = created + timedelta(days=3) if status == PackageStatus.DELIVERED else None
        for index, (product, quantity) in enumerate(lines):
            item_status = OrderItemStatus.RETURN_WAITING if index == returning else ITEM_STATUS[status]
            pk = tables.add(
                OrderItem,
                order_id=order,
                package_id=packages[product.seller_id],
                product_id=product.pk,
                seller_id=product.seller_id,
                product_name=product.name,
                sku=product.sku,
                unit_price=product.price,
                quantity=quantity,
                status=item_status,
                status_before_request=OrderItemStatus.DELIVERED if index == returning else "",
                delivered_at=delivered,
            )
            items.append((pk, product, quantity))
            if index == returning:
                tables.add(
                    CancellationRequest,
                    order_id=order,
                    order_item_id=pk,
                    seller_id=product.seller_id,
                    cancellation_type=CancellationType.REFUND,
                    reason_id=self.return_reason.pk,
                    quantity=quantity,
                    origin=RequestOrigin.CUSTOMER,
                    created_by_id=customer,
                    created_at=created + timedelta(days=5),
                )
        refunded = subtotal + shipping if status == PackageStatus.CANCELLED else Decimal("0.00")
        payment = tables.add(
            Payment,
            order_id=order,
            method=PaymentMethod.CREDIT_CARD,
            reference=f"PAY-{number}",
            amount_captured=subtotal + shipping,
            amount_allocated=refunded,
            amount_refunded=refunded,
        )
        if status == PackageStatus.CANCELLED:
            self._cancellation(
                tables,
                order=order,
                number=number,
                customer=customer,
                created=created,
                items=items,
                payment=payment,
                shipping=shipping,
                subtotal=subtotal,
            )
        return order

    @staticmethod
    def _shipment(status: str, created, number: str) -> dict:
        if status not in SHIPPED:
            return {"status": status, "created_at": created}
        return {
            "status": status,
            "created_at": created,
            "carrier": "Yurtiçi Kargo",
            "tracking_number": f"YK{number}",
            "shipped_at": created + timedelta(days=1),
            "delivered_at": created + timedelta(days=3) if status == PackageStatus.DELIVERED else None,
        }

    def _cancellation(
        self,
        tables: Tables,
        *,
        order: int,
        number: str,
        customer: int,
        created,
        items,
        payment: int,
        shipping: Decimal,
        subtotal: Decimal,
    ) -> None:
        """The customer cancelled every item before shipment; the refund was paid the next hour."""
        asked, decided, paid = created + timedelta(hours=1), created + timedelta(hours=2), created + timedelta(hours=3)
        plan = tables.add(
            CancellationPlan,
            order_id=order,
            plan_type=CancellationType.CANCEL,
            status=PlanStatus.COMPLETED,
            items_amount=subtotal,
            shipping_amount=shipping,
            amount=subtotal + shipping,
            created_by_id=self.system,
            created_at=decided,
            approved_at=decided,
            completed_at=paid,
        )
        for pk, product, quantity in items:
            request = tables.add(
                CancellationRequest,
                order_id=order,
                order_item_id=pk,
                seller_id=product.seller_id,
                cancellation_type=CancellationType.CANCEL,
                reason_id=self.cancel_reason.pk,
                quantity=quantity,
                status=RequestStatus.COMPLETED,
                origin=RequestOrigin.CUSTOMER,
                created_by_id=customer,
                created_at=asked,
                decided_by_id=self.system,
                decided_at=decided,
            )
            tables.add(
                CancellationPlanItem,
                plan_id=plan,
                cancellation_request_id=request,
                order_item_id=pk,
                quantity=quantity,
                amount=product.price * quantity,
            )
        key, reference = f"seed-{number}", f"RF-{number}"
        tables.add(
            RefundLine,
            plan_id=plan,
            payment_id=payment,
            amount=subtotal + shipping,
            status=RefundLineStatus.COMPLETED,
            idempotency_key=key,
            attempts=1,
            gateway_reference=reference,
            completed_at=paid,
        )
        if tables.ledger is not None:
            tables.add(
                tables.ledger,
                idempotency_key=key,
                payment_reference=f"PAY-{number}",
                amount=subtotal + shipping,
                reference=reference,
                created_at=paid,
            )


def _catalogue(rng: random.Random) -> tuple[list[Product], list[int]]:
    """20 sellers, 240 products (the demo's among them) and 2000 customers, created once."""
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
    users = get_user_model().objects.filter(username__startswith="shopper").order_by("pk")
    existing = users.count()
    if existing < 2000:
        password = make_password(DEMO_PASSWORD)
        get_user_model().objects.bulk_create(
            get_user_model()(
                username=f"shopper{i:05d}",
                first_name="Shopper",
                last_name=f"{i:05d}",
                email=f"shopper{i:05d}@customers.example",
                password=password,
            )
            for i in range(existing, 2000)
        )
    return products, list(users.values_list("pk", flat=True))
