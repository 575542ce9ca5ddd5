"""The returns app's models, one module per subject."""

from .outbox import OutboundEmail
from .plans import CancellationPlan, CancellationPlanItem, RefundLine
from .requests import CancellationReason, CancellationRequest

__all__ = [
    "CancellationPlan",
    "CancellationPlanItem",
    "CancellationReason",
    "CancellationRequest",
    "OutboundEmail",
    "RefundLine",
]
