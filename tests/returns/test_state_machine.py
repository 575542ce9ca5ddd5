"""Random sequences of what customers, owners, sellers, the clock, sweepers and workers do.

After every step the money and stock invariants must hold.
"""

import contextlib
import random
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from orders.choices import OrderItemStatus, PackageStatus
from orders.models import OrderItem, Payment, Product
from orders.services import order_place, package_move
from returns import payments
from returns.carriers import CarrierScan
from returns.choices import (
    OPEN_REQUEST_STATUSES,
    CancellationType,
    PlanStatus,
    RefundLineStatus,
    RequestStatus,
    ReturnShipmentStatus,
    ScanKind,
)
from returns.exceptions import ReturnsError
from returns.models import CancellationPlan, CancellationRequest, RefundLine, ReturnScan, ReturnShipment
from returns.services import (
    RequestLine,
    cancellation_request_approve,
    cancellation_request_create,
    cancellation_request_reject,
    cancellation_request_withdraw,
    order_item_reject_by_seller,
    order_items_cancel,
    refund_plan_execute,
    return_shipment_mark_received,
    return_shipment_mark_shipped,
    return_shipment_record_scan,
    returns_sweep,
)
from sandbox.gateway import SandboxGateway
from sandbox.models import LedgerRefund
from tests.factories import CancellationReasonFactory, ProductFactory, SellerFactory, UserFactory

INITIAL_STOCK = 1000
MOVES_TO = {
    PackageStatus.PREPARING: [],
    PackageStatus.READY_TO_SHIP: ["mark_ready_to_ship"],
    PackageStatus.SHIPPED: ["mark_ready_to_ship", "ship"],
    PackageStatus.DELIVERED: ["mark_ready_to_ship", "ship", "deliver"],
    PackageStatus.DELIVERY_FAILED: ["mark_ready_to_ship", "ship", "fail_delivery"],
}


def order_placed_and_moved(*, customer, lines, status: str, discount: Decimal, shipping: Decimal) -> None:
    """What customers and sellers do: place an order, then move its packages to `status`."""
    order = order_place(customer=customer, lines=lines, discount_total=discount, shipping_total=shipping)
    for package in order.packages.all():
        for move in MOVES_TO[status]:
            details = {"carrier": "Test Cargo", "tracking_number": "TRACK1"} if move == "ship" else {}
            package_move(package_id=package.pk, move=move, **details)


class ReturnsMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.clock = timezone.now()
        ReturnsMachine.gateway = SandboxGateway({}, rng=random.Random(0))

    def teardown(self):
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    @initialize()
    def people_and_catalogue(self):
        self.customer = UserFactory()
        self.owner = UserFactory(owner=True)
        self.seller_user = UserFactory()
        seller = SellerFactory(staff=[self.seller_user])
        self.products = [
            ProductFactory(seller=seller, price=Decimal(price), stock=INITIAL_STOCK)
            for price in ("19.99", "249.90", "1299.00")
        ]
        self.cancel_reason = CancellationReasonFactory()
        self.return_reason = CancellationReasonFactory(refund=True)
        self.fault_reason = CancellationReasonFactory(refund=True, seller_fault=True)
        self.owner_reason = CancellationReasonFactory(for_owner=True)
        self.seller_reason = CancellationReasonFactory(for_seller=True)
        for status in (
            PackageStatus.PREPARING,
            PackageStatus.READY_TO_SHIP,
            PackageStatus.SHIPPED,
            PackageStatus.DELIVERED,
        ):
            order_placed_and_moved(
                customer=self.customer,
                lines=[(self.products[0], 2), (self.products[1], 1)],
                status=status,
                discount=Decimal("10.00"),
                shipping=Decimal("29.90"),
            )

    # What people do ---------------------------------------------------------------------------

    @rule(
        status=st.sampled_from(list(MOVES_TO)),
        quantities=st.lists(st.integers(1, 3), min_size=1, max_size=3),
        discount=st.sampled_from(["0.00", "10.00", "33.33"]),
    )
    def place_order(self, status, quantities, discount):
        lines = [(self.products[i % 3], q) for i, q in enumerate(quantities)]
        discount = min(Decimal(discount), sum(p.price * q for p, q in lines))
        order_placed_and_moved(
            customer=self.customer, lines=lines, status=status, discount=discount, shipping=Decimal("29.90")
        )

    @rule(data=st.data())
    def customer_requests(self, data):
        items = list(OrderItem.objects.values_list("pk", "order_id", "quantity", "status"))
        if not items:
            return
        pk, order_id, quantity, status = data.draw(st.sampled_from(items))
        reason = (
            self.cancel_reason
            if status in (OrderItemStatus.PREPARING, OrderItemStatus.READY_TO_SHIP)
            else data.draw(st.sampled_from([self.return_reason, self.fault_reason]))
        )
        part = data.draw(st.integers(1, quantity))
        self._try(
            cancellation_request_create,
            order_id=order_id,
            requested_by=self.customer,
            lines=[RequestLine(item_id=pk, quantity=part, reason_id=reason.pk)],
        )

    @rule(data=st.data())
    def customer_withdraws(self, data):
        self._on_request(data, lambda pk: cancellation_request_withdraw(request_id=pk, withdrawn_by=self.customer))

    @rule(data=st.data())
    def seller_confirms(self, data):
        self._on_request(data, lambda pk: cancellation_request_approve(request_id=pk, approved_by=self.seller_user))

    @rule(data=st.data())
    def seller_rejects(self, data):
        self._on_request(
            data, lambda pk: cancellation_request_reject(request_id=pk, rejected_by=self.seller_user, note="No")
        )

    @rule(data=st.data(), tracking=st.sampled_from(["", "SBX1"]))
    def customer_ships_the_parcel(self, data, tracking):
        self._on_request(
            data,
            lambda pk: return_shipment_mark_shipped(request_id=pk, shipped_by=self.customer, tracking_number=tracking),
        )

    @rule(data=st.data(), kind=st.sampled_from(list(ScanKind)), repeat=st.booleans())
    def carrier_scans(self, data, kind, repeat):
        codes = list(ReturnShipment.objects.values_list("return_code", flat=True))
        if not codes:
            return
        code = data.draw(st.sampled_from(codes))
        scan_id = f"{code}-{kind}" if repeat else f"{code}-{kind}-{data.draw(st.integers(0, 10**6))}"
        scan = CarrierScan(scan_id=scan_id, return_code=code, kind=kind, scanned_at=self.clock)
        self._try(return_shipment_record_scan, carrier="sandbox", scan=scan)

    @rule(data=st.data())
    def seller_marks_received(self, data):
        self._on_request(data, lambda pk: return_shipment_mark_received(request_id=pk, received_by=self.seller_user))

    @rule(data=st.data())
    def seller_refunds_without_return(self, data):
        self._on_request(
            data,
            lambda pk: cancellation_request_approve(request_id=pk, approved_by=self.seller_user, without_return=True),
        )

    @rule(data=st.data())
    def owner_approves(self, data):
        self._on_request(data, lambda pk: cancellation_request_approve(request_id=pk, approved_by=self.owner))

    @rule(data=st.data())
    def owner_cancels(self, data):
        orders = list(OrderItem.objects.values_list("order_id", flat=True).distinct())
        if not orders:
            return
        order_id = data.draw(st.sampled_from(orders))
        ids = list(OrderItem.objects.filter(order_id=order_id).values_list("pk", flat=True))
        chosen = data.draw(st.lists(st.sampled_from(ids), min_size=1, unique=True))
        self._try(
            order_items_cancel,
            order_id=order_id,
            item_ids=chosen,
            reason_id=self.owner_reason.pk,
            cancelled_by=self.owner,
        )

    @rule(data=st.data())
    def seller_rejects_an_item(self, data):
        ids = list(OrderItem.objects.values_list("pk", flat=True))
        if ids:
            self._try(
                order_item_reject_by_seller,
                item_id=data.draw(st.sampled_from(ids)),
                reason_id=self.seller_reason.pk,
                rejected_by=self.seller_user,
            )

    # Time, faults, sweepers and workers ---------------------------------------------------------

    @rule(hours=st.integers(1, 120))
    def clock_moves(self, hours):
        self.clock += timedelta(hours=hours)

    @rule(
        failure=st.sampled_from([0, 0.3, 1]),
        timeout=st.sampled_from([0, 0.3]),
        decline=st.sampled_from([0, 0.1]),
        seed=st.integers(0, 1000),
    )
    def gateway_faults_change(self, failure, timeout, decline, seed):
        config = {"FAILURE_RATE": failure, "TIMEOUT_RATE": timeout, "DECLINE_RATE": decline}
        ReturnsMachine.gateway = SandboxGateway(config, rng=random.Random(seed))

    @rule()
    def sweeper_runs(self):
        returns_sweep(now=self.clock)

    @rule(data=st.data())
    def worker_runs(self, data):
        plans = list(CancellationPlan.objects.filter(status=PlanStatus.APPROVED).values_list("pk", flat=True))
        if plans:
            refund_plan_execute(plan_id=data.draw(st.sampled_from(plans)), now=self.clock)

    # Invariants ---------------------------------------------------------------------------------

    @invariant()
    def refunds_never_exceed_what_was_captured(self):
        for payment in Payment.objects.all():
            assert 0 <= payment.amount_refunded <= payment.amount_allocated <= payment.amount_captured

    @invariant()
    def at_most_one_open_request_per_item(self):
        crowded = (
            CancellationRequest.objects.filter(status__in=OPEN_REQUEST_STATUSES)
            .values("order_item")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
        )
        assert not crowded.exists()

    @invariant()
    def each_idempotency_key_is_applied_at_most_once_and_matches_its_line(self):
        lines = {line.idempotency_key: line for line in RefundLine.objects.all()}
        for row in LedgerRefund.objects.all():
            assert row.idempotency_key in lines
            assert row.amount == lines[row.idempotency_key].amount

    @invariant()
    def completed_plans_match_the_gateway_ledger_to_the_cent(self):
        # Read once and summed here: the invariants run after every step, so they ask the database
        # a fixed number of questions whatever the number of plans and payments.
        paid_by_key = dict(LedgerRefund.objects.values_list("idempotency_key").annotate(paid=Sum("amount")))
        lines = list(RefundLine.objects.values_list("plan_id", "payment_id", "idempotency_key", "status"))
        paid_by_plan, paid_by_payment = defaultdict(Decimal), defaultdict(Decimal)
        for plan_id, payment_id, key, status in lines:
            paid_by_plan[plan_id] += paid_by_key.get(key, Decimal("0.00"))
            if status == RefundLineStatus.COMPLETED:
                paid_by_payment[payment_id] += paid_by_key.get(key, Decimal("0.00"))
        for plan_id, amount in CancellationPlan.objects.filter(status=PlanStatus.COMPLETED).values_list("pk", "amount"):
            assert paid_by_plan[plan_id] == amount
        for payment_id, refunded in Payment.objects.values_list("pk", "amount_refunded"):
            assert paid_by_payment[payment_id] == refunded

    @invariant()
    def stock_is_initial_minus_sold_plus_cancelled_and_accepted_goods_back(self):
        products = [p.pk for p in getattr(self, "products", [])]
        totals = {
            row["product"]: row
            for row in OrderItem.objects.filter(product__in=products)
            .values("product")
            .annotate(sold=Sum("quantity"), cancelled=Sum("quantity", filter=Q(status=OrderItemStatus.CANCELLED)))
        }
        back = dict(
            ReturnShipment.objects.filter(
                restocked_at__isnull=False, cancellation_request__order_item__product__in=products
            )
            .values_list("cancellation_request__order_item__product")
            .annotate(n=Sum("cancellation_request__order_item__quantity"))
        )
        for product_id, stock in Product.objects.filter(pk__in=products).values_list("pk", "stock"):
            row = totals.get(product_id, {})
            expected = INITIAL_STOCK - (row.get("sold") or 0) + (row.get("cancelled") or 0) + back.get(product_id, 0)
            assert stock == expected

    @invariant()
    def goods_go_back_on_the_shelf_only_received_and_accepted(self):
        for shipment in ReturnShipment.objects.filter(restocked_at__isnull=False).select_related(
            "cancellation_request"
        ):
            assert shipment.status == ReturnShipmentStatus.RECEIVED
            assert shipment.cancellation_request.status in (RequestStatus.APPROVED, RequestStatus.COMPLETED)

    @invariant()
    def a_return_is_approved_only_with_its_goods_back_or_as_a_refund_without_return(self):
        for cancellation in CancellationRequest.objects.filter(
            cancellation_type=CancellationType.REFUND,
            status__in=[RequestStatus.APPROVED, RequestStatus.COMPLETED],
            approved_without_return=False,
        ).select_related("return_shipment"):
            assert cancellation.return_shipment.received_at is not None
            assert cancellation.return_shipment.received_at <= cancellation.decided_at

    @invariant()
    def every_return_has_one_shipment_and_every_scan_id_is_recorded_once(self):
        returns = CancellationRequest.objects.filter(cancellation_type=CancellationType.REFUND)
        assert ReturnShipment.objects.count() == returns.count()
        assert not ReturnScan.objects.values("carrier", "scan_id").annotate(n=Count("pk")).filter(n__gt=1).exists()

    # Helpers ------------------------------------------------------------------------------------

    def _on_request(self, data, action):
        ids = list(CancellationRequest.objects.values_list("pk", flat=True))
        if ids:
            self._try(action, data.draw(st.sampled_from(ids)))

    @staticmethod
    def _try(service, *args, **kwargs):
        # A clean refusal is fine: the invariants check that nothing changed for the worse.
        with contextlib.suppress(ReturnsError):
            service(*args, **kwargs)


@pytest.mark.django_db
def test_random_journeys_keep_money_and_stock_invariants():
    configured = payments._gateway
    payments._gateway = lambda: ReturnsMachine.gateway  # each example's own seeded sandbox
    try:
        run_state_machine_as_test(
            ReturnsMachine,
            settings=settings(
                max_examples=40,
                stateful_step_count=40,
                deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            ),
        )
    finally:
        payments._gateway = configured
