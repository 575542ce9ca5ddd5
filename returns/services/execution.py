"""Paying refunds: exactly once per refund line, with retries, crash recovery and a sweeper.

A line is paid in three steps with committed state between them:
1. claim: an atomic compare-and-set marks the line in flight and counts the attempt,
   so of any number of workers only one calls the gateway for it;
2. call the gateway outside any transaction, with the line's stored idempotency key
   (after an earlier unknown outcome, ask the gateway by key first);
3. record the answer under the order lock, and settle the plan when all lines are done.
A worker that dies between 1 and 3 leaves the line in flight; after
REFUND_IN_FLIGHT_TIMEOUT_SECONDS the sweeper claims it again with the same key.

A line fails only on a final answer: a decline, or a lookup by key that finds no refund
after the last allowed attempt's outcome was unknown. While even the lookup gets no
answer the line stays pending and needs attention, and the sweeper looks it up again
with the same backoff until the gateway answers (SPEC section 3, Refund line).
"""

import logging
import random
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import system_user
from orders.services import order_items_settle

from .. import events, notifications, payments, refunds
from ..choices import EmailKind, GatewayOutcome, PlanStatus, RefundLineStatus, RequestStatus
from ..figures import figures_add, figures_of_plan
from ..models import CancellationPlan, RefundLine
from .common import lock_order_and_items, lock_plan_requests

logger = logging.getLogger(__name__)

# What the transitions of the paths taken for every plan change (saved alone).
PAID_LINE_FIELDS = [
    "status",
    "gateway_reference",
    "completed_at",
    "in_flight_since",
    "next_attempt_at",
    "last_error",
    "needs_attention",
]
COMPLETED_PLAN_FIELDS = ["status", "completed_at", "needs_attention", "note"]


def refund_plan_execute(*, plan_id: int, now: datetime | None = None) -> CancellationPlan:
    """Pay every due line of an approved plan, then settle the plan.

    Recording a line settles its plan under the same locks, so the plan is settled here
    only when no line was ours to record (a plan without lines, or lines others paid).
    """
    due = RefundLine.objects.select_related("payment", "plan").filter(
        plan_id=plan_id, plan__status=PlanStatus.APPROVED, status=RefundLineStatus.PENDING
    )
    recorded = []
    for n, line in enumerate(due):
        # The query saw the plan approved just before the first claim; later lines ask again.
        line = _line_process(line, now=now, plan_approved=n == 0)
        if line is not None:
            recorded.append(line)
    if recorded:
        return recorded[-1].plan  # as the last record left it
    return refund_plan_settle(plan_id=plan_id)


def refund_line_claim(*, line: RefundLine, now: datetime) -> bool:
    """Mark a due line (as just read) in flight and count the attempt; False when someone else
    has it, it is not due, or it changed since it was read. Claimed, `line` is as the claim left it.
    """
    # One UPDATE on the line's own columns: PostgreSQL re-checks them on the locked row, so of
    # any number of concurrent claimers exactly one matches. (A join here would become a
    # subquery evaluated on the old snapshot, and two claimers could both match.) Every claim
    # counts an attempt, so a row with the attempts and attention read has had no claim since:
    # the gateway is called with what the row holds (key, amount and payment never change).
    claimed = (
        RefundLine.objects.claimable(now)
        .filter(pk=line.pk, attempts=line.attempts, needs_attention=line.needs_attention)
        .update(in_flight_since=now, attempts=F("attempts") + 1)
    )
    if claimed != 1:
        return False
    line.in_flight_since, line.attempts = now, line.attempts + 1
    return True


def refund_line_process(*, line_id: int, now: datetime | None = None) -> RefundLine | None:
    """Claim, pay and record one refund line. Returns None when the line was not ours to pay."""
    line = RefundLine.objects.select_related("payment", "plan").filter(pk=line_id).first()
    if line is None or line.plan.status != PlanStatus.APPROVED:
        return None
    return _line_process(line, now=now, plan_approved=True)


def _line_process(line: RefundLine, *, now: datetime | None, plan_approved: bool = False) -> RefundLine | None:
    """`refund_line_process` of a line read with its payment and plan (`plan_approved`: by a
    query that has just seen the plan approved, else its plan is checked again)."""
    now = now or timezone.now()
    if not plan_approved and not CancellationPlan.objects.filter(pk=line.plan_id, status=PlanStatus.APPROVED).exists():
        return None
    if not refund_line_claim(line=line, now=now):
        return None
    outcome, detail = _call_gateway(line)
    return refund_line_record(
        line_id=line.pk,
        claimed_at=now,
        outcome=outcome,
        detail=detail,
        order_id=line.plan.order_id,
        plan_id=line.plan_id,
    )


