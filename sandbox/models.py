from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orders.models import MONEY


class LedgerRefund(models.Model):
    """The sandbox payment gateway's own ledger: one row per idempotency key it applied."""

    idempotency_key = models.CharField(max_length=64, unique=True, verbose_name=_("idempotency key"))
    payment_reference = models.CharField(max_length=64, db_index=True, verbose_name=_("payment reference"))
    amount = models.DecimalField(**MONEY, verbose_name=_("amount"))
    reference = models.CharField(max_length=64, unique=True, verbose_name=_("reference"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("sandbox refund")
        verbose_name_plural = _("sandbox refunds")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.reference} {self.amount}"
