from django.db import models
from django.utils import timezone

from orders.models import MONEY


class LedgerRefund(models.Model):
    """The sandbox payment gateway's own ledger: one row per idempotency key it applied."""

    idempotency_key = models.CharField(max_length=64, unique=True)
    payment_reference = models.CharField(max_length=64, db_index=True)
    amount = models.DecimalField(**MONEY)
    reference = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.reference} {self.amount}"
