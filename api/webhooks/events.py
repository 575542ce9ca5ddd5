"""Recording events: written in the workflow step's own transaction, sent after it commits.

Connected to `returns.events.published` (see `ApiConfig.ready`). With no active
subscription wanting the event this costs one query and writes nothing; otherwise it
writes one event per audience and one delivery per subscription of that audience, and
asks the worker to send them once the step commits (the sweeper re-drives any the worker
missed).
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction

from .models import WebhookDelivery, WebhookEvent, WebhookSubscription
from .payloads import views_of


def subscriptions_for(event: str) -> list[WebhookSubscription]:
    # Few rows, and JSON list lookups differ between databases: the filter on events is Python's.
    return [s for s in WebhookSubscription.objects.filter(is_active=True).order_by("pk") if event in s.events]


def event_record(sender, *, request_ids=(), plan_id=None, **kwargs) -> list[int]:
    """Write the event for every audience subscribed to it and its deliveries; returns their ids."""
    event = str(sender)
    subscriptions = subscriptions_for(event)
    if not subscriptions:
        return []
    by_seller: dict[int | None, list[WebhookSubscription]] = {}
    for subscription in subscriptions:
        by_seller.setdefault(subscription.seller_id, []).append(subscription)
    told = views_of(
        event,
        request_ids=request_ids,
        plan_id=plan_id,
        owner=None in by_seller,
        seller_ids={seller for seller in by_seller if seller is not None},
    )
    deliveries = []
    for view in told:
        row = WebhookEvent.objects.create(type=event, seller_id=view.seller_id, data=view.data)
        give_up_at = row.created_at + timedelta(hours=settings.WEBHOOK_RETRY_HOURS)
        deliveries += [
            WebhookDelivery(event=row, subscription=s, next_attempt_at=row.created_at, give_up_at=give_up_at)
            for s in by_seller[view.seller_id]
        ]
    created = WebhookDelivery.objects.bulk_create(deliveries)
    ids = [delivery.pk for delivery in created]
    if ids:
        transaction.on_commit(lambda: _enqueue(ids))
    return ids


def _enqueue(delivery_ids: list[int]) -> None:
    from ..tasks import deliver_webhooks

    deliver_webhooks.enqueue(delivery_ids=delivery_ids)
