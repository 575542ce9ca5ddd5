"""Cancellation reasons and cancellation/return requests."""

from typing import TYPE_CHECKING

import django_fsm as fsm
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_fsm_log.decorators import fsm_log_by, fsm_log_description

from accounts.roles import APPROVE_REQUESTS, REJECT_REQUESTS, StaffPermission
from orders.choices import choice_display
from orders.models import ConcurrentTransitionMixin, Order, OrderItem

from ..choices import OPEN_REQUEST_STATUSES, CancellationType, PlanStatus, ReasonAudience, RequestOrigin, RequestStatus

if TYPE_CHECKING:
    from accounts.models import User


class CancellationReasonQuerySet(models.QuerySet):
    def active(self) -> "CancellationReasonQuerySet":
        return self.filter(is_active=True)

    def of_type(self, cancellation_type: str) -> "CancellationReasonQuerySet":
        return self.filter(cancellation_type=cancellation_type)

    def for_audience(self, audience: str) -> "CancellationReasonQuerySet":
        return self.filter(audience=audience)


class CancellationReason(models.Model):
    """Why a customer, seller or the owner cancels or returns; customers read its subject in
    their language (`display_subject`)."""

    subject = models.CharField(_("subject"), max_length=200)
    subject_tr = models.CharField(
        _("subject in Turkish"), max_length=200, blank=True, help_text=_("Shown to Turkish readers; else the subject.")
    )
    cancellation_type = models.CharField(_("type"), max_length=10, choices=CancellationType.choices)
    audience = models.CharField(
        _("audience"),
        max_length=10,
        choices=ReasonAudience.choices,
        default=ReasonAudience.CUSTOMER,
        help_text=_("Who chooses this reason: customers in the store, the owner's staff in Omnitron, or sellers."),
    )
    order = models.PositiveIntegerField(_("order"), default=0, help_text=_("Lower numbers are listed first."))
    extra_information_needed = models.BooleanField(_("extra information needed"), default=False)
    is_seller_fault = models.BooleanField(
        _("seller fault"), default=False, help_text=_("Returns for this reason also refund the shipping fee.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = CancellationReasonQuerySet.as_manager()

    class Meta:
        verbose_name = _("cancellation reason")
        verbose_name_plural = _("Cancellation Reasons")
        ordering = ["audience", "cancellation_type", "order", "id"]

    def __str__(self) -> str:
        return self.display_subject

    @property
    def display_subject(self) -> str:
        """The subject in the active language (the English one when it has no translation)."""
        if self.subject_tr and get_language() == "tr":
            return self.subject_tr
        return self.subject


class CancellationRequestQuerySet(models.QuerySet):
    def awaiting_decision(self) -> "CancellationRequestQuerySet":
        """Waiting and not yet covered by a plan (`CancellationRequest.is_awaiting_decision`)."""
        return self.filter(status=RequestStatus.WAITING, plan_item__isnull=True)


class CancellationRequest(ConcurrentTransitionMixin, models.Model):
    """A customer's, owner's or seller's request to cancel or return (part of) one order item."""

    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="cancellation_requests", verbose_name=_("order")
    )
    order_item = models.ForeignKey(
        OrderItem, on_delete=models.CASCADE, related_name="cancellation_requests", verbose_name=_("order item")
    )
    # The item's seller, copied so Seller Center's list is one index scan (seller, newest first).
    seller = models.ForeignKey(
        "orders.Seller", on_delete=models.PROTECT, related_name="cancellation_requests", verbose_name=_("seller")
    )
    cancellation_type = models.CharField(_("type"), max_length=10, choices=CancellationType.choices)
    reason = models.ForeignKey(
        CancellationReason, on_delete=models.PROTECT, related_name="requests", verbose_name=_("reason")
    )
    description = models.TextField(_("description"), blank=True)
    quantity = models.PositiveIntegerField(_("quantity"))
    status = fsm.FSMField(_("status"), choices=RequestStatus.choices, default=RequestStatus.WAITING, protected=True)
    origin = models.CharField(_("created by"), max_length=10, choices=RequestOrigin.choices)
    get_cancellation_type_display = choice_display(CancellationType, "cancellation_type")
    get_status_display = choice_display(RequestStatus, "status")
    get_origin_display = choice_display(RequestOrigin, "origin")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # Every save moves it: an integration polls for changes with `updated_at__gte` (SPEC section 8).
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    rejection_note = models.TextField(_("rejection note"), blank=True)
    # Approved before its parcel reached the seller: the customer keeps the goods (SPEC rule 7).
    approved_without_return = models.BooleanField(_("refund without return"), default=False)

    objects = CancellationRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("cancellation/return request")
        verbose_name_plural = _("Cancellation/Return Requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["order_item"],
                condition=Q(status__in=OPEN_REQUEST_STATUSES),
                name="one_open_request_per_item",
                violation_error_message=_("This item already has an open request."),
            ),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="request_quantity_positive"),
        ]
        indexes = [
            models.Index("status", "cancellation_type", "created_at", name="request_status_type_idx"),
            models.Index("seller", models.F("created_at").desc(), models.F("id").desc(), name="request_seller_new_idx"),
            models.Index(models.F("created_at").desc(), models.F("id").desc(), name="request_created_idx"),
            models.Index("seller", "updated_at", name="request_seller_updated_idx"),
        ]
        permissions = [
            ("approve_cancellationrequest", "Can approve cancellation/return requests"),
            ("reject_cancellationrequest", "Can reject cancellation/return requests"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_cancellation_type_display()} {self.order_item}"

    @property
    def is_cancel(self) -> bool:
        return self.cancellation_type == CancellationType.CANCEL

    @property
    def shipment(self):
        """A return's parcel (`ReturnShipment`; load with `select_related("return_shipment")`);
        None for a cancellation."""
        if self.is_cancel:
            return None
        try:
            return self.return_shipment
        except ObjectDoesNotExist:
            return None

    @property
    def return_code(self) -> str:
        """The code the customer hands over with the parcel (the shipment's), or "" for a cancellation."""
        shipment = self.shipment
        return shipment.return_code if shipment else ""

    @property
    def has_goods_back(self) -> bool:
        """Nothing is travelling back: a cancellation, or a return whose parcel the seller received."""
        shipment = self.shipment
        return shipment is None or shipment.is_received

    @property
    def refund_failed(self) -> bool:
        """Approved, but its plan's refund failed and waits for the owner (load `plan_item__plan`)."""
        return self.has_plan and self.plan_item.plan.status == PlanStatus.FAILED

    @property
    def has_plan(self) -> bool:
        """Covered by a cancellation plan (load with `select_related("plan_item")` to ask without a query)."""
        return hasattr(self, "plan_item")

    @property
    def is_awaiting_decision(self) -> bool:
        """Waiting and not yet covered by a plan: it may still be withdrawn, rejected or approved."""
        return self.status == RequestStatus.WAITING and not self.has_plan

    @property
    def can_withdraw(self) -> bool:
        """The customer may take it back (SPEC section 3: before a decision and before any plan);
        a return only while its parcel has not left them."""
        if not self.is_awaiting_decision:
            return False
        shipment = self.shipment
        return shipment is None or shipment.allows_withdrawal

    @property
    def can_reject(self) -> bool:
        return self.is_awaiting_decision

    def can_be_approved_by(self, user: "User") -> bool:
        """A request awaiting its decision; or a rejected return, which only owner staff may still approve.

        The role rule (which staff may approve at all) is the transition's permission.
        """
        if self.is_awaiting_decision:
            return True
        return self.status == RequestStatus.REJECTED and not self.is_cancel and user.is_staff and not self.has_plan

    @fsm_log_by
    @fsm_log_description
    @fsm.transition(
        field=status,
        source=[RequestStatus.WAITING, RequestStatus.REJECTED],
        target=RequestStatus.APPROVED,
        permission=StaffPermission(APPROVE_REQUESTS),
    )
    def approve(self, *, by: "User | None" = None, description: str = "", without_return: bool = False) -> None:
        self.decided_by = by
        self.decided_at = timezone.now()
        self.approved_without_return = without_return

    @fsm_log_by
    @fsm_log_description
    @fsm.transition(
        field=status,
        source=RequestStatus.WAITING,
        target=RequestStatus.REJECTED,
        permission=StaffPermission(REJECT_REQUESTS),
    )
    def reject(self, *, by: "User | None" = None, description: str = "") -> None:
        self.decided_by = by
        self.decided_at = timezone.now()
        self.rejection_note = description

    @fsm_log_by
    @fsm_log_description
    @fsm.transition(field=status, source=RequestStatus.WAITING, target=RequestStatus.WITHDRAWN)
    def withdraw(self, *, by: "User | None" = None, description: str = "") -> None:
        pass

    @fsm_log_by
    @fsm_log_description
    @fsm.transition(field=status, source=RequestStatus.APPROVED, target=RequestStatus.COMPLETED)
    def complete(self, *, by: "User | None" = None, description: str = "") -> None:
        pass

    @fsm_log_by
    @fsm_log_description
    @fsm.transition(field=status, source=RequestStatus.WAITING, target=RequestStatus.EXPIRED)
    def expire(self, *, by: "User | None" = None, description: str = "") -> None:
        """A return whose parcel was not shipped by its ship-by date."""

    approve.alters_data = True
    reject.alters_data = True
    withdraw.alters_data = True
    complete.alters_data = True
    expire.alters_data = True
