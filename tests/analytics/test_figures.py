"""Returns Analytics' figures against small cases worked out by hand."""

import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command

from orders.figures import daily_sales_kept
from orders.models import DailySales
from orders.services import order_place, package_move
from returns.analytics import analytics_report, percentile
from returns.figures import figures_kept
from returns.models import DailyReturnFigures
from returns.services import (
    RequestLine,
    cancellation_request_approve,
    cancellation_request_create,
    cancellation_request_reject,
    return_shipment_mark_received,
    returns_sweep,
)
from tests.factories import CancellationReasonFactory, ProductFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def delivered_order(customer, product, quantity):
    order = order_place(customer=customer, lines=[(product, quantity)])
    for move in ("mark_ready_to_ship", "ship", "deliver"):
        details = {"carrier": "Test Cargo", "tracking_number": "T1"} if move == "ship" else {}
        package_move(package_id=order.packages.get().pk, move=move, **details)
    return order


def return_one(customer, order, reason):
    line = RequestLine(item_id=order.items.get().pk, quantity=1, reason_id=reason.pk)
    (cancellation,) = cancellation_request_create(order_id=order.pk, lines=[line], requested_by=customer)
    return cancellation


@pytest.fixture
def towel(seller):
    return ProductFactory(seller=seller, name="Towel", price=Decimal("249.90"), stock=100)


def test_percentiles_are_the_hours_within_which_that_share_was_done():
    histogram = {"1": 5, "3": 4, "10": 1}
    assert percentile(histogram, 0.5) == 1
    assert percentile(histogram, 0.9) == 3
    assert percentile(histogram, 1.0) == 10
    assert percentile({}, 0.5) is None


def test_a_return_confirmed_five_hours_later_counts_once_with_its_money_and_hours(
    customer, seller, seller_user, towel, return_reason, django_capture_on_commit_callbacks
):
    # given two towels sold on Monday, one of them returned at 9:00 and one rejected at 9:00
    with time_machine.travel(MONDAY, tick=False):
        order = delivered_order(customer, towel, 1)
        other = delivered_order(customer, towel, 1)
        kept = return_one(customer, order, return_reason)
        refused = return_one(customer, other, return_reason)
    # when the seller receives and confirms the first at 14:00 (the refund runs) and rejects the other
    with time_machine.travel(MONDAY + timedelta(hours=5), tick=False), django_capture_on_commit_callbacks(execute=True):
        return_shipment_mark_received(request_id=kept.pk, received_by=seller_user)
        cancellation_request_approve(request_id=kept.pk, approved_by=seller_user)
    with time_machine.travel(MONDAY + timedelta(hours=30), tick=False):
        cancellation_request_reject(request_id=refused.pk, rejected_by=seller_user, note="Worn")
    # then Monday's row has two returns of two items sold, one approved and refunded in 5 hours
    row = DailyReturnFigures.objects.get()
    assert (row.day, row.requests, row.items, row.approved, row.rejected, row.refunded) == (
        MONDAY.date(),
        2,
        2,
        1,
        1,
        1,
    )
    assert row.refunded_amount == Decimal("249.90")
    assert (row.decision_hours, row.refund_hours) == ({"5": 1, "30": 1}, {"5": 1})
    # and the report for that week says so: a 100% return rate, decisions in 5 (median) and 30 hours (p90)
    report = analytics_report(start=date(2026, 3, 1), end=date(2026, 3, 7), sellers=None, others="Others")
    assert (report.current.sold, report.current.returns.items, report.current.returns.rate) == (2, 2, Decimal("100.0"))
    assert report.current.refunded_amount == Decimal("249.90")
    assert report.refunds_by_week == [(date(2026, 2, 23), Decimal("0.00")), (date(2026, 3, 2), Decimal("249.90"))]
    (times,) = report.times_by_seller
    assert (times.label, times.decision_median, times.decision_p90, times.refund_median) == (seller.name, 5, 30, 5)
    assert [(line.label, line.items, line.rate) for line in report.by_product] == [("Towel", 2, Decimal("100.0"))]
    assert report.previous.returns.items == 0


def test_a_return_the_seller_left_past_the_deadline_is_a_breach(customer, seller_user, towel, settings):
    settings.SELLER_RESPONSE_DAYS = 3
    with time_machine.travel(MONDAY, tick=False):
        cancellation = return_one(customer, delivered_order(customer, towel, 1), CancellationReasonFactory(refund=True))
        return_shipment_mark_received(request_id=cancellation.pk, received_by=seller_user)
    with time_machine.travel(MONDAY + timedelta(days=3, hours=1), tick=False):
        returns_sweep()
    report = analytics_report(start=MONDAY.date(), end=MONDAY.date(), sellers=None, others="Others")
    assert (report.current.auto_approved, report.current.returns.requests) == (1, 1)


def test_a_sellers_figures_hold_none_of_another_sellers_requests(customer, seller, other_seller, towel, return_reason):
    theirs = ProductFactory(seller=other_seller, price=Decimal("10.00"), stock=10)
    with time_machine.travel(MONDAY, tick=False):
        return_one(customer, delivered_order(customer, theirs, 1), return_reason)
        delivered_order(customer, towel, 3)
    report = analytics_report(start=MONDAY.date(), end=MONDAY.date(), sellers=[seller.pk], others="Others")
    assert (report.current.sold, report.current.returns.requests, report.by_seller) == (3, 0, [])


def test_the_rebuild_command_counts_bulk_loaded_rows_the_workflow_never_saw(customer, towel, return_reason):
    # given a return placed through the services, and its figures then lost
    with time_machine.travel(MONDAY, tick=False):
        return_one(customer, delivered_order(customer, towel, 2), return_reason)
    kept = figures_kept()
    DailyReturnFigures.objects.all().delete()
    DailySales.objects.all().delete()
    # when the figures are rebuilt from the raw rows
    call_command("rebuild_figures", stdout=io.StringIO())
    # then they are what the workflow had kept
    assert figures_kept() == kept
    assert daily_sales_kept() == {(MONDAY.date(), towel.seller_id, towel.pk): 2}
