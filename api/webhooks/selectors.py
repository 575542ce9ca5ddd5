"""Reads of webhook subscriptions and deliveries, scoped: the owner's, or one seller's staff's."""

from django.db.models import QuerySet

from orders.selectors import seller_ids_for_user

from .models import WebhookDelivery, WebhookSubscription


def webhook_subscription_list_for_owner() -> QuerySet[WebhookSubscription]:
    return WebhookSubscription.objects.filter(seller__isnull=True).select_related("created_by")


def webhook_subscription_list_for_seller(*, user) -> QuerySet[WebhookSubscription]:
    return WebhookSubscription.objects.filter(seller_id__in=seller_ids_for_user(user=user)).select_related("created_by")


def webhook_delivery_list_for_owner() -> QuerySet[WebhookDelivery]:
    return WebhookDelivery.objects.filter(subscription__seller__isnull=True)


def webhook_delivery_list_for_seller(*, user) -> QuerySet[WebhookDelivery]:
    return WebhookDelivery.objects.filter(subscription__seller_id__in=seller_ids_for_user(user=user))
