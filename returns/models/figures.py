"""Returns Analytics' figures, kept up to date as the workflow moves (`returns.figures`)."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from orders.models import MONEY, Product, Seller

from ..choices import CancellationType
from .requests import CancellationReason

COUNTS = ("requests", "items", "approved", "rejected", "withdrawn", "expired", "lost", "auto_approved", "refunded")


class ReturnCounts(models.Model):
    """What a figures row counts, daily or weekly: requests and items asked for, how they ended,
    and the money refunded."""

    requests = models.PositiveIntegerField(_("requests"), default=0)
    items = models.PositiveIntegerField(_("items"), default=0)
    approved = models.PositiveIntegerField(_("approved"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    withdrawn = models.PositiveIntegerField(_("withdrawn"), default=0)
    expired = models.PositiveIntegerField(_("expired"), default=0)
    lost = models.PositiveIntegerField(_("lost in transit"), default=0)
    auto_approved = models.PositiveIntegerField(_("approved by the system"), default=0)
    refunded = models.PositiveIntegerField(_("refunded"), default=0)
    refunded_amount = models.DecimalField(_("refunded amount"), default=Decimal("0.00"), **MONEY)

    class Meta:
        abstract = True


class DailyReturnFigures(ReturnCounts):
    """One day's figures of one seller's product for one reason.

    The counts and times are of the requests opened that day (their outcome so far); the
    refunded money is what refunds completed that day paid back for such requests.
    `decision_hours` and `refund_hours` count requests by whole hours from request to
    decision and to refund ({"5": 2}: two took 4 to 5 hours), from which medians and 90th
    percentiles of any range add up.
    """

    day = models.DateField(_("day"))
    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="+", verbose_name=_("seller"))
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+", verbose_name=_("product"))
    reason = models.ForeignKey(CancellationReason, on_delete=models.CASCADE, related_name="+", verbose_name=_("reason"))
    cancellation_type = models.CharField(_("type"), max_length=10, choices=CancellationType.choices)
    decision_hours = models.JSONField(_("hours to decision"), default=dict, blank=True)
    refund_hours = models.JSONField(_("hours to refund"), default=dict, blank=True)

    class Meta:
        verbose_name = _("daily return figures")
        verbose_name_plural = _("daily return figures")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "seller", "product", "reason", "cancellation_type"], name="one_figures_row_per_key"
            )
        ]
        indexes = [
            models.Index("day", name="figures_day_idx"),
            models.Index("seller", "day", name="figures_seller_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.cancellation_type} {self.product_id}/{self.reason_id}: {self.requests}"


class WeeklyReturnFigures(ReturnCounts):
    """A week's figures (Monday to Sunday) of one seller for one reason: the sum of that week's
    `DailyReturnFigures` over its products, kept with them, so that a long range reads one row
    per week, seller and reason instead of one per day and product."""

    week = models.DateField(_("week of"))
    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="+", verbose_name=_("seller"))
    reason = models.ForeignKey(CancellationReason, on_delete=models.CASCADE, related_name="+", verbose_name=_("reason"))
    cancellation_type = models.CharField(_("type"), max_length=10, choices=CancellationType.choices)

    class Meta:
        verbose_name = _("weekly return figures")
        verbose_name_plural = _("weekly return figures")
        constraints = [
            models.UniqueConstraint(
                fields=["week", "seller", "reason", "cancellation_type"], name="one_weekly_figures_row_per_key"
            )
        ]
        indexes = [models.Index("seller", "week", name="weeklyfigures_seller_week_idx")]

    def __str__(self) -> str:
        return f"{self.week} {self.cancellation_type} {self.seller_id}/{self.reason_id}: {self.requests}"


class WeeklyProductFigures(models.Model):
    """A week's requests and items of one product (all reasons), summed from its daily figures."""

    week = models.DateField(_("week of"))
    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="+", verbose_name=_("seller"))
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+", verbose_name=_("product"))
    requests = models.PositiveIntegerField(_("requests"), default=0)
    items = models.PositiveIntegerField(_("items"), default=0)

    class Meta:
        verbose_name = _("weekly product return figures")
        verbose_name_plural = _("weekly product return figures")
        constraints = [
            models.UniqueConstraint(fields=["week", "seller", "product"], name="one_weekly_product_row_per_key")
        ]
        indexes = [models.Index("seller", "week", name="weeklyproduct_seller_week_idx")]

    def __str__(self) -> str:
        return f"{self.week} {self.product_id}: {self.items}"


class ReturnHours(models.Model):
    """How many of a seller's requests of a day or a week took `hours` whole hours to a decision
    or to a refund: the daily figures' histograms, summed per seller, one row per bucket, so
    that medians and 90th percentiles of any range are a sum in the database."""

    class Period(models.TextChoices):
        DAY = "day", _("day")
        WEEK = "week", _("week")

    class Measure(models.TextChoices):
        DECISION = "decision", _("hours to decision")
        REFUND = "refund", _("hours to refund")

    period = models.CharField(_("period"), max_length=4, choices=Period.choices)
    start = models.DateField(_("first day"))
    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="+", verbose_name=_("seller"))
    measure = models.CharField(_("measure"), max_length=8, choices=Measure.choices)
    hours = models.PositiveIntegerField(_("hours"))
    requests = models.PositiveIntegerField(_("requests"), default=0)

    class Meta:
        verbose_name = _("return hours")
        verbose_name_plural = _("return hours")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "start", "seller", "measure", "hours"], name="one_return_hours_row_per_key"
            )
        ]
        indexes = [models.Index("seller", "period", "start", name="returnhours_seller_start_idx")]

    def __str__(self) -> str:
        return f"{self.period} {self.start} {self.seller_id} {self.measure} {self.hours} h: {self.requests}"
