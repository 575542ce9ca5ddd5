"""The webhook screens both back offices share: the subscription form and the delivery log.

Omnitron shows the owner's subscriptions and their deliveries, Seller Center a seller's
own (`get_queryset` of each site's admin scopes them; another seller's is a 404).
"""

import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from api.exceptions import WebhookError
from api.models import WebhookSubscription
from api.webhooks.services import delivery_send_again, webhook_subscription_save
from returns.events import EventType

from .pages import ListPageMixin, ReadOnlyAdminMixin


class WebhookSubscriptionForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label=gettext_lazy("Events"),
        choices=EventType.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("The events sent to this URL (docs/api.md lists what each one carries)."),
    )

    class Meta:
        model = WebhookSubscription
        fields = ("name", "url", "events", "is_active")


class WebhookSubscriptionAdminBase(ListPageMixin, admin.ModelAdmin):
    """A subscription's list and pages; `subscription_seller_id(request)` says whose a new one is.

    A subscription is switched off (Active), not deleted, so its delivery log stays."""

    form = WebhookSubscriptionForm
    list_display = ("name", "url", "events_display", "is_active", "created_at", "delivery_log")
    list_filter = ("is_active",)
    search_fields = ("name", "url")
    readonly_fields = ("secret_display", "created_at", "created_by")

    def subscription_seller_id(self, request) -> int | None:
        raise NotImplementedError

    def may_see_secret(self, request) -> bool:
        return self.has_change_permission(request)

    def get_fields(self, request, obj=None):
        fields = ["name", "url", "events", "is_active"]
        if obj is not None:
            # The secret signs every delivery: shown only to those who manage the subscription.
            fields += [*(["secret_display"] if self.may_see_secret(request) else []), "created_at", "created_by"]
        return fields

    @admin.display(description=gettext_lazy("Events"))
    def events_display(self, obj) -> str:
        return ", ".join(obj.events)

    @admin.display(description=gettext_lazy("Delivery log"))
    def delivery_log(self, obj) -> str:
        log = reverse(f"{self.admin_site.name}:api_webhookdelivery_changelist")
        return format_html('<a href="{}?subscription__id__exact={}">{}</a>', log, obj.pk, _("Deliveries"))

    @admin.display(description=gettext_lazy("Secret"))
    def secret_display(self, obj) -> str:
        return format_html("<code>{}</code>", obj.secret)

    def has_delete_permission(self, request, obj=None):
        return False  # deactivated, never deleted: its delivery log stays

    def save_model(self, request, obj, form, change):
        """Saving is the service's work (the seller is the site's to say, never the form's)."""
        try:
            webhook_subscription_save(
                subscription=obj,
                seller_id=self.subscription_seller_id(request),
                name=form.cleaned_data["name"],
                url=form.cleaned_data["url"],
                events=form.cleaned_data["events"],
                is_active=form.cleaned_data["is_active"],
                by=request.user,
            )
        except WebhookError as error:
            self.message_user(request, str(error), messages.ERROR)


class WebhookDeliveryAdminBase(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The delivery log: every event sent to a subscription, with its attempts and last answer.

    A delivery's page has a Send Again button (`<pk>/send-again/`, POST) for those who may,
    as the list has the action for the selected deliveries."""

    list_display = (
        "event_type",
        "event_id",
        "subscription",
        "status",
        "attempts",
        "last_status_code",
        "last_attempt_at",
        "next_attempt_at",
        "delivered_at",
    )
    list_filter = ("status", "event__type")
    list_select_related = ("event", "subscription")
    object_select_related = ("event", "subscription")
    search_fields = ("subscription__name",)
    fields = (
        "event_type",
        "event_id",
        "subscription",
        "status",
        "attempts",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
        "give_up_at",
        "delivered_at",
        "last_status_code",
        "last_response",
        "last_error",
        "event_data",
    )
    readonly_fields = fields
    actions = ["send_again"]

    @admin.display(description=gettext_lazy("Event"), ordering="event__type")
    def event_type(self, obj) -> str:
        return obj.event.type

    @admin.display(description=gettext_lazy("Event id"))
    def event_id(self, obj) -> str:
        return obj.event.event_id

    @admin.display(description=gettext_lazy("Data"))
    def event_data(self, obj) -> str:
        return format_html("<pre>{}</pre>", json.dumps(obj.event.data, indent=2, ensure_ascii=False))

    def has_send_again_permission(self, request) -> bool:
        raise NotImplementedError

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_send_again"
        view = self.admin_site.admin_view(require_POST(self.send_again_view))
        return [path("<path:object_id>/send-again/", view, name=name), *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_send_again": self.has_send_again_permission(request)}
        return super().change_view(request, object_id, form_url, extra_context)

    def send_again_view(self, request, object_id):
        """The page's Send Again: the same as the action, for this delivery."""
        delivery = self.get_object_or_404(request, object_id)
        if not self.has_send_again_permission(request):
            raise PermissionDenied
        delivery_send_again(delivery_id=delivery.pk)
        self.message_user(request, _("The delivery will be sent again now."))
        return redirect(f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_change", delivery.pk)

    @admin.action(description=gettext_lazy("Send selected deliveries again"), permissions=["send_again"])
    def send_again(self, request, queryset):
        ids = list(queryset.order_by("pk").values_list("pk", flat=True))
        for delivery_id in ids:
            delivery_send_again(delivery_id=delivery_id)
        self.message_user(request, _("%(count)d delivery(ies) will be sent again now.") % {"count": len(ids)})
