"""The returns app's models, one module per subject."""

from .figures import DailyReturnFigures, ReturnHours, WeeklyProductFigures, WeeklyReturnFigures
from .outbox import OutboundEmail
from .plans import CancellationPlan, CancellationPlanItem, RefundLine
from .requests import CancellationReason, CancellationRequest
from .shipments import ReturnScan, ReturnShipment

__all__ = [
    "CancellationPlan",
    "CancellationPlanItem",
    "CancellationReason",
    "CancellationRequest",
    "DailyReturnFigures",
    "OutboundEmail",
    "RefundLine",
    "ReturnHours",
    "ReturnScan",
    "ReturnShipment",
    "WeeklyProductFigures",
    "WeeklyReturnFigures",
]
