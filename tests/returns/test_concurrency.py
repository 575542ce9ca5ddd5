"""Races against PostgreSQL: threads behind a barrier, each with its own connection."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.utils import timezone

from orders.models import Payment
from returns import payments
from returns.choices import EmailKind
from returns.exceptions import ReturnsError
from returns.models import CancellationPlan, CancellationRequest, OutboundEmail, RefundLine
from returns.services import (
    cancellation_request_approve,
    order_items_cancel,
    outbound_emails_send,
    refund_line_process,
    refund_plan_execute,
    returns_sweep,
)
from sandbox.models import LedgerRefund
from tests.factories import (
    CancellationPlanFactory,
    CancellationRequestFactory,
    OrderFactory,
    OutboundEmailFactory,
    ProductFactory,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency tests need PostgreSQL (set DATABASE_URL)")


def run_together(count: int, work) -> list:
    """Run `work(i)` in `count` threads released at once; return results or exceptions."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def target(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as error:  # noqa: BLE001 - the test inspects what each thread got
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_twenty_sellers_confirming_the_same_request_refund_once(seller_user, return_reason):
    cancellation = CancellationRequestFactory(
        refund=True, reason=return_reason, order_item__unit_price=Decimal("100.00"), parcel_received=True
    )
    results = run_together(
        20, lambda i: cancellation_request_approve(request_id=cancellation.pk, approved_by=seller_user)
    )
    assert sum(1 for r in results if isinstance(r, CancellationRequest)) == 1
    assert all(isinstance(r, (CancellationRequest, ReturnsError)) for r in results)
    assert CancellationPlan.objects.count() == 1
    assert LedgerRefund.objects.count() == 1
    payment = Payment.objects.get(order=cancellation.order)
    assert payment.amount_refunded == payment.amount_allocated == Decimal("100.00")


def test_twenty_workers_executing_the_same_line_pay_once(tasks_not_run):
    plan = CancellationPlanFactory(approved=True, refund=True, request__order_item__unit_price=Decimal("100.00"))
    line = plan.refund_lines.get()
    assert line.status == "pending"
    results = run_together(20, lambda i: refund_line_process(line_id=line.pk))
    assert sum(1 for r in results if isinstance(r, RefundLine)) == 1
    assert LedgerRefund.objects.filter(idempotency_key=line.idempotency_key).count() == 1
    assert Payment.objects.get(order=line.plan.order).amount_refunded == Decimal("100.00")


def test_two_owners_cancelling_the_same_items_create_one_plan(customer, owner, owner_cancel_reason):
    order = OrderFactory(customer=customer, with_items=[(ProductFactory(), 1), (ProductFactory(), 2)])
    ids = list(order.items.values_list("pk", flat=True))
    results = run_together(
        2,
        lambda i: order_items_cancel(
            order_id=order.pk, item_ids=ids, reason_id=owner_cancel_reason.pk, cancelled_by=owner
        ),
    )
    assert sum(1 for r in results if isinstance(r, CancellationPlan)) == 1
    assert CancellationPlan.objects.count() == 1
    assert CancellationRequest.objects.count() == 2


def test_two_sweepers_approve_each_overdue_request_exactly_once(return_reason, settings):
    requests = CancellationRequestFactory.create_batch(8, refund=True, reason=return_reason, parcel_received=True)
    later = timezone.now() + timedelta(days=settings.SELLER_RESPONSE_DAYS + 1)
    reports = run_together(2, lambda i: returns_sweep(now=later))
    assert sum(r.requests_approved for r in reports) == 8
    for cancellation in requests:
        assert CancellationPlan.objects.filter(items__cancellation_request=cancellation).count() == 1
    assert LedgerRefund.objects.count() == 8
    assert all(p.amount_refunded <= p.amount_captured for p in Payment.objects.all())


def test_two_workers_and_two_sweepers_over_one_backlog_with_timeouts_pay_each_line_once(settings):
    # given 10 approved plans whose first refund attempts time out after the money moved
    settings.PAYMENT_GATEWAY = {**settings.PAYMENT_GATEWAY, "TIMEOUT_RATE": 0.5, "FAILURE_RATE": 0.2}
    settings.REFUND_BACKOFF_SECONDS = 0
    payments.reset()
    plans = CancellationPlanFactory.create_batch(10, approved=True, refund=True)

    # when two workers and two sweepers run over all of it, several rounds
    def work(i):
        for _ in range(15):
            if i < 2:
                for plan in plans:
                    refund_plan_execute(plan_id=plan.pk)
            else:
                returns_sweep(now=timezone.now() + timedelta(seconds=1))

    results = run_together(4, work)
    assert not [r for r in results if isinstance(r, Exception)]
    settings.PAYMENT_GATEWAY = {**settings.PAYMENT_GATEWAY, "TIMEOUT_RATE": 0, "FAILURE_RATE": 0}
    payments.reset()
    returns_sweep(now=timezone.now() + timedelta(hours=2))

    # then every line was paid exactly once and every plan completed
    for line in RefundLine.objects.all():
        assert LedgerRefund.objects.filter(idempotency_key=line.idempotency_key).count() == 1
    assert set(CancellationPlan.objects.values_list("status", flat=True)) == {"completed"}
    for payment in Payment.objects.all():
        assert payment.amount_refunded <= payment.amount_captured


def test_four_mailers_at_once_send_each_queued_email_once(mailoutbox):
    OutboundEmailFactory.create_batch(30, kind=EmailKind.REQUEST_RECEIVED)
    results = run_together(4, lambda i: outbound_emails_send(limit=10))
    results += [outbound_emails_send(limit=100)]
    assert sum(results) == 30
    assert len(mailoutbox) == 30
    assert not OutboundEmail.objects.filter(sent_at__isnull=True).exists()
