"""Omnitron's webhooks (SPEC section 8): the owner's subscriptions (Managers make and change them)
and their delivery log (everyone reads it; Operators and Managers send a delivery again)."""

from django.contrib import admin

from accounts.roles import REDELIVER_WEBHOOKS
from api.models import WebhookDelivery, WebhookSubscription
from api.webhooks.selectors import webhook_delivery_list_for_owner, webhook_subscription_list_for_owner

from ..common.pages import NotFoundForOthersMixin
from ..common.webhooks import WebhookDeliveryAdminBase, WebhookSubscriptionAdminBase
from .site import owner_site


@admin.register(WebhookSubscription, site=owner_site)
class WebhookSubscriptionAdmin(NotFoundForOthersMixin, WebhookSubscriptionAdminBase):
    def get_queryset(self, request):
        return webhook_subscription_list_for_owner()

    def subscription_seller_id(self, request) -> None:
        return None  # the owner's: told of every seller's events


@admin.register(WebhookDelivery, site=owner_site)
class WebhookDeliveryAdmin(NotFoundForOthersMixin, WebhookDeliveryAdminBase):
    def get_queryset(self, request):
        return webhook_delivery_list_for_owner()

    def has_send_again_permission(self, request) -> bool:
        return request.user.has_perm(REDELIVER_WEBHOOKS)
