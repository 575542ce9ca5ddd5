"""Seller Center's webhooks: the seller's own subscriptions (their staff make and change them, and
see their secret) and their delivery log, with Send Again. Another seller's is a 404."""

from django.contrib import admin

from api.models import WebhookDelivery, WebhookSubscription
from api.webhooks.selectors import webhook_delivery_list_for_seller, webhook_subscription_list_for_seller
from orders.selectors import seller_ids_for_user

from ..common.pages import NotFoundForOthersMixin
from ..common.webhooks import WebhookDeliveryAdminBase, WebhookSubscriptionAdminBase
from .site import SellerScopedAdminMixin, seller_site


@admin.register(WebhookSubscription, site=seller_site)
class SellerWebhookSubscriptionAdmin(NotFoundForOthersMixin, WebhookSubscriptionAdminBase):
    def get_queryset(self, request):
        return webhook_subscription_list_for_seller(user=request.user)

    def subscription_seller_id(self, request) -> int | None:
        """A new subscription is the signed-in seller's (of a member of several, the first)."""
        return min(seller_ids_for_user(user=request.user), default=None)

    def has_module_permission(self, request):
        return self.admin_site.has_permission(request)

    def has_view_permission(self, request, obj=None):
        return self.admin_site.has_permission(request)

    def has_add_permission(self, request):
        return self.admin_site.has_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.admin_site.has_permission(request)


@admin.register(WebhookDelivery, site=seller_site)
class SellerWebhookDeliveryAdmin(SellerScopedAdminMixin, WebhookDeliveryAdminBase):
    def get_queryset(self, request):
        return webhook_delivery_list_for_seller(user=request.user)

    def has_send_again_permission(self, request) -> bool:
        return self.admin_site.has_permission(request)
