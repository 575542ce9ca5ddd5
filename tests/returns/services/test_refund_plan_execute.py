from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_fsm_log.models import StateLog

from orders.models import Payment
from returns.models import RefundLine
from returns.services import (
    cancellation_plan_retry,
    refund_line_process,
    refund_plan_execute,
    returns_sweep,
)
from sandbox.models import LedgerRefund
from tests.factories import OrderFactory, RefundLineFactory

pytestmark = pytest.mark.django_db


def test_refund_line_stores_its_idempotency_key_with_the_approval(approved_plan):
    line = approved_plan.refund_lines.get()
    assert (line.status, line.attempts, line.amount) == ("pending", 0, Decimal("100.00"))
    assert len(line.idempotency_key) == 32
    assert Payment.objects.get(order=approved_plan.order).amount_allocated == Decimal("100.00")


def test_successful_refund_completes_plan_and_records_the_gateway_reference(approved_plan, gateway_faults):
    gateway_faults()
    plan = refund_plan_execute(plan_id=approved_plan.pk)
    line = plan.refund_lines.get()
    assert plan.status == "completed"
    assert line.status == "completed"
    assert line.gateway_reference == LedgerRefund.objects.get().reference
    assert Payment.objects.get(order=plan.order).amount_refunded == Decimal("100.00")


def test_a_completed_refund_records_each_transition_with_the_system_as_its_actor(approved_plan, gateway_faults):
    gateway_faults()
    plan = refund_plan_execute(plan_id=approved_plan.pk)
    line = plan.refund_lines.get()
    cancellation = plan.items.get().cancellation_request
    moved = [line, plan, cancellation, cancellation.order_item]
    logs = [StateLog.objects.for_(obj).order_by("pk").last() for obj in moved]
    assert [(log.source_state, log.state) for log in logs] == [
        ("pending", "completed"),
        ("approved", "completed"),
        ("approved", "completed"),
        ("return_waiting", "returned"),
    ]
    assert {log.by.username for log in logs} == {"system"}
    assert [log.description for log in logs] == ["Refunded by the payment gateway", *["Refund completed"] * 3]


def test_declined_refund_fails_the_plan_and_owner_retry_completes_it(approved_plan, gateway_faults, owner):
    # given the issuer declines
    gateway_faults(DECLINE_RATE=1)
    plan = refund_plan_execute(plan_id=approved_plan.pk)
    assert plan.status == "failed"
    assert "declined" in plan.note
    assert plan.refund_lines.get().status == "failed"
    # when the owner retries once the gateway accepts
    gateway_faults()
    cancellation_plan_retry(plan_id=plan.pk, retried_by=owner)
    plan = refund_plan_execute(plan_id=plan.pk)
    # then it completes, paid once
    assert plan.status == "completed"
    assert LedgerRefund.objects.count() == 1


def test_timeout_after_the_refund_applied_is_resolved_by_asking_the_gateway(approved_plan, gateway_faults):
    gateway_faults(TIMEOUT_RATE=1)
    plan = refund_plan_execute(plan_id=approved_plan.pk)
    line = plan.refund_lines.get()
    assert (plan.status, line.status, line.attempts) == ("approved", "pending", 1)
    assert "timed out" in line.last_error
    assert line.next_attempt_at > timezone.now()
    # the sweeper, later, looks the key up instead of paying again
    returns_sweep(now=line.next_attempt_at + timedelta(seconds=1))
    plan.refresh_from_db()
    assert plan.status == "completed"
    assert LedgerRefund.objects.count() == 1
    assert Payment.objects.get(order=plan.order).amount_refunded == Decimal("100.00")


def test_connection_error_before_the_refund_is_retried_with_the_same_key(approved_plan, gateway_faults):
    gateway_faults(FAILURE_RATE=1)
    refund_plan_execute(plan_id=approved_plan.pk)
    line = RefundLine.objects.get()
    key = line.idempotency_key
    assert LedgerRefund.objects.count() == 0
    gateway_faults()
    refund_line_process(line_id=line.pk, now=line.next_attempt_at)
    line.refresh_from_db()
    assert line.status == "completed"
    assert LedgerRefund.objects.get().idempotency_key == key


