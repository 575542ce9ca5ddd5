"""Eight weeks of demo history, so Returns Analytics has something to show.

Each day two orders of the demo customers, and some of their lines cancelled or returned
for every reason, decided after a few hours or days: confirmed and refunded, rejected,
left to the seller deadline (approved by the system). They go through the services, then
their dates are moved back to the day they stand for (the services stamp "now"), and the
figures are rebuilt from the rows. Deterministic: the same draws every time.
"""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from accounts.models import system_user
from orders.figures import daily_sales_rebuild
from orders.models import Order
from orders.services import order_place, package_move

from .choices import CancellationType, ReasonAudience
from .figures import figures_rebuild
from .models import CancellationPlan, CancellationRequest, ReturnShipment
from .services import (
    RequestLine,
    cancellation_request_approve,
    cancellation_request_create,
    cancellation_request_reject,
    refund_plan_execute,
    return_shipment_mark_received,
)

DAYS = 56
ORDERS_PER_DAY = 2
DELIVER = ("mark_ready_to_ship", "ship", "deliver")
REFUND_HOURS = 2  # from a decision to its refund


def demo_history_seed(*, customers: list, products: list, reasons: dict, users: dict) -> None:
    """Place and settle the history's orders (see the module's docstring)."""
    rng = random.Random(2026)
    today = timezone.localdate()
    customers_reasons = [r for r in reasons.values() if r.audience == ReasonAudience.CUSTOMER]
    cancel_reasons = [r for r in customers_reasons if r.cancellation_type == CancellationType.CANCEL]
    return_reasons = [r for r in customers_reasons if r.cancellation_type == CancellationType.REFUND]
    for day_back in range(DAYS, 0, -1):
        day = today - timedelta(days=day_back)
        for n in range(ORDERS_PER_DAY):
            placed = datetime.combine(day, time(9 + 4 * n, rng.randrange(60)), tzinfo=timezone.get_current_timezone())
            customer = rng.choice(customers)
            lines = [(product, rng.choice((1, 1, 2))) for product in rng.sample(products, rng.choice((1, 2, 3)))]
            order = order_place(customer=customer, lines=lines, number=f"H-{day:%m%d}-{n}", created_at=placed)
            _settle(rng, order, customer, placed, cancel_reasons, return_reasons, users)
    daily_sales_rebuild()
    figures_rebuild()


def _settle(rng, order: Order, customer, placed: datetime, cancel_reasons, return_reasons, users) -> None:
    draw = rng.random()
    if draw < 0.15:  # cancelled before shipment, confirmed at once
        item = rng.choice(list(order.items.all()))
        _request(order, customer, item, rng.choice(cancel_reasons), placed + timedelta(hours=1), hours=0)
        return
    for package in order.packages.all():
        for move in DELIVER:
            details = {"carrier": "Demo Cargo", "tracking_number": f"DC{order.pk}"} if move == "ship" else {}
            package_move(package_id=package.pk, move=move, **details)
    if draw < 0.55:
        item = rng.choice(list(order.items.all()))
        asked = placed + timedelta(days=rng.randrange(2, 6), hours=rng.randrange(8))
        hours = rng.choice((3, 8, 20, 30, 50, 75))
        reason = rng.choice(return_reasons)
        # Only a return that was decided and refunded by now: history has no dates to come.
        if asked + timedelta(hours=hours + REFUND_HOURS) <= timezone.now():
            _request(order, customer, item, reason, asked, hours=hours, rng=rng, users=users)


def _request(order, customer, item, reason, asked: datetime, *, hours: int, rng=None, users=None) -> None:
    line = RequestLine(item_id=item.pk, quantity=item.quantity, reason_id=reason.pk, description="Demo history")
    (cancellation,) = cancellation_request_create(order_id=order.pk, lines=[line], requested_by=customer)
    if cancellation.is_cancel:
        cancellation_request_approve(request_id=cancellation.pk, approved_by=system_user(), note="Demo history")
    else:
        seller = users[item.seller.slug]
        return_shipment_mark_received(request_id=cancellation.pk, received_by=seller)
        outcome = rng.random()
        if outcome < 0.2:
            cancellation_request_reject(request_id=cancellation.pk, rejected_by=seller, note="Used, not as sold")
        else:
            by = system_user() if outcome > 0.85 else seller  # left past the seller deadline
            cancellation_request_approve(request_id=cancellation.pk, approved_by=by)
    plan = CancellationPlan.objects.filter(items__cancellation_request=cancellation).first()
    if plan is not None:
        refund_plan_execute(plan_id=plan.pk)
    decided = asked + timedelta(hours=hours)
    CancellationRequest.objects.filter(pk=cancellation.pk).update(created_at=asked)
    CancellationRequest.objects.filter(pk=cancellation.pk, decided_at__isnull=False).update(decided_at=decided)
    CancellationPlan.objects.filter(items__cancellation_request=cancellation, completed_at__isnull=False).update(
        created_at=decided, approved_at=decided, completed_at=decided + timedelta(hours=REFUND_HOURS)
    )
    # The parcel: its code issued when the return was asked, received halfway to the decision.
    ReturnShipment.objects.filter(cancellation_request=cancellation).update(
        created_at=asked, received_at=asked + (decided - asked) / 2
    )
