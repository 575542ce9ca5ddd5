from decimal import Decimal
from typing import TYPE_CHECKING

import django_fsm as fsm
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin
from django_fsm_log.decorators import fsm_log_by, fsm_log_description

from accounts.roles import CANCEL_ITEMS, RETURN_ITEMS, StaffPermission

from . import rules
from .choices import (
    CANCELLABLE_PACKAGE_STATUSES,
    RETURNABLE_ITEM_STATUSES,
    UNSHIPPED_ITEM_STATUSES,
    OrderItemStatus,
    OrderStatus,
    PackageStatus,
    PaymentMethod,
    choice_display,
)

if TYPE_CHECKING:
    from accounts.models import User

MONEY = {"max_digits": 12, "decimal_places": 2}


class Seller(models.Model):
    """A merchant selling on the marketplace; `users` are its staff in Seller Center."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("code"), unique=True)
    email = models.EmailField(_("email"), blank=True)
    return_address = models.TextField(
        _("return address"), blank=True, help_text=_("Where customers send returns: printed on every return label.")
    )
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="sellers", blank=True, verbose_name=_("users")
    )

    class Meta:
        verbose_name = _("seller")
        verbose_name_plural = _("sellers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    seller = models.ForeignKey(Seller, on_delete=models.PROTECT, related_name="products", verbose_name=_("seller"))
    sku = models.CharField(_("SKU"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255)
    price = models.DecimalField(_("price"), **MONEY)
    stock = models.PositiveIntegerField(_("stock"), default=0)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.sku})"


class OrderQuerySet(models.QuerySet):
    def for_customer(self, user) -> "OrderQuerySet":
        return self.filter(customer=user)

    def with_seller(self, seller_id: int) -> "OrderQuerySet":
        return self.filter(models.Exists(Package.objects.filter(order=models.OuterRef("pk"), seller_id=seller_id)))


class Order(fsm.FSMModelMixin, models.Model):
    """One checkout by one customer; its status is derived from its items."""

    number = models.CharField(_("number"), max_length=20, unique=True)
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders", verbose_name=_("customer")
    )
    created_at = models.DateTimeField(_("date"), default=timezone.now)
    status = fsm.FSMField(
        _("status"), choices=OrderStatus.choices, default=OrderStatus.WAITING_PACKAGING, protected=True
    )
    has_open_request = models.BooleanField(_("open request"), default=False)
    currency = models.CharField(_("currency"), max_length=3, default="TRY")
    subtotal = models.DecimalField(_("subtotal"), **MONEY)
    discount_total = models.DecimalField(_("discount"), default=Decimal("0.00"), **MONEY)
    shipping_total = models.DecimalField(_("shipping"), default=Decimal("0.00"), **MONEY)
    total = models.DecimalField(_("total"), **MONEY)
    shipping_address = models.TextField(_("shipping address"), blank=True)
    billing_address = models.TextField(_("billing address"), blank=True)

    objects = OrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(F("created_at").desc(), F("id").desc(), name="order_created_idx"),
            models.Index("customer", F("created_at").desc(), name="order_customer_created_idx"),
            models.Index("status", F("created_at").desc(), name="order_status_created_idx"),
            models.Index("has_open_request", F("created_at").desc(), name="order_open_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(total__gte=0), name="order_total_not_negative"),
        ]

    def __str__(self) -> str:
        return self.number

    @fsm_log_by
    @fsm_log_description
    @fsm.transition(field=status, source=list(OrderStatus.values), target=fsm.RETURN_VALUE(*OrderStatus.values))
    def refresh_status(self, *, status: str, by: "User | None" = None, description: str = "") -> str:
        """Move to the status derived from the items (computed by `rules.derive_order_status`)."""
        return status

    refresh_status.alters_data = True


class Package(ConcurrentTransitionMixin, models.Model):
    """The items of one seller in one order, shipped together."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="packages", verbose_name=_("order"))
    seller = models.ForeignKey(Seller, on_delete=models.PROTECT, related_name="packages", verbose_name=_("seller"))
    status = fsm.FSMField(_("status"), choices=PackageStatus.choices, default=PackageStatus.PREPARING, protected=True)
    get_status_display = choice_display(PackageStatus, "status")
    carrier = models.CharField(_("carrier"), max_length=100, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    shipped_at = models.DateTimeField(null=True, blank=True, verbose_name=_("shipped at"))
    delivered_at = models.DateTimeField(null=True, blank=True, verbose_name=_("delivered at"))

    class Meta:
        verbose_name = _("package")
        verbose_name_plural = _("packages")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["order", "seller"], name="one_package_per_seller_per_order")]
        indexes = [
            models.Index("seller", "status", F("created_at").desc(), name="package_seller_status_idx"),
            models.Index("seller", F("created_at").desc(), F("id").desc(), name="package_seller_new_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.order.number} / {self.seller}"

    @fsm_log_by
    @fsm_log_description
    @fsm.transition(field=status, source=PackageStatus.PREPARING, target=PackageStatus.READY_TO_SHIP)
    def mark_ready_to_ship(self, *, by: "User | None" = None, description: str = "") -> None:
        pass

    @fsm_log_by
    @fsm_log_description
    @fsm.transition(field=status, source=PackageStatus.READY_TO_SHIP, target=PackageStatus.SHIPPED)
    def ship(self, *, carrier: str, tracking_number: str, by: "User | None" = None, description: str = "") -> None:
        self.carrier = carrier
        self.tracking_number = tracking_number
        self.shipped_at = timezone.now()

    @fsm_log_by
    @fsm_log_description
    @fsm.transition(field=status, source=PackageStatus.SHIPPED, target=PackageStatus.DELIVERED)
    def deliver(self, *, by: "User | None" = None, description: str = "") -> None:
        self.delivered_at = timezone.now()

    @fsm_log_by
    @fsm_log_description
    @fsm.transition(field=status, source=PackageStatus.SHIPPED, target=PackageStatus.DELIVERY_FAILED)
    def fail_delivery(self, *, by: "User | None" = None, description: str = "") -> None:
        pass

    @fsm_log_by
    @fsm_log_description
    @fsm.transition(field=status, source=list(CANCELLABLE_PACKAGE_STATUSES), target=PackageStatus.CANCELLED)
    def cancel(self, *, by: "User | None" = None, description: str = "") -> None:
        pass

    mark_ready_to_ship.alters_data = True
    ship.alters_data = True
    deliver.alters_data = True
    fail_delivery.alters_data = True
    cancel.alters_data = True

    @property
    def is_cancellable(self) -> bool:
        return self.status in CANCELLABLE_PACKAGE_STATUSES


class OrderItem(ConcurrentTransitionMixin, models.Model):
    """One order line: a snapshot of the product and what the customer paid for it."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items", verbose_name=_("order"))
    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="items", verbose_name=_("package"))
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="order_items", verbose_name=_("product")
    )
    seller = models.ForeignKey(Seller, on_delete=models.PROTECT, related_name="order_items", verbose_name=_("seller"))
    product_name = models.CharField(_("product"), max_length=255)
    sku = models.CharField(_("SKU"), max_length=64)
    unit_price = models.DecimalField(_("unit price"), **MONEY)
    quantity = models.PositiveIntegerField(_("quantity"))
    discount_share = models.DecimalField(_("discount share"), default=Decimal("0.00"), **MONEY)
    status = fsm.FSMField(
        _("status"), choices=OrderItemStatus.choices, default=OrderItemStatus.PREPARING, protected=True
    )
    get_status_display = choice_display(OrderItemStatus, "status")
    status_before_request = models.CharField(
        max_length=32, choices=OrderItemStatus.choices, blank=True, verbose_name=_("status before request")
    )
    delivered_at = models.DateTimeField(null=True, blank=True, verbose_name=_("delivered at"))
    split_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("split from")
    )

    class Meta:
        verbose_name = _("order item")
        verbose_name_plural = _("order items")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="orderitem_quantity_positive"),
            models.CheckConstraint(condition=Q(discount_share__gte=0), name="orderitem_discount_not_negative"),
        ]
        indexes = [models.Index("seller", "status", name="orderitem_seller_status_idx")]
        permissions = [
            ("cancel_orderitem", "Can cancel order items (Cancel/Return Selected Items)"),
            ("return_orderitem", "Can return order items (Cancel/Return Selected Items)"),
        ]

    def __str__(self) -> str:
        return f"{self.product_name} × {self.quantity}"

    @property
    def line_total(self) -> Decimal:
        return self.unit_price * self.quantity

    @property
    def amount_paid(self) -> Decimal:
        """What the customer paid for this line: price × quantity minus its discount share."""
        return self.unit_price * self.quantity - self.discount_share

    @property
    def is_waiting(self) -> bool:
        return self.status in (OrderItemStatus.CANCELLATION_WAITING, OrderItemStatus.RETURN_WAITING)

    def return_ineligibility(self, *, now=None) -> str | None:
        """Why this item cannot be returned now, or None when it can."""
        return rules.return_ineligibility(
            status=self.status,
            delivered_at=self.delivered_at,
            now=now or timezone.now(),
            window_days=settings.RETURN_WINDOW_DAYS,
        )

    def cancellation_ineligibility(self) -> str | None:
        """Why this item cannot be cancelled now (needs `package` and `order` loaded)."""
        return rules.cancellation_ineligibility(
            item_status=self.status, package_status=self.package.status, order_status=self.order.status
        )

    # Fulfilment moves, carried along by the package.
    @fsm_log_by
    @fsm_log_description
    @fsm.transition(field=status, source=OrderItemStatus.PREPARING, target=OrderItemStatus.READY_TO_SHIP)
    def mark_ready_to_ship(self, *, by: "User | None" = None, description: str = "") -> None:
        pass

    @fsm_log_by
    @fsm_log_description
    @fsm.transition(field=status, source=OrderItemStatus.READY_TO_SHIP, target=OrderItemStatus.SHIPPED)
    def ship(self, *, by: "User | None" = None, description: str = "") -> None:
        pass

    @fsm_log_by
    @fsm_log_description
    @fsm.transition(field=status, source=OrderItemStatus.SHIPPED, target=OrderItemStatus.DELIVERED)
    def deliver(self, *, by: "User | None" = None, description: str = "", delivered_at=None) -> None:
        self.delivered_at = delivered_at or timezone.now()

    @fsm_log_by
    @fsm_log_description
    @fsm.transition(field=status, source=OrderItemStatus.SHIPPED, target=OrderItemStatus.DELIVERY_FAILED)
    def fail_delivery(self, *, by: "User | None" = None, description: str = "") -> None:
        pass

    # Cancellation and return moves.
    @fsm_log_by
    @fsm_log_description
    @fsm.transition(
        field=status,
        source=list(UNSHIPPED_ITEM_STATUSES),
        target=OrderItemStatus.CANCELLATION_WAITING,
        permission=StaffPermission(CANCEL_ITEMS),
    )
    def request_cancellation(self, *, by: "User | None" = None, description: str = "") -> None:
        self.status_before_request = self.status

    @fsm_log_by
    @fsm_log_description
    @fsm.transition(
        field=status,
        source=list(RETURNABLE_ITEM_STATUSES),
        target=OrderItemStatus.RETURN_WAITING,
        permission=StaffPermission(RETURN_ITEMS),
    )
    def request_return(self, *, by: "User | None" = None, description: str = "") -> None:
        self.status_before_request = self.status

    @fsm_log_by
    @fsm_log_description
    @fsm.transition(
        field=status,
        source=[OrderItemStatus.CANCELLATION_WAITING, OrderItemStatus.RETURN_WAITING],
        target=fsm.RETURN_VALUE(*UNSHIPPED_ITEM_STATUSES, *RETURNABLE_ITEM_STATUSES),
    )
    def restore(self, *, by: "User | None" = None, description: str = "") -> str:
        """Go back to the status the item had before its request."""
        previous, self.status_before_request = self.status_before_request, ""
        return previous

    @fsm_log_by
    @fsm_log_description
    @fsm.transition(field=status, source=OrderItemStatus.CANCELLATION_WAITING, target=OrderItemStatus.CANCELLED)
    def cancel(self, *, by: "User | None" = None, description: str = "") -> None:
        pass

    @fsm_log_by
    @fsm_log_description
    @fsm.transition(field=status, source=OrderItemStatus.RETURN_WAITING, target=OrderItemStatus.RETURNED)
    def mark_returned(self, *, by: "User | None" = None, description: str = "") -> None:
        pass

    mark_ready_to_ship.alters_data = True
    ship.alters_data = True
    deliver.alters_data = True
    fail_delivery.alters_data = True
    request_cancellation.alters_data = True
    request_return.alters_data = True
    restore.alters_data = True
    cancel.alters_data = True
    mark_returned.alters_data = True


class Payment(models.Model):
    """The money captured for an order and how much of it is committed to or paid back in refunds."""

    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="payment", verbose_name=_("order"))
    method = models.CharField(_("method"), max_length=20, choices=PaymentMethod.choices)
    reference = models.CharField(_("payment reference"), max_length=64, unique=True)
    amount_captured = models.DecimalField(_("captured"), **MONEY)
    amount_allocated = models.DecimalField(
        _("allocated to refunds"), default=Decimal("0.00"), help_text=_("Sum of all refund lines."), **MONEY
    )
    amount_refunded = models.DecimalField(_("refunded"), default=Decimal("0.00"), **MONEY)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.CheckConstraint(condition=Q(amount_refunded__gte=0), name="payment_refunded_not_negative"),
            models.CheckConstraint(
                condition=Q(amount_allocated__lte=F("amount_captured")), name="payment_allocated_lte_captured"
            ),
            models.CheckConstraint(
                condition=Q(amount_refunded__lte=F("amount_allocated")), name="payment_refunded_lte_allocated"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def refundable(self) -> Decimal:
        return self.amount_captured - self.amount_allocated


# Returns Analytics' sales figures, in a module of their own.
from .sales import DailySales, WeeklySales  # noqa: E402, F401
