"""Items sold per day and per week (`orders.figures` keeps them): what Returns Analytics' rates are rates of."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DailySales(models.Model):
    """Items sold per day, seller and product as orders are placed (`orders.figures`): Returns Analytics' base."""

    day = models.DateField(_("day"))
    seller = models.ForeignKey("orders.Seller", on_delete=models.CASCADE, related_name="+", verbose_name=_("seller"))
    product = models.ForeignKey("orders.Product", on_delete=models.CASCADE, related_name="+", verbose_name=_("product"))
    items = models.PositiveIntegerField(_("items sold"), default=0)

    class Meta:
        verbose_name = _("daily sales")
        verbose_name_plural = _("daily sales")
        constraints = [models.UniqueConstraint(fields=["day", "seller", "product"], name="one_sales_row_per_key")]
        indexes = [models.Index("seller", "day", name="dailysales_seller_day_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.product_id}: {self.items}"


class WeeklySales(models.Model):
    """Items sold per week (Monday to Sunday), seller and product: the sum of the week's
    `DailySales`, counted with them, so that a long range reads one row per week and product."""

    week = models.DateField(_("week of"))
    seller = models.ForeignKey("orders.Seller", on_delete=models.CASCADE, related_name="+", verbose_name=_("seller"))
    product = models.ForeignKey("orders.Product", on_delete=models.CASCADE, related_name="+", verbose_name=_("product"))
    items = models.PositiveIntegerField(_("items sold"), default=0)

    class Meta:
        verbose_name = _("weekly sales")
        verbose_name_plural = _("weekly sales")
        constraints = [
            models.UniqueConstraint(fields=["week", "seller", "product"], name="one_weekly_sales_row_per_key")
        ]
        indexes = [models.Index("seller", "week", name="weeklysales_seller_week_idx")]

    def __str__(self) -> str:
        return f"{self.week} {self.product_id}: {self.items}"
