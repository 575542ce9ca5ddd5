"""Cancellation plans, their items and refund lines, and the sandbox gateway's ledger."""

from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import django_fsm as fsm
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm_log.decorators import fsm_log_by, fsm_log_description

from accounts.roles import RETRY_PLANS
from orders.choices import choice_display
from orders.models import MONEY, ConcurrentTransitionMixin, Order, OrderItem, Payment

from ..choices import CancellationType, PlanStatus, RefundLineStatus
from .requests import CancellationRequest

if TYPE_CHECKING:
    from accounts.models import User


class CancellationPlan(ConcurrentTransitionMixin, models.Model):
    """What is cancelled or returned in one decision, and how much money goes back."""

    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="cancellation_plans", verbose_name=_("order")
    )
    plan_type = models.CharField(_("type"), max_length=10, choices=CancellationType.choices)
    status = fsm.FSMField(_("status"), choices=PlanStatus.choices, default=PlanStatus.WAITING, protected=True)
    get_plan_type_display = choice_display(CancellationType, "plan_type")
    get_status_display = choice_display(PlanStatus, "status")
    items_amount = models.DecimalField(_("items"), **MONEY)
    shipping_amount = models.DecimalField(_("shipping"), default=Decimal("0.00"), **MONEY)
    amount = models.DecimalField(_("refund total"), **MONEY)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    # Set while a refund line's outcome is unknown even after asking the gateway by its key.
    needs_attention = models.BooleanField(_("needs attention"), default=False)

    class Meta:
        verbose_name = _("cancellation plan")
        verbose_name_plural = _("Cancellation Plans")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="plan_amount_not_negative"),
        ]
        indexes = [
            models.Index("status", "created_at", name="plan_status_created_idx"),
            # Omnitron's plans list, newest first: its page of 25 without sorting every plan
            models.Index(models.F("created_at").desc(), models.F("id").desc(), name="plan_created_idx"),
            models.Index(
                models.F("created_at").desc(), condition=Q(needs_attention=True), name="plan_needs_attention_idx"
            ),
        ]
        permissions = [("retry_cancellationplan", "Can retry failed cancellation plans")]

    def __str__(self) -> str:
        return f"Plan #{self.pk} ({self.get_plan_type_display()})"

    @fsm_log_by
    @fsm_log_description
    @fsm.transition(field=status, source=PlanStatus.WAITING, target=PlanStatus.APPROVED)
    def approve(self, *, by: "User | None" = None, description: str = "") -> None:
        self.approved_at = timezone.now()
        self.note = ""

    @fsm_log_by
    @fsm_log_description
    @fsm.transition(field=status, source=PlanStatus.APPROVED, target=PlanStatus.COMPLETED)
    def complete(self, *, by: "User | None" = None, description: str = "") -> None:
        self.completed_at = timezone.now()
        if self.needs_attention:
            self.needs_attention = False
            self.note = ""

    @fsm_log_by
    @fsm_log_description
    @fsm.transition(field=status, source=PlanStatus.APPROVED, target=PlanStatus.FAILED)
    def fail(self, *, by: "User | None" = None, description: str = "") -> None:
        self.note = description
        self.needs_attention = False

    @fsm_log_by
    @fsm_log_description
    @fsm.transition(field=status, source=PlanStatus.APPROVED, target=PlanStatus.APPROVED)
    def flag_for_attention(self, *, by: "User | None" = None, description: str = "") -> None:
        """A refund's outcome stays unknown: the owner is told; its lookups go on."""
        self.needs_attention = True
        self.note = description

    @fsm_log_by
    @fsm_log_description
    @fsm.transition(field=status, source=PlanStatus.APPROVED, target=PlanStatus.APPROVED)
    def clear_attention(self, *, by: "User | None" = None, description: str = "") -> None:
        self.needs_attention = False
        self.note = ""

    @fsm_log_by
    @fsm_log_description
    @fsm.transition(field=status, source=PlanStatus.FAILED, target=PlanStatus.APPROVED, permission=RETRY_PLANS)
    def retry(self, *, by: "User | None" = None, description: str = "") -> None:
        self.note = ""

    approve.alters_data = True
    complete.alters_data = True
    fail.alters_data = True
    flag_for_attention.alters_data = True
    clear_attention.alters_data = True
    retry.alters_data = True


