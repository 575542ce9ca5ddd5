"""Webhook subscriptions, the events they are told of, and each event's delivery to each of them."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from returns.events import EventType


def secret_generate() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


class WebhookSubscription(models.Model):
    """A URL that is told of events: the owner's (no seller: every event) or one seller's (their own).

    The secret signs every delivery; the server must keep it to sign, so it is stored as
    it is and shown to those who manage the subscription (Omnitron's Managers for the
    owner's, the seller's own staff for theirs).
    """

    seller = models.ForeignKey(
        "orders.Seller",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="webhook_subscriptions",
        verbose_name=_("seller"),
        help_text=_("Empty: the marketplace owner's subscription, told of every seller's events."),
    )
    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(_("secret"), max_length=100, default=secret_generate, editable=False)
    events = models.JSONField(_("events"), default=list, help_text=_("The events sent to this URL."))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class WebhookEvent(models.Model):
    """One event as one audience sees it: the owner's view (no seller) or one seller's.

    Written in the transaction of the workflow step it tells of, with the object as the
    API's serializer showed it then; only when some active subscription wants it.
    """

    public_id = models.UUIDField(_("event id"), default=uuid.uuid4, unique=True, editable=False)
    type = models.CharField(_("event"), max_length=40, choices=EventType.choices)
    seller = models.ForeignKey(
        "orders.Seller", null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("seller")
    )
    data = models.JSONField(_("data"), default=dict)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"

    @property
    def event_id(self) -> str:
        return f"evt_{self.public_id.hex}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class WebhookDeliveryQuerySet(models.QuerySet):
    def due(self, now):
        return self.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)


class WebhookDelivery(models.Model):
    """One event sent to one subscription: at least once, never twice at the same time.

    A worker claims an attempt by moving `next_attempt_at` past a lease (one UPDATE, so of
    two workers exactly one wins); a 2xx answer delivers it, anything else schedules the
    next attempt with a growing pause until `give_up_at` (at least 24 hours on), then it
    is failed. "Send again" makes it pending once more, with a new 24 hours.
    """

    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("subscription")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    give_up_at = models.DateTimeField(_("give up at"))
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("last status code"), null=True, blank=True)
    last_response = models.TextField(_("last response"), blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    objects = WebhookDeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-id"]
        permissions = [("redeliver_webhookdelivery", "Can send a webhook delivery again")]
        constraints = [
            models.UniqueConstraint(fields=["event", "subscription"], name="one_delivery_per_event_and_subscription")
        ]
        indexes = [
            models.Index(
                "next_attempt_at", condition=Q(status=DeliveryStatus.PENDING), name="webhookdelivery_pending_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event.type} → {self.subscription}"
