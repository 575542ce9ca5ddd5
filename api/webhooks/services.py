"""Workflow steps of webhook subscriptions (the screens of Omnitron and Seller Center call these)."""

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from returns.events import EventType

from ..exceptions import WebhookError
from .delivery import delivery_send_again
from .models import WebhookSubscription

__all__ = ["delivery_send_again", "webhook_subscription_save"]


def _events_check(events: Sequence[str]) -> list[str]:
    chosen = [event for event in EventType.values if event in set(events)]
    if not chosen or len(chosen) != len(set(events)):
        raise WebhookError(_("Choose at least one of the events listed."))
    return chosen


@transaction.atomic
def webhook_subscription_save(
    *,
    subscription: WebhookSubscription,
    seller_id: int | None,
    name: str,
    url: str,
    events: Sequence[str],
    is_active: bool,
    by: User,
) -> WebhookSubscription:
    """Create (no pk yet) or change a subscription of the owner (no seller) or of one seller.

    Its seller never changes: a subscription stays with whoever made it. A new one gets
    its secret here (the model's default) and its maker.
    """
    if subscription.pk is None:
        subscription.seller_id = seller_id
        subscription.created_by = by
    elif WebhookSubscription.objects.filter(pk=subscription.pk).values_list("seller_id", flat=True).get() != seller_id:
        raise WebhookError(_("This subscription belongs to someone else."))
    subscription.name = name.strip()
    subscription.url = url.strip()
    subscription.events = _events_check(events)
    subscription.is_active = is_active
    subscription.full_clean()
    subscription.save()
    return subscription
