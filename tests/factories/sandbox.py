from decimal import Decimal
from uuid import uuid4

import factory

from sandbox.models import LedgerRefund


class LedgerRefundFactory(factory.django.DjangoModelFactory):
    """A row of the sandbox gateway's ledger: a refund it applied under a key."""

    class Meta:
        model = LedgerRefund

    idempotency_key = factory.LazyFunction(lambda: uuid4().hex)
    payment_reference = factory.Sequence(lambda n: f"PAY-S{n:08d}")
    amount = Decimal("100.00")
    reference = factory.LazyFunction(lambda: f"RF-{uuid4().hex[:12].upper()}")