def _call_gateway(line: RefundLine) -> tuple[GatewayOutcome, str]:
    """Pay the line, or find out whether it was paid (never inside a transaction).

    Returns the outcome and the gateway's reference or error. A line that needs attention
    is only looked up; the last allowed attempt is looked up by key when its outcome is unknown.
    """
    if line.needs_attention:
        return _look_up(line)
    try:
        reference = payments.lookup(idempotency_key=line.idempotency_key) if line.attempts > 1 else None
        reference = reference or payments.refund(
            payment_reference=line.payment.reference, amount=line.amount, idempotency_key=line.idempotency_key
        )
    except payments.RefundDeclined as error:
        return GatewayOutcome.DECLINED, str(error)
    except Exception as error:  # noqa: BLE001 - whatever broke, the money may have moved
        detail = _unknown(line, error)
        if line.attempts >= settings.REFUND_MAX_ATTEMPTS:
            return _look_up(line, after=detail)
        return GatewayOutcome.UNKNOWN, detail
    return GatewayOutcome.COMPLETED, reference


def _look_up(line: RefundLine, *, after: str = "") -> tuple[GatewayOutcome, str]:
    """Ask the gateway whether it applied a refund under the line's key, after an unknown outcome."""
    prefix = f"{after}; " if after else ""
    try:
        reference = payments.lookup(idempotency_key=line.idempotency_key)
    except Exception as error:  # noqa: BLE001 - no answer of any kind leaves the outcome unknown
        return GatewayOutcome.UNKNOWN, prefix + _("lookup by key failed: %(error)s") % {"error": _unknown(line, error)}
    if reference:
        return GatewayOutcome.COMPLETED, reference
    return GatewayOutcome.UNPAID, prefix + _("the payment gateway has no refund under this key")


def _unknown(line: RefundLine, error: Exception) -> str:
    if isinstance(error, payments.GatewayError):
        return str(error)
    logger.exception("Refund line %s: unexpected gateway failure", line.pk)
    return f"{type(error).__name__}: {error}"


@transaction.atomic
def refund_line_record(
    *,
    line_id: int,
    claimed_at: datetime,
    outcome: GatewayOutcome,
    detail: str,
    order_id: int | None = None,
    plan_id: int | None = None,
) -> RefundLine | None:
    """Record a gateway answer for a line we claimed; settle the plan when it was the last one.

    Locks the order (`order_id`: its id when the caller knows it) and its items, then the plan's
    lines (all of them, when the caller knows the plan: `plan_id`) with their payment and plan
    (one statement; every locker of a line or plan holds the order's lock first), so that the
    plan settles from the locked lines. A line whose claim was taken over by a later worker (it looked crashed)
    is left to that worker, unless ours paid. The line returned carries its plan as settled.
    """
    if order_id is None:
        order_id = RefundLine.objects.values_list("plan__order_id", flat=True).get(pk=line_id)
    order, items = lock_order_and_items(order_id=order_id)
    locked = RefundLine.objects.select_for_update().select_related("payment", "plan")
    if plan_id is None:
        lines = None
        line = locked.get(pk=line_id)
    else:
        lines = list(locked.filter(plan_id=plan_id).order_by("pk"))
        (line,) = (other for other in lines if other.pk == line_id)
    if line.status != RefundLineStatus.PENDING:
        return line
    if outcome != GatewayOutcome.COMPLETED and line.in_flight_since != claimed_at:
        return line
    by = system_user()
    if outcome == GatewayOutcome.COMPLETED:
        line.complete(reference=detail, by=by, description=_("Refunded by the payment gateway"))
        line.save(update_fields=PAID_LINE_FIELDS)
        payment = line.payment  # locked with the line
        payment.amount_refunded += line.amount  # in Python: SQLite would add decimals as floats
        payment.save(update_fields=["amount_refunded"])
    elif outcome in (GatewayOutcome.DECLINED, GatewayOutcome.UNPAID):
        line.fail(by=by, description=detail)
        line.save()
    elif line.attempts >= settings.REFUND_MAX_ATTEMPTS and not line.needs_attention:
        line.flag_for_attention(next_lookup_at=_next_attempt_at(line), by=by, description=detail)
        line.save()
    else:  # an unknown outcome to retry, or a lookup to repeat: only the first flag is history
        line.last_error = detail
        line.in_flight_since = None
        line.next_attempt_at = _next_attempt_at(line)
        line.save(update_fields=["last_error", "in_flight_since", "next_attempt_at"])
    logger.info(
        "refund line %s of plan %s: %s after attempt %s (%s)",
        line.pk,
        line.plan_id,
        line.status,
        line.attempts,
        "paid" if outcome == GatewayOutcome.COMPLETED else detail,
    )
    _plan_settle(plan=line.plan, order=order, items=items, by=by, lines=lines)  # locked with the line
    return line


