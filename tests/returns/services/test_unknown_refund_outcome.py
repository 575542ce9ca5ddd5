"""A refund line never fails while the gateway may have paid it (SPEC section 3, Refund line)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_fsm_log.models import StateLog

from orders.models import Payment
from returns.choices import EmailKind
from returns.models import OutboundEmail, RefundLine
from returns.services import outbound_emails_send, refund_plan_execute, returns_sweep
from sandbox.models import LedgerRefund
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _ledger_and_records(plan):
    """What the gateway paid for the plan's order, and what our records say was refunded."""
    payment = Payment.objects.get(order=plan.order)
    ledger = sum(
        LedgerRefund.objects.filter(payment_reference=payment.reference).values_list("amount", flat=True),
        Decimal("0.00"),
    )
    return ledger, payment.amount_refunded


def _sweep_when_due(line: RefundLine):
    line.refresh_from_db()
    return returns_sweep(now=line.next_attempt_at + timedelta(seconds=1))


def test_timeout_on_the_last_attempt_is_looked_up_by_key_and_recorded_as_paid(approved_plan, gateway_faults, settings):
    # given one attempt allowed, and a gateway that pays but times out before it answers
    settings.REFUND_MAX_ATTEMPTS = 1
    gateway_faults(TIMEOUT_RATE=1)
    # when the refund runs
    plan = refund_plan_execute(plan_id=approved_plan.pk)
    # then the lookup by key found the refund: paid, once, and recorded as paid
    line = plan.refund_lines.get()
    assert (plan.status, line.status, line.attempts) == ("completed", "completed", 1)
    assert line.gateway_reference == LedgerRefund.objects.get().reference
    assert _ledger_and_records(plan) == (Decimal("100.00"), Decimal("100.00"))


def test_connection_error_on_the_last_attempt_fails_only_after_the_gateway_says_it_has_no_such_refund(
    approved_plan, gateway_faults, settings
):
    settings.REFUND_MAX_ATTEMPTS = 1
    gateway_faults(FAILURE_RATE=1)
    plan = refund_plan_execute(plan_id=approved_plan.pk)
    line = plan.refund_lines.get()
    assert (plan.status, line.status, line.needs_attention) == ("failed", "failed", False)
    assert "no refund under this key" in line.last_error
    assert _ledger_and_records(plan) == (Decimal("0.00"), Decimal("0.00"))


def test_lookup_that_keeps_failing_keeps_the_line_pending_and_flags_the_plan_until_the_gateway_answers(
    approved_plan, gateway_faults, settings, monkeypatch
):
    # given the last attempt times out after paying, and the lookups by key fail too
    monkeypatch.setattr("returns.services.execution.random.uniform", lambda a, b: 1.0)
    settings.REFUND_MAX_ATTEMPTS = 1
    gateway_faults(TIMEOUT_RATE=1, LOOKUP_FAILURE_RATE=1)
    # when the refund runs
    plan = refund_plan_execute(plan_id=approved_plan.pk)
    # then nothing is failed: the line is pending and it and the plan need attention
    line = plan.refund_lines.get()
    assert (plan.status, plan.needs_attention) == ("approved", True)
    assert (line.status, line.needs_attention) == ("pending", True)
    assert "lookup by key failed" in line.last_error
    assert "Needs attention" in plan.note
    assert StateLog.objects.for_(plan).filter(transition="flag_for_attention").count() == 1
    # and while the gateway stays silent, the sweeper keeps asking, later each time
    first_due = line.next_attempt_at
    _sweep_when_due(line)
    line.refresh_from_db()
    plan.refresh_from_db()
    assert (plan.status, line.status, line.attempts) == ("approved", "pending", 2)
    assert line.next_attempt_at - timezone.now() > first_due - timezone.now()
    assert StateLog.objects.for_(plan).filter(transition="flag_for_attention").count() == 1
    assert OutboundEmail.objects.filter(kind=EmailKind.REFUND_NEEDS_ATTENTION).count() == 1
    assert LedgerRefund.objects.count() == 1  # looked up, never paid again
    # when the gateway answers again
    gateway_faults()
    _sweep_when_due(line)
    # then the plan completes as paid once, and the ledger and the records agree
    plan.refresh_from_db()
    line.refresh_from_db()
    assert (plan.status, plan.needs_attention, plan.note) == ("completed", False, "")
    assert (line.status, line.needs_attention) == ("completed", False)
    assert _ledger_and_records(plan) == (Decimal("100.00"), Decimal("100.00"))


def test_line_needing_attention_that_the_gateway_never_paid_fails_without_being_paid(
    approved_plan, gateway_faults, settings
):
    # given a connection error before paying on the last attempt, and a lookup that fails
    settings.REFUND_MAX_ATTEMPTS = 1
    gateway_faults(FAILURE_RATE=1, LOOKUP_FAILURE_RATE=1)
    refund_plan_execute(plan_id=approved_plan.pk)
    line = RefundLine.objects.get()
    assert (line.status, line.needs_attention) == ("pending", True)
    # when the lookup answers that no refund was applied under the key
    gateway_faults()
    _sweep_when_due(line)
    # then the line and the plan fail, for the owner to retry, and nothing was paid
    line.refresh_from_db()
    approved_plan.refresh_from_db()
    assert (line.status, approved_plan.status, approved_plan.needs_attention) == ("failed", "failed", False)
    assert _ledger_and_records(approved_plan) == (Decimal("0.00"), Decimal("0.00"))


def test_owner_staff_who_can_act_on_plans_are_emailed_when_a_refund_needs_attention(
    approved_plan, gateway_faults, settings, mailoutbox, owner, customer
):
    # given owner staff who may retry plans, and staff who may not
    UserFactory(username="viewer-staff", is_staff=True)
    settings.REFUND_MAX_ATTEMPTS = 1
    gateway_faults(TIMEOUT_RATE=1, LOOKUP_FAILURE_RATE=1)
    # when a refund's outcome stays unknown and the mailer runs
    refund_plan_execute(plan_id=approved_plan.pk)
    outbound_emails_send()
    # then only the staff who can act got it, naming the plan and the order
    (email,) = [m for m in mailoutbox if "needs attention" in m.subject]
    assert email.to == [owner.email]
    assert f"#{approved_plan.pk}" in email.subject
    assert approved_plan.order.number in email.body
    assert "looked up again" in email.body