def test_retries_exhausted_fail_the_line_and_the_plan(approved_plan, gateway_faults, settings):
    settings.REFUND_MAX_ATTEMPTS = 3
    gateway_faults(FAILURE_RATE=1)
    now = timezone.now()
    for _ in range(3):
        refund_line_process(line_id=RefundLine.objects.get().pk, now=now)
        now = RefundLine.objects.get().next_attempt_at or now
    line = RefundLine.objects.get()
    approved_plan.refresh_from_db()
    assert (line.status, line.attempts) == ("failed", 3)
    assert approved_plan.status == "failed"


def test_backoff_doubles_between_attempts(approved_plan, gateway_faults, monkeypatch):
    monkeypatch.setattr("returns.services.execution.random.uniform", lambda a, b: 1.0)
    gateway_faults(FAILURE_RATE=1)
    start = timezone.now()
    refund_line_process(line_id=RefundLine.objects.get().pk, now=start)
    first = RefundLine.objects.get().next_attempt_at - timezone.now()
    refund_line_process(line_id=RefundLine.objects.get().pk, now=RefundLine.objects.get().next_attempt_at)
    second = RefundLine.objects.get().next_attempt_at - timezone.now()
    assert timedelta(seconds=28) < first <= timedelta(seconds=30)
    assert timedelta(seconds=58) < second <= timedelta(seconds=60)


def test_line_not_yet_due_is_not_paid(approved_plan, gateway_faults):
    gateway_faults()
    RefundLine.objects.update(next_attempt_at=timezone.now() + timedelta(hours=1))
    assert refund_line_process(line_id=RefundLine.objects.get().pk) is None
    assert LedgerRefund.objects.count() == 0


def test_line_in_flight_is_left_alone_until_it_looks_crashed(approved_plan, gateway_faults, settings):
    gateway_faults()
    now = timezone.now()
    RefundLine.objects.update(in_flight_since=now)
    assert refund_line_process(line_id=RefundLine.objects.get().pk, now=now) is None
    later = now + timedelta(seconds=settings.REFUND_IN_FLIGHT_TIMEOUT_SECONDS + 1)
    assert refund_line_process(line_id=RefundLine.objects.get().pk, now=later).status == "completed"


def test_completed_plan_matches_the_gateway_ledger_to_the_cent(approved_plan, gateway_faults):
    gateway_faults()
    plan = refund_plan_execute(plan_id=approved_plan.pk)
    ledger = sum(LedgerRefund.objects.values_list("amount", flat=True))
    assert ledger == plan.amount == Decimal("100.00")


def test_partial_success_across_two_lines_retries_only_the_failed_line(approved_plan, gateway_faults, owner, customer):
    # given a plan refunded over two payments (the second one: a second captured payment of 20.00)
    second_payment = OrderFactory(customer=customer).payment
    second = RefundLineFactory(plan=approved_plan, payment=second_payment, amount=Decimal("20.00"))
    first = approved_plan.refund_lines.exclude(pk=second.pk).get()
    # when the first line is paid and the second is declined
    gateway_faults()
    refund_line_process(line_id=first.pk)
    gateway_faults(DECLINE_RATE=1)
    plan = refund_plan_execute(plan_id=approved_plan.pk)
    # then the plan fails with the paid line kept as paid
    first.refresh_from_db()
    second.refresh_from_db()
    assert (plan.status, first.status, second.status) == ("failed", "completed", "failed")
    # and the owner's retry pays only the failed line, once
    gateway_faults()
    cancellation_plan_retry(plan_id=plan.pk, retried_by=owner)
    plan = refund_plan_execute(plan_id=plan.pk)
    assert plan.status == "completed"
    assert LedgerRefund.objects.filter(idempotency_key=first.idempotency_key).count() == 1
    assert LedgerRefund.objects.filter(idempotency_key=second.idempotency_key).count() == 1
    assert LedgerRefund.objects.count() == 2
