"""What happened to claims and plans, for whoever listens (the integration API's webhooks).

Services call `publish()` inside their own transaction, next to the emails they queue; a
listener writes what it needs with that transaction, so nothing is told of a step that
rolled back. The domain knows no listener: they connect to `published` (and, to be
re-driven by the periodic sweeper, to `swept`).
"""

from collections.abc import Sequence

from django.db import models
from django.dispatch import Signal

# sender: an EventType; request_ids: the claims it is about; plan_id: the plan, if any.
published = Signal()
# sent by every pass of the sweeper with `now`; each receiver returns how many things it re-drove.
swept = Signal()


class EventType(models.TextChoices):
    """The events of SPEC section 8 (their names are the contract)."""

    CLAIM_CREATED = "claim.created", "claim.created"
    CLAIM_UPDATED = "claim.updated", "claim.updated"
    RETURN_SHIPMENT_RECEIVED = "return_shipment.received", "return_shipment.received"
    CANCELLATION_PLAN_CREATED = "cancellation_plan.created", "cancellation_plan.created"
    CANCELLATION_PLAN_COMPLETED = "cancellation_plan.completed", "cancellation_plan.completed"
    REFUND_NEEDS_ATTENTION = "refund.needs_attention", "refund.needs_attention"


PLAN_EVENTS = frozenset(
    {
        EventType.CANCELLATION_PLAN_CREATED,
        EventType.CANCELLATION_PLAN_COMPLETED,
        EventType.REFUND_NEEDS_ATTENTION,
    }
)


def publish(event: EventType, *, request_ids: Sequence[int] = (), plan_id: int | None = None) -> None:
    """Tell the listeners, inside the caller's transaction, that `event` happened."""
    published.send(sender=event, request_ids=list(request_ids), plan_id=plan_id)


def claims_updated(request_ids: Sequence[int]) -> None:
    publish(EventType.CLAIM_UPDATED, request_ids=request_ids)
