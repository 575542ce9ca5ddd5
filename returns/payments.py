"""The one boundary to the payment gateway.

`refund()` either returns the gateway's reference, raises `RefundDeclined` (a final
answer) or raises `RefundOutcomeUnknown` (the money may or may not have moved; ask
with `lookup()` under the same idempotency key, never mint a new one).
"""

from decimal import Decimal
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string


class GatewayError(Exception):
    pass


class RefundDeclined(GatewayError):
    """The gateway refused the refund; retrying will not change the answer."""


class RefundOutcomeUnknown(GatewayError):
    """Connection error or timeout: the refund may or may not have been applied."""


@cache
def _gateway():
    config = settings.PAYMENT_GATEWAY
    return import_string(config["BACKEND"])(config)


def refund(*, payment_reference: str, amount: Decimal, idempotency_key: str) -> str:
    return _gateway().refund(payment_reference=payment_reference, amount=amount, idempotency_key=idempotency_key)


def lookup(*, idempotency_key: str) -> str | None:
    """The reference of a refund already applied under this key, or None."""
    return _gateway().lookup(idempotency_key=idempotency_key)


def reset() -> None:
    """Forget the configured gateway (after settings change, in tests)."""
    _gateway.cache_clear()