class CancellationPlanItem(models.Model):
    plan = models.ForeignKey(CancellationPlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("plan"))
    cancellation_request = models.OneToOneField(
        CancellationRequest, on_delete=models.PROTECT, related_name="plan_item", verbose_name=_("cancellation request")
    )
    order_item = models.ForeignKey(OrderItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("order item"))
    quantity = models.PositiveIntegerField(_("quantity"))
    amount = models.DecimalField(_("refund amount"), **MONEY)

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.order_item} → {self.amount}"


class RefundLineQuerySet(models.QuerySet):
    def claimable(self, now: datetime) -> "RefundLineQuerySet":
        """Pending, due, and not in flight (or in flight so long that its worker looks crashed).

        Only the line's own columns, so that the claim's conditional UPDATE stays one
        statement that PostgreSQL re-checks on the locked row.
        """
        stale = now - timedelta(seconds=settings.REFUND_IN_FLIGHT_TIMEOUT_SECONDS)
        return (
            self.filter(status=RefundLineStatus.PENDING)
            .filter(Q(in_flight_since__isnull=True) | Q(in_flight_since__lt=stale))
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        )


class RefundLine(ConcurrentTransitionMixin, models.Model):
    """One payment-gateway refund of a plan, paid exactly once under its idempotency key."""

    plan = models.ForeignKey(
        CancellationPlan, on_delete=models.CASCADE, related_name="refund_lines", verbose_name=_("plan")
    )
    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, related_name="refund_lines", verbose_name=_("payment")
    )
    amount = models.DecimalField(_("amount"), **MONEY)
    status = fsm.FSMField(
        _("status"), choices=RefundLineStatus.choices, default=RefundLineStatus.PENDING, protected=True
    )
    get_status_display = choice_display(RefundLineStatus, "status")
    idempotency_key = models.CharField(_("idempotency key"), max_length=64, unique=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    in_flight_since = models.DateTimeField(_("in flight since"), null=True, blank=True)
    gateway_reference = models.CharField(_("gateway reference"), max_length=64, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    # The last allowed attempt's outcome is unknown and the gateway has not answered a lookup by key yet.
    needs_attention = models.BooleanField(_("needs attention"), default=False)

    objects = RefundLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("refund line")
        verbose_name_plural = _("refund lines")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "payment"], name="one_refund_line_per_payment_per_plan"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_line_amount_positive"),
        ]
        indexes = [models.Index("status", "next_attempt_at", name="refundline_due_idx")]

    def __str__(self) -> str:
        return f"Refund {self.amount} ({self.get_status_display()})"

    @fsm_log_by
    @fsm_log_description
    @fsm.transition(field=status, source=RefundLineStatus.PENDING, target=RefundLineStatus.COMPLETED)
    def complete(self, *, reference: str, by: "User | None" = None, description: str = "") -> None:
        self.gateway_reference = reference
        self.completed_at = timezone.now()
        self.in_flight_since = None
        self.next_attempt_at = None
        self.last_error = ""
        self.needs_attention = False

    @fsm_log_by
    @fsm_log_description
    @fsm.transition(field=status, source=RefundLineStatus.PENDING, target=RefundLineStatus.FAILED)
    def fail(self, *, by: "User | None" = None, description: str = "") -> None:
        self.last_error = description
        self.in_flight_since = None
        self.next_attempt_at = None
        self.needs_attention = False

    @fsm_log_by
    @fsm_log_description
    @fsm.transition(field=status, source=RefundLineStatus.PENDING, target=RefundLineStatus.PENDING)
    def flag_for_attention(self, *, next_lookup_at: datetime, by: "User | None" = None, description: str = "") -> None:
        """The last attempt's outcome is unknown and so is the lookup's: pending, looked up again later."""
        self.needs_attention = True
        self.last_error = description
        self.in_flight_since = None
        self.next_attempt_at = next_lookup_at

    @fsm_log_by
    @fsm_log_description
    @fsm.transition(field=status, source=RefundLineStatus.FAILED, target=RefundLineStatus.PENDING)
    def retry(self, *, by: "User | None" = None, description: str = "") -> None:
        self.attempts = 0
        self.next_attempt_at = timezone.now()

    complete.alters_data = True
    fail.alters_data = True
    flag_for_attention.alters_data = True
    retry.alters_data = True
