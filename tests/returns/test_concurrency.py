"""Races against PostgreSQL: threads behind a barrier, each with its own connection."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.utils import timezone

from orders.models import Payment
from returns import payments
from returns.exceptions import ReturnsError
from returns.models import CancellationPlan, CancellationRequest, OutboundEmail, RefundLine, SandboxGatewayRefund
from returns.services import (
    RequestLine,
    cancellation_request_approve,
    cancellation_request_create,
    order_items_cancel,
    outbound_emails_send,
    refund_line_process,
    refund_plan_execute,
    returns_sweep,
)
from tests.factories import ProductFactory, placed_order

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


def _waiting_return(customer, reason, price="100.00"):
    order = placed_order(customer=customer, lines=[(ProductFactory(price=Decimal(price)), 1)], status="delivered")
    line = RequestLine(item_id=order.items.get().pk, quantity=1, reason_id=reason.pk)
    (cancellation,) = cancellation_request_create(order_id=order.pk, lines=[line], requested_by=customer)
    return cancellation


def test_twenty_sellers_confirming_the_same_request_refund_once(customer, seller_user, return_reason):
    cancellation = _waiting_return(customer, return_reason)
    results = run_together(
        20, lambda i: cancellation_request_approve(request_id=cancellation.pk, approved_by=seller_user)
    )
    assert sum(1 for r in results if isinstance(r, CancellationRequest)) == 1
    assert all(isinstance(r, (CancellationRequest, ReturnsError)) for r in results)
    assert CancellationPlan.objects.count() == 1
    assert SandboxGatewayRefund.objects.count() == 1
    payment = Payment.objects.get(order=cancellation.order)
    assert payment.amount_refunded == payment.amount_allocated == Decimal("100.00")


def test_twenty_workers_executing_the_same_line_pay_once(customer, seller_user, return_reason, tasks_not_run):
    cancellation = _waiting_return(customer, return_reason)
    cancellation_request_approve(request_id=cancellation.pk, approved_by=seller_user)
    line = RefundLine.objects.get()
    assert line.status == "pending"
    results = run_together(20, lambda i: refund_line_process(line_id=line.pk))
    assert sum(1 for r in results if isinstance(r, RefundLine)) == 1
    assert SandboxGatewayRefund.objects.filter(idempotency_key=line.idempotency_key).count() == 1
    assert Payment.objects.get(order=cancellation.order).amount_refunded == Decimal("100.00")


def test_two_owners_cancelling_the_same_items_create_one_plan(customer, owner, cancel_reason):
    order = placed_order(customer=customer, lines=[(ProductFactory(), 1), (ProductFactory(), 2)])
    ids = list(order.items.values_list("pk", flat=True))
    results = run_together(
        2, lambda i: order_items_cancel(order_id=order.pk, item_ids=ids, reason_id=cancel_reason.pk, cancelled_by=owner)
    )
    assert sum(1 for r in results if isinstance(r, CancellationPlan)) == 1
    assert CancellationPlan.objects.count() == 1
    assert CancellationRequest.objects.count() == 2


def test_two_sweepers_approve_each_overdue_request_exactly_once(customer, return_reason, settings):
    requests = [_waiting_return(customer, return_reason) for _ in range(8)]
    later = timezone.now() + timedelta(days=settings.SELLER_RESPONSE_DAYS + 1)
    reports = run_together(2, lambda i: returns_sweep(now=later))
    assert sum(r.requests_approved for r in reports) == 8
    for cancellation in requests:
        assert CancellationPlan.objects.filter(items__cancellation_request=cancellation).count() == 1
    assert SandboxGatewayRefund.objects.count() == 8
    assert all(p.amount_refunded <= p.amount_captured for p in Payment.objects.all())


def test_two_workers_and_two_sweepers_over_one_backlog_with_timeouts_pay_each_line_once(
    customer, seller_user, return_reason, settings
):
    # given 10 approved plans whose first refund attempts time out after the money moved
    settings.PAYMENT_GATEWAY = {**settings.PAYMENT_GATEWAY, "TIMEOUT_RATE": 0.5, "FAILURE_RATE": 0.2}
    settings.REFUND_BACKOFF_SECONDS = 0
    payments.reset()
    plans = []
    for _ in range(10):
        cancellation = _waiting_return(customer, return_reason)
        cancellation_request_approve(request_id=cancellation.pk, approved_by=seller_user)
        plans.append(CancellationPlan.objects.get(items__cancellation_request=cancellation))

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
        assert SandboxGatewayRefund.objects.filter(idempotency_key=line.idempotency_key).count() == 1
    assert set(CancellationPlan.objects.values_list("status", flat=True)) == {"completed"}
    for payment in Payment.objects.all():
        assert payment.amount_refunded <= payment.amount_captured


def test_four_mailers_at_once_send_each_queued_email_once(customer, cancel_reason, mailoutbox):
    orders = [placed_order(customer=customer) for _ in range(30)]
    for order in orders:
        line = RequestLine(item_id=order.items.get().pk, quantity=1, reason_id=cancel_reason.pk)
        cancellation_request_create(order_id=order.pk, lines=[line], requested_by=customer)
    results = run_together(4, lambda i: outbound_emails_send(limit=10))
    results += [outbound_emails_send(limit=100)]
    assert sum(results) == 30
    assert len(mailoutbox) == 30
    assert not OutboundEmail.objects.filter(sent_at__isnull=True).exists()