def _next_attempt_at(line: RefundLine) -> datetime:
    delay = refunds.backoff_seconds(
        attempt=line.attempts, base=settings.REFUND_BACKOFF_SECONDS, jitter=random.uniform(0.5, 1.5)
    )
    return timezone.now() + timedelta(seconds=delay)


@transaction.atomic
def refund_plan_settle(*, plan_id: int) -> CancellationPlan:
    """Complete or fail an approved plan from its lines' statuses.

    Locks the order and its items, the plan and its requests. On completion the
    requests complete, the items are cancelled or returned (stock back once) and
    the customer's email is queued for the mailer. A plan still paying needs attention
    while one of its lines does; the owner's staff get an email when it starts to.
    """
    order_id = CancellationPlan.objects.values_list("order_id", flat=True).get(pk=plan_id)
    order, items = lock_order_and_items(order_id=order_id)
    plan = CancellationPlan.objects.select_for_update().get(pk=plan_id)
    return _plan_settle(plan=plan, order=order, items=items, by=system_user())


def _plan_settle(*, plan: CancellationPlan, order, items: dict, by, lines: list | None = None) -> CancellationPlan:
    """`refund_plan_settle` once the order, its items (all of them) and the plan are locked
    (`lines`: all of the plan's lines, locked and as recorded, when at hand; else read)."""
    plan_id = plan.pk
    if plan.status != PlanStatus.APPROVED:
        return plan
    if lines is None:
        lines = list(plan.refund_lines.all())
    statuses = {line.status for line in lines}
    unknown = [(line.amount, line.last_error) for line in lines if line.needs_attention]
    if RefundLineStatus.FAILED in statuses:
        error = next(line.last_error for line in lines if line.status == RefundLineStatus.FAILED)
        plan.fail(by=by, description=error or _("Refund failed"))
        plan.save()
        notifications.queue(EmailKind.REFUND_FAILED, plan_id=plan_id)
        notifications.queue(EmailKind.REFUND_FAILED_STAFF, plan_id=plan_id)
    elif statuses <= {RefundLineStatus.COMPLETED}:
        requests = lock_plan_requests(plan_id=plan_id)
        products = {pk: item.product_id for pk, item in items.items()}
        counted = figures_of_plan(plan, requests, product_ids=products, system_id=by.pk)
        plan.complete(by=by, description=_("Refund completed"))
        plan.save(update_fields=COMPLETED_PLAN_FIELDS)
        for cancellation in requests:
            if cancellation.status == RequestStatus.APPROVED:
                cancellation.complete(by=by, description=_("Refund completed"))
                cancellation.save(update_fields=["status", "updated_at"])
        order_items_settle(
            order=order,
            items=[items[r.order_item_id] for r in requests],
            by=by,
            description=_("Refund completed"),
            order_items=list(items.values()),
        )
        notifications.queue(EmailKind.REFUND_COMPLETED, plan_id=plan_id)
        events.claims_updated([r.pk for r in requests])
        events.publish(events.EventType.CANCELLATION_PLAN_COMPLETED, plan_id=plan_id)
        # Last: every plan of a day adds to the same figures rows, locked from here to the commit.
        figures_add(counted, figures_of_plan(plan, requests, product_ids=products, system_id=by.pk))
    elif unknown and not plan.needs_attention:
        amount, error = unknown[0]
        plan.flag_for_attention(
            by=by,
            description=_(
                "Needs attention: the payment gateway has not said whether %(amount)s was refunded (%(error)s). "
                "It is asked again by the refund's key until it answers."
            )
            % {"amount": amount, "error": error},
        )
        plan.save()
        notifications.queue(EmailKind.REFUND_NEEDS_ATTENTION, plan_id=plan_id)
        events.publish(events.EventType.REFUND_NEEDS_ATTENTION, plan_id=plan_id)
    elif plan.needs_attention and not unknown:
        plan.clear_attention(by=by, description=_("The payment gateway answered"))
        plan.save()
    return plan
