"""A sandbox payment gateway with its own ledger and injectable faults.

It behaves like real providers: the same idempotency key always gives the same
answer and never a second refund. Faults are drawn at random with the rates in
`settings.PAYMENT_GATEWAY`: FAILURE_RATE (connection error before anything
happens), TIMEOUT_RATE (timeout *after* the refund was applied) and
DECLINE_RATE (a final decline); LOOKUP_FAILURE_RATE makes a lookup by key fail with a
connection error. LATENCY_SECONDS makes each refund call take that long, half before
and half after the money moves (a window for crash tests).
"""

import random
import time
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.crypto import get_random_string

from returns.payments import RefundDeclined, RefundOutcomeUnknown

from .models import LedgerRefund


class SandboxGateway:
    def __init__(self, config: dict, rng: random.Random | None = None):
        self.failure_rate = float(config.get("FAILURE_RATE", 0))
        self.timeout_rate = float(config.get("TIMEOUT_RATE", 0))
        self.decline_rate = float(config.get("DECLINE_RATE", 0))
        self.lookup_failure_rate = float(config.get("LOOKUP_FAILURE_RATE", 0))
        self.latency = float(config.get("LATENCY_SECONDS", 0))
        self.rng = rng or random.Random()

    def refund(self, *, payment_reference: str, amount: Decimal, idempotency_key: str) -> str:
        existing = self._applied(idempotency_key)
        if existing:
            return existing
        if self.rng.random() < self.failure_rate:
            raise RefundOutcomeUnknown("Sandbox gateway: connection reset")
        if self.rng.random() < self.decline_rate:
            raise RefundDeclined("Sandbox gateway: refund declined by the issuer")
        time.sleep(self.latency / 2)
        reference = self._apply(payment_reference=payment_reference, amount=amount, idempotency_key=idempotency_key)
        time.sleep(self.latency / 2)
        if self.rng.random() < self.timeout_rate:
            raise RefundOutcomeUnknown("Sandbox gateway: timed out waiting for the answer")
        return reference

    def lookup(self, *, idempotency_key: str) -> str | None:
        if self.rng.random() < self.lookup_failure_rate:
            raise RefundOutcomeUnknown("Sandbox gateway: connection reset during the lookup")
        return self._applied(idempotency_key)

    def _applied(self, idempotency_key: str) -> str | None:
        return LedgerRefund.objects.filter(idempotency_key=idempotency_key).values_list("reference", flat=True).first()

    def _apply(self, *, payment_reference: str, amount: Decimal, idempotency_key: str) -> str:
        try:
            with transaction.atomic():
                row = LedgerRefund.objects.create(
                    idempotency_key=idempotency_key,
                    payment_reference=payment_reference,
                    amount=amount,
                    reference="RF-" + get_random_string(12).upper(),
                )
        except IntegrityError:
            # Another caller applied the same key first: same key, same answer.
            row = LedgerRefund.objects.get(idempotency_key=idempotency_key)
        if row.amount != amount:
            raise RefundDeclined("Sandbox gateway: idempotency key reused with another amount")
        return row.reference
